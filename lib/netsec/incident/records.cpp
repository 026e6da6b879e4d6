#include "netsec/incident/records.hpp"

#include "netsec/core/i18n.hpp"
#include "netsec/core/period.hpp"

#include <set>

namespace netsec::incident {

using json = nlohmann::ordered_json;
using io::Column;
using io::Kind;

namespace {
json or_null(const std::string& value) { return value.empty() ? json() : json(value); }

io::Records with_columns(const std::vector<Column>& columns) {
    io::Records out;
    out.columns = columns;
    return out;
}
} // namespace

std::vector<LogEntry> find_incidents(store::Db& db, const ListQuery& query, Instant now) {
    store::IncidentFilter f;
    f.open_only = query.open_only || query.overdue_only;
    if (query.year) f.year = check_year(query.year); // 1970 to 9999, else exit 64 naming --year
    f.category = query.category;
    if (!query.grade.empty()) f.grade = parse_grade(query.grade);
    if (query.from) f.from = timeutil::format_rfc3339(*query.from);
    if (query.to) f.to = timeutil::format_rfc3339(*query.to);
    f.search = query.search;
    f.asset = query.asset;
    std::set<std::string> late;
    if (query.overdue_only)
        for (const auto& l : overdue(db, now)) late.insert(l.incident.id);
    std::vector<LogEntry> out;
    for (auto& inc : store::list_incidents(db, f)) {
        if (query.overdue_only && !late.count(inc.id)) continue;
        out.push_back(gather_entry(db, std::move(inc), now));
    }
    return out;
}

const std::vector<Column>& incident_fields() {
    static const std::vector<Column> fields = {
        {"incident_id"},
        {"category"},
        {"subtype", Kind::text, false},
        {"grade"},
        {"title"},
        {"status"},
        {"discovered_at", Kind::time},
        {"report_due_at", Kind::time},
        {"reported_at", Kind::time},
        {"recipient", Kind::text, false},
        {"channel", Kind::text, false},
        {"reference", Kind::text, false},
        {"report_state"},
        {"police_state", Kind::text, false},
        {"evidence_count", Kind::integer, false},
        {"assignee", Kind::text, false},
        {"closed_at", Kind::time, false},
        {"resolution", Kind::text, false},
        {"lessons", Kind::text, false},
        {"voided_at", Kind::time, false},
        {"void_reason", Kind::text, false},
        {"duplicate_of_id", Kind::text, false},
    };
    return fields;
}

io::Records incident_records(const std::vector<LogEntry>& entries) {
    io::Records out = with_columns(incident_fields());
    for (const auto& e : entries) out.rows.push_back(log_row(e));
    return out;
}

const std::vector<Column>& show_fields() {
    static const std::vector<Column> fields = [] {
        std::vector<Column> f = incident_fields();
        for (const char* name : {"description", "asset", "account"}) f.push_back({name});
        f.push_back({"opened_at", Kind::time});
        for (const char* name : {"operator", "fingerprint", "source", "title_zh"}) f.push_back({name});
        // The lists, and the fields of their items.
        f.push_back({"clocks", Kind::json});
        f.push_back({"clock"});
        f.push_back({"due_at", Kind::time});
        f.push_back({"met_at", Kind::time});
        f.push_back({"state"});
        f.push_back({"reports", Kind::json});
        f.push_back({"role"});
        f.push_back({"steps", Kind::json});
        f.push_back({"n", Kind::integer});
        f.push_back({"text"});
        f.push_back({"done_at", Kind::time});
        f.push_back({"note"});
        f.push_back({"evidence", Kind::json});
        for (const auto& c : evidence_fields())
            if (c.name != "incident_id" && c.name != "operator") f.push_back(c);
        f.push_back({"timeline", Kind::json});
        f.push_back({"entry_id", Kind::integer});
        f.push_back({"recorded_at", Kind::time});
        f.push_back({"kind"});
        f.push_back({"corrects", Kind::integer});
        f.push_back({"details", Kind::json});
        return f;
    }();
    return fields;
}

json incident_document(const LogEntry& e) {
    json doc = log_row(e);
    doc["description"] = or_null(e.incident.description);
    doc["asset"] = or_null(e.incident.asset);
    doc["account"] = or_null(e.incident.account);
    doc["opened_at"] = e.incident.opened_at;
    doc["operator"] = e.incident.opened_by;
    doc["fingerprint"] = or_null(e.incident.fingerprint);
    doc["source"] = e.incident.source;
    doc["title_zh"] = or_null(e.incident.title_zh);
    json clocks = json::array();
    for (const auto& c : e.clocks)
        clocks.push_back({{"clock", c.kind},
                          {"due_at", timeutil::format_rfc3339(c.due)},
                          {"met_at", c.met ? json(timeutil::format_rfc3339(*c.met)) : json()},
                          {"state", c.state}});
    doc["clocks"] = clocks;
    json reports = json::array();
    for (const auto& r : e.reports)
        reports.push_back({{"recipient", r.recipient},
                           {"role", r.role},
                           {"channel", r.channel},
                           {"reference", r.reference},
                           {"reported_at", r.reported_at},
                           {"operator", r.recorded_by}});
    doc["reports"] = reports;
    json steps = json::array();
    for (const auto& st : e.steps)
        steps.push_back({{"n", st.n},
                         {"text", st.text},
                         {"done_at", or_null(st.done_at)},
                         {"operator", or_null(st.done_by)},
                         {"note", or_null(st.note)}});
    doc["steps"] = steps;
    json evidence = json::array();
    for (const auto& ev : e.evidence)
        evidence.push_back({{"evidence_id", ev.id},
                            {"name", ev.name},
                            {"sha256", ev.sha256},
                            {"size_bytes", ev.size},
                            {"operator", ev.added_by},
                            {"added_at", ev.added_at}});
    doc["evidence"] = evidence;
    json timeline = json::array();
    for (const auto& t : e.timeline)
        timeline.push_back({{"entry_id", t.id},
                            {"recorded_at", t.at},
                            {"operator", t.actor},
                            {"kind", t.kind},
                            {"text", t.text},
                            {"corrects", t.corrects ? json(*t.corrects) : json()},
                            {"details", json::parse(t.details, nullptr, false)}});
    doc["timeline"] = timeline;
    return doc;
}

const std::vector<Column>& opened_fields() {
    static const std::vector<Column> fields = {{"incident_id"},
                                               {"grade"},
                                               {"report_due_at", Kind::time},
                                               {"police_due_at", Kind::time},
                                               {"rectify_due_at", Kind::time}};
    return fields;
}

io::Records opened_record(const Incident& inc) {
    io::Records out = with_columns(opened_fields());
    out.rows.push_back({{"incident_id", inc.id},
                        {"grade", inc.grade},
                        {"report_due_at", inc.report_due_at},
                        {"police_due_at", or_null(inc.police_due_at)},
                        {"rectify_due_at", or_null(inc.rectify_by)}});
    return out;
}

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

const std::vector<Column>& late_fields(Lateness lateness) {
    static const std::vector<Column> overdue_fields = {{"incident_id"}, {"clock"}, {"due_at", Kind::time},
                                                       {"overdue_by"},  {"grade"}, {"title"}};
    static const std::vector<Column> due_fields = {{"incident_id"}, {"clock"}, {"due_at", Kind::time},
                                                   {"due_in"},      {"grade"}, {"title"}};
    return lateness == Lateness::overdue ? overdue_fields : due_fields;
}

io::Records late_records(const std::vector<Late>& late, Lateness lateness, Instant now) {
    io::Records out = with_columns(late_fields(lateness));
    const bool past = lateness == Lateness::overdue;
    const char* gap_field = past ? "overdue_by" : "due_in";
    for (const auto& l : late)
        out.rows.push_back({{"incident_id", l.incident.id},
                            {"clock", l.clock.kind},
                            {"due_at", timeutil::format_rfc3339(l.clock.due)},
                            {gap_field, format_gap(past ? now - l.clock.due : l.clock.due - now)},
                            {"grade", l.incident.grade},
                            {"title", l.incident.title}});
    return out;
}

const std::vector<Column>& evidence_fields() {
    static const std::vector<Column> fields = {
        {"incident_id"}, {"evidence_id", Kind::integer}, {"name"}, {"size_bytes", Kind::integer}, {"sha256"},
        {"operator"},    {"added_at", Kind::time}};
    return fields;
}

io::Records evidence_records(const std::vector<store::EvidenceRow>& rows) {
    io::Records out = with_columns(evidence_fields());
    for (const auto& e : rows)
        out.rows.push_back({{"incident_id", e.owner},
                            {"evidence_id", e.id},
                            {"name", e.name},
                            {"size_bytes", e.size},
                            {"sha256", e.sha256},
                            {"operator", e.added_by},
                            {"added_at", e.added_at}});
    return out;
}

const std::vector<Column>& evidence_check_fields() {
    static const std::vector<Column> fields = {
        {"incident_id"},  {"evidence_id", Kind::integer},       {"name"}, {"status"}, {"sha256"},
        {"found_sha256"}, {"journal_sha256", Kind::text, false}};
    return fields;
}

io::Records evidence_check_records(const std::vector<EvidenceCheck>& checks, bool bad_only) {
    io::Records out = with_columns(evidence_check_fields());
    for (const auto& c : checks) {
        if (bad_only && c.status == "ok") continue;
        out.rows.push_back({{"incident_id", c.evidence.owner},
                            {"evidence_id", c.evidence.id},
                            {"name", c.evidence.name},
                            {"status", c.status},
                            {"sha256", c.evidence.sha256},
                            {"found_sha256", or_null(c.found_sha256)},
                            {"journal_sha256", or_null(c.journal_sha256)}});
    }
    return out;
}

const std::vector<Column>& finding_outcome_fields() {
    static const std::vector<Column> fields = {{"fingerprint"}, {"action"}, {"incident_id"}};
    return fields;
}

io::Records finding_outcome_records(const std::vector<FindingOutcome>& outcomes, bool opened_only) {
    io::Records out = with_columns(finding_outcome_fields());
    for (const auto& o : outcomes) {
        if (opened_only && o.action != "opened") continue;
        out.rows.push_back(
            {{"fingerprint", o.fingerprint}, {"action", o.action}, {"incident_id", or_null(o.incident_id)}});
    }
    return out;
}

const std::vector<Column>& import_fields() {
    static const std::vector<Column> fields = [] {
        std::vector<Column> f = finding_outcome_fields();
        for (const auto& c : incident_fields())
            if (c.name != "incident_id") f.push_back(c);
        return f;
    }();
    return fields;
}

const std::vector<Column>& stats_fields() {
    static const std::vector<Column> fields = {{"dimension"}, {"key"}, {"name"}, {"value"}};
    return fields;
}

io::Records stats_records(const policy::Policy& policy, const std::vector<LogEntry>& entries) {
    io::Records out = with_columns(stats_fields());
    out.rows = stats_rows(policy, entries);
    return out;
}

std::optional<Clock> clock_stopped_by_report(store::Db& db, const store::ReportRow& report, Instant now) {
    const char* kind = report.role == "superior" ? "report" : report.role == "police" ? "police" : nullptr;
    if (!kind) return std::nullopt;
    for (const auto& c :
         clocks_of(get_incident(db, report.incident_id), store::reports_of(db, report.incident_id), now))
        if (c.met && c.kind == kind) return c;
    return std::nullopt;
}

std::vector<std::string> select_incidents(store::Db& db, const io::Selection& selection) {
    io::Resolver<std::string> r;
    r.key = "incident_id";
    r.not_done = _("nothing was changed");
    r.not_done_unknown = _("nothing was changed");
    r.find = [&](const std::string& id) -> std::optional<std::string> {
        if (auto inc = store::find_incident(db, id)) return inc->id;
        return std::nullopt;
    };
    r.match = [](const std::string&) { return std::vector<std::string>{}; };
    r.key_of = [](const std::string& id) { return id; };
    r.unknown = [](const std::string& id) { return _f("no incident '{}'; 'netsec-incident list' shows them", id); };
    r.no_match = [](const std::string& pattern) { return _f("no incident matching '{}'", pattern); };
    r.no_key = [](const std::string&) { return _("no 'incident_id' in this record"); };
    return io::select(selection, r);
}

io::Selection read_selection(const std::vector<std::string>& ids, std::istream& in) {
    io::SelectionOptions o;
    o.key = "incident_id";
    o.nothing_named = _("name the incidents: ids, or - to read them from standard input");
    o.not_done = _("nothing was changed");
    return io::read_selection({ids, ""}, o, in);
}

} // namespace netsec::incident
