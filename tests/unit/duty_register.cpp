// Duty in the school's database: a month generated and kept, a swap journaled and refused for a
// past slot, a closing check, the gaps cron reads and the nothing-written failure paths.
#include "netsec/core/error.hpp"
#include "netsec/duty/close.hpp"
#include "netsec/duty/gaps.hpp"
#include "netsec/duty/roster_month.hpp"
#include "netsec/duty/swap.hpp"
#include "netsec/store/duty_rows.hpp"
#include "school_fixture.hpp"

#include <doctest/doctest.h>

using namespace netsec;
using netsec::test::School;
using netsec::test::utc;

namespace {

const journal::Origin origin{"alice", "host1", "netsec-duty"};

const std::string rota = "calendar:\n"
                         "  holidays: [{name: 校庆, from: 2026-12-24, to: 2026-12-25}]\n"
                         "duty:\n"
                         "  people: [zhang, li, wang, zhao, sun]\n"
                         "  rooms: [{name: 机房1, checklist: [power, doors, {item: smoke, ok: none}]}]\n"
                         "  leave: [{user: li, from: 2026-12-14, to: 2026-12-18}]\n";

std::int64_t journal_entries(School& s) {
    store::Statement st(s.db, "SELECT count(*) FROM journal");
    st.step();
    return st.integer(0);
}

duty::Generated december(School& s, const std::string& now = "2026-11-20T00:00:00Z") {
    return duty::generate_month(s.db, s.policy, origin, {2026, 12}, duty::Replace::no, utc(now));
}

} // namespace

TEST_CASE("generate_month stores every staffed slot with its UTC times, once") {
    School s(rota);
    auto g = december(s);
    CHECK(g.slots.size() == 62); // 21 school days with day and night, 10 weekend and holiday days
    CHECK(g.unfilled == 0);
    auto night = store::find_duty_slot(s.db, "2026-12-01", "night");
    REQUIRE(night);
    CHECK(night->starts_at == "2026-12-01T09:00:00Z");
    CHECK(night->ends_at == "2026-12-02T00:00:00Z");
    CHECK_FALSE(store::find_duty_slot(s.db, "2026-12-24", "day"));
    CHECK_THROWS_AS(december(s), Error);
}

TEST_CASE("generate_month --replace keeps every slot that has begun") {
    School s(rota);
    december(s);
    auto before = store::list_duty_slots(s.db, "2026-12-01", "2026-12-09");
    auto g = duty::generate_month(s.db, s.policy, origin, {2026, 12}, duty::Replace::yes, utc("2026-12-10T00:00:00Z"));
    CHECK(g.kept == before.size() + 1); // and the 10th's day slot, begun at 08:00 local (00:00Z)
    auto after = store::list_duty_slots(s.db, "2026-12-01", "2026-12-09");
    REQUIRE(after.size() == before.size());
    for (std::size_t i = 0; i < after.size(); ++i) CHECK(after[i].username == before[i].username);
}

TEST_CASE("month_slots of a month never generated is no_input naming the command") {
    School s(rota);
    try {
        duty::month_slots(s.db, {2027, 1});
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == Exit::no_input);
        CHECK(std::string(e.what()) ==
              "no roster for 2027-01; generate it with 'netsec-duty roster generate --month 2027-01'");
    }
}

TEST_CASE("swap_slot refuses a past slot and someone not on the rota, writing nothing") {
    School s(rota);
    december(s);
    auto entries = journal_entries(s);
    CHECK_THROWS_WITH_AS(duty::swap_slot(s.db, s.policy, origin, "2026-12-01", "night", "wang", "",
                                         utc("2026-12-02T00:00:00Z")),
                         "the night slot of 2026-12-01 began at 2026-12-01 17:00; past slots are never changed",
                         Error);
    CHECK_THROWS_AS(duty::swap_slot(s.db, s.policy, origin, "2026-12-20", "night", "qian", "",
                                    utc("2026-12-02T00:00:00Z")),
                    Error);
    CHECK_THROWS_AS(duty::swap_slot(s.db, s.policy, origin, "2026-12-32", "night", "wang", "",
                                    utc("2026-12-02T00:00:00Z")),
                    Error);
    CHECK(journal_entries(s) == entries);
    CHECK(store::list_duty_swaps(s.db, "", "").empty());
}

