// Imports: audit findings open one incident per failing fingerprint; past incidents go in all
// or nothing, once.
#include "netsec/core/error.hpp"
#include "netsec/incident/import.hpp"
#include "netsec/journal/journal.hpp"
#include "school_fixture.hpp"

#include <doctest/doctest.h>

using namespace netsec;
using netsec::test::incident_origin;
using netsec::test::utc;

namespace {

io::Record record(std::size_t line, nlohmann::ordered_json fields) {
    io::Record r;
    r.line = line;
    r.fields = std::move(fields);
    return r;
}

io::Record finding_row(std::size_t line, const std::string& status, const std::string& severity,
                       const std::string& fingerprint, const std::string& check = "ACCT-0103") {
    return record(line, {{"check_id", check},
                         {"status", status},
                         {"severity", severity},
                         {"subject", "t01"},
                         {"title", "shared"},
                         {"detail", ""},
                         {"fingerprint", fingerprint}});
}

const auto now = utc("2026-06-01T00:00:00Z");

} // namespace

TEST_CASE("a failing finding at or above the threshold opens one incident per fingerprint") {
    test::School s;
    std::vector<io::Record> findings = {finding_row(1, "fail", "high", "fp1"), finding_row(2, "fail", "medium", "fp2"),
                                        finding_row(3, "pass", "critical", "fp3"),
                                        finding_row(4, "fail", "critical", "fp1")};
    auto out = incident::import_findings(s.db, s.policy, incident_origin, findings, "f.jsonl", now);
    REQUIRE(out.size() == 4);
    CHECK(out[0].action == "opened");
    CHECK(out[1].action == "below_threshold");
    CHECK(out[2].action == "not_failing");
    CHECK(out[3].action == "already_open");
    CHECK(out[3].incident_id == out[0].incident_id);
    auto again = incident::import_findings(s.db, s.policy, incident_origin, findings, "f.jsonl", now);
    CHECK(again[0].action == "already_open");
    CHECK(store::list_incidents(s.db, {}).size() == 1);
}

TEST_CASE("a finding without a fingerprint names source:line and opens nothing") {
    test::School s;
    auto bad = finding_row(2, "fail", "high", "");
    CHECK_THROWS_WITH_AS(incident::import_findings(s.db, s.policy, incident_origin,
                                                   {finding_row(1, "fail", "high", "fp1"), bad}, "f.jsonl", now),
                         "f.jsonl:2: a finding needs 'fingerprint'\nnothing was imported", Error);
    CHECK(store::list_incidents(s.db, {}).empty());
}

TEST_CASE("a check's prefix chooses the category") {
    CHECK(incident::category_for_check("ACCT-STALE") == "ACCT");
    CHECK(incident::category_for_check("AV-SIGNATURES") == "MAL");
    CHECK(incident::category_for_check("BKP-TWO-COPIES") == "DATA");
    CHECK(incident::category_for_check("WEB-TLS") == "VULN");
}

TEST_CASE("a past incident comes in with its report and closure, and only once") {
    test::School s;
    std::vector<io::Record> rows = {record(2, {{"category", "MAL"},
                                               {"grade", "IV"},
                                               {"title", "virus"},
                                               {"discovered_at", "2025-09-01 08:00"},
                                               {"recipient", "bureau"},
                                               {"channel", "phone"},
                                               {"reference", "call"},
                                               {"reported_at", "2025-09-01 10:00"},
                                               {"closed_at", "2025-09-02 08:00"},
                                               {"resolution", "cleaned"}})};
    auto first = incident::import_incidents(s.db, s.policy, incident_origin, rows, "past.csv", now);
    REQUIRE(first.imported.size() == 1);
    auto inc = first.imported[0];
    CHECK(inc.id == "INC-2025-0001");
    CHECK(inc.status == "closed");
    CHECK(inc.source == "import");
    CHECK(incident::report_clock(inc, store::reports_of(s.db, inc.id), now).state == "on_time");
    auto second = incident::import_incidents(s.db, s.policy, incident_origin, rows, "past.csv", now);
    CHECK(second.imported.empty());
    REQUIRE(second.already.size() == 1);
    CHECK(second.already[0].id == inc.id);
}

