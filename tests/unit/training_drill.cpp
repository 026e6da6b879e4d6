#include "netsec/account/account.hpp"
#include "netsec/core/error.hpp"
#include "netsec/store/incident_rows.hpp"
#include "netsec/store/journal_rows.hpp"
#include "netsec/store/training_rows.hpp"
#include "netsec/training/drill.hpp"
#include "netsec/training/stats.hpp"
#include "school_fixture.hpp"

#include <doctest/doctest.h>

using namespace netsec;
using namespace netsec::test;

namespace {

const journal::Origin origin{"alice", "host1", "netsec-training"};

// A drill of the two-step MAL plan on 2026-11-20, recorded that morning.
std::int64_t a_drill(School& s, const std::string& date = "2026-11-20") {
    training::NewSession n;
    n.date = date;
    n.title = "病毒爆发应急演练";
    n.kind = "drill";
    n.hours = 1;
    n.plan = "MAL";
    n.audience = "staff";
    return training::add_session(s.db, s.policy, origin, n, utc(date + "T00:30:00Z")).id;
}

training::StepDone step(std::int64_t n, const std::string& at, const std::string& by = "") {
    training::StepDone d;
    d.n = n;
    d.at = utc(at);
    d.by = by;
    return d;
}

training::DrillReport report(const std::string& at) {
    training::DrillReport r;
    r.went_wrong = "断网慢了";
    r.lessons = "交换机位置贴在门上";
    r.at = utc(at);
    return r;
}

const auto later = utc("2026-11-20T06:00:00Z");

std::string refusal(const std::function<void()>& f, Exit code) {
    try {
        f();
    } catch (const Error& e) {
        CHECK(e.code() == code);
        return e.what();
    }
    FAIL("accepted");
    return "";
}

std::size_t journal_entries(School& s) { return store::journal_rows(s.db, {}).size(); }

} // namespace

TEST_CASE("a drill's step is checked off with its time, who did it and a note, journaled") {
    School s;
    account::add_account(s.db, s.policy, origin, {"wangfang", "王芳", "staff", "", "", "教导处", "", ""}, later);
    auto id = a_drill(s);
    auto d = step(1, "2026-11-20T02:05:00Z", "wangfang");
    d.note = "机房1";
    auto row = training::check_off_step(s.db, s.policy, origin, id, d, later);
    CHECK(row.done_at == "2026-11-20T02:05:00Z");
    CHECK(row.done_by == "wangfang");
    auto steps = store::drill_steps_of(s.db, id);
    CHECK(steps[0].note == "机房1");
    CHECK(steps[1].done_at.empty());
    auto row2 = training::check_off_step(s.db, s.policy, origin, id, step(2, "2026-11-20T02:30:00Z"), later);
    CHECK(row2.done_by == "alice"); // the operator by default
    auto entries = store::journal_rows(s.db, {});
    CHECK(entries.back().action == "drill.step_done");
    CHECK(entries.back().subject == "TRN-1");
}

