// The register: opening with ids and deadlines, regrading, the timeline, overdue, and that
// every change is journaled with it or not written at all.
#include "netsec/core/error.hpp"
#include "netsec/incident/incident.hpp"
#include "netsec/journal/journal.hpp"
#include "netsec/store/journal_rows.hpp"
#include "school_fixture.hpp"

#include <doctest/doctest.h>
#include <set>
#include <sys/wait.h>
#include <unistd.h>

using namespace netsec;
using netsec::test::incident_origin;
using netsec::test::utc;

TEST_CASE("ids count within the local year of discovery and restart at 0001") {
    test::School s;
    CHECK(s.open("OTH", "0", "2025-12-31T15:59:59Z").id == "INC-2025-0001");
    CHECK(s.open("OTH", "0", "2025-12-31T16:00:00Z").id == "INC-2026-0001"); // midnight in Shanghai
    CHECK(s.open("OTH", "0", "2026-05-01T00:00:00Z").id == "INC-2026-0002");
    CHECK(s.open("OTH", "0", "2025-06-01T00:00:00Z").id == "INC-2025-0002");
}

TEST_CASE("the report deadline is discovery plus the grade's deadline") {
    test::School s;
    CHECK(s.open("OTH", "I", "2026-03-01T00:00:00Z").report_due_at == "2026-03-01T01:00:00Z");
    CHECK(s.open("OTH", "III", "2026-03-01T00:00:00Z").report_due_at == "2026-03-01T04:00:00Z");
    CHECK(s.open("OTH", "IV", "2025-12-31T20:00:00Z").report_due_at == "2026-01-01T08:00:00Z");
    CHECK(s.open("OTH", "0", "2026-03-01T00:00:00Z").report_due_at == "2026-03-02T00:00:00Z");
}

TEST_CASE("a category marked police runs a police clock") {
    test::School s;
    auto inc = s.open("DEF", "IV", "2026-03-01T00:00:00Z");
    CHECK(inc.police_due_at == "2026-03-02T00:00:00Z");
    CHECK(s.open("MAL", "IV", "2026-03-01T00:00:00Z").police_due_at.empty());
}

TEST_CASE("an incident starts with its category's playbook as its checklist") {
    test::School s;
    auto inc = s.open("MAL", "IV", "2026-03-01T00:00:00Z");
    auto steps = store::steps_of(s.db, inc.id);
    REQUIRE(steps.size() == 2);
    CHECK(steps[0].n == 1);
    CHECK(steps[1].text == "scan every machine");
    CHECK(store::steps_of(s.db, s.open("ATK", "IV", "2026-03-01T00:00:00Z").id).empty());
}

TEST_CASE("opening is journaled in the same transaction") {
    test::School s;
    auto inc = s.open("MAL", "IV", "2026-03-01T00:00:00Z");
    auto v = journal::verify_chain(s.db);
    CHECK(v.intact);
    CHECK(v.entries == 1);
    auto entry = store::last_journal_row(s.db);
    REQUIRE(entry);
    CHECK(entry->action == "incident.opened");
    CHECK(entry->subject == inc.id);
}

TEST_CASE("a refused open writes nothing") {
    test::School s;
    CHECK_THROWS_WITH_AS(
        s.open("VIRUS", "IV", "2026-03-01T00:00:00Z"),
        "unknown category 'VIRUS': expected one of MAL, ATK, DEF, DATA, ACCT, FAC, DIS, FRAUD, VULN, ABN, OTH", Error);
    CHECK_THROWS_WITH_AS(s.open("MAL", "IV", "2026-07-01T00:00:00Z"),
                         "the discovery time 2026-07-01 08:00:00 is in the future", Error); // in the future
    CHECK(store::list_incidents(s.db, {}).empty());
    CHECK(journal::verify_chain(s.db).entries == 0);
}

