// netsec-incident: the incident register — deadlines, reports, evidence, the security log.
#include "netsec/cli/formats.hpp"
#include "netsec/cli/session.hpp"
#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/period.hpp"
#include "netsec/incident/evidence.hpp"
#include "netsec/incident/import.hpp"
#include "netsec/incident/incident.hpp"
#include "netsec/incident/log.hpp"
#include "netsec/io/document.hpp"
#include "netsec/io/records.hpp"
#include "netsec/io/tty.hpp"

#include <CLI/CLI.hpp>
#include <iostream>
#include <unistd.h>

using namespace netsec;
using json = nlohmann::ordered_json;
using policy::Level;

namespace {

const char* tool = "netsec-incident";

timeutil::Instant now() { return timeutil::now(); }


incident::Lang lang_of(const std::string& option) {
    if (!option.empty()) return incident::parse_lang(option);
    // The environment's choice, whether or not a catalog of messages is installed.
    return i18n::language_from_env() == "zh_CN" ? incident::Lang::zh : incident::Lang::en;
}

const std::vector<io::Column> incident_columns = {
    {"id"},
    {"category"},
    {"subtype", io::Kind::text, false},
    {"grade"},
    {"title"},
    {"status"},
    {"discovered_at", io::Kind::time},
    {"report_due_at", io::Kind::time},
    {"reported_at", io::Kind::time},
    {"recipient", io::Kind::text, false},
    {"channel", io::Kind::text, false},
    {"reference", io::Kind::text, false},
    {"report_state"},
    {"police_state", io::Kind::text, false},
    {"evidence_count", io::Kind::integer, false},
    {"assignee", io::Kind::text, false},
    {"closed_at", io::Kind::time, false},
    {"resolution", io::Kind::text, false},
    {"lessons", io::Kind::text, false},
};

// --- open, report, note, step, regrade, assign, close, reopen -------------------------------

struct OpenOptions {
    std::string category, subtype, grade, title, description, asset, account, discovered_at, rectify_by;
    bool crime = false;
};

int open_cmd(const cli::SharedOptions& shared, const OpenOptions& o) {
    cli::Session s = cli::open_command(shared, "open", Level::operator_);
    incident::OpenRequest req;
    req.category = o.category;
    req.subtype = o.subtype;
    req.grade = o.grade;
    req.title = o.title;
    req.description = o.description;
    req.asset = o.asset;
    req.account = o.account;
    req.discovered_at = s.time_or_now(o.discovered_at);
    if (!o.rectify_by.empty()) req.rectify_by = timeutil::parse_time(o.rectify_by, s.policy.school.timezone);
    req.suspected_crime = o.crime;
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
    io::Records out;
    out.columns = {{"id"}, {"grade"}, {"report_due_at", io::Kind::time}, {"police_due_at", io::Kind::time},
                   {"rectify_by", io::Kind::time}};
    out.rows.push_back({{"id", inc.id}, {"grade", inc.grade}, {"report_due_at", inc.report_due_at},
                        {"police_due_at", inc.police_due_at.empty() ? json() : json(inc.police_due_at)},
                        {"rectify_by", inc.rectify_by.empty() ? json() : json(inc.rectify_by)}});
    s.print(out);
    return 0;
}

struct ReportOptions {
    std::string id, to, channel, ref, at;
};

int report_cmd(const cli::SharedOptions& shared, const ReportOptions& o) {
    cli::Session s = cli::open_command(shared, "report", Level::operator_);
    auto r = incident::record_report(*s.db, s.policy, s.origin(), o.id, o.to, o.channel, o.ref, s.time_or_now(o.at), now());
    incident::Incident inc = incident::get_incident(*s.db, o.id);
    for (const auto& c : incident::clocks_of(inc, store::reports_of(*s.db, o.id), now()))
        if (c.met && ((c.kind == "police") == (o.to == "police")) && c.kind != "rectify")
            s.notice(c.state == "on_time" ? _f("{}: reported to {} on time (due {})", o.id, r.recipient, s.local(c.due))
                                          : _f("{}: reported to {} LATE (due {})", o.id, r.recipient, s.local(c.due)));
    return 0;
}

// --- list, show, overdue, due ----------------------------------------------------------------

struct ListOptions {
    bool open = false, overdue = false;
    int year = 0;
    std::string category, grade;
};

int list_cmd(const cli::SharedOptions& shared, const ListOptions& o) {
    cli::Session s = cli::open_command(shared, "list", Level::viewer, cli::Needs::store);
    store::IncidentFilter f;
    f.open_only = o.open;
    if (auto p = parse_optional_period({o.year, "", ""}, s.policy.school.timezone)) f.year = p->year;
    f.category = o.category;
    if (!o.grade.empty()) f.grade = incident::parse_grade(o.grade);
    io::Records out;
    out.columns = incident_columns;
    for (auto& inc : store::list_incidents(*s.db, f)) {
        auto entry = incident::gather_entry(*s.db, std::move(inc), now());
        if (o.overdue) { // what `overdue` prints: open incidents with a clock past due
            bool late = false;
            if (entry.incident.status != "open") continue;
            for (const auto& c : entry.clocks) late = late || c.state == "overdue";
            if (!late) continue;
        }
        out.rows.push_back(incident::log_row(entry));
    }
    s.print(out);
    return 0;
}

int show_cmd(const cli::SharedOptions& shared, const std::string& id) {
    cli::Session s = cli::open_command(shared, "show", Level::viewer, cli::Needs::store);
    auto e = incident::gather_entry(*s.db, id, now());
    json doc = incident::log_row(e);
    doc["description"] = e.incident.description;
    doc["asset"] = e.incident.asset;
    doc["account"] = e.incident.account;
    doc["opened_at"] = e.incident.opened_at;
    doc["opened_by"] = e.incident.opened_by;
    doc["fingerprint"] = e.incident.fingerprint;
    doc["source"] = e.incident.source;
    json clocks = json::array();
    for (const auto& c : e.clocks)
        clocks.push_back({{"clock", c.kind}, {"due_at", timeutil::format_rfc3339(c.due)},
                          {"met_at", c.met ? json(timeutil::format_rfc3339(*c.met)) : json()}, {"state", c.state}});
    doc["clocks"] = clocks;
    json reports = json::array();
    for (const auto& r : e.reports)
        reports.push_back({{"recipient", r.recipient}, {"channel", r.channel}, {"reference", r.reference},
                           {"reported_at", r.reported_at}, {"recorded_by", r.recorded_by}});
    doc["reports"] = reports;
    json steps = json::array();
    for (const auto& st : e.steps)
        steps.push_back({{"n", st.n}, {"text", st.text}, {"done_at", st.done_at.empty() ? json() : json(st.done_at)},
                         {"done_by", st.done_by}, {"note", st.note}});
    doc["steps"] = steps;
    json evidence = json::array();
    for (const auto& ev : e.evidence)
        evidence.push_back({{"evidence", ev.id}, {"name", ev.name}, {"sha256", ev.sha256}, {"size", ev.size},
                            {"added_by", ev.added_by}, {"added_at", ev.added_at}});
    doc["evidence"] = evidence;
    json timeline = json::array();
    for (const auto& t : e.timeline)
        timeline.push_back({{"entry", t.id}, {"at", t.at}, {"actor", t.actor}, {"kind", t.kind}, {"text", t.text},
                            {"corrects", t.corrects ? json(*t.corrects) : json()},
                            {"details", json::parse(t.details, nullptr, false)}});
    doc["timeline"] = timeline;
    std::cout << io::render_document(doc, s.format());
    return 0;
}

// "21h30m", "2d3h", "45m": a gap in whole minutes, as parse_duration reads it back.
std::string format_gap(timeutil::Duration gap) {
    long long minutes = gap.count() / 60;
    if (minutes <= 0) return "0m";
    std::string out;
    for (auto [unit, size] : {std::pair{"d", 1440LL}, std::pair{"h", 60LL}, std::pair{"m", 1LL}})
        if (minutes >= size) {
            out += std::to_string(minutes / size) + unit;
            minutes %= size;
        }
    return out;
}

io::Records late_records(const cli::Session& s, const std::vector<incident::Late>& late, bool overdue) {
    io::Records out;
    out.columns = {{"id"}, {"clock"}, {"due_at", io::Kind::time}, {overdue ? "overdue_by" : "due_in"}, {"grade"}, {"title"}};
    timeutil::Instant t = now();
    for (const auto& l : late) {
        auto gap = overdue ? t - l.clock.due : l.clock.due - t;
        out.rows.push_back({{"id", l.incident.id}, {"clock", l.clock.kind},
                            {"due_at", timeutil::format_rfc3339(l.clock.due)},
                            {overdue ? "overdue_by" : "due_in", format_gap(gap)},
                            {"grade", l.incident.grade}, {"title", l.incident.title}});
    }
    (void)s;
    return out;
}

int overdue_cmd(const cli::SharedOptions& shared) {
    cli::Session s = cli::open_command(shared, "overdue", Level::viewer, cli::Needs::store);
    auto late = incident::overdue(*s.db, now());
    if (late.empty()) return 0;
    s.print(late_records(s, late, true));
    return int(Exit::finding);
}

int due_cmd(const cli::SharedOptions& shared, const std::string& within) {
    auto d = timeutil::parse_duration(within);
    cli::Session s = cli::open_command(shared, "due", Level::viewer, cli::Needs::store);
    s.print(late_records(s, incident::due_within(*s.db, now(), d), false));
    return 0;
}

// --- evidence ----------------------------------------------------------------------------------

io::Records evidence_records(const std::vector<store::EvidenceRow>& rows) {
    io::Records out;
    out.columns = {{"incident"}, {"evidence", io::Kind::integer}, {"name"}, {"size", io::Kind::integer}, {"sha256"},
                   {"added_by"}, {"added_at", io::Kind::time}};
    for (const auto& e : rows)
        out.rows.push_back({{"incident", e.incident_id}, {"evidence", e.id}, {"name", e.name}, {"size", e.size},
                            {"sha256", e.sha256}, {"added_by", e.added_by}, {"added_at", e.added_at}});
    return out;
}

// --- import, log, stats, form ---------------------------------------------------------------

struct ImportOptions {
    std::string file, format = "auto", encoding = "utf-8";
};

int import_cmd(const cli::SharedOptions& shared, const ImportOptions& o) {
    io::ReadOptions ro;
    ro.format = io::parse_input_format(o.format);
    ro.encoding = io::parse_encoding(o.encoding);
    ro.not_done = _("nothing was imported");
    cli::Session s = cli::open_command(shared, "import", Level::operator_);
    cli::require_caller_may_read(s, o.file);
    auto records = io::read_records_from(o.file, ro);
    std::string source = o.file == "-" ? "<stdin>" : o.file;
    io::Records out;
    if (incident::are_findings(records)) {
        auto outcomes = incident::import_findings(*s.db, s.policy, s.origin(), records, source, now());
        out.columns = {{"fingerprint"}, {"action"}, {"incident_id"}};
        std::size_t opened = 0;
        for (const auto& o2 : outcomes) {
            opened += o2.action == "opened";
            out.rows.push_back({{"fingerprint", o2.fingerprint}, {"action", o2.action},
                                {"incident_id", o2.incident_id.empty() ? json() : json(o2.incident_id)}});
        }
        if (opened > 0) s.notice(_f("opened {} incidents from {} findings", opened, outcomes.size()));
        // Under cron only what was opened matters.
        if (s.options.quiet) {
            io::Records only;
            only.columns = out.columns;
            for (const auto& r : out.rows)
                if (r["action"] == "opened") only.rows.push_back(r);
            out = only;
        }
    } else {
        auto past = incident::import_incidents(*s.db, s.policy, s.origin(), records, source, now());
        out.columns = incident_columns;
        for (const auto& inc : past.imported)
            out.rows.push_back(incident::log_row(incident::gather_entry(*s.db, inc.id, now())));
        s.notice(_f("imported {} incidents", past.imported.size()));
        if (!past.already.empty())
            s.notice(_f("left out {} already in the register, e.g. {}", past.already.size(), past.already.front().id));
    }
    s.print(out);
    return 0;
}

struct PeriodOptions {
    int year = 0;
    std::string from, to, lang;
};

// [from, to) and a label, from --year or --from/--to (dates in the policy's zone).
std::tuple<timeutil::Instant, timeutil::Instant, std::string> period_of(const cli::Session& s, const PeriodOptions& o) {
    Period p = parse_period({o.year, o.from, o.to}, s.policy.school.timezone);
    return {p.from, p.to, p.label};
}

int log_cmd(const cli::SharedOptions& shared, const PeriodOptions& o) {
    incident::Lang lang = lang_of(o.lang);
    cli::Session s = cli::open_command(shared, "log", Level::viewer, cli::Needs::store);
    auto [from, to, label] = period_of(s, o);
    auto entries = incident::gather_log(*s.db, from, to, now());
    if (s.options.format == "html") {
        std::cout << incident::log_html(s.policy, entries, label, lang);
    } else if (s.options.format == "markdown") {
        std::cout << incident::log_markdown(s.policy, entries, label, lang);
    } else {
        io::Records out;
        out.columns = incident_columns;
        for (const auto& e : entries) out.rows.push_back(incident::log_row(e));
        s.print(out);
    }
    return 0;
}

int form_cmd(const cli::SharedOptions& shared, const std::string& id, const std::string& lang) {
    incident::Lang language = lang_of(lang);
    cli::Session s = cli::open_command(shared, "form", Level::viewer, cli::Needs::store);
    auto e = incident::gather_entry(*s.db, id, now());
    if (s.options.format == "html") std::cout << incident::form_html(s.policy, e, language);
    else std::cout << incident::form_markdown(s.policy, e, language);
    return 0;
}

int stats_cmd(const cli::SharedOptions& shared, const PeriodOptions& o) {
    cli::Session s = cli::open_command(shared, "stats", Level::viewer, cli::Needs::store);
    auto [from, to, label] = period_of(s, o);
    io::Records out;
    out.columns = {{"dimension"}, {"key"}, {"name"}, {"value"}};
    for (auto& row : incident::stats_rows(s.policy, incident::gather_log(*s.db, from, to, now()))) out.rows.push_back(row);
    s.print(out);
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    cli::start(tool);
    CLI::App app{_("The incident register: deadlines, reports to superiors, evidence and the security log."), tool};
    app.set_version_flag("--version", std::string(tool) + " " NETSEC_VERSION);
    cli::SharedOptions shared;
    cli::add_shared_options(app, shared);
    app.require_subcommand(1);
    std::function<int()> action;

    OpenOptions oo;
    auto* open = app.add_subcommand("open", _("record a new incident; prints its id and reporting deadline"));
    cli::declare_formats(*open, cli::records());
    open->add_option("--category", oo.category, _("category code, e.g. MAL, DEF, ACCT (see the policy)"))->required();
    open->add_option("--subtype", oo.subtype, _("for DEF: which kind of prohibited content"));
    open->add_option("--grade", oo.grade, _("I, II, III, IV (most to least severe) or 0 (hidden danger)"))->required();
    open->add_option("--title", oo.title, _("a short title"))->required();
    open->add_option("--description", oo.description, _("what happened"));
    open->add_option("--discovered-at", oo.discovered_at, _("when it was discovered (default: now); the clock starts here"))
        ->type_name("TIME");
    open->add_option("--asset", oo.asset, _("the machine's asset tag"))->type_name("TAG");
    open->add_option("--account", oo.account, _("the account involved"))->type_name("USER");
    open->add_flag("--suspected-crime", oo.crime, _("also report to the police within reporting.police_within"));
    open->add_option("--rectify-by", oo.rectify_by, _("a notice's own rectification deadline"))->type_name("TIME");
    open->callback([&] { action = [&] { return open_cmd(shared, oo); }; });

    ReportOptions ro;
    auto* report = app.add_subcommand("report", _("record a report to superiors or the police; stops its clock"));
    report->add_option("id", ro.id, _("incident id"))->required();
    report->add_option("--to", ro.to, _("recipient code from incidents.recipients, e.g. bureau or police"))->required();
    report->add_option("--channel", ro.channel, _("phone, document, online or in_person"))->required();
    report->add_option("--ref", ro.ref, _("document number, call record or receipt"))->required();
    report->add_option("--at", ro.at, _("when it was reported (default: now)"))->type_name("TIME");
    report->callback([&] { action = [&] { return report_cmd(shared, ro); }; });

    std::string id, lang, text, who, reason, resolution, lessons, at, note, dir;
    std::int64_t corrects = 0, step_n = 0;
    auto* form = app.add_subcommand("form", _("print the filled-in report form (-f markdown or html)"));
    cli::declare_formats(*form, cli::document());
    form->add_option("id", id, _("incident id"))->required();
    form->add_option("--lang", lang, _("zh or en (default: from LANG)"));
    form->callback([&] { action = [&] { return form_cmd(shared, id, lang); }; });

    auto* note_cmd = app.add_subcommand("note", _("append a note to the timeline (append-only)"));
    note_cmd->add_option("id", id, _("incident id"))->required();
    note_cmd->add_option("text", text, _("the note"))->required();
    note_cmd->add_option("--corrects", corrects, _("the timeline entry this note corrects"))->type_name("ENTRY");
    note_cmd->callback([&] {
        action = [&] {
            cli::Session s = cli::open_command(shared, "note", Level::operator_);
            auto row = incident::add_note(*s.db, s.origin(), id, text,
                                          corrects > 0 ? std::optional<std::int64_t>(corrects) : std::nullopt, now());
            s.notice(_f("{}: timeline entry {} added", id, row.id));
            return 0;
        };
    });

    auto* step = app.add_subcommand("step", _("mark a checklist step done: step ID N done"));
    std::string done_word;
    step->add_option("id", id, _("incident id"))->required();
    step->add_option("n", step_n, _("step number"))->required()->check(CLI::PositiveNumber);
    step->add_option("done", done_word, _("the word 'done'"))->required()->check(CLI::IsMember({"done"}));
    step->add_option("--note", note, _("what was done, e.g. machines cleaned"));
    step->callback([&] {
        action = [&] {
            cli::Session s = cli::open_command(shared, "step", Level::operator_);
            auto st = incident::mark_step(*s.db, s.origin(), id, step_n, note, now());
            s.notice(_f("{}: step {} done: {}", id, st.n, st.text));
            return 0;
        };
    });

    std::string grade;
    auto* regrade = app.add_subcommand("regrade", _("change the grade, with a reason; upgrading can make it overdue"));
    regrade->add_option("id", id, _("incident id"))->required();
    regrade->add_option("grade", grade, _("the new grade"))->required();
    regrade->add_option("--reason", reason, _("why"))->required();
    regrade->callback([&] {
        action = [&] {
            cli::Session s = cli::open_command(shared, "regrade", Level::admin);
            auto inc = incident::regrade(*s.db, s.policy, s.origin(), id, grade, reason, now());
            s.notice(_f("{}: grade {}; report due {}", id, inc.grade,
                        s.local(timeutil::parse_time(inc.report_due_at, "UTC"))));
            return 0;
        };
    });

    auto* assign = app.add_subcommand("assign", _("name who handles it"));
    assign->add_option("id", id, _("incident id"))->required();
    assign->add_option("who", who, _("the person"))->required();
    assign->callback([&] {
        action = [&] {
            cli::Session s = cli::open_command(shared, "assign", Level::operator_);
            incident::assign(*s.db, s.origin(), id, who, now());
            return 0;
        };
    });

    auto* close = app.add_subcommand("close", _("close with a resolution and the lessons learned"));
    close->add_option("id", id, _("incident id"))->required();
    close->add_option("--resolution", resolution, _("how it ended"))->required();
    close->add_option("--lessons", lessons, _("what the school learned"));
    close->add_option("--at", at, _("when it was closed (default: now)"))->type_name("TIME");
    close->callback([&] {
        action = [&] {
            cli::Session s = cli::open_command(shared, "close", Level::operator_);
            incident::close_incident(*s.db, s.origin(), id, resolution, lessons, s.time_or_now(at), now());
            s.notice(_f("{}: closed", id));
            return 0;
        };
    });

    auto* reopen = app.add_subcommand("reopen", _("reopen a closed incident, with a reason"));
    reopen->add_option("id", id, _("incident id"))->required();
    reopen->add_option("--reason", reason, _("why"))->required();
    reopen->callback([&] {
        action = [&] {
            cli::Session s = cli::open_command(shared, "reopen", Level::admin);
            incident::reopen(*s.db, s.origin(), id, reason, now());
            return 0;
        };
    });

    ListOptions lo;
    auto* list = app.add_subcommand("list", _("list incidents"));
    cli::declare_formats(*list, cli::records());
    list->add_flag("--open", lo.open, _("open incidents only"));
    list->add_flag("--overdue", lo.overdue, _("only those with a clock past due"));
    list->add_option("--year", lo.year, _("discovered in this year"))->type_name("YYYY");
    list->add_option("--category", lo.category, _("of this category"));
    list->add_option("--grade", lo.grade, _("of this grade"));
    list->callback([&] { action = [&] { return list_cmd(shared, lo); }; });

    auto* show = app.add_subcommand("show", _("everything about one incident, with its timeline"));
    cli::declare_formats(*show, cli::records());
    show->add_option("id", id, _("incident id"))->required();
    show->callback([&] { action = [&] { return show_cmd(shared, id); }; });

    auto* overdue = app.add_subcommand("overdue", _("for cron: unreported incidents past their deadline; exit 1 if any"));
    cli::declare_formats(*overdue, cli::records());
    overdue->callback([&] { action = [&] { return overdue_cmd(shared); }; });

    std::string within;
    auto* due = app.add_subcommand("due", _("incidents whose deadline falls within a time"));
    cli::declare_formats(*due, cli::records());
    due->add_option("--within", within, _("e.g. 2h"))->required()->type_name("DURATION");
    due->callback([&] { action = [&] { return due_cmd(shared, within); }; });

    ImportOptions io_opts;
    auto* import = app.add_subcommand("import", _("open incidents from audit findings, or import past incidents"));
    cli::declare_formats(*import, cli::records());
    import->add_option("file", io_opts.file, _("CSV, TSV or JSON Lines file, or - for standard input"))->required();
    import->add_option("--input-format", io_opts.format, _("auto, jsonl, csv or tsv"));
    import->add_option("--encoding", io_opts.encoding, _("utf-8 or gbk"));
    import->callback([&] { action = [&] { return import_cmd(shared, io_opts); }; });

    PeriodOptions po;
    auto add_period = [&](CLI::App* cmd) {
        cmd->add_option("--year", po.year, _("a calendar year"))->type_name("YYYY");
        cmd->add_option("--from", po.from, _("first day"))->type_name("DATE");
        cmd->add_option("--to", po.to, _("last day"))->type_name("DATE");
    };
    auto* log = app.add_subcommand("log", _("the security log (安全日志) of a period: -f html, markdown or a table"));
    cli::declare_formats(*log, cli::records() + cli::document());
    add_period(log);
    log->add_option("--lang", po.lang, _("zh or en (default: from LANG)"));
    log->callback([&] { action = [&] { return log_cmd(shared, po); }; });

    auto* stats = app.add_subcommand("stats", _("counts by category and grade, time to report, on-time share"));
    cli::declare_formats(*stats, cli::records());
    add_period(stats);
    stats->callback([&] { action = [&] { return stats_cmd(shared, po); }; });

    auto* evidence = app.add_subcommand("evidence", _("keep, list, verify and export original records"));
    evidence->require_subcommand(1);
    std::vector<std::string> files;
    auto* ev_add = evidence->add_subcommand("add", _("copy files in, read-only, with their SHA-256"));
    cli::declare_formats(*ev_add, cli::records());
    ev_add->add_option("id", id, _("incident id"))->required();
    ev_add->add_option("files", files, _("the original records"))->required();
    ev_add->callback([&] {
        action = [&] {
            cli::Session s = cli::open_command(shared, "evidence add", Level::operator_);
            for (const auto& f : files) cli::require_caller_may_read(s, f);
            s.print(evidence_records(incident::add_evidence(*s.db, s.policy, s.origin(), id, files, now())));
            return 0;
        };
    });
    auto* ev_list = evidence->add_subcommand("list", _("list the evidence of an incident (journaled)"));
    cli::declare_formats(*ev_list, cli::records());
    ev_list->add_option("id", id, _("incident id"))->required();
    ev_list->callback([&] {
        action = [&] {
            cli::Session s = cli::open_command(shared, "evidence list", Level::viewer);
            s.print(evidence_records(incident::list_evidence(*s.db, s.origin(), id)));
            return 0;
        };
    });
    auto* ev_verify = evidence->add_subcommand("verify", _("re-hash stored evidence; exit 1 naming what changed"));
    cli::declare_formats(*ev_verify, cli::records());
    ev_verify->add_option("id", id, _("incident id (default: all)"));
    ev_verify->callback([&] {
        action = [&] {
            cli::Session s = cli::open_command(shared, "evidence verify", Level::viewer);
            auto checks = incident::verify_evidence(*s.db, s.policy, s.origin(), id);
            io::Records out;
            out.columns = {{"incident"}, {"evidence", io::Kind::integer}, {"name"}, {"status"}, {"sha256"},
                           {"found_sha256"}, {"journal_sha256", io::Kind::text, false}};
            bool bad = false;
            for (const auto& c : checks) {
                bad = bad || c.status != "ok";
                if (s.options.quiet && c.status == "ok") continue;
                out.rows.push_back({{"incident", c.evidence.incident_id}, {"evidence", c.evidence.id},
                                    {"name", c.evidence.name}, {"status", c.status}, {"sha256", c.evidence.sha256},
                                    {"found_sha256", c.found_sha256.empty() ? json() : json(c.found_sha256)},
                                    {"journal_sha256", c.journal_sha256.empty() ? json() : json(c.journal_sha256)}});
                if (c.status != "ok")
                    cli::warn(_f("{} evidence #{} '{}': {}", c.evidence.incident_id, c.evidence.id, c.evidence.name,
                                 c.status));
            }
            s.print(out);
            return bad ? int(Exit::finding) : 0;
        };
    });
    auto* ev_export = evidence->add_subcommand("export", _("copy the evidence out with a SHA256SUMS file"));
    ev_export->add_option("id", id, _("incident id"))->required();
    ev_export->add_option("dir", dir, _("folder to write (created)"))->required();
    ev_export->callback([&] {
        action = [&] {
            cli::Session s = cli::open_command(shared, "evidence export", Level::admin);
            auto written = incident::export_evidence(*s.db, s.policy, s.origin(), id, dir);
            s.notice(_f("exported {} files to '{}'; check them with: cd '{}' && sha256sum -c SHA256SUMS",
                        written.size() - 1, dir, dir));
            return 0;
        };
    });

    return cli::run_main(app, argc, argv, [&] { return action(); });
}
