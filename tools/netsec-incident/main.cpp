// netsec-incident: the incident register — deadlines, reports, evidence, the security log.
#include "netsec/cli/command.hpp"
#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/period.hpp"
#include "netsec/incident/records.hpp"
#include "netsec/io/document.hpp"
#include "netsec/io/import_options.hpp"
#include "netsec/io/records.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

using namespace netsec;
using cli::Needs;
using policy::Level;

namespace {

timeutil::Instant now() { return timeutil::now(); }

incident::Lang lang_of(const std::string& option) {
    if (!option.empty()) return incident::parse_lang(option);
    // The environment's choice, whether or not a catalog of messages is installed.
    return i18n::language_from_env() == "zh_CN" ? incident::Lang::zh : incident::Lang::en;
}

CLI::Option* add_id(CLI::App& c, std::string& id) { return c.add_option("id", id, _("incident id"))->required(); }

// Incident ids, or - to read them from standard input (one a line, or JSON Lines with incident_id).
CLI::Option* add_ids(CLI::App& c, std::vector<std::string>& ids) {
    return c.add_option("id", ids, _("incident ids, or - to read them from standard input"))
        ->required()
        ->type_name("ID...");
}

// --at: when it happened, as typed (the policy's zone), or none.
std::optional<timeutil::Instant> at_of(const cli::Session& s, const std::string& at) {
    if (at.empty()) return std::nullopt;
    return s.time_or_now(at);
}

// --- open, report, form, note, step, regrade, assign, close, reopen --------------------------

struct Open {
    std::string discovered_at, rectify_by;
    incident::OpenRequest req;

    void declare(CLI::App& c) {
        c.add_option("--category", req.category, _("category code, e.g. MAL, DEF, ACCT (see the policy)"))->required();
        c.add_option("--subtype", req.subtype, _("for DEF: which kind of prohibited content"));
        c.add_option("--grade", req.grade, _("I, II, III, IV (most to least severe) or 0 (hidden danger)"))->required();
        c.add_option("--title", req.title, _("a short title"))->required();
        c.add_option("--description", req.description, _("what happened"));
        c.add_option("--discovered-at", discovered_at,
                     _("when it was discovered (default: now); the clock starts here"))
            ->type_name("TIME");
        c.add_option("--asset", req.asset, _("the machine's asset tag"))->type_name("TAG");
        c.add_option("--account", req.account, _("the account involved"))->type_name("USER");
        c.add_flag("--suspected-crime", req.suspected_crime,
                   _("also report to the police within reporting.police_within"));
        c.add_option("--rectify-by", rectify_by, _("a notice's own rectification deadline"))->type_name("TIME");
    }
    int run(cli::Session& s) {
        req.discovered_at = s.time_or_now(discovered_at);
        if (!rectify_by.empty()) req.rectify_by = timeutil::parse_time(rectify_by, s.policy.school.timezone);
        incident::Incident inc = incident::open_incident(*s.db, s.policy, s.origin(), req, now());
        s.notice(_f("opened {}: report to superiors by {} ({})", inc.id,
                    s.local(timeutil::parse_time(inc.report_due_at, "UTC")), s.policy.school.timezone));
        if (!inc.police_due_at.empty())
            s.notice(_f("illegal content or a suspected crime: report to the police by {} as well",
                        s.local(timeutil::parse_time(inc.police_due_at, "UTC"))));
        if (!s.options.format_given) {
            std::cout << inc.id << '\n'; // plain, for ID=$(netsec-incident open ...)
            return 0;
        }
        s.print(incident::opened_record(inc));
        return 0;
    }
};

struct Report {
    std::vector<std::string> ids;
    std::string to, channel, ref, at;

    void declare(CLI::App& c) {
        add_ids(c, ids);
        c.add_option("--to", to, _("recipient code from incidents.recipients, e.g. bureau or police"))->required();
        c.add_option("--channel", channel, _("phone, document, online or in_person"))->required();
        c.add_option("--ref", ref, _("document number, call record or receipt"))->required();
        c.add_option("--at", at, _("when it was reported (default: now)"))->type_name("TIME");
    }
    int run(cli::Session& s) {
        auto done = incident::change_each(*s.db, ids, std::cin, [&](const std::string& id) {
            return incident::record_report(*s.db, s.policy, s.origin(), id, to, channel, ref, s.time_or_now(at), now());
        });
        for (const auto& r : done) {
            if (r.role == "internal")
                s.notice(_f("{}: reported to {} (internal): this stops no clock; report to a superior as well",
                            r.incident_id, r.recipient));
            else if (auto c = incident::clock_stopped_by_report(*s.db, r, now()))
                s.notice(c->state == "on_time"
                             ? _f("{}: reported to {} on time (due {})", r.incident_id, r.recipient, s.local(c->due))
                             : _f("{}: reported to {} LATE (due {})", r.incident_id, r.recipient, s.local(c->due)));
        }
        return 0;
    }
};

struct Form {
    std::string id, lang;