TEST_CASE("a step is refused, writing nothing, for a wrong step, session, person or time") {
    School s;
    auto id = a_drill(s);
    training::NewSession lesson{"2026-11-20", "班会", "pupil", 1, "", "all", "", ""};
    auto other = training::add_session(s.db, s.policy, origin, lesson, later).id;
    auto before = journal_entries(s);
    CHECK(refusal([&] { training::check_off_step(s.db, s.policy, origin, id, step(3, "2026-11-20T02:00:00Z"), later); },
                  Exit::usage) == "drill TRN-1 has steps 1 to 2, not 3");
    CHECK(refusal([&] { training::check_off_step(s.db, s.policy, origin, 9, step(1, "2026-11-20T02:00:00Z"), later); },
                  Exit::no_input) == "no training session 'TRN-9'; 'netsec-training session list' shows them");
    CHECK(refusal([&] { training::check_off_step(s.db, s.policy, origin, other, step(1, "2026-11-20T02:00:00Z"), later); },
                  Exit::usage)
              .find("TRN-2 is a session of kind 'pupil', not a drill") == 0);
    CHECK(refusal([&] { training::check_off_step(s.db, s.policy, origin, id, step(1, "2026-11-20T07:00:00Z"), later); },
                  Exit::usage) == "--at 2026-11-20 15:00 is in the future");
    CHECK(refusal([&] { training::check_off_step(s.db, s.policy, origin, id, step(1, "2026-11-19T15:59:00Z"), later); },
                  Exit::usage) == "--at 2026-11-19 23:59 is before the drill's day 2026-11-20");
    CHECK(refusal([&] { training::check_off_step(s.db, s.policy, origin, id, step(1, "2026-11-20T02:00:00Z", "nobody"), later); },
                  Exit::no_input) == "no account 'nobody' for --by; 'netsec-account list' shows them; nothing was changed");
    CHECK(journal_entries(s) == before);
    training::check_off_step(s.db, s.policy, origin, id, step(1, "2026-11-20T02:00:00Z"), later);
    CHECK(refusal([&] { training::check_off_step(s.db, s.policy, origin, id, step(1, "2026-11-20T02:10:00Z"), later); },
                  Exit::usage) == "step 1 of drill TRN-1 is already done (2026-11-20 10:00 by alice); nothing was changed");
}

TEST_CASE("finishing a drill keeps what went wrong and the lessons, and names steps not done") {
    School s;
    auto id = a_drill(s);
    training::check_off_step(s.db, s.policy, origin, id, step(1, "2026-11-20T02:00:00Z"), later);
    auto f = training::finish_drill(s.db, s.policy, origin, id, report("2026-11-20T03:00:00Z"), later);
    CHECK(f.not_done == std::vector<std::int64_t>{2});
    auto row = training::get_session(s.db, id);
    CHECK(row.finished_at == "2026-11-20T03:00:00Z");
    CHECK(row.went_wrong == "断网慢了");
    CHECK(row.lessons == "交换机位置贴在门上");
    CHECK(store::journal_rows(s.db, {}).back().action == "drill.finished");
    CHECK(refusal([&] { training::finish_drill(s.db, s.policy, origin, id, report("2026-11-20T04:00:00Z"), later); },
                  Exit::usage) == "drill TRN-1 was finished at 2026-11-20 11:00; nothing was changed");
    CHECK(refusal([&] { training::check_off_step(s.db, s.policy, origin, id, step(2, "2026-11-20T02:30:00Z"), later); },
                  Exit::usage) == "drill TRN-1 was finished at 2026-11-20 11:00; nothing was changed");
}

TEST_CASE("a drill is not finished without both texts, or before its last step") {
    School s;
    auto id = a_drill(s);
    training::check_off_step(s.db, s.policy, origin, id, step(2, "2026-11-20T03:00:00Z"), later);
    auto r = report("2026-11-20T02:00:00Z");
    CHECK(refusal([&] { training::finish_drill(s.db, s.policy, origin, id, r, later); }, Exit::usage) ==
          "the finishing time 2026-11-20 10:00 is before step 2 was done (2026-11-20 11:00)");
    r.lessons = " ";
    CHECK(refusal([&] { training::finish_drill(s.db, s.policy, origin, id, r, later); }, Exit::usage) ==
          "--lessons is empty: say what the drill taught");
    r.went_wrong = "";
    CHECK(refusal([&] { training::finish_drill(s.db, s.policy, origin, id, r, later); }, Exit::usage)
              .find("--went-wrong is empty") == 0);
    CHECK(training::get_session(s.db, id).finished_at.empty());
}

TEST_CASE("a drill never enters the incident register") {
    School s;
    auto id = a_drill(s);
    training::finish_drill(s.db, s.policy, origin, id, report("2026-11-20T03:00:00Z"), later);
    CHECK(store::list_incidents(s.db, {}).empty());
}

