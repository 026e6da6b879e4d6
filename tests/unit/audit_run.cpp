// Runs: stored with a journal entry, scored, exceptions, first_seen_at, evidence, and diff.
#include "netsec/core/error.hpp"
#include "netsec/core/hash.hpp"
#include "netsec/store/journal_rows.hpp"
#include "school_fixture.hpp"

#include <doctest/doctest.h>
#include <map>
#include <set>

using namespace netsec;
using test::status_of;
using test::utc;

TEST_CASE("a run is stored with its findings and journaled") {
    test::School s;
    auto run = s.run({"ORG-0001", "REG-0001"});
    CHECK(run.row.id == 1);
    auto loaded = audit::load_run(s.db, 1);
    CHECK(loaded.findings.size() == run.findings.size());
    auto entries = store::journal_rows(s.db, {});
    CHECK(entries.back().action == "audit.run_recorded");
    CHECK(entries.back().subject == "run 1");
    CHECK(s.run({"ORG-0001"}).row.id == 2);
}

TEST_CASE("an unknown check id is refused before anything runs") {
    test::School s;
    CHECK_THROWS_WITH_AS(s.run({"NOPE-0001"}), "unknown check 'NOPE-0001'; 'netsec-audit list' shows them", Error);
    CHECK(audit::history(s.db).empty());
}

TEST_CASE("the profile chooses record or host checks") {
    test::School s;
    test::TempDir r;
    audit::RunOptions o;
    o.profile = audit::Profile::records;
    auto run = audit::run_audit(s.db, s.policy, test::audit_origin, o, utc("2026-06-01T00:00:00Z"));
    for (const auto& f : run.findings) CHECK(audit::find_check(f.check_id)->profile == audit::Profile::records);
    o.profile = audit::Profile::host;
    o.root = r.path.string();
    run = audit::run_audit(s.db, s.policy, test::audit_origin, o, utc("2026-06-01T00:00:00Z"));
    for (const auto& f : run.findings) CHECK(audit::find_check(f.check_id)->profile == audit::Profile::host);
}

TEST_CASE("the score weighs applicable checks by severity and leaves out not_applicable, manual and exceptions") {
    std::vector<audit::Finding> f(4);
    f[0].check_id = "A-0001", f[0].severity = audit::Severity::critical, f[0].status = "pass";
    f[1].check_id = "B-0001", f[1].severity = audit::Severity::medium, f[1].status = "fail";
    f[2].check_id = "C-0001", f[2].severity = audit::Severity::high, f[2].status = "not_applicable";
    f[3].check_id = "D-0001", f[3].severity = audit::Severity::high, f[3].status = "exception";
    auto s = audit::summarize(f, audit::Severity::high);
    REQUIRE(s.score);
    CHECK(*s.score == 77); // 10 / 13
    CHECK(!s.failing);     // the failure is medium
    CHECK(audit::summarize(f, audit::Severity::medium).failing);
    CHECK(s.counts["not_applicable"] == 1);
    CHECK(!audit::summarize({f[2]}, audit::Severity::high).score);
}

TEST_CASE("an exception turns a failure into exception until it expires; then EXC-0001 fails") {
    test::School s("audit:\n  exceptions:\n"
                   "    - {check: ORG-0001, subject: organization, reason: 新校长待任命, approved_by: 张校长, "
                   "expires: 2026-06-30}\n",
                   "");
    auto f = s.check("ORG-0001", "2026-06-01T00:00:00Z");
    CHECK(f[0].status == "exception");
    REQUIRE(f[0].exception);
    CHECK(f[0].exception->approved_by == "张校长");
    CHECK(status_of(s.check("EXC-0001", "2026-06-01T00:00:00Z"), "exceptions") == "pass");
    // 2026-06-30 is the last day in Asia/Shanghai: it ends at 16:00 UTC.
    CHECK(s.check("ORG-0001", "2026-06-30T15:59:59Z")[0].status == "exception");
    CHECK(s.check("ORG-0001", "2026-06-30T16:00:00Z")[0].status == "fail");
    CHECK(status_of(s.check("EXC-0001", "2026-07-01T00:00:00Z"), "ORG-0001/organization") == "fail");
}

TEST_CASE("first_seen_at stays while a finding keeps its status and restarts when it changes") {
    test::School s("", "");
    auto a = s.check("ORG-0001", "2026-06-01T00:00:00Z");
    auto b = s.check("ORG-0001", "2026-06-02T00:00:00Z");
    CHECK(b[0].first_seen_at == "2026-06-01T00:00:00Z");
    CHECK(b[0].checked_at == "2026-06-02T00:00:00Z");
}