    void declare(CLI::App& c) {
        add_id(c, id);
        c.add_option("--lang", lang, _("zh or en (default: from LANG)"));
    }
    int run(cli::Session& s) {
        incident::Lang language = lang_of(lang);
        auto e = incident::gather_entry(*s.db, id, now());
        if (s.options.format == "html")
            std::cout << incident::form_html(s.policy, e, language);
        else
            std::cout << incident::form_markdown(s.policy, e, language);
        return 0;
    }
};

struct Note {
    std::string id, text, at;
    std::int64_t corrects = 0;

    void declare(CLI::App& c) {
        add_id(c, id);
        c.add_option("text", text, _("the note"))->required();
        c.add_option("--corrects", corrects, _("the timeline entry this note corrects"))->type_name("ENTRY");
        c.add_option("--at", at, _("when it happened (default: now)"))->type_name("TIME");
    }
    int run(cli::Session& s) {
        auto row = incident::add_note(*s.db, s.origin(), id, text,
                                      corrects > 0 ? std::optional<std::int64_t>(corrects) : std::nullopt, now(),
                                      at_of(s, at));
        s.notice(_f("{}: timeline entry {} added", id, row.id));
        return 0;
    }
};

struct Step {
    std::string id, done_word, note, at;
    std::int64_t n = 0;

    void declare(CLI::App& c) {
        c.add_option("id", id, _("incident id, or - to read ids from standard input"))->required();
        c.add_option("n", n, _("step number"))->required()->check(CLI::PositiveNumber);
        c.add_option("done", done_word, _("the word 'done'"))->required()->check(CLI::IsMember({"done"}));
        c.add_option("--note", note, _("what was done, e.g. machines cleaned"));
        c.add_option("--at", at, _("when it was done (default: now)"))->type_name("TIME");
    }
    int run(cli::Session& s) {
        auto done = incident::change_each(*s.db, {id}, std::cin, [&](const std::string& i) {
            return incident::mark_step(*s.db, s.origin(), i, n, note, now(), at_of(s, at));
        });
        for (const auto& st : done) s.notice(_f("{}: step {} done: {}", st.incident_id, st.n, st.text));
        return 0;
    }
};

struct Regrade {
    std::string id, grade, reason;

    void declare(CLI::App& c) {
        add_id(c, id);
        c.add_option("grade", grade, _("the new grade"))->required();
        c.add_option("--reason", reason, _("why"))->required();
    }
    int run(cli::Session& s) {
        auto inc = incident::regrade(*s.db, s.policy, s.origin(), id, grade, reason, now());
        s.notice(
            _f("{}: grade {}; report due {}", id, inc.grade, s.local(timeutil::parse_time(inc.report_due_at, "UTC"))));
        return 0;
    }
};

struct Assign {
    std::string id, who;

    void declare(CLI::App& c) {
        add_id(c, id);
        c.add_option("who", who, _("the person"))->required();
    }
    int run(cli::Session& s) {
        incident::assign(*s.db, s.origin(), id, who, now());
        return 0;
    }
};

struct Close {
    std::vector<std::string> ids;
    std::string resolution, lessons, at;

    void declare(CLI::App& c) {
        add_ids(c, ids);
        c.add_option("--resolution", resolution, _("how it ended"))->required();
        c.add_option("--lessons", lessons, _("what the school learned"));
        c.add_option("--at", at, _("when it was closed (default: now)"))->type_name("TIME");
    }
    int run(cli::Session& s) {
        auto done = incident::change_each(*s.db, ids, std::cin, [&](const std::string& id) {
            return incident::close_incident(*s.db, s.origin(), id, resolution, lessons, s.time_or_now(at), now());
        });
        for (const auto& inc : done) s.notice(_f("{}: closed", inc.id));
        return 0;
    }
};

struct Void {
    std::vector<std::string> ids;
    std::string reason, duplicate_of;

