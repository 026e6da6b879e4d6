// The audit's records (audit/records): each printer's field table names every field its
// records carry, in the vocabulary of netsec(7) FIELDS, and the records hold what the run held.
// (audit_records.cpp tests the record *checks*; this file the output records.)
#include "netsec/audit/records.hpp"
#include "netsec/core/error.hpp"
#include "records_check.hpp"
#include "school_fixture.hpp"

#include <doctest/doctest.h>
#include <set>

using namespace netsec;
using test::utc;

TEST_CASE("finding records carry first_seen_at and every field of finding_fields") {
    test::School school;
    auto run = school.run({"ORG-0001"});
    auto r = audit::finding_records(run.findings);
    REQUIRE(r.rows.size() == 1);
    test::check_rows_match(r);
    const auto& row = r.rows[0];
    CHECK(row["run_id"] == 1);
    CHECK(row["check_id"] == "ORG-0001");
    CHECK(row["status"] == "pass");
    CHECK(row["first_seen_at"] == "2026-06-01T00:00:00Z");
    CHECK(row["checked_at"] == "2026-06-01T00:00:00Z");
    CHECK(row["exception"].is_null());
    CHECK_FALSE(row.contains("first_seen"));
}

TEST_CASE("the field tables keep the vocabulary: times end in _at, ids in _id, counts in _count") {
    std::set<std::string> all;
    for (const auto* table : {&audit::finding_fields(), &audit::check_fields(), &audit::explained_check_fields(),
                              &audit::change_fields(), &audit::run_fields()})
        for (const auto& c : *table) {
            all.insert(c.name);
            if (c.kind == io::Kind::time) CHECK(c.name.ends_with("_at"));
        }
    for (const char* old : {"id", "first_seen", "run_before", "run_after", "checks", "pass", "fail", "time"})
        CHECK_MESSAGE(all.count(old) == 0, old);
    for (const char* name : {"check_id", "run_id", "before_run_id", "after_run_id", "first_seen_at", "pass_count",
                             "exception_count", "check_ids"})
        CHECK_MESSAGE(all.count(name) == 1, name);
}

TEST_CASE("failing_findings keeps only failures and errors at or above --fail-on") {
    audit::Finding pass, low_fail, high_fail, high_error;
    pass.status = "pass", pass.severity = finding::Severity::critical;
    low_fail.status = "fail", low_fail.severity = finding::Severity::low;
    high_fail.status = "fail", high_fail.severity = finding::Severity::high, high_fail.subject = "a";
    high_error.status = "error", high_error.severity = finding::Severity::critical, high_error.subject = "b";
    auto failing = audit::failing_findings({pass, low_fail, high_fail, high_error}, finding::Severity::high);
    REQUIRE(failing.size() == 2);
    CHECK(failing[0].subject == "a");
    CHECK(failing[1].subject == "b");
}

TEST_CASE("the catalogue's records name each check by check_id") {
    auto r = audit::check_records(audit::catalogue());
    test::check_rows_match(r);
    REQUIRE(r.rows.size() == audit::catalogue().size());
    CHECK(r.rows[0]["check_id"] == "ORG-0001");
    auto doc = audit::explained_check(audit::check_named("ACCT-0101"));
    std::vector<std::string> keys;
    for (const auto& [k, v] : doc.items()) keys.push_back(k);
    CHECK(keys == test::field_names(audit::explained_check_fields()));
}

TEST_CASE("an unknown check id is a usage error naming the id and 'netsec-audit list'") {
    try {
        audit::check_named("NOPE-0001");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == Exit::usage);
        CHECK(std::string(e.what()) == "unknown check 'NOPE-0001'; 'netsec-audit list' shows them");
    }
}

TEST_CASE("diff records name both runs by before_run_id and after_run_id; has_new is true for a new failure") {
    test::School school("", "  members: []\n"); // ORG-0001 fails
    school.run({"ORG-0001"});
    school.run({"ORG-0001"}, "2026-06-02T00:00:00Z");
    auto d = audit::diff_runs(school.db, std::nullopt, std::nullopt);
    auto r = audit::change_records(d);
    test::check_rows_match(r);
    REQUIRE(r.rows.size() == 1);
    CHECK(r.rows[0]["change"] == "still_failing");
    CHECK(r.rows[0]["before_run_id"] == 1);
    CHECK(r.rows[0]["after_run_id"] == 2);
    CHECK_FALSE(audit::has_new(d));
    d.changes[0].change = "new";
    CHECK(audit::has_new(d));
}

TEST_CASE("run records count each status in <status>_count and leave a missing head null") {
    test::School school;
    school.run({"ORG-0001"});
    auto r = audit::run_records(audit::history(school.db));
    test::check_rows_match(r);
    REQUIRE(r.rows.size() == 1);
    CHECK(r.rows[0]["run_id"] == 1);
    CHECK(r.rows[0]["pass_count"] == 1);
    CHECK(r.rows[0]["fail_count"] == 0);
    CHECK(r.rows[0]["check_ids"] == "ORG-0001");
    CHECK(r.rows[0]["journal_head"].is_null());
}

TEST_CASE("load_run_or_newest takes the newest run, and says how to make one when there is none") {
    test::School school;
    try {
        audit::load_run_or_newest(school.db, std::nullopt);
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == Exit::no_input);
        CHECK(std::string(e.what()) == "no audit runs yet; run one with 'netsec-audit run'");
    }
    school.run({"ORG-0001"});
    school.run({"ORG-0001"}, "2026-06-02T00:00:00Z");
    CHECK(audit::load_run_or_newest(school.db, std::nullopt).row.id == 2);
    CHECK(audit::load_run_or_newest(school.db, 1).row.id == 1);
}