TEST_CASE("diff: two runs with no change give nothing new and nothing resolved") {
    test::School s("", "");
    s.run({"ORG-0001", "REG-0001"}, "2026-06-01T00:00:00Z");
    s.run({"ORG-0001", "REG-0001"}, "2026-06-02T00:00:00Z");
    auto d = audit::diff_runs(s.db, std::nullopt, std::nullopt);
    CHECK(d.from == 1);
    CHECK(d.to == 2);
    REQUIRE(d.changes.size() == 1);
    CHECK(d.changes[0].change == "still_failing");
}

TEST_CASE("diff names new and resolved findings, and leaves out checks the newer run did not take") {
    test::School s("training:\n  drill_plans: []\n", ""); // INC-0002's plan only
    s.run({"ORG-0001"}, "2026-06-01T00:00:00Z");
    std::filesystem::remove(s.tmp.file("regulations/plan.md"));
    s.run({"ORG-0001", "INC-0002"}, "2026-06-02T00:00:00Z"); // the plan is missing: new
    auto d = audit::diff_runs(s.db, std::nullopt, std::nullopt);
    std::map<std::string, std::string> change;
    for (const auto& c : d.changes) change[(c.after.check_id.empty() ? c.before : c.after).fingerprint] = c.change;
    CHECK(change["ORG-0001:organization"] == "still_failing");
    CHECK(change["INC-0002:plan"] == "new");
    test::write(s.tmp.file("regulations/plan.md"), "plan\n");
    s.run({"INC-0002"}, "2026-06-03T00:00:00Z");
    d = audit::diff_runs(s.db, std::nullopt, std::nullopt);
    REQUIRE(d.changes.size() == 1); // ORG-0001 did not run: neither resolved nor failing
    CHECK(d.changes[0].change == "resolved");
    CHECK(d.changes[0].before.fingerprint == "INC-0002:plan");
    CHECK_THROWS_WITH_AS(audit::diff_runs(s.db, std::int64_t(7), std::nullopt),
                         "no audit run 7; 'netsec-audit history' lists them", Error);
}

TEST_CASE("diff needs two runs") {
    test::School s;
    CHECK_THROWS_WITH_AS(audit::diff_runs(s.db, std::nullopt, std::nullopt),
                         "no audit runs yet; run one with 'netsec-audit run'", Error);
    s.run({"ORG-0001"});
    CHECK_THROWS_WITH_AS(audit::diff_runs(s.db, std::nullopt, std::nullopt),
                         "no audit run before run 1 to compare with", Error);
}

TEST_CASE("evidence: the files examined are copied under the run's folder with their sha256") {
    test::School s;
    test::TempDir ev;
    audit::RunOptions o;
    o.checks = {"INC-0002"};
    o.evidence_dir = ev.path.string();
    auto run = audit::run_audit(s.db, s.policy, test::audit_origin, o, utc("2026-06-01T00:00:00Z"));
    bool found = false;
    for (const auto& f : run.findings)
        for (const auto& e : f.evidence) {
            found = true;
            CHECK(e.path == s.tmp.file("regulations/plan.md"));
            CHECK(e.sha256 == hash::sha256_file_hex(e.path));
            CHECK(e.copy.rfind(ev.path.string() + "/run-1/", 0) == 0);
            CHECK(hash::sha256_file_hex(e.copy) == e.sha256);
        }
    CHECK(found);
}

TEST_CASE("every check in the catalogue has both titles, both remediations, a basis and a runner") {
    std::set<std::string> ids;
    for (const auto& c : audit::catalogue()) {
        CHECK(ids.insert(c.id).second);
        CHECK(!c.title.empty());
        CHECK(!c.title_zh.empty());
        CHECK(c.remediation.find("netsec") != std::string::npos);
        CHECK(!c.remediation_zh.empty());
        CHECK(!c.basis.empty());
    }
    CHECK(ids.size() == 21);
}

TEST_CASE("JRNL-0001 records the head it verified, and the next run checks the chain extends it") {
    test::School s;
    s.run({"ORG-0001"}); // a first journal entry
    auto first = s.run({"JRNL-0001"});
    REQUIRE(!first.row.journal_head.empty());
    auto second = s.run({"JRNL-0001"});
    CHECK(status_of(second.findings, "journal") == "pass");
    CHECK(second.findings[0].detail.find(first.row.journal_head) != std::string::npos);
    // Rewriting the entry the head points at is caught, even with a recomputed chain.
    auto head = journal::parse_head(second.row.journal_head);
    s.db.exec(
        ("UPDATE journal SET hash = '" + std::string(64, 'a') + "' WHERE seq = " + std::to_string(head.seq)).c_str());
    CHECK(status_of(s.run({"JRNL-0001"}).findings, "journal") == "fail");
    auto none = s.run({"ORG-0001"});
    CHECK(none.row.journal_head.empty()); // only a run that verified the chain records a head
}