    void declare(CLI::App& c) {
        add_ids(c, ids);
        c.add_option("--reason", reason, _("why: a mistake, a test, a duplicate"))->required();
        c.add_option("--duplicate-of", duplicate_of, _("the incident that stands, when this one repeats it"))
            ->type_name("ID");
    }
    int run(cli::Session& s) {
        auto done = incident::change_each(*s.db, ids, std::cin, [&](const std::string& id) {
            return incident::void_incident(*s.db, s.origin(), id, reason, duplicate_of, now());
        });
        for (const auto& inc : done)
            s.notice(duplicate_of.empty() ? _f("{}: void; kept in the register, left out of the figures", inc.id)
                                          : _f("{}: void as a duplicate of {}; kept in the register, left out of the "
                                               "figures",
                                               inc.id, duplicate_of));
        return 0;
    }
};

struct Edit {
    std::string id, reason;
    incident::Edit edit;

    void declare(CLI::App& c) {
        add_id(c, id);
        c.add_option("--title", edit.title, _("the corrected title"));
        c.add_option("--description", edit.description, _("the corrected description"));
        c.add_option("--category", edit.category, _("the corrected category; its clocks are recomputed"));
        c.add_option("--reason", reason, _("why it is corrected (journaled with each field's old and new value)"))
            ->required();
    }
    int run(cli::Session& s) {
        auto e = incident::edit_incident(*s.db, s.policy, s.origin(), id, edit, reason, now());
        for (const auto& c : e.changes.changes)
            s.notice(_f("{}: {}: '{}' -> '{}'", id, c.field,
                        c.from.is_string() ? c.from.get<std::string>() : c.from.dump(),
                        c.to.is_string() ? c.to.get<std::string>() : c.to.dump()));
        if (e.clocks_recomputed) {
            const auto& inc = e.incident;
            std::string police = inc.police_due_at.empty()
                                     ? std::string(_("no police clock"))
                                     : _f("police by {}", s.local(timeutil::parse_time(inc.police_due_at, "UTC")));
            s.notice(_f("{}: clocks recomputed for category {}: report to superiors by {}; {}", id, inc.category,
                        s.local(timeutil::parse_time(inc.report_due_at, "UTC")), police));
        }
        return 0;
    }
};

struct Reopen {
    std::string id, reason;

    void declare(CLI::App& c) {
        add_id(c, id);
        c.add_option("--reason", reason, _("why"))->required();
    }
    int run(cli::Session& s) {
        incident::reopen(*s.db, s.origin(), id, reason, now());
        return 0;
    }
};

// --- list, show, overdue, due ----------------------------------------------------------------

struct List {
    incident::ListQuery q;
    PeriodArgs period;

    void declare(CLI::App& c) {
        c.add_flag("--open", q.open_only, _("open incidents only"));
        c.add_flag("--overdue", q.overdue_only, _("only those with a clock past due"));
        c.add_option("--year", q.year, _("discovered in this year"))->type_name("YYYY");
        c.add_option("--from", period.from, _("discovered on or after this day"))->type_name("DATE");
        c.add_option("--to", period.to, _("discovered on or before this day"))->type_name("DATE");
        c.add_option("--search", q.search, _("a text in the id, title or description"))->type_name("TEXT");
        c.add_option("--category", q.category, _("of this category"));
        c.add_option("--grade", q.grade, _("of this grade"));
    }
    int run(cli::Session& s) {
        if (!period.from.empty() || !period.to.empty()) {
            PeriodArgs both = period;
            both.year = q.year; // --year with --from is refused as naming the period twice
            Period p = parse_period(both, s.policy.school.timezone);
            q.from = p.from;
            q.to = p.to;
        }
        s.print(incident::incident_records(incident::find_incidents(*s.db, q, now())));
        return 0;
    }
};

struct Show {
    std::string id;

    void declare(CLI::App& c) { add_id(c, id); }
    int run(cli::Session& s) {
        std::cout << io::render_document(incident::incident_document(incident::gather_entry(*s.db, id, now())),
                                         s.format(), s.policy.school.timezone);
        return 0;
    }
};

struct Overdue {
    void declare(CLI::App&) {}
    int run(cli::Session& s) {
        auto t = now();
        auto late = incident::overdue(*s.db, t);
        if (late.empty()) return 0;
        s.print(incident::late_records(late, incident::Lateness::overdue, t));
        return int(Exit::finding);
    }
};

struct Due {
    std::string within;