TEST_CASE("INC-0002 passes with a finished drill of each required plan within the interval, else fails") {
    School s;
    CHECK(status_of(s.check("INC-0002", "2026-11-21T00:00:00Z"), "drill:MAL") == "fail");
    auto id = a_drill(s);
    CHECK(status_of(s.check("INC-0002", "2026-11-21T00:00:00Z"), "drill:MAL") == "fail"); // not finished
    training::finish_drill(s.db, s.policy, origin, id, report("2026-11-20T03:00:00Z"), later);
    auto f = s.check("INC-0002", "2026-11-21T00:00:00Z");
    CHECK(status_of(f, "drill:MAL") == "pass");
    CHECK(status_of(f, "drill") == ""); // never manual
    CHECK(status_of(s.check("INC-0002", "2027-11-21T00:00:00Z"), "drill:MAL") == "fail"); // 366 days on
}

TEST_CASE("INC-0002 has no drill to ask for when the policy names no plan") {
    School s("training:\n  drill_plans: []\n");
    CHECK(status_of(s.check("INC-0002"), "drill") == "not_applicable");
}

TEST_CASE("TRN-0001 fails staff, classes and administrators short of the goals, and passes them once trained") {
    School s("calendar:\n  terms: [{name: 第一学期, from: 2026-09-01, to: 2027-01-22}]\n");
    auto t0 = utc("2026-10-01T00:00:00Z");
    account::add_account(s.db, s.policy, origin, {"zhaolaoshi", "赵老师", "staff", "", "", "教导处", "", ""}, t0);
    account::add_account(s.db, s.policy, origin, {"s1", "学生", "pupil", "2026级", "2026级1班", "", "", ""}, t0);
    const std::string now = "2026-11-25T00:00:00Z";
    auto f = s.check("TRN-0001", now);
    CHECK(status_of(f, "staff") == "fail");
    CHECK(status_of(f, "classes") == "fail");
    CHECK(status_of(f, "administrators") == "fail");
    training::NewSession staff{"2026-10-10", "制度培训", "staff", 2, "", "staff", "", ""};
    training::NewSession lesson{"2026-10-12", "文明上网班会", "pupil", 1, "", "grade:2026级", "", ""};
    training::NewSession course{"2026-11-01", "等级保护培训班", "external", 8, "", "", "", ""};
    store::Transaction tx(s.db);
    for (auto n : {training::add_session(s.db, s.policy, origin, staff, t0).id,
                   training::add_session(s.db, s.policy, origin, course, t0).id})
        store::insert_attendance(tx, {n, "zhaolaoshi", "", "hand", 0});
    tx.commit();
    training::add_session(s.db, s.policy, origin, lesson, t0);
    f = s.check("TRN-0001", now);
    CHECK(status_of(f, "staff") == "pass");
    CHECK(status_of(f, "classes") == "pass");
    CHECK(status_of(f, "administrators") == "pass");
}

TEST_CASE("coverage reads the term today falls in, the last one between terms, and refuses a year to come") {
    School s("calendar:\n  terms:\n    - {name: 第一学期, from: 2026-09-01, to: 2027-01-22}\n"
             "    - {name: 第二学期, from: 2027-02-22, to: 2027-07-09}\n");
    auto f = training::gather_facts(s.db, s.policy, std::nullopt, utc("2026-11-25T00:00:00Z"));
    CHECK(f.school_year == 2026);
    CHECK(f.term == "第一学期");
    CHECK(f.drill_since == "2025-11-25");
    f = training::gather_facts(s.db, s.policy, std::nullopt, utc("2027-02-01T00:00:00Z")); // winter holiday
    CHECK(f.term == "第一学期");
    f = training::gather_facts(s.db, s.policy, 2025, utc("2026-11-25T00:00:00Z"));
    CHECK(f.year_from == "2025-09-01");
    CHECK(f.term.empty()); // the calendar names no term of 2025
    CHECK(refusal([&] { training::gather_facts(s.db, s.policy, 2027, utc("2026-11-25T00:00:00Z")); }, Exit::usage) ==
          "invalid --school-year 2027: it has not begun (it starts on 2027-09-01)");
}
