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
                       const std::string& fingerprint) {
    return record(line, {{"check_id", "ACCT-SHARED"},
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