TEST_CASE("an upgrade recomputes the deadline from discovery") {
    test::School s;
    auto inc = s.open("MAL", "IV", "2026-03-01T00:00:00Z", "2026-03-01T03:00:00Z");
    auto up = incident::regrade(s.db, s.policy, incident_origin, inc.id, "II", "spread", utc("2026-03-01T03:00:00Z"));
    CHECK(up.report_due_at == "2026-03-01T01:00:00Z");
    CHECK(incident::report_clock(up, {}, utc("2026-03-01T03:00:00Z")).state == "overdue");
}

TEST_CASE("a downgrade after the deadline keeps it missed") {
    test::School s;
    auto inc = s.open("ATK", "III", "2026-03-01T00:00:00Z", "2026-03-01T05:00:00Z");
    auto down = incident::regrade(s.db, s.policy, incident_origin, inc.id, "0", "a scan", utc("2026-03-01T05:00:00Z"));
    CHECK(down.report_missed);
    CHECK(down.report_due_at == "2026-03-01T04:00:00Z");
    CHECK(incident::get_incident(s.db, inc.id).report_missed);
}

TEST_CASE("a downgrade before the deadline gives the longer deadline") {
    test::School s;
    auto inc = s.open("ATK", "III", "2026-03-01T00:00:00Z", "2026-03-01T01:00:00Z");
    auto down =
        incident::regrade(s.db, s.policy, incident_origin, inc.id, "IV", "one machine", utc("2026-03-01T01:00:00Z"));
    CHECK_FALSE(down.report_missed);
    CHECK(down.report_due_at == "2026-03-01T12:00:00Z");
}

TEST_CASE("a correction is a new timeline entry pointing at one of the same incident") {
    test::School s;
    auto a = s.open("OTH", "IV", "2026-03-01T00:00:00Z");
    auto b = s.open("OTH", "IV", "2026-03-01T00:00:00Z");
    auto now = utc("2026-06-01T00:00:00Z");
    auto note = incident::add_note(s.db, incident_origin, a.id, "12 machines", std::nullopt, now);
    auto fix = incident::add_note(s.db, incident_origin, a.id, "21 machines", note.id, now);
    CHECK(fix.kind == "correction");
    CHECK(fix.corrects == note.id);
    CHECK(store::timeline_of(s.db, a.id).size() == 3);
    CHECK_THROWS_WITH_AS(incident::add_note(s.db, incident_origin, b.id, "x", note.id, now),
                         doctest::Contains("has no timeline entry"), Error);
}

TEST_CASE("the timeline refuses to be edited") {
    test::School s;
    auto a = s.open("OTH", "IV", "2026-03-01T00:00:00Z");
    CHECK_THROWS_AS(s.db.exec("UPDATE incident_timeline SET text = 'x'"), Error);
    CHECK(store::timeline_of(s.db, a.id).front().text == "OTH IV");
}

TEST_CASE("overdue lists open incidents only, and due_within those about to be") {
    test::School s;
    auto late = s.open("OTH", "IV", "2026-03-01T00:00:00Z");
    auto closed = s.open("OTH", "IV", "2026-03-01T00:00:00Z");
    auto soon = s.open("OTH", "IV", "2026-03-01T11:00:00Z");
    incident::close_incident(s.db, incident_origin, closed.id, "done", "", utc("2026-03-01T01:00:00Z"),
                             utc("2026-06-01T00:00:00Z"));
    auto now = utc("2026-03-01T21:00:00Z");
    auto over = incident::overdue(s.db, now);
    REQUIRE(over.size() == 1);
    CHECK(over[0].incident.id == late.id);
    auto due = incident::due_within(s.db, now, std::chrono::hours(2));
    REQUIRE(due.size() == 1);
    CHECK(due[0].incident.id == soon.id);
    CHECK(incident::due_within(s.db, now, std::chrono::hours(1)).empty());
}

