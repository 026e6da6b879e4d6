// netsec-audit: the inspection's checks, run by hand or by cron; findings pipe into incidents.
#include "netsec/audit/audit.hpp"
#include "netsec/cli/formats.hpp"
#include "netsec/cli/session.hpp"
#include "netsec/core/error.hpp"
#include "netsec/core/finding.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/io/document.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

using namespace netsec;
using json = nlohmann::ordered_json;
using policy::Level;

namespace {

const char* tool = "netsec-audit";

bool wants_html(const cli::SharedOptions& shared) { return shared.format == "html"; }

io::Records finding_records(const std::vector<audit::Finding>& findings) {
    io::Records out;
    for (const auto& name : audit::finding_fields()) {
        io::Column c{name};
        static const std::vector<std::string> in_table = {"check_id", "status", "severity", "subject", "title", "detail"};
        c.in_table = std::find(in_table.begin(), in_table.end(), name) != in_table.end();
        if (name == "run_id") c.kind = io::Kind::integer;
        if (name == "first_seen" || name == "checked_at") c.kind = io::Kind::time;
        if (name == "evidence" || name == "exception") c.kind = io::Kind::json;
        out.columns.push_back(c);
    }
    for (const auto& f : findings) out.rows.push_back(audit::finding_record(f));
    return out;
}

std::string summary_line(const audit::Run& run) {
    std::string counts;
    for (const auto& st : audit::statuses())
        counts += fmt::format("{}{} {}", counts.empty() ? "" : ", ", run.summary.counts.at(st), st);
    std::string score = run.summary.score ? fmt::format("{}/100", *run.summary.score) : std::string("-");
    return _f("run {}: {}; score {} over the applicable checks", run.row.id, counts, score);
}

struct RunOptions {
    std::vector<std::string> checks;
    std::string profile = "all", root = "/", fail_on = "high", evidence;
};

int run_cmd(const cli::SharedOptions& shared, const RunOptions& o) {
    audit::RunOptions ro;
    ro.checks = o.checks;
    ro.profile = audit::parse_profile(o.profile);
    ro.root = o.root;
    ro.fail_on = finding::parse_severity(o.fail_on, "--fail-on");
    ro.evidence_dir = o.evidence;
    cli::Session s = cli::open_command(shared, "run", Level::operator_, cli::Needs::store_write);
    if (!o.evidence.empty()) cli::require_caller_may_write(s, o.evidence);
    bool html = wants_html(shared);
    audit::Run run = audit::run_audit(*s.db, s.policy, s.origin(), ro, timeutil::now());
    if (s.options.quiet && !run.summary.failing) return 0; // for cron: silent when clean
    if (html) {
        std::cout << audit::run_html(s.policy, run);
    } else if (s.options.quiet) {
        // Only what makes the run fail: cron mails it, and `netsec-incident import -` reads it.
        std::vector<audit::Finding> failing;
        for (const auto& f : run.findings)
            if (finding::fails_at(f, ro.fail_on)) failing.push_back(f);
        s.print(finding_records(failing));
    } else {
        s.print(finding_records(run.findings));
    }
    if (s.options.quiet) cli::warn(summary_line(run));
    else s.notice(summary_line(run));
    return run.summary.failing ? int(Exit::finding) : 0;
}

int show_cmd(const cli::SharedOptions& shared, std::int64_t id) {
    cli::Session s = cli::open_command(shared, "show", Level::viewer, cli::Needs::store);
    if (id == 0) {
        auto runs = audit::history(*s.db);
        if (runs.empty()) throw Error(Exit::no_input, _("no audit runs yet; run one with 'netsec-audit run'"));
        id = runs.back().id;
    }
    audit::Run run = audit::load_run(*s.db, id);
    if (wants_html(shared)) std::cout << audit::run_html(s.policy, run);
    else s.print(finding_records(run.findings));
    return 0;
}

int list_cmd(const cli::SharedOptions& shared) {
    cli::Session s = cli::open_command(shared, "list", Level::viewer, cli::Needs::policy);
    io::Records out;
    out.columns = {{"id"},    {"severity"}, {"profile"}, {"title"}, {"title_zh"}, {"remediation", io::Kind::text, false},
                   {"remediation_zh", io::Kind::text, false}, {"basis", io::Kind::text, false}};
    for (const auto& c : audit::catalogue())
        out.rows.push_back({{"id", c.id}, {"severity", finding::severity_name(c.severity)}, {"profile", audit::profile_name(c.profile)},
                            {"title", c.title}, {"title_zh", c.title_zh}, {"remediation", c.remediation},
                            {"remediation_zh", c.remediation_zh}, {"basis", c.basis}});
    s.print(out);
    return 0;
}

int explain_cmd(const cli::SharedOptions& shared, const std::string& id) {
    const audit::Check* c = audit::find_check(id);
    if (!c) throw Error(Exit::usage, _f("unknown check '{}'; 'netsec-audit list' shows them", id));
    cli::Session s = cli::open_command(shared, "explain", Level::viewer, cli::Needs::policy);
    json doc;
    doc["id"] = c->id;
    doc["severity"] = finding::severity_name(c->severity);
    doc["profile"] = audit::profile_name(c->profile);
    doc["title"] = c->title;
    doc["title_zh"] = c->title_zh;
    doc["examines"] = c->examines;
    doc["examines_zh"] = c->examines_zh;
    doc["remediation"] = c->remediation;
    doc["remediation_zh"] = c->remediation_zh;
    doc["basis"] = c->basis;
    std::cout << io::render_document(doc, s.format());
    return 0;
}

int diff_cmd(const cli::SharedOptions& shared, const std::vector<std::int64_t>& ids) {
    cli::Session s = cli::open_command(shared, "diff", Level::viewer, cli::Needs::store);
    std::optional<std::int64_t> from, to;
    if (ids.size() >= 1) from = ids[0];
    if (ids.size() >= 2) to = ids[1];
    auto d = audit::diff_runs(*s.db, from, to);
    io::Records out;
    out.columns = {{"change"},         {"check_id"},       {"severity"},   {"subject"},
                   {"title"},          {"status_before"},  {"status_after"}, {"detail"},
                   {"fingerprint", io::Kind::text, false}, {"run_before", io::Kind::integer, false},
                   {"run_after", io::Kind::integer, false}};
    bool any_new = false;
    for (const auto& c : d.changes) {
        any_new = any_new || c.change == "new";
        const audit::Finding& f = c.change == "resolved" ? c.before : c.after;
        out.rows.push_back({{"change", c.change},
                            {"check_id", f.check_id},
                            {"severity", finding::severity_name(f.severity)},
                            {"subject", f.subject},
                            {"title", f.title},
                            {"status_before", c.before.status.empty() ? json() : json(c.before.status)},
                            {"status_after", c.after.status.empty() ? json() : json(c.after.status)},
                            {"detail", c.after.status.empty() ? c.before.detail : c.after.detail},
                            {"fingerprint", f.fingerprint},
                            {"run_before", d.from},
                            {"run_after", d.to}});
    }
    s.print(out);
    return any_new ? int(Exit::finding) : 0;
}

int history_cmd(const cli::SharedOptions& shared) {
    cli::Session s = cli::open_command(shared, "history", Level::viewer, cli::Needs::store);
    io::Records out;
    out.columns = {{"run_id", io::Kind::integer}, {"started_at", io::Kind::time}, {"operator"}, {"host"},
                   {"profile"}, {"root", io::Kind::text, false}, {"checks", io::Kind::text, false},
                   {"fail_on", io::Kind::text, false}};
    for (const auto& st : audit::statuses()) out.columns.push_back({st, io::Kind::integer});
    out.columns.push_back({"score", io::Kind::integer});
    out.columns.push_back({"journal_head", io::Kind::text, false});
    for (const auto& r : audit::history(*s.db)) {
        json row = {{"run_id", r.id},   {"started_at", r.started_at}, {"operator", r.operator_name},
                    {"host", r.host},   {"profile", r.profile},       {"root", r.root},
                    {"checks", r.checks}, {"fail_on", r.fail_on}};
        json counts = json::parse(r.counts, nullptr, false);
        for (const auto& st : audit::statuses())
            row[st] = counts.is_object() && counts.contains(st) ? counts[st] : json(0);
        row["score"] = r.score ? json(*r.score) : json();
        row["journal_head"] = r.journal_head.empty() ? json() : json(r.journal_head);
        out.rows.push_back(row);
    }
    s.print(out);
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    cli::start(tool);
    CLI::App app{_("The inspection's checks of the school's records and this host, with findings that pipe into "
                   "incidents."),
                 tool};
    app.set_version_flag("--version", std::string(tool) + " " NETSEC_VERSION);
    cli::SharedOptions shared;
    cli::add_shared_options(app, shared);
    app.require_subcommand(1);
    std::function<int()> action;

    RunOptions ro;
    auto* run = app.add_subcommand("run", _("run the checks and store the run; exit 1 when one fails at or above "
                                            "--fail-on"));
    run->add_option("--check", ro.checks, _("only this check (repeat for more); 'list' shows them"))->type_name("ID");
    run->add_option("--profile", ro.profile, _("records, host or all (default: all)"))
        ->check(CLI::IsMember({"records", "host", "all"}));
    run->add_option("--root", ro.root, _("host checks read files under this folder (default: /)"))->type_name("DIR");
    run->add_option("--fail-on", ro.fail_on, _("critical, high, medium or low (default: high)"))
        ->type_name("SEVERITY");
    run->add_option("--evidence", ro.evidence, _("copy the files examined into this folder, with their SHA-256"))
        ->type_name("DIR");
    cli::declare_formats(*run, cli::records() + cli::own({"html"}));
    run->callback([&] { action = [&] { return run_cmd(shared, ro); }; });

    std::int64_t run_id = 0;
    auto* show = app.add_subcommand("show", _("the findings of a stored run (default: the latest); -f html too"));
    show->add_option("run", run_id, _("run id, from 'history'"))->check(CLI::PositiveNumber);
    cli::declare_formats(*show, cli::records() + cli::own({"html"}));
    show->callback([&] { action = [&] { return show_cmd(shared, run_id); }; });

    auto* list = app.add_subcommand("list", _("the catalogue of checks, in both languages"));
    cli::declare_formats(*list, cli::records());
    list->callback([&] { action = [&] { return list_cmd(shared); }; });

    std::string id;
    auto* explain = app.add_subcommand("explain", _("what a check examines, why, and how to fix it, in both languages"));
    explain->add_option("id", id, _("check id, e.g. ACCT-0101"))->required();
    cli::declare_formats(*explain, cli::records());
    explain->callback([&] { action = [&] { return explain_cmd(shared, id); }; });

    std::vector<std::int64_t> ids;
    auto* diff = app.add_subcommand("diff", _("new, resolved and still failing findings between two runs (default: "
                                              "the last two); exit 1 when one is new"));
    diff->add_option("runs", ids, _("RUN [RUN]: from the first to the second (default: the latest)"))
        ->expected(0, 2)
        ->check(CLI::PositiveNumber);
    cli::declare_formats(*diff, cli::records());
    diff->callback([&] { action = [&] { return diff_cmd(shared, ids); }; });

    auto* hist = app.add_subcommand("history", _("the stored runs with their counts and score"));
    cli::declare_formats(*hist, cli::records());
    hist->callback([&] { action = [&] { return history_cmd(shared); }; });

    return cli::run_main(app, argc, argv, [&] { return action(); });
}
