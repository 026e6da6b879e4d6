// netsec-audit: the inspection's checks, run by hand or by cron; findings pipe into incidents.
#include "netsec/audit/records.hpp"
#include "netsec/cli/command.hpp"
#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/time.hpp"
#include "netsec/io/document.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

using namespace netsec;
using cli::Needs;
using policy::Level;

namespace {

bool wants_html(const cli::Session& s) { return s.options.format == "html"; }

struct Run {
    std::vector<std::string> checks;
    std::string profile = "all", root = "/", fail_on = "high", evidence;

    void declare(CLI::App& c) {
        c.add_option("--check", checks, _("only this check (repeat for more); 'list' shows them"))->type_name("ID");
        c.add_option("--profile", profile, _("records, host or all (default: all)"))
            ->check(CLI::IsMember({"records", "host", "all"}));
        c.add_option("--root", root, _("host checks read files under this folder (default: /)"))->type_name("DIR");
        c.add_option("--fail-on", fail_on, _("critical, high, medium or low (default: high)"))->type_name("SEVERITY");
        c.add_option("--evidence", evidence, _("copy the files examined into this folder, with their SHA-256"))
            ->type_name("DIR");
    }
    // A bad --profile or --fail-on is refused (64) before the records are opened for writing.
    audit::RunOptions options() const {
        audit::RunOptions o;
        o.checks = checks;
        o.profile = audit::parse_profile(profile);
        o.root = root;
        o.fail_on = finding::parse_severity(fail_on, "--fail-on");
        o.evidence_dir = evidence;
        return o;
    }
    cli::Preamble preamble(cli::Preamble p) const {
        options();
        return p;
    }
    int run(cli::Session& s) {
        audit::RunOptions o = options();
        if (!evidence.empty()) cli::require_caller_may_write(s, evidence);
        audit::Run run = audit::run_audit(*s.db, s.policy, s.origin(), o, timeutil::now());
        // Under -q (cron) only what is new or reopened in the rectification ledger and fails at
        // --fail-on: cron mails it, `netsec-incident import -` reads it; the rest is the ledger's.
        if (s.options.quiet) {
            auto raised = audit::raised_findings(run, o.fail_on);
            if (raised.empty()) return 0;
            if (wants_html(s))
                std::cout << audit::run_html(s.policy, run);
            else
                s.print(audit::finding_records(raised));
            cli::warn(audit::summary_line(run));
            return int(Exit::finding);
        }
        if (wants_html(s))
            std::cout << audit::run_html(s.policy, run);
        else
            s.print(audit::finding_records(run.findings));
        s.notice(audit::summary_line(run));
        return run.summary.failing ? int(Exit::finding) : 0;
    }
};

struct Show {
    std::int64_t run_id = 0;

    void declare(CLI::App& c) { c.add_option("run", run_id, _("run id, from 'history'"))->check(CLI::PositiveNumber); }
    int run(cli::Session& s) {
        audit::Run run = audit::load_run_or_newest(*s.db, run_id ? std::optional(run_id) : std::nullopt);
        if (wants_html(s))
            std::cout << audit::run_html(s.policy, run);
        else
            s.print(audit::finding_records(run.findings));
        return 0;
    }
};

struct List {
    void declare(CLI::App&) {}
    int run(cli::Session& s) {
        s.print(audit::check_records(audit::catalogue()));
        return 0;
    }
};

struct Explain {
    std::string id;

    void declare(CLI::App& c) { c.add_option("id", id, _("check id, e.g. ACCT-0101"))->required(); }
    // An unknown id is a usage error (64) before the policy is read.
    cli::Preamble preamble(cli::Preamble p) const {
        audit::check_named(id);
        return p;
    }
    int run(cli::Session& s) {
        std::cout << io::render_document(audit::explained_check(audit::check_named(id)), s.format());
        return 0;
    }
};

struct Diff {
    std::vector<std::int64_t> ids;

    void declare(CLI::App& c) {
        c.add_option("runs", ids, _("RUN [RUN]: from the first to the second (default: the latest)"))
            ->expected(0, 2)
            ->check(CLI::PositiveNumber);
    }
    int run(cli::Session& s) {
        std::optional<std::int64_t> from, to;
        if (ids.size() >= 1) from = ids[0];
        if (ids.size() >= 2) to = ids[1];
        audit::Diff d = audit::diff_runs(*s.db, from, to);
        s.print(audit::change_records(d));
        return audit::has_new(d) ? int(Exit::finding) : 0;
    }
};

struct Findings {
    std::string state, check;
    bool overdue = false;