TEST_CASE("processes opening at once get distinct, consecutive numbers") {
    test::School s; // its connection stays idle in this process: each child opens its own
    const int processes = 4, each = 25;
    for (int p = 0; p < processes; ++p) {
        if (::fork() == 0) {
            int status = 0;
            try {
                store::Db db(s.policy.state_dir + "/netsec.db", store::Access::read_write);
                for (int i = 0; i < each; ++i) {
                    incident::OpenRequest req{"OTH", "", "0", "t", "", "", ""};
                    req.discovered_at = utc("2026-03-01T00:00:00Z");
                    incident::open_incident(db, s.policy, incident_origin, req, utc("2026-03-02T00:00:00Z"));
                }
            } catch (...) {
                status = 1;
            }
            ::_exit(status);
        }
    }
    for (int p = 0; p < processes; ++p) {
        int status = 0;
        ::wait(&status);
        CHECK(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 0);
    }
    store::Db db(s.policy.state_dir + "/netsec.db", store::Access::read_only);
    std::set<std::int64_t> numbers;
    for (const auto& inc : store::list_incidents(db, {})) numbers.insert(inc.number);
    CHECK(numbers.size() == std::size_t(processes * each));
    CHECK(*numbers.rbegin() == processes * each);
}

TEST_CASE("a report to the leadership is recorded as internal and leaves the incident overdue") {
    test::School s;
    auto inc = s.open("OTH", "IV", "2026-03-01T00:00:00Z");
    auto when = utc("2026-03-01T01:00:00Z");
    auto r = incident::record_report(s.db, s.policy, incident_origin, inc.id, "leadership", "phone", "call 7", when,
                                     utc("2026-03-02T00:00:00Z"));
    CHECK(r.role == "internal");
    CHECK(store::reports_of(s.db, inc.id).front().role == "internal");
    auto over = incident::overdue(s.db, utc("2026-03-02T00:00:00Z"));
    REQUIRE(over.size() == 1);
    CHECK(over[0].clock.kind == "report");
    incident::record_report(s.db, s.policy, incident_origin, inc.id, "bureau", "phone", "call 8", when,
                            utc("2026-03-02T00:00:00Z"));
    CHECK(incident::overdue(s.db, utc("2026-03-02T00:00:00Z")).empty());
}

TEST_CASE("a void incident is kept, journaled, out of overdue, and cannot be voided twice") {
    test::School s;
    auto a = s.open("OTH", "IV", "2026-03-01T00:00:00Z");
    auto b = s.open("OTH", "IV", "2026-03-01T00:00:00Z");
    auto now = utc("2026-03-02T00:00:00Z");
    CHECK(incident::overdue(s.db, now).size() == 2);
    auto v = incident::void_incident(s.db, incident_origin, b.id, "opened twice", a.id, now);
    CHECK(v.voided_at == "2026-03-02T00:00:00Z");
    CHECK(incident::get_incident(s.db, b.id).duplicate_of == a.id);
    CHECK(incident::get_incident(s.db, b.id).void_reason == "opened twice");
    CHECK(incident::overdue(s.db, now).size() == 1);
    CHECK(store::last_journal_row(s.db)->action == "incident.voided");
    CHECK_THROWS_WITH_AS(incident::void_incident(s.db, incident_origin, b.id, "again", "", now),
                         "incident 'INC-2026-0002' is already void since 2026-03-02T00:00:00Z (opened twice); "
                         "nothing was changed",
                         Error);
    CHECK_THROWS_WITH_AS(incident::void_incident(s.db, incident_origin, "INC-2026-0099", "x", "", now),
                         "no incident 'INC-2026-0099'; 'netsec-incident list' shows them", Error);
    CHECK_THROWS_WITH_AS(incident::void_incident(s.db, incident_origin, a.id, "x", b.id, now),
                         "incident 'INC-2026-0002' is void itself; name the incident that stands (--duplicate-of)",
                         Error);
    CHECK_THROWS_WITH_AS(
        incident::record_report(s.db, s.policy, incident_origin, b.id, "bureau", "phone", "r", now, now),
        "incident 'INC-2026-0002' is void (opened twice); nothing was changed", Error);
    CHECK(journal::verify_chain(s.db).intact);
}