    void declare(CLI::App& c) { c.add_option("--within", within, _("e.g. 2h"))->required()->type_name("DURATION"); }
    int run(cli::Session& s) {
        auto t = now();
        auto late = incident::due_within(*s.db, t, timeutil::parse_duration(within));
        s.print(incident::late_records(late, incident::Lateness::due, t));
        return 0;
    }
};

// --- import, log, stats ---------------------------------------------------------------------

struct Import {
    std::string file, format = "auto", encoding = "utf-8";

    void declare(CLI::App& c) {
        c.add_option("file", file, _("CSV, TSV or JSON Lines file, or - for standard input"))->required();
        c.add_option("--input-format", format, _("auto, jsonl, csv or tsv"));
        c.add_option("--encoding", encoding, _("utf-8 or gbk"));
    }
    cli::Preamble preamble(cli::Preamble p) const {
        io::import_options(format, encoding); // bad options are refused before the policy is read
        return p;
    }
    int run(cli::Session& s) {
        cli::require_caller_may_read(s, file);
        auto records = io::read_records_from(file, io::import_options(format, encoding));
        std::string source = file == "-" ? "<stdin>" : file;
        if (incident::are_findings(records)) {
            auto outcomes = incident::import_findings(*s.db, s.policy, s.origin(), records, source, now());
            if (std::size_t opened = incident::opened_from_findings(outcomes); opened > 0)
                s.notice(_f("opened {} incidents from {} findings", opened, outcomes.size()));
            if (std::size_t left = incident::left_in_ledger(outcomes))
                s.notice(_f("{} findings are not security events and stay in the rectification ledger: "
                            "netsec-audit findings",
                            left));
            // Under cron only what was opened matters.
            s.print(incident::finding_outcome_records(outcomes, s.options.quiet));
            return 0;
        }
        auto past = incident::import_incidents(*s.db, s.policy, s.origin(), records, source, now());
        std::vector<incident::LogEntry> entries;
        for (const auto& inc : past.imported) entries.push_back(incident::gather_entry(*s.db, inc.id, now()));
        s.notice(_f("imported {} incidents", past.imported.size()));
        if (!past.already.empty())
            s.notice(_f("left out {} already in the register, e.g. {}", past.already.size(), past.already.front().id));
        s.print(incident::incident_records(entries));
        return 0;
    }
};

// --year, or --from and --to, read by core/period in the policy's zone.
struct PeriodOptions {
    PeriodArgs args;

    void declare(CLI::App& c) {
        c.add_option("--year", args.year, _("a calendar year"))->type_name("YYYY");
        c.add_option("--from", args.from, _("first day"))->type_name("DATE");
        c.add_option("--to", args.to, _("last day"))->type_name("DATE");
    }
    Period of(const cli::Session& s) const { return parse_period(args, s.policy.school.timezone); }
};

struct Log {
    PeriodOptions period;
    std::string lang;

    void declare(CLI::App& c) {
        period.declare(c);
        c.add_option("--lang", lang, _("zh or en (default: from LANG)"));
    }
    int run(cli::Session& s) {
        incident::Lang language = lang_of(lang);
        Period p = period.of(s);
        auto entries = incident::gather_log(*s.db, p.from, p.to, now());
        if (s.options.format == "html")
            std::cout << incident::log_html(s.policy, entries, p.label, language);
        else if (s.options.format == "markdown")
            std::cout << incident::log_markdown(s.policy, entries, p.label, language);
        else
            s.print(incident::incident_records(entries));
        return 0;
    }
};

struct Stats {
    PeriodOptions period;

    void declare(CLI::App& c) { period.declare(c); }
    int run(cli::Session& s) {
        Period p = period.of(s);
        s.print(incident::stats_records(s.policy, incident::gather_log(*s.db, p.from, p.to, now())));
        return 0;
    }
};

// --- evidence --------------------------------------------------------------------------------

struct EvidenceAdd {
    std::string id;
    std::vector<std::string> files;

    void declare(CLI::App& c) {
        add_id(c, id);
        c.add_option("files", files, _("the original records"))->required();
    }
    int run(cli::Session& s) {
        for (const auto& f : files) cli::require_caller_may_read(s, f);
        s.print(incident::evidence_records(incident::add_evidence(*s.db, s.policy, s.origin(), id, files, now())));
        return 0;
    }
};

struct EvidenceList {
    std::string id;

    void declare(CLI::App& c) { add_id(c, id); }
    int run(cli::Session& s) {
        s.print(incident::evidence_records(incident::list_evidence(*s.db, s.origin(), id)));
        return 0;
    }
};

struct EvidenceVerify {
    std::string id;