    void declare(CLI::App& c) {
        c.add_option("--state", state, _("only items in this state: open, assigned, fixed or excepted"))
            ->type_name("STATE");
        c.add_flag("--overdue", overdue, _("only items past their due date"));
        c.add_option("--check", check, _("only the items of this check; 'list' shows them"))->type_name("ID");
    }
    // A bad --state or --check is refused (64) before the records are opened.
    cli::Preamble preamble(cli::Preamble p) const {
        audit::check_ledger_query(query());
        return p;
    }
    audit::LedgerQuery query() const { return {state, overdue, check}; }
    int run(cli::Session& s) {
        s.print(audit::ledger_records(audit::ledger_items(*s.db, query(), timeutil::now())));
        return 0;
    }
};

struct Assign {
    std::vector<std::string> fingerprints;
    std::string owner, due, plan;

    void declare(CLI::App& c) {
        c.add_option("fingerprint", fingerprints, _("FINGERPRINT... or - to read them from standard input"));
        c.add_option("--owner", owner, _("who answers for the rectification (required)"))
            ->type_name("USER")
            ->required();
        c.add_option("--plan", plan, _("how it will be rectified (required)"))->type_name("TEXT")->required();
        c.add_option("--due", due, _("the due date, YYYY-MM-DD or a time (default: as the severity gives)"))
            ->type_name("DATE");
    }
    int run(cli::Session& s) {
        auto selection = audit::read_fingerprints(fingerprints, std::cin);
        audit::Assignment a{owner, plan, std::nullopt};
        timeutil::Instant now = timeutil::now();
        if (!due.empty()) a.due = audit::parse_due(due, s.policy.school.timezone, now);
        s.print(audit::ledger_records(audit::assign_findings(*s.db, s.origin(), selection, a, now)));
        return 0;
    }
};

struct Overdue {
    void declare(CLI::App&) {}
    // For cron: silent and 0 when nothing is past due, the items and 1 otherwise.
    int run(cli::Session& s) {
        auto items = audit::ledger_items(*s.db, {"", true, ""}, timeutil::now());
        if (items.empty()) return 0;
        s.print(audit::ledger_records(items));
        return int(Exit::finding);
    }
};

struct History {
    void declare(CLI::App&) {}
    int run(cli::Session& s) {
        s.print(audit::run_records(audit::history(*s.db)));
        return 0;
    }
};

} // namespace

int main(int argc, char** argv) {
    return cli::run_tool(argc, argv, "netsec-audit", [] {
        auto records = cli::records();
        auto with_html = cli::records() + cli::own({"html"});
        return cli::Tool{
            _("The inspection's checks of the school's records and this host, with findings that pipe into "
              "incidents."),
            {
                cli::command<Run>("run",
                                  _("run the checks, store the run and update the rectification ledger; exit 1 "
                                    "when one fails at or above --fail-on (under -q: one new or reopened)"),
                                  Level::operator_, Needs::store_write, with_html, audit::finding_fields()),
                cli::command<Show>("show", _("the findings of a stored run (default: the latest); -f html too"),
                                   Level::viewer, Needs::store, with_html, audit::finding_fields()),
                cli::command<List>("list", _("the catalogue of checks, in both languages"), Level::viewer,
                                   Needs::policy, records, audit::check_fields()),
                cli::command<Explain>("explain", _("what a check examines, why, and how to fix it, in both languages"),
                                      Level::viewer, Needs::policy, records, audit::explained_check_fields()),
                cli::command<Diff>("diff",
                                   _("new, resolved and still failing findings between two runs (default: "
                                     "the last two); exit 1 when one is new"),
                                   Level::viewer, Needs::store, records, audit::change_fields()),
                cli::command<Findings>("findings",
                                       _("the rectification ledger: every failing finding with its state, owner, "
                                         "plan and due date"),
                                       Level::viewer, Needs::store, records, audit::ledger_fields()),
                cli::command<Assign>("assign", _("give ledger items an owner, a plan and a due date"), Level::operator_,
                                     Needs::store_write, records, audit::ledger_fields()),
                cli::command<Overdue>("overdue",
                                      _("the ledger items past their due date; exit 1 when any, silent otherwise"),
                                      Level::viewer, Needs::store, records, audit::ledger_fields()),
                cli::command<History>("history", _("the stored runs with their counts and score"), Level::viewer,
                                      Needs::store, records, audit::run_fields()),
            }};
    });
}
