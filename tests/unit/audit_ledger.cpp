// The rectification ledger: open -> fixed -> reopened, excepted, assigned, overdue, and due
// dates from the severity, with injected times.
#include "netsec/audit/ledger.hpp"
#include "netsec/audit/records.hpp"
#include "netsec/core/error.hpp"
#include "netsec/store/journal_rows.hpp"
#include "records_check.hpp"
#include "school_fixture.hpp"

#include <doctest/doctest.h>
#include <filesystem>

using namespace netsec;
using test::utc;

namespace {

// REG-0001 (medium) about the emergency plan: failing while its document is missing.
const std::string plan_fp = "REG-0001:virus-emergency-plan";

struct Ledger : test::School {
    explicit Ledger(const std::string& extra = "") : test::School(extra) {}
    void lose_plan() { std::filesystem::remove(tmp.file("regulations/plan.md")); }
    void restore_plan() { test::write(tmp.file("regulations/plan.md"), "# 计算机病毒爆发应急预案\n"); }
    store::LedgerRow item(const std::string& fp = plan_fp) {
        auto r = store::find_ledger_row(db, fp);
        REQUIRE(r);
        return *r;
    }
    std::vector<std::string> actions() {
        std::vector<std::string> out;
        for (const auto& e : store::journal_rows(db, {}))
            if (e.subject == plan_fp) out.push_back(e.action);
        return out;
    }
    std::vector<audit::LedgerItem> assign(const std::vector<std::string>& fps, const std::string& now,
                                          std::optional<std::string> due = std::nullopt) {
        io::Selection sel;
        sel.names = fps;
        audit::Assignment a{"赵老师", "rewrite the plan", std::nullopt};
        if (due) a.due = utc(*due);
        return audit::assign_findings(db, test::audit_origin, sel, a, utc(now));
    }
};

const audit::Finding& finding_of(const audit::Run& run, const std::string& fp) {
    for (const auto& f : run.findings)
        if (f.fingerprint == fp) return f;
    FAIL("no finding " << fp);
    static audit::Finding none;
    return none;
}

} // namespace

TEST_CASE("a new failing finding opens an item due after audit.due for its severity") {
    Ledger s;
    s.lose_plan();
    auto run = s.run({"REG-0001"}, "2026-06-01T00:00:00Z");
    auto r = s.item();
    CHECK(r.state == "open");
    CHECK(r.check_id == "REG-0001");
    CHECK(r.severity == "medium");
    CHECK(r.first_seen_at == "2026-06-01T00:00:00Z");
    CHECK(r.last_seen_at == "2026-06-01T00:00:00Z");
    CHECK(r.due_at == "2026-07-01T00:00:00Z"); // medium: 30 days by default
    CHECK(run.raised.count(plan_fp) == 1);
    CHECK(s.actions() == std::vector<std::string>{"audit.finding_opened"});
    CHECK(finding_of(run, plan_fp).last_fixed_at.empty());
}

TEST_CASE("the policy's audit.due sets the due date of each severity") {
    Ledger s("audit:\n  due: {medium: 10d}\n");
    s.lose_plan();
    s.run({"REG-0001"}, "2026-06-01T00:00:00Z");
    CHECK(s.item().due_at == "2026-06-11T00:00:00Z");
    CHECK(audit::due_from(s.policy, audit::Severity::critical, utc("2026-06-01T00:00:00Z")) ==
          utc("2026-06-02T00:00:00Z"));
}

TEST_CASE("a passing or never failing finding makes no item") {
    Ledger s;
    s.run({"REG-0001"}, "2026-06-01T00:00:00Z");
    CHECK_FALSE(store::find_ledger_row(s.db, plan_fp));
}

TEST_CASE("an item still failing keeps its first_seen_at and is not raised again") {
    Ledger s;
    s.lose_plan();
    s.run({"REG-0001"}, "2026-06-01T00:00:00Z");
    auto run = s.run({"REG-0001"}, "2026-06-02T00:00:00Z");
    auto r = s.item();
    CHECK(r.state == "open");
    CHECK(r.first_seen_at == "2026-06-01T00:00:00Z");
    CHECK(r.last_seen_at == "2026-06-02T00:00:00Z");
    CHECK(run.raised.empty());
    CHECK(s.actions() == std::vector<std::string>{"audit.finding_opened"});
}