TEST_CASE("every bad past row is named with its line, and nothing is written") {
    test::School s;
    std::vector<io::Record> rows = {
        record(2, {{"category", "MAL"}, {"grade", "IV"}, {"title", "good"}, {"discovered_at", "2025-09-01"}}),
        record(3, {{"category", "MAL"}, {"grade", "V"}, {"title", "bad grade"}, {"discovered_at", "2025-09-01"}}),
        record(4, {{"category", "MAL"},
                   {"grade", "IV"},
                   {"title", "closed early"},
                   {"discovered_at", "2025-09-02"},
                   {"closed_at", "2025-09-01"},
                   {"resolution", "r"}})};
    try {
        incident::import_incidents(s.db, s.policy, incident_origin, rows, "past.csv", now);
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == Exit::data);
        std::string what = e.what();
        CHECK(what.find("past.csv:3: unknown grade 'V'") != std::string::npos);
        CHECK(what.find("past.csv:4: closed_at is before discovered_at") != std::string::npos);
    }
    CHECK(store::list_incidents(s.db, {}).empty());
    CHECK(journal::verify_chain(s.db).entries == 0);
}

TEST_CASE("only findings of event checks open incidents; the rest, and INC-*, stay in the ledger") {
    test::School s;
    s.policy.incidents.events = {"ACCT-0103", "INC-0001"}; // even when named, INC-* is the register's own
    std::vector<io::Record> findings = {finding_row(1, "fail", "high", "a", "ACCT-0101"),
                                        finding_row(2, "fail", "critical", "b", "INC-0001"),
                                        finding_row(3, "fail", "high", "c", "ACCT-0103")};
    auto out = incident::import_findings(s.db, s.policy, incident_origin, findings, "f.jsonl", now);
    REQUIRE(out.size() == 3);
    CHECK(out[0].action == "not_event");
    CHECK(out[1].action == "not_event");
    CHECK(out[2].action == "opened");
    CHECK(incident::left_in_ledger(out) == 2);
    CHECK(incident::opened_from_findings(out) == 1);
}

TEST_CASE("a fingerprint with a closed or void incident opens none, unless fixed and quiet long enough") {
    test::School s;
    auto first = incident::import_findings(s.db, s.policy, incident_origin, {finding_row(1, "fail", "high", "fp")},
                                           "f.jsonl", now);
    REQUIRE(first[0].action == "opened");
    incident::void_incident(s.db, incident_origin, first[0].incident_id, "a test", "", now);
    auto again = incident::import_findings(s.db, s.policy, incident_origin, {finding_row(1, "fail", "high", "fp")},
                                           "f.jsonl", now + std::chrono::hours(24));
    CHECK(again[0].action == "already_recorded");
    CHECK(again[0].incident_id == first[0].incident_id);

    auto fixed_then = [&](const std::string& fixed, const std::string& seen, const char* key) {
        auto r = finding_row(1, "fail", "high", "fp");
        r.fields["last_fixed_at"] = fixed;
        r.fields[key] = seen;
        return r;
    };
    auto later = now + std::chrono::hours(24 * 90);
    // fixed for 10 days only: the same event still
    auto short_quiet = incident::import_findings(
        s.db, s.policy, incident_origin, {fixed_then("2026-06-10T00:00:00Z", "2026-06-20T00:00:00Z", "first_seen_at")},
        "f.jsonl", later);
    CHECK(short_quiet[0].action == "already_recorded");
    // fixed for 30 days (reopen_after), under the audit's older field name: a new event
    auto long_quiet = incident::import_findings(
        s.db, s.policy, incident_origin, {fixed_then("2026-06-10T00:00:00Z", "2026-07-10T00:00:00Z", "first_seen")},
        "f.jsonl", later);
    CHECK(long_quiet[0].action == "opened");
    CHECK(long_quiet[0].incident_id != first[0].incident_id);
    // fixed before the newest incident was opened: nothing new
    auto stale = incident::import_findings(
        s.db, s.policy, incident_origin, {fixed_then("2026-06-10T00:00:00Z", "2026-07-10T00:00:00Z", "first_seen_at")},
        "f.jsonl", later);
    CHECK(stale[0].action == "already_open");
}

TEST_CASE("an imported finding keeps its Chinese title beside the English") {
    test::School s;
    auto r = finding_row(1, "fail", "high", "fp");
    r.fields["title_zh"] = "账号出借";
    auto out = incident::import_findings(s.db, s.policy, incident_origin, {r}, "f.jsonl", now);
    auto inc = incident::get_incident(s.db, out[0].incident_id);
    CHECK(inc.title == "ACCT-0103 shared (t01)");
    CHECK(inc.title_zh == "ACCT-0103 账号出借（t01）");
}
