// The reporting clocks: when a deadline is met, missed, or still running.
#include "netsec/core/error.hpp"
#include "netsec/incident/incident.hpp"
#include "school_fixture.hpp"

#include <doctest/doctest.h>

using namespace netsec;
using netsec::test::utc;

namespace {

incident::Incident incident_due(const std::string& due) {
    incident::Incident inc;
    inc.id = "INC-2026-0001";
    inc.discovered_at = "2026-03-01T00:00:00Z";
    inc.report_due_at = due;
    return inc;
}

store::ReportRow report_at(const std::string& recipient, const std::string& at) {
    store::ReportRow r;
    r.incident_id = "INC-2026-0001";
    r.recipient = recipient;
    r.channel = "phone";
    r.reference = "ref";
    r.reported_at = at;
    r.role = recipient == "police" ? "police" : recipient == "bureau" ? "superior" : "internal";
    return r;
}

} // namespace

TEST_CASE("a report exactly at the deadline is on time, a second later is late") {
    auto inc = incident_due("2026-03-01T12:00:00Z");
    auto now = utc("2026-03-02T00:00:00Z");
    CHECK(incident::report_clock(inc, {report_at("bureau", "2026-03-01T12:00:00Z")}, now).state == "on_time");
    CHECK(incident::report_clock(inc, {report_at("bureau", "2026-03-01T12:00:01Z")}, now).state == "late");
}

TEST_CASE("an unmet clock is pending up to its deadline and overdue after it") {
    auto inc = incident_due("2026-03-01T12:00:00Z");
    CHECK(incident::report_clock(inc, {}, utc("2026-03-01T12:00:00Z")).state == "pending");
    CHECK(incident::report_clock(inc, {}, utc("2026-03-01T12:00:01Z")).state == "overdue");
}

TEST_CASE("the earliest report stops the clock, whatever order the reports come in") {
    auto inc = incident_due("2026-03-01T12:00:00Z");
    auto c = incident::report_clock(
        inc, {report_at("bureau", "2026-03-01T13:00:00Z"), report_at("bureau", "2026-03-01T11:00:00Z")},
        utc("2026-03-02T00:00:00Z"));
    REQUIRE(c.met);
    CHECK(timeutil::format_rfc3339(*c.met) == "2026-03-01T11:00:00Z");
    CHECK(c.state == "on_time");
}

TEST_CASE("a report to the police stops the police clock and not the report clock") {
    auto inc = incident_due("2026-03-01T12:00:00Z");
    inc.police_due_at = "2026-03-02T00:00:00Z";
    auto clocks = incident::clocks_of(inc, {report_at("police", "2026-03-01T01:00:00Z")}, utc("2026-03-01T13:00:00Z"));
    REQUIRE(clocks.size() == 2);
    CHECK(clocks[0].kind == "report");
    CHECK(clocks[0].state == "overdue");
    CHECK(clocks[1].kind == "police");
    CHECK(clocks[1].state == "on_time");
}

TEST_CASE("the rectify clock is stopped by closing the incident") {
    auto inc = incident_due("2026-03-01T12:00:00Z");
    inc.rectify_by = "2026-03-10T00:00:00Z";
    inc.status = "closed";
    inc.closed_at = "2026-03-11T00:00:00Z";
    auto clocks = incident::clocks_of(inc, {}, utc("2026-03-12T00:00:00Z"));
    REQUIRE(clocks.size() == 2);
    CHECK(clocks[1].kind == "rectify");
    CHECK(clocks[1].state == "late");
}

TEST_CASE("a deadline marked missed stays missed: overdue while unreported, late once reported") {
    auto inc = incident_due("2026-03-02T00:00:00Z");
    inc.report_missed = true;
    auto now = utc("2026-03-01T06:00:00Z");
    CHECK(incident::report_clock(inc, {}, now).state == "overdue");
    CHECK(incident::report_clock(inc, {report_at("bureau", "2026-03-01T05:00:00Z")}, now).state == "late");
}

TEST_CASE("grades read I to IV and 0, ranked from the most severe") {
    CHECK(incident::parse_grade("III") == "III");
    CHECK_THROWS_WITH_AS(
        incident::parse_grade("iv"),
        "unknown grade 'iv': expected I, II, III, IV (most to least severe) or 0 (hidden danger, internal)", Error);
    CHECK(incident::grade_rank("I") > incident::grade_rank("II"));
    CHECK(incident::grade_rank("II") > incident::grade_rank("III"));
    CHECK(incident::grade_rank("III") > incident::grade_rank("IV"));
    CHECK(incident::grade_rank("IV") > incident::grade_rank("0"));
    CHECK(label_of(incident::grade_labels(), "IV", Lang::zh) == "一般");
}

TEST_CASE("a report to an internal recipient stops no clock; only a superior stops the report clock") {
    auto inc = incident_due("2026-03-01T12:00:00Z");
    inc.police_due_at = "2026-03-02T00:00:00Z";
    auto now = utc("2026-03-03T00:00:00Z");
    auto clocks = incident::clocks_of(inc, {report_at("leadership", "2026-03-01T01:00:00Z")}, now);
    REQUIRE(clocks.size() == 2);
    CHECK(clocks[0].state == "overdue");
    CHECK_FALSE(clocks[0].met);
    CHECK(clocks[1].state == "overdue");
    clocks = incident::clocks_of(
        inc, {report_at("leadership", "2026-03-01T01:00:00Z"), report_at("bureau", "2026-03-01T13:00:00Z")}, now);
    CHECK(clocks[0].state == "late");
    CHECK(clocks[1].state == "overdue"); // the bureau is not the police
}

TEST_CASE("a void incident's unmet clocks are void, a met one keeps its verdict") {
    auto inc = incident_due("2026-03-01T12:00:00Z");
    inc.police_due_at = "2026-03-02T00:00:00Z";
    inc.voided_at = "2026-03-01T02:00:00Z";
    auto clocks = incident::clocks_of(inc, {report_at("bureau", "2026-03-01T01:00:00Z")}, utc("2026-03-05T00:00:00Z"));
    REQUIRE(clocks.size() == 2);
    CHECK(clocks[0].state == "on_time");
    CHECK(clocks[1].state == "void");
    CHECK(incident::status_of(inc) == "void");
}