    void declare(CLI::App& c) { c.add_option("id", id, _("incident id (default: all)")); }
    int run(cli::Session& s) {
        auto checks = incident::verify_evidence(*s.db, s.policy, s.origin(), id);
        bool bad = false;
        for (const auto& c : checks)
            if (c.status != "ok") {
                bad = true;
                cli::warn(
                    _f("{} evidence #{} '{}': {}", c.evidence.owner, c.evidence.id, c.evidence.name, c.status));
            }
        s.print(incident::evidence_check_records(checks, s.options.quiet));
        return bad ? int(Exit::finding) : 0;
    }
};

struct EvidenceExport {
    std::string id, dir;

    void declare(CLI::App& c) {
        add_id(c, id);
        c.add_option("dir", dir, _("folder to write (created)"))->required();
    }
    int run(cli::Session& s) {
        auto written = incident::export_evidence(*s.db, s.policy, s.origin(), id, dir);
        s.notice(_f("exported {} files to '{}'; check them with: cd '{}' && sha256sum -c SHA256SUMS",
                    written.size() - 1, dir, dir));
        return 0;
    }
};

} // namespace

int main(int argc, char** argv) {
    return cli::run_tool(argc, argv, "netsec-incident", [] {
        using cli::command;
        auto records = cli::records();
        auto document = cli::document();
        const Level viewer = Level::viewer, op = Level::operator_, admin = Level::admin;
        const Needs read = Needs::store, write = Needs::store_write;
        return cli::Tool{
            _("The incident register: deadlines, reports to superiors, evidence and the security log."),
            {
                command<Open>("open", _("record a new incident; prints its id and reporting deadline"), op, write,
                              records, incident::opened_fields()),
                command<Report>("report",
                                _("record a report; one to a superior or the police stops that clock, one to the "
                                  "school's own leadership none"),
                                op, write),
                command<Form>("form", _("print the filled-in report form (-f markdown or html)"), viewer, read,
                              document),
                command<Note>("note", _("append a note to the timeline (append-only)"), op, write),
                command<Step>("step", _("mark a checklist step done: step ID N done"), op, write),
                command<Regrade>("regrade", _("change the grade, with a reason; upgrading can make it overdue"), admin,
                                 write),
                command<Assign>("assign", _("name who handles it"), op, write),
                command<Close>("close", _("close with a resolution and the lessons learned"), op, write),
                command<Reopen>("reopen", _("reopen a closed incident, with a reason"), admin, write),
                command<Void>("void",
                              _("void a mistaken or duplicate incident, with a reason; kept, out of the figures"),
                              admin, write),
                command<Edit>("edit", _("correct the title, description or category, with a reason (journaled)"), admin,
                              write),
                command<List>("list", _("list incidents"), viewer, read, records, incident::incident_fields()),
                command<Show>("show", _("everything about one incident, with its timeline"), viewer, read, records,
                              incident::show_fields()),
                command<Overdue>("overdue", _("for cron: unreported incidents past their deadline; exit 1 if any"),
                                 viewer, read, records, incident::late_fields(incident::Lateness::overdue)),
                command<Due>("due", _("incidents whose deadline falls within a time"), viewer, read, records,
                             incident::late_fields(incident::Lateness::due)),
                command<Import>("import", _("open incidents from audit findings, or import past incidents"), op, write,
                                records, incident::import_fields()),
                command<Log>("log", _("the security log (安全日志) of a period: -f html, markdown or a table"), viewer,
                             read, records + document, incident::incident_fields()),
                command<Stats>("stats", _("counts by category and grade, time to report, on-time share"), viewer, read,
                               records, incident::stats_fields()),
                cli::group("evidence", _("keep, list, verify and export original records")),
                command<EvidenceAdd>("evidence add", _("copy files in, read-only, with their SHA-256"), op, write,
                                     records, incident::evidence_fields()),
                command<EvidenceList>("evidence list", _("list the evidence of an incident (journaled)"), viewer, write,
                                      records, incident::evidence_fields()),
                command<EvidenceVerify>("evidence verify", _("re-hash stored evidence; exit 1 naming what changed"),
                                        viewer, write, records, incident::evidence_check_fields()),
                command<EvidenceExport>("evidence export", _("copy the evidence out with a SHA256SUMS file"), admin,
                                        write),
            }};
    });
}