TEST_CASE("an edit journals each field from and to, and a police category starts the police clock") {
    test::School s;
    auto inc = s.open("OTH", "IV", "2026-03-01T00:00:00Z");
    incident::Edit e;
    e.title = "a new title";
    e.category = "DEF";
    auto out =
        incident::edit_incident(s.db, s.policy, incident_origin, inc.id, e, "typed wrong", utc("2026-03-01T02:00:00Z"));
    CHECK(out.clocks_recomputed);
    CHECK(out.incident.police_due_at == "2026-03-02T00:00:00Z");
    CHECK(incident::get_incident(s.db, inc.id).title == "a new title");
    auto entry = store::last_journal_row(s.db);
    REQUIRE(entry);
    CHECK(entry->action == "incident.edited");
    auto d = nlohmann::json::parse(entry->details);
    CHECK(d["changes"]["title"]["to"] == "a new title");
    CHECK(d["changes"]["category"]["from"] == "OTH");
    CHECK(d["reason"] == "typed wrong");
    CHECK_THROWS_WITH_AS(
        incident::edit_incident(s.db, s.policy, incident_origin, inc.id, e, "", utc("2026-03-01T02:00:00Z")),
        "an edit needs a reason (--reason)", Error);
    CHECK_THROWS_WITH_AS(
        incident::edit_incident(s.db, s.policy, incident_origin, inc.id, e, "again", utc("2026-03-01T02:00:00Z")),
        "incident 'INC-2026-0001' already reads so; nothing was changed", Error);
}

TEST_CASE("--at on a step or a note is refused before discovery and in the future") {
    test::School s;
    auto inc = s.open("MAL", "IV", "2026-03-01T00:00:00Z");
    auto now = utc("2026-03-02T00:00:00Z");
    CHECK_THROWS_WITH_AS(incident::mark_step(s.db, incident_origin, inc.id, 1, "", now, utc("2026-02-28T00:00:00Z")),
                         "--at 2026-02-28T00:00:00Z is before incident 'INC-2026-0001' was discovered "
                         "(2026-03-01T00:00:00Z)",
                         Error);
    CHECK_THROWS_WITH_AS(
        incident::add_note(s.db, incident_origin, inc.id, "x", std::nullopt, now, utc("2026-03-03T00:00:00Z")),
        "--at 2026-03-03T00:00:00Z is in the future", Error);
    auto step = incident::mark_step(s.db, incident_origin, inc.id, 1, "", now, utc("2026-03-01T05:00:00Z"));
    CHECK(step.done_at == "2026-03-01T05:00:00Z");
    auto note = incident::add_note(s.db, incident_origin, inc.id, "x", std::nullopt, now, utc("2026-03-01T06:00:00Z"));
    CHECK(nlohmann::json::parse(note.details)["happened_at"] == "2026-03-01T06:00:00Z");
    CHECK(note.at == "2026-03-02T00:00:00Z"); // when it was recorded stays true
}

TEST_CASE("all_or_nothing writes none of several changes when one fails") {
    test::School s;
    auto a = s.open("OTH", "IV", "2026-03-01T00:00:00Z");
    auto now = utc("2026-03-02T00:00:00Z");
    CHECK_THROWS_AS(incident::all_or_nothing(s.db,
                                             [&] {
                                                 incident::void_incident(s.db, incident_origin, a.id, "x", "", now);
                                                 incident::void_incident(s.db, incident_origin, a.id, "x", "", now);
                                             }),
                    Error);
    CHECK_FALSE(incident::is_void(incident::get_incident(s.db, a.id)));
}
