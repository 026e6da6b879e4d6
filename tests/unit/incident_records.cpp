// The register's records as the tools print them: every field a record carries is in its
// table, the names keep netsec(7) FIELDS, and list's query (--overdue is incident::overdue).
#include "netsec/core/error.hpp"
#include "netsec/incident/records.hpp"
#include "records_check.hpp"
#include "school_fixture.hpp"

#include <doctest/doctest.h>
#include <set>
#include <sstream>

using namespace netsec;
using netsec::test::incident_origin;
using netsec::test::utc;

namespace {

// Every key in `doc`, nested ones too, is in `declared`.
void check_keys_declared(const nlohmann::ordered_json& doc, const std::set<std::string>& declared) {
    if (doc.is_array())
        for (const auto& item : doc) check_keys_declared(item, declared);
    if (!doc.is_object()) return;
    for (const auto& [key, value] : doc.items()) {
        CHECK_MESSAGE(declared.count(key), key);
        if (key != "details") check_keys_declared(value, declared);
    }
}

} // namespace

TEST_CASE("list's records carry incident_id and every field of their table") {
    test::School s;
    auto inc = s.open("MAL", "IV", "2026-03-01T00:00:00Z");
    auto entries = incident::find_incidents(s.db, {}, utc("2026-06-01T00:00:00Z"));
    REQUIRE(entries.size() == 1);
    auto records = incident::incident_records(entries);
    REQUIRE(records.rows.size() == 1);
    CHECK(records.rows[0]["incident_id"] == inc.id);
    CHECK(records.rows.at(0).size() == incident::incident_fields().size());
    test::check_rows_declared(records);
}

TEST_CASE("list --overdue keeps the open incidents incident::overdue names") {
    test::School s;
    auto late = s.open("MAL", "IV", "2026-03-01T00:00:00Z", "2026-03-01T01:00:00Z");
    auto soon = s.open("MAL", "0", "2026-03-01T00:00:00Z", "2026-03-01T01:00:00Z");
    auto closed = s.open("MAL", "IV", "2026-03-01T00:00:00Z", "2026-03-01T01:00:00Z");
    incident::close_incident(s.db, incident_origin, closed.id, "done", "", utc("2026-03-01T02:00:00Z"),
                             utc("2026-03-01T02:00:00Z"));
    incident::ListQuery q;
    q.overdue_only = true;
    auto entries = incident::find_incidents(s.db, q, utc("2026-03-01T13:00:00Z")); // IV is due at 12:00
    REQUIRE(entries.size() == 1);
    CHECK(entries[0].incident.id == late.id);
    CHECK(incident::overdue(s.db, utc("2026-03-01T13:00:00Z")).size() == 1);
    q = {};
    q.grade = "0";
    entries = incident::find_incidents(s.db, q, utc("2026-03-01T13:00:00Z"));
    REQUIRE(entries.size() == 1);
    CHECK(entries[0].incident.id == soon.id);
}

TEST_CASE("list refuses an unknown grade naming it") {
    test::School s;
    incident::ListQuery q;
    q.grade = "5";
    CHECK_THROWS_WITH_AS(incident::find_incidents(s.db, q, utc("2026-03-01T00:00:00Z")),
                         "unknown grade '5': expected I, II, III, IV (most to least severe) or 0 (hidden danger, "
                         "internal)",
                         Error);
}

TEST_CASE("show's document names only declared fields, with operator for who acted") {
    test::School s;
    auto inc = s.open("MAL", "IV", "2026-03-01T00:00:00Z");
    incident::record_report(s.db, s.policy, incident_origin, inc.id, "bureau", "phone", "call 1",
                            utc("2026-03-01T01:00:00Z"), utc("2026-06-01T00:00:00Z"));
    incident::mark_step(s.db, incident_origin, inc.id, 1, "room unplugged", utc("2026-06-01T00:00:00Z"));
    auto doc = incident::incident_document(incident::gather_entry(s.db, inc.id, utc("2026-06-01T00:00:00Z")));
    check_keys_declared(doc, test::field_set(incident::show_fields()));
    CHECK(doc["incident_id"] == inc.id);
    CHECK(doc["operator"] == "alice");
    CHECK(doc["reports"][0]["operator"] == "alice");
    CHECK(doc["steps"][0]["operator"] == "alice");
    CHECK(doc["timeline"][0]["entry_id"] == 1);
    CHECK(doc["timeline"][0]["operator"] == "alice");
    CHECK(doc["timeline"][0].contains("recorded_at"));
}

TEST_CASE("open's record has rectify_due_at, null when the notice set none") {
    test::School s;
    auto records = incident::opened_record(s.open("DEF", "III", "2026-03-01T08:00:00Z"));
    test::check_rows_declared(records);
    auto row = records.rows.at(0);
    CHECK(row["incident_id"] == "INC-2026-0001");
    CHECK(row["police_due_at"] == "2026-03-02T08:00:00Z");
    CHECK(row["rectify_due_at"].is_null());
}

