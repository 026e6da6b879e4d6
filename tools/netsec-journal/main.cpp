// netsec-journal: show the change journal, verify its hash chain, print its head.
#include "netsec/cli/command.hpp"
#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/journal/records.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

using namespace netsec;
using cli::Needs;
using policy::Level;

namespace {

struct Show {
    std::string since, until;
    journal::Query q;

    void declare(CLI::App& c) {
        c.add_option("--since", since, _("entries at or after this time (RFC 3339, 'YYYY-MM-DD HH:MM' or now)"))
            ->type_name("TIME");
        c.add_option("--until", until, _("entries at or before this time"))->type_name("TIME");
        c.add_option("--subject", q.subject, _("entries about this subject only"))->type_name("SUBJECT");
        c.add_option("--tool", q.tool, _("entries written by this tool only"))->type_name("TOOL");
        c.add_option("--action", q.action, _("entries of this action only, e.g. policy.changed"))->type_name("ACTION");
        c.add_option("-n,--last", q.last, _("only the newest N entries"))->type_name("N")->check(CLI::PositiveNumber);
    }
    int run(cli::Session& s) {
        if (!since.empty()) q.since = s.time_or_now(since);
        if (!until.empty()) q.until = s.time_or_now(until);
        s.print(journal::entry_records(journal::find_entries(*s.db, q)));
        return 0;
    }
};

struct Verify {
    std::string head_text;

    void declare(CLI::App& c) {
        c.add_option("--head", head_text, _("also prove the chain extends this head written down earlier"))
            ->type_name("SEQ:HASH");
    }
    int run(cli::Session& s) {
        std::optional<journal::Head> given;
        if (!head_text.empty()) given = journal::parse_head(head_text);
        bool file_empty = false;
        auto heads = journal::trusted_heads(given, s.policy.journal.heads_file, file_empty);
        if (file_empty)
            s.notice(_f("the heads file '{}' holds no head yet; 'netsec-journal head --record' writes one",
                        s.policy.journal.heads_file));
        std::vector<journal::Head> expected;
        for (const auto& h : heads) expected.push_back(h.head);
        journal::Verification v = journal::verify_chain(*s.db, expected);
        if (v.intact && s.options.quiet) return 0;
        s.print(journal::verification_record(v, heads));
        if (v.intact) return 0;
        cli::warn(_f("the journal is broken at entry {}: {}", v.first_bad_seq, v.problem));
        return int(Exit::finding);
    }
};

struct Head {
    bool record = false;

    void declare(CLI::App& c) {
        c.add_flag("--record", record,
                   _("also append it to the policy's heads file (journal.heads_file) after verifying the chain"));
    }
    cli::Preamble preamble(cli::Preamble p) const {
        if (record) p.level = Level::operator_;
        return p;
    }
    int run(cli::Session& s) {
        if (record) {
            auto head = journal::record_newest_head(*s.db, s.policy.journal.heads_file, s.policy.file, timeutil::now());
            s.notice(_f("recorded head {} in '{}'", journal::format_head(head), s.policy.journal.heads_file));
        }
        journal::Entry newest = journal::newest_entry(*s.db);
        if (!s.options.format_given) {
            // Plain SEQ:HASH, to write down or pass to 'verify --head' as it is.
            std::cout << journal::format_head({newest.seq, newest.hash}) << '\n';
            return 0;
        }
        s.print(journal::head_record(newest));
        return 0;
    }
};

} // namespace

int main(int argc, char** argv) {
    return cli::run_tool(argc, argv, "netsec-journal", [] {
        auto records = cli::records();
        return cli::Tool{
            _("Show and verify the hash-chained journal of every change."),
            {
                cli::command<Show>("show", _("list journal entries, oldest first"), Level::viewer, Needs::store,
                                   records, journal::entry_fields()),
                cli::command<Verify>("verify", _("recompute the hash chain; exit 1 naming the first bad entry"),
                                     Level::viewer, Needs::store, records, journal::verification_fields()),
                cli::command<Head>("head", _("print the newest entry as SEQ:HASH, to write down"), Level::viewer,
                                   Needs::store, records, journal::head_fields()),
            }};
    });
}