TEST_CASE("open -> fixed -> reopened, with the history kept") {
    Ledger s;
    s.lose_plan();
    s.run({"REG-0001"}, "2026-06-01T00:00:00Z");
    s.restore_plan();
    auto fixed = s.run({"REG-0001"}, "2026-06-03T00:00:00Z");
    auto r = s.item();
    CHECK(r.state == "fixed");
    CHECK(r.fixed_at == "2026-06-03T00:00:00Z");
    CHECK(r.times_fixed == 1);
    CHECK(finding_of(fixed, plan_fp).last_fixed_at == "2026-06-03T00:00:00Z");
    s.lose_plan();
    auto again = s.run({"REG-0001"}, "2026-07-01T00:00:00Z");
    r = s.item();
    CHECK(r.state == "open");
    CHECK(r.first_seen_at == "2026-06-01T00:00:00Z");
    CHECK(r.reopened_at == "2026-07-01T00:00:00Z");
    CHECK(r.fixed_at.empty());
    CHECK(r.last_fixed_at == "2026-06-03T00:00:00Z");
    CHECK(r.times_reopened == 1);
    CHECK(r.due_at == "2026-07-31T00:00:00Z"); // counted afresh from the reopening
    CHECK(again.raised.count(plan_fp) == 1);
    CHECK(finding_of(again, plan_fp).last_fixed_at == "2026-06-03T00:00:00Z");
    CHECK(finding_of(again, plan_fp).first_seen_at == "2026-07-01T00:00:00Z");
    CHECK(audit::load_run(s.db, again.row.id).findings.back().last_fixed_at == "2026-06-03T00:00:00Z");
    CHECK(s.actions() ==
          std::vector<std::string>{"audit.finding_opened", "audit.finding_fixed", "audit.finding_reopened"});
}

TEST_CASE("only a run that took the check can fix its items") {
    Ledger s;
    s.lose_plan();
    s.run({"REG-0001"}, "2026-06-01T00:00:00Z");
    s.restore_plan();
    s.run({"ORG-0001"}, "2026-06-02T00:00:00Z");
    CHECK(s.item().state == "open");
}

TEST_CASE("a subject the check no longer names is fixed") {
    Ledger s("  - {id: training, title: 培训制度, document: regulations/training.md, reviewed: 2026-03-01}\n");
    s.run({"REG-0001"}, "2026-06-01T00:00:00Z");
    CHECK(s.item("REG-0001:training").state == "open");
    s.policy.regulations.pop_back();
    s.run({"REG-0001"}, "2026-06-02T00:00:00Z");
    auto r = s.item("REG-0001:training");
    CHECK(r.state == "fixed");
    CHECK(r.fixed_at == "2026-06-02T00:00:00Z");
}

TEST_CASE("an exception makes the item excepted; when it expires the item reopens") {
    Ledger s("audit:\n  exceptions:\n"
             "    - {check: REG-0001, subject: virus-emergency-plan, reason: 修订中, approved_by: 张校长, "
             "expires: 2026-06-30}\n");
    s.lose_plan();
    auto run = s.run({"REG-0001"}, "2026-06-01T00:00:00Z");
    CHECK(s.item().state == "excepted");
    CHECK(run.raised.empty());
    auto later = s.run({"REG-0001"}, "2026-07-01T00:00:00Z");
    auto r = s.item();
    CHECK(r.state == "open");
    CHECK(r.times_reopened == 1);
    CHECK(later.raised.count(plan_fp) == 1);
    CHECK(s.actions() == std::vector<std::string>{"audit.finding_excepted", "audit.finding_reopened"});
}

TEST_CASE("assign gives an item an owner, a plan and a due date, and it stays assigned while failing") {
    Ledger s;
    s.lose_plan();
    s.run({"REG-0001"}, "2026-06-01T00:00:00Z");
    auto items = s.assign({plan_fp}, "2026-06-02T00:00:00Z", "2026-06-20T00:00:00Z");
    REQUIRE(items.size() == 1);
    auto r = s.item();
    CHECK(r.state == "assigned");
    CHECK(r.owner == "赵老师");
    CHECK(r.plan == "rewrite the plan");
    CHECK(r.due_at == "2026-06-20T00:00:00Z");
    auto entries = store::journal_rows(s.db, {});
    CHECK(entries.back().action == "audit.finding_assigned");
    CHECK(entries.back().details.find(R"("state":{"from":"open","to":"assigned"})") != std::string::npos);
    s.run({"REG-0001"}, "2026-06-03T00:00:00Z");
    CHECK(s.item().state == "assigned");
    CHECK(s.actions().back() == "audit.finding_assigned");
}

TEST_CASE("assign without --due keeps the due date the severity gave") {
    Ledger s;
    s.lose_plan();
    s.run({"REG-0001"}, "2026-06-01T00:00:00Z");
    s.assign({plan_fp}, "2026-06-02T00:00:00Z");
    CHECK(s.item().due_at == "2026-07-01T00:00:00Z");
}

