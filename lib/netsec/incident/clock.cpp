#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/incident/incident.hpp"

namespace netsec::incident {
namespace {

Instant at(const std::string& rfc3339) { return timeutil::parse_time(rfc3339, "UTC"); }

Clock make_clock(std::string kind, Instant due, std::optional<Instant> met, bool missed_anyway, Instant now) {
    Clock c{std::move(kind), due, met, ""};
    if (met)
        c.state = (*met <= due && !missed_anyway) ? "on_time" : "late";
    else
        c.state = (now > due || missed_anyway) ? "overdue" : "pending";
    return c;
}

} // namespace

std::string parse_grade(const std::string& text) {
    for (const char* g : {"I", "II", "III", "IV", "0"})
        if (text == g) return text;
    throw Error(Exit::usage, _f("unknown grade '{}': expected I, II, III, IV (most to least severe) or 0 (hidden "
                                "danger, internal)",
                                text));
}

int grade_rank(const std::string& grade) {
    if (grade == "I") return 4;
    if (grade == "II") return 3;
    if (grade == "III") return 2;
    if (grade == "IV") return 1;
    return 0;
}

const Labels& grade_labels() {
    static const Labels all = {{"I", "特别重大", "especially serious"},
                               {"II", "重大", "serious"},
                               {"III", "较大", "relatively serious"},
                               {"IV", "一般", "ordinary"},
                               {"0", "隐患/可疑", "hidden danger or suspicious"}};
    return all;
}

std::string parse_channel(const std::string& text) {
    for (const char* c : {"phone", "document", "online", "in_person"})
        if (text == c) return text;
    throw Error(Exit::usage, _f("unknown channel '{}': expected phone, document, online or in_person", text));
}

namespace {

// The first report to a recipient of `role`, if any.
std::optional<Instant> first_report(const std::vector<store::ReportRow>& reports, const char* role) {
    std::optional<Instant> met;
    for (const auto& r : reports)
        if (r.role == role) {
            Instant t = at(r.reported_at);
            if (!met || t < *met) met = t;
        }
    return met;
}

// A void incident's clocks stop where they are: one met keeps its verdict, one unmet is void.
Clock stopped_if_void(Clock c, const Incident& inc) {
    if (is_void(inc) && !c.met) c.state = "void";
    return c;
}

} // namespace

bool is_void(const Incident& incident) { return !incident.voided_at.empty(); }

std::string status_of(const Incident& incident) { return is_void(incident) ? "void" : incident.status; }

Clock report_clock(const Incident& inc, const std::vector<store::ReportRow>& reports, Instant now) {
    return stopped_if_void(
        make_clock("report", at(inc.report_due_at), first_report(reports, "superior"), inc.report_missed, now), inc);
}

std::vector<Clock> clocks_of(const Incident& inc, const std::vector<store::ReportRow>& reports, Instant now) {
    std::vector<Clock> clocks{report_clock(inc, reports, now)};
    if (!inc.police_due_at.empty())
        clocks.push_back(stopped_if_void(
            make_clock("police", at(inc.police_due_at), first_report(reports, "police"), false, now), inc));
    if (!inc.rectify_by.empty()) {
        std::optional<Instant> met;
        if (inc.status == "closed" && !inc.closed_at.empty()) met = at(inc.closed_at);
        clocks.push_back(stopped_if_void(make_clock("rectify", at(inc.rectify_by), met, false, now), inc));
    }
    return clocks;
}

std::vector<Late> overdue(store::Db& db, Instant now) {
    std::vector<Late> out;
    store::IncidentFilter open_only;
    open_only.open_only = true;
    for (const auto& inc : store::list_incidents(db, open_only))
        for (const auto& c : clocks_of(inc, store::reports_of(db, inc.id), now))
            if (c.state == "overdue") out.push_back({inc, c});
    return out;
}

std::vector<Late> due_within(store::Db& db, Instant now, timeutil::Duration within) {
    std::vector<Late> out;
    store::IncidentFilter open_only;
    open_only.open_only = true;
    for (const auto& inc : store::list_incidents(db, open_only))
        for (const auto& c : clocks_of(inc, store::reports_of(db, inc.id), now))
            if (c.state == "pending" && c.due <= now + within) out.push_back({inc, c});
    return out;
}

} // namespace netsec::incident