TEST_CASE("swap_slot hands the slot over, keeping the rostered name") {
    School s(rota);
    december(s);
    auto slot = store::find_duty_slot(s.db, "2026-12-22", "day");
    REQUIRE(slot);
    // Someone free: no slot that day, nor the night before, nor the next morning.
    std::string with;
    for (const auto& p : s.policy.duty.people) {
        bool busy = false;
        for (const auto& r : store::list_duty_slots(s.db, "2026-12-21", "2026-12-23"))
            busy = busy || (r.username == p && (r.date == "2026-12-22" || (r.date == "2026-12-21" && r.slot == "night") ||
                                                (r.date == "2026-12-23" && r.slot != "night")));
        if (!busy && with.empty()) with = p;
    }
    REQUIRE_FALSE(with.empty());
    auto swap = duty::swap_slot(s.db, s.policy, origin, "2026-12-22", "day", with, "病假", utc("2026-12-02T00:00:00Z"));
    CHECK(swap.from_username == slot->username);
    auto after = store::find_duty_slot(s.db, "2026-12-22", "day");
    CHECK(after->username == with);
    CHECK(after->rostered_username == slot->username);
}

TEST_CASE("read_answers requires every checklist item and knows each item's ok word") {
    School s(rota);
    const auto& room = duty::find_room(s.policy, "机房1");
    auto answers = duty::read_answers(room, {"power=ok", "doors=坏了", "smoke=none"});
    REQUIRE(answers.size() == 3);
    CHECK(answers[0].ok);
    CHECK_FALSE(answers[1].ok);
    CHECK(answers[2].ok);
    CHECK_FALSE(duty::read_answers(room, {"power=ok", "doors=ok", "smoke=ok"})[2].ok);
    CHECK_THROWS_WITH_AS(duty::read_answers(room, {"power=ok"}),
                         "the closing check of 机房1 is missing items; answer them too: --item doors=ok smoke=none",
                         Error);
    CHECK_THROWS_AS(duty::read_answers(room, {"power=ok", "power=ok", "doors=ok", "smoke=none"}), Error);
    CHECK_THROWS_AS(duty::find_room(s.policy, "机房2"), Error);
}

TEST_CASE("evening_of counts a closing before 06:00 for the evening before") {
    CHECK(duty::evening_of(utc("2026-12-01T16:30:00Z"), "Asia/Shanghai") == "2026-12-01"); // 00:30 on the 2nd
    CHECK(duty::evening_of(utc("2026-12-01T22:30:00Z"), "Asia/Shanghai") == "2026-12-02"); // 06:30 on the 2nd
    CHECK(duty::evening_of(utc("2026-12-01T10:00:00Z"), "Asia/Shanghai") == "2026-12-01");
}

TEST_CASE("find_gaps without a month reports a missed closing once, the day it was due") {
    School s(rota + "  patrol_on: []\n");
    s.reload();
    december(s);
    duty::close_room(s.db, s.policy, origin, "机房1", "zhang", {"power=ok", "doors=ok", "smoke=none"}, "",
                     utc("2026-12-01T10:00:00Z"), utc("2026-12-01T10:00:00Z"));
    CHECK(duty::find_gaps(s.db, s.policy, std::nullopt, utc("2026-12-01T15:00:00Z")).empty());
    auto loud = duty::find_gaps(s.db, s.policy, std::nullopt, utc("2026-12-02T15:00:00Z"));
    REQUIRE(loud.size() == 1);
    CHECK(loud[0].gap == "missed_closing");
    CHECK(loud[0].date == "2026-12-02");
    CHECK(duty::find_gaps(s.db, s.policy, std::nullopt, utc("2026-12-03T15:00:00Z")).size() == 1); // the 3rd's
    auto month = duty::find_gaps(s.db, s.policy, date::Month{2026, 12}, utc("2026-12-03T15:00:00Z"));
    CHECK(month.size() == 2);
}
