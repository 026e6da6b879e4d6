// netsec-filing's commands: the filing register (add, set, retire, list, show, attach) and the
// dates that fall due (due, stats). Thin: each parses, makes one library call and prints.
#pragma once
#include "netsec/cli/command.hpp"
#include "netsec/core/date.hpp"
#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/period.hpp"
#include "netsec/evidence/evidence.hpp"
#include "netsec/filing/filing.hpp"
#include "netsec/filing/records.hpp"
#include "netsec/filing/stats.hpp"

#include <CLI/CLI.hpp>

namespace filing_commands {

using namespace netsec;

inline timeutil::Instant now() { return timeutil::now(); }

// The options add and set share, straight into the library's Fields; set leaves an option not
// given as it is, and "" clears it.
inline void declare_fields(CLI::App& c, filing::Fields& f) {
    c.add_option("--system", f.system, _("the website or information system filed, e.g. 学校门户网站"));
    c.add_option("--number", f.number,
                 _("the filing number: 京ICP备12345678号-1, 京公网安备11010802012345号, or MLPS's police filing "
                   "certificate number"));
    c.add_option("--site", f.site, _("the website's host name (ICP, public security), e.g. www.school.edu.cn"));
    c.add_option("--level", f.level, _("the MLPS level, 1 to 5"));
    c.add_option("--graded", f.graded_on, _("when the system was graded (定级), YYYY-MM-DD"))->type_name("DATE");
    c.add_option("--filed", f.filed_on, _("when it was filed, YYYY-MM-DD"))->type_name("DATE");
    c.add_option("--assessed", f.assessed_on, _("the last MLPS assessment (测评), YYYY-MM-DD"))->type_name("DATE");
    c.add_option("--assessor", f.assessor, _("who assessed it (测评机构)"));
    c.add_option("--hosting", f.hosting, _("the hosting provider (托管/云服务商)"));
    c.add_option("--changed", f.changed_on, _("a major change to the system (re-grading falls due), YYYY-MM-DD"))
        ->type_name("DATE");
    c.add_option("--note", f.note, _("a note"));
}

inline std::int64_t id_of(const std::string& text) { return filing::parse_id(text); }

struct Add {
    std::string kind;
    filing::Fields f;
    void declare(CLI::App& c) {
        c.add_option("--kind", kind, _("icp, psb (public security) or mlps"))->required();
        declare_fields(c, f);
    }
    int run(cli::Session& s) {
        auto row = filing::add_filing(*s.db, s.policy, s.origin(), kind, f, now());
        s.notice(_f("recorded {}", filing::owner_of(row.id)));
        if (s.options.format_given) s.print(filing::filing_records(s.policy, {row}));
        return 0;
    }
};

struct Set {
    std::string id, reason;
    filing::Fields f;
    void declare(CLI::App& c) {
        c.add_option("id", id, _("the record, e.g. 3 or FIL-3"))->required();
        declare_fields(c, f);
        c.add_option("--reason", reason, _("why, for the journal"))->required();
    }
    int run(cli::Session& s) {
        auto before = filing::get_filing(*s.db, id_of(id));
        auto row = filing::set_filing(*s.db, s.policy, s.origin(), id_of(id), f, reason, now());
        s.notice(row.updated_at == before.updated_at ? _f("{} is unchanged", filing::owner_of(row.id))
                                                     : _f("changed {}", filing::owner_of(row.id)));
        if (s.options.format_given) s.print(filing::filing_records(s.policy, {row}));
        return 0;
    }
};

struct Retire {
    std::string id, reason;
    void declare(CLI::App& c) {
        c.add_option("id", id, _("the record, e.g. 3 or FIL-3"))->required();
        c.add_option("--reason", reason, _("why, for the journal"))->required();
    }
    int run(cli::Session& s) {
        auto row = filing::retire_filing(*s.db, s.origin(), id_of(id), reason, now());
        s.notice(_f("retired {}; it stays in the register", filing::owner_of(row.id)));
        if (s.options.format_given) s.print(filing::filing_records(s.policy, {row}));
        return 0;
    }
};

struct List {
    std::string kind;
    bool all = false;
    void declare(CLI::App& c) {
        c.add_option("--kind", kind, _("only icp, psb or mlps"));
        c.add_flag("--all", all, _("also retired records"));
    }
    int run(cli::Session& s) {
        s.print(filing::filing_records(s.policy, filing::list_filings(*s.db, kind, all)));
        return 0;
    }
};

struct Show {
    std::string id;
    void declare(CLI::App& c) { c.add_option("id", id, _("the record, e.g. 3 or FIL-3"))->required(); }
    int run(cli::Session& s) {
        auto row = filing::get_filing(*s.db, id_of(id));
        s.print(filing::show_records(s.policy, row, evidence::list(*s.db, s.origin(), filing::owner_of(row.id))));
        return 0;
    }
};

struct Attach {
    std::string id;
    std::vector<std::string> files;
    void declare(CLI::App& c) {
        c.add_option("id", id, _("the record, e.g. 3 or FIL-3"))->required();
        c.add_option("files", files, _("certificate scans and other documents"))->required();
    }
    int run(cli::Session& s) {
        for (const auto& f : files) cli::require_caller_may_read(s, f);
        s.print(filing::attach_records(filing::attach_files(*s.db, s.policy, s.origin(), id_of(id), files, now())));
        return 0;
    }
};

struct Due {
    std::string within;
    void declare(CLI::App& c) {
        c.add_option("--within", within, _("what falls due within this long (default: policy filing.due_within)"))
            ->type_name("DURATION");
    }
    int run(cli::Session& s) {
        int days = s.policy.filing.due_within_days;
        if (!within.empty()) {
            auto d = timeutil::parse_duration(within);
            days = static_cast<int>(d.count() / 86400);
        }
        auto today = date::of(now(), s.policy.school.timezone);
        auto items = filing::due_items(*s.db, s.policy, today, days);
        s.print(filing::due_records(items));
        return items.empty() ? 0 : 1;
    }
};

struct Stats {
    PeriodArgs period;
    void declare(CLI::App& c) {
        c.add_option("--year", period.year, _("count what was filed, graded and assessed in this year only"))
            ->type_name("YYYY");
    }
    int run(cli::Session& s) {
        auto p = parse_optional_period(period, s.policy.school.timezone);
        s.print(filing::stats_records(filing::gather_stats(*s.db, s.policy, p, now())));
        return 0;
    }
};

} // namespace filing_commands