TEST_CASE("assign refuses an unknown fingerprint and a fixed item, and writes nothing") {
    Ledger s;
    s.lose_plan();
    s.run({"REG-0001"}, "2026-06-01T00:00:00Z");
    auto before = store::journal_rows(s.db, {}).size();
    CHECK_THROWS_WITH_AS(s.assign({plan_fp, "NOPE-0001:x"}, "2026-06-02T00:00:00Z"),
                         "no finding 'NOPE-0001:x' in the rectification ledger\n"
                         "nothing was assigned; 'netsec-audit findings' lists the ledger",
                         Error);
    CHECK(s.item().state == "open");
    s.restore_plan();
    s.run({"REG-0001"}, "2026-06-03T00:00:00Z");
    before = store::journal_rows(s.db, {}).size();
    try {
        s.assign({plan_fp}, "2026-06-04T00:00:00Z");
        FAIL("assigned a fixed item");
    } catch (const Error& e) {
        CHECK(e.code() == Exit::data);
        CHECK(std::string(e.what()).find("finding 'REG-0001:virus-emergency-plan' is fixed; only open and assigned "
                                         "findings can be assigned") != std::string::npos);
    }
    CHECK(store::journal_rows(s.db, {}).size() == before);
    CHECK(s.item().state == "fixed");
}

TEST_CASE("a due date must be to come; a date alone is the end of that day in the school's zone") {
    auto now = utc("2026-06-01T00:00:00Z");
    CHECK(audit::parse_due("2026-06-10", "Asia/Shanghai", now) == utc("2026-06-10T16:00:00Z"));
    CHECK_THROWS_WITH_AS(audit::parse_due("2026-05-01", "Asia/Shanghai", now),
                         "--due '2026-05-01' is in the past; give a date to come", Error);
    CHECK_THROWS_AS(audit::parse_due("soon", "Asia/Shanghai", now), Error);
}

TEST_CASE("an item past its due date is overdue until it is fixed") {
    Ledger s;
    s.lose_plan();
    s.run({"REG-0001"}, "2026-06-01T00:00:00Z");
    CHECK(audit::ledger_items(s.db, {"", true, ""}, utc("2026-07-01T00:00:00Z")).empty());
    auto late = audit::ledger_items(s.db, {"", true, ""}, utc("2026-07-01T00:00:01Z"));
    REQUIRE(late.size() == 1);
    CHECK(late[0].overdue);
    CHECK(audit::ledger_items(s.db, {"open", false, "REG-0001"}, utc("2026-07-02T00:00:00Z")).size() == 1);
    CHECK(audit::ledger_items(s.db, {"fixed", false, ""}, utc("2026-07-02T00:00:00Z")).empty());
    s.restore_plan();
    s.run({"REG-0001"}, "2026-07-02T00:00:00Z");
    CHECK(audit::ledger_items(s.db, {"", true, ""}, utc("2026-08-01T00:00:00Z")).empty());
    CHECK_THROWS_WITH_AS(audit::ledger_items(s.db, {"closed", false, ""}, utc("2026-07-02T00:00:00Z")),
                         "unknown state 'closed' for --state; expected open, assigned, fixed or excepted", Error);
}

TEST_CASE("ledger records carry every field of ledger_fields, null for what is not set") {
    Ledger s;
    s.lose_plan();
    s.run({"REG-0001"}, "2026-06-01T00:00:00Z");
    auto r = audit::ledger_records(audit::ledger_items(s.db, {}, utc("2026-07-02T00:00:00Z")));
    test::check_rows_match(r);
    REQUIRE(r.rows.size() == 1);
    const auto& row = r.rows[0];
    CHECK(row["fingerprint"] == plan_fp);
    CHECK(row["state"] == "open");
    CHECK(row["overdue"] == true);
    CHECK(row["owner"].is_null());
    CHECK(row["fixed_at"].is_null());
    CHECK(row["last_fixed_at"].is_null());
    CHECK(row["reopened_count"] == 0);
    for (const auto& c : audit::ledger_fields())
        if (c.kind == io::Kind::time) CHECK(c.name.ends_with("_at"));
}

TEST_CASE("run -q's findings are the failing ones new or reopened this run, at --fail-on") {
    Ledger s;
    s.lose_plan();
    auto first = s.run({"REG-0001"}, "2026-06-01T00:00:00Z");
    CHECK(audit::raised_findings(first, audit::Severity::medium).size() == 1);
    CHECK(audit::raised_findings(first, audit::Severity::high).empty()); // REG-0001 is medium
    auto second = s.run({"REG-0001"}, "2026-06-02T00:00:00Z");
    CHECK(audit::raised_findings(second, audit::Severity::medium).empty());
}