TEST_CASE("overdue and due print the gap as a duration") {
    test::School s;
    s.open("MAL", "IV", "2026-03-01T00:00:00Z", "2026-03-01T01:00:00Z");
    auto now = utc("2026-03-01T14:30:00Z");
    auto records = incident::late_records(incident::overdue(s.db, now), incident::Lateness::overdue, now);
    test::check_rows_declared(records);
    REQUIRE(records.rows.size() == 1);
    CHECK(records.rows[0]["overdue_by"] == "2h30m");
    CHECK(incident::format_gap(std::chrono::minutes(24 * 60 + 61)) == "1d1h1m");
    CHECK(incident::format_gap(std::chrono::seconds(59)) == "0m");
    CHECK(test::field_set(incident::late_fields(incident::Lateness::due)).count("due_in"));
}

TEST_CASE("evidence records name the incident and the evidence by their ids, the size in bytes") {
    store::EvidenceRow row;
    row.id = 7;
    row.owner = "INC-2026-0001";
    row.name = "a.log";
    row.size = 19;
    row.sha256 = std::string(64, 'a');
    row.added_by = "alice";
    row.added_at = "2026-03-01T10:00:00Z";
    auto records = incident::evidence_records({row});
    test::check_rows_declared(records);
    auto r = records.rows.at(0);
    CHECK(r["incident_id"] == "INC-2026-0001");
    CHECK(r["evidence_id"] == 7);
    CHECK(r["size_bytes"] == 19);
    CHECK(r["operator"] == "alice");

    incident::EvidenceCheck ok{row, "ok", row.sha256, row.sha256};
    incident::EvidenceCheck gone{row, "missing", "", row.sha256};
    CHECK(incident::evidence_check_records({ok, gone}, false).rows.size() == 2);
    auto bad = incident::evidence_check_records({ok, gone}, true);
    test::check_rows_declared(bad);
    REQUIRE(bad.rows.size() == 1);
    CHECK(bad.rows[0]["found_sha256"].is_null());
}

TEST_CASE("finding outcomes: incident_id null when none, only those opened when asked") {
    std::vector<incident::FindingOutcome> outcomes = {{"f1", "opened", "INC-2026-0001"}, {"f2", "not_failing", ""}};
    auto all = incident::finding_outcome_records(outcomes, false);
    test::check_rows_declared(all);
    REQUIRE(all.rows.size() == 2);
    CHECK(all.rows[1]["incident_id"].is_null());
    CHECK(incident::finding_outcome_records(outcomes, true).rows.size() == 1);
    CHECK(test::field_set(incident::import_fields()) == [] {
        auto n = test::field_set(incident::incident_fields());
        n.insert({"fingerprint", "action"});
        return n;
    }());
}

TEST_CASE("a report says which clock it stopped, by its recipient's role") {
    test::School s;
    auto inc = s.open("DEF", "IV", "2026-03-01T00:00:00Z");
    auto now = utc("2026-03-01T13:00:00Z");
    auto internal =
        incident::record_report(s.db, s.policy, incident_origin, inc.id, "leadership", "phone", "r0", now, now);
    CHECK_FALSE(incident::clock_stopped_by_report(s.db, internal, now));
    auto bureau = incident::record_report(s.db, s.policy, incident_origin, inc.id, "bureau", "phone", "r", now, now);
    auto report = incident::clock_stopped_by_report(s.db, bureau, now);
    REQUIRE(report);
    CHECK(report->kind == "report");
    CHECK(report->state == "late");
    incident::Report police = bureau;
    police.role = "police";
    CHECK_FALSE(incident::clock_stopped_by_report(s.db, police, now)); // no report to the police yet
}

TEST_CASE("change_each changes every incident named, standard input's too, and returns each outcome in order") {
    test::School s;
    auto a = s.open("OTH", "IV", "2026-03-01T00:00:00Z");
    auto b = s.open("OTH", "IV", "2026-03-01T01:00:00Z");
    auto now = utc("2026-03-02T00:00:00Z");
    std::istringstream in(b.id + "\n" + a.id + "\n");
    auto done = incident::change_each(s.db, {"-"}, in, [&](const std::string& id) {
        return incident::void_incident(s.db, incident_origin, id, "a test", "", now);
    });
    REQUIRE(done.size() == 2);
    CHECK(done[0].id == b.id);
    CHECK(done[1].id == a.id);
    CHECK(incident::is_void(incident::get_incident(s.db, a.id)));
    CHECK(incident::is_void(incident::get_incident(s.db, b.id)));
}

TEST_CASE("change_each writes none when the change of one incident fails") {
    test::School s;
    auto a = s.open("OTH", "IV", "2026-03-01T00:00:00Z");
    auto b = s.open("OTH", "IV", "2026-03-01T01:00:00Z");
    auto now = utc("2026-03-02T00:00:00Z");
    incident::void_incident(s.db, incident_origin, b.id, "a test", "", now); // voiding it again fails
    std::istringstream in;
    CHECK_THROWS_AS(incident::change_each(s.db, {a.id, b.id}, in,
                                          [&](const std::string& id) {
                                              return incident::void_incident(s.db, incident_origin, id, "again", "",
                                                                             now);
                                          }),
                    Error);
    CHECK_FALSE(incident::is_void(incident::get_incident(s.db, a.id)));
}

TEST_CASE("change_each changes nothing when one id is unknown") {
    test::School s;
    auto a = s.open("OTH", "IV", "2026-03-01T00:00:00Z");
    std::istringstream in;
    int changed = 0;
    CHECK_THROWS_AS(incident::change_each(s.db, {a.id, "INC-2026-0099"}, in,
                                          [&](const std::string& id) {
                                              ++changed;
                                              return id;
                                          }),
                    Error);
    CHECK(changed == 0);
}
