// The roster generator: fair counts, nobody on two slots at once, holidays and leave respected,
// kept slots unchanged, and a slot nobody can take left empty rather than doubled up.
#include "netsec/duty/roster.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <set>

using namespace netsec::duty;

namespace {

// December 2026 (the 1st a Tuesday, so the 5th a Saturday); `holidays` are days kept as holidays.
std::vector<Day> december(std::set<int> holidays = {}) {
    std::vector<Day> days;
    for (int d = 1; d <= 31; ++d) {
        DayKind kind = (d % 7 == 5 || d % 7 == 6) ? DayKind::weekend : DayKind::workday;
        if (holidays.count(d)) kind = DayKind::holiday;
        days.push_back({"2026-12-" + std::string(d < 10 ? "0" : "") + std::to_string(d), kind});
    }
    return days;
}

std::vector<SlotRule> usual_rules() {
    return {{"day", "08:00", "17:00", {true, false, false}},
            {"night", "17:00", "08:00", {true, true, true}},
            {"weekend", "08:00", "17:00", {false, true, true}}};
}

const std::vector<std::string> five{"zhang", "li", "wang", "zhao", "sun"};

std::string next_date(const std::vector<Day>& days, const std::string& date) {
    for (std::size_t i = 0; i + 1 < days.size(); ++i)
        if (days[i].date == date) return days[i + 1].date;
    return "";
}

} // namespace

TEST_CASE("generate_roster fills every staffed slot and counts each person fairly") {
    auto days = december();
    auto r = generate_roster(five, usual_rules(), days, {});
    // 23 workdays (day + night), 8 weekend days (night + weekend): 62 slots.
    CHECK(r.assignments.size() == 62);
    CHECK(std::none_of(r.assignments.begin(), r.assignments.end(), [](auto& a) { return a.user.empty(); }));
    int lo = 1000, hi = 0;
    for (const auto& [user, c] : r.counts) lo = std::min(lo, c.total), hi = std::max(hi, c.total);
    CHECK(hi - lo <= 1);
    for (const auto& slot : {"day", "night", "weekend"}) {
        int slo = 1000, shi = 0;
        for (const auto& [user, c] : r.counts) {
            auto it = c.by_slot.find(slot);
            int n = it == c.by_slot.end() ? 0 : it->second;
            slo = std::min(slo, n), shi = std::max(shi, n);
        }
        CHECK(shi - slo <= 1);
    }
}

TEST_CASE("generate_roster never gives one person two slots of a date nor a night then the next morning") {
    auto days = december();
    auto r = generate_roster(five, usual_rules(), days, {});
    std::set<std::pair<std::string, std::string>> seen;
    for (const auto& a : r.assignments) CHECK(seen.insert({a.user, a.date}).second);
    for (const auto& a : r.assignments) {
        if (a.slot != "night") continue;
        auto next = next_date(days, a.date);
        for (const auto& b : r.assignments)
            if (b.date == next && (b.slot == "day" || b.slot == "weekend")) CHECK(b.user != a.user);
    }
}

TEST_CASE("generate_roster staffs holidays with the holiday slots only") {
    CHECK_FALSE(staffed_on(usual_rules()[0].on, DayKind::holiday));
    auto r = generate_roster(five, usual_rules(), december({1, 2}), {});
    for (const auto& a : r.assignments)
        if (a.date == "2026-12-01" || a.date == "2026-12-02") CHECK(a.slot != "day");
    auto on_first = std::count_if(r.assignments.begin(), r.assignments.end(),
                                  [](auto& a) { return a.date == "2026-12-01"; });
    CHECK(on_first == 2); // night and weekend
}

TEST_CASE("generate_roster gives nobody a slot while on leave") {
    std::vector<Leave> leave{{"li", "2026-12-05", "2026-12-20", ""}};
    auto r = generate_roster(five, usual_rules(), december(), leave);
    for (const auto& a : r.assignments)
        if (a.user == "li") CHECK((a.date < "2026-12-05" || a.date > "2026-12-20"));
    CHECK(r.counts["li"].total > 0);
    CHECK(on_leave(leave, "li", "2026-12-20"));
    CHECK_FALSE(on_leave(leave, "li", "2026-12-21"));
}

TEST_CASE("generate_roster leaves a slot empty when nobody can take it") {
    std::vector<Leave> leave{{"li", "2026-12-01", "2026-12-31", ""}};
    auto r = generate_roster({"zhang", "li"}, usual_rules(), december(), leave);
    auto empty = std::count_if(r.assignments.begin(), r.assignments.end(), [](auto& a) { return a.user.empty(); });
    CHECK(empty > 0);
    for (const auto& a : r.assignments) CHECK(a.user != "li");
}

TEST_CASE("generate_roster returns kept slots unchanged and counts them") {
    auto days = december();
    std::vector<Assignment> kept{{"2026-12-01", "day", "sun"}, {"2026-12-01", "night", "sun2"}};
    auto r = generate_roster(five, usual_rules(), days, {}, kept);
    CHECK(r.assignments[0].user == "sun");
    CHECK(r.assignments[1].user == "sun2");
    CHECK(r.counts["sun2"].total == 1);
    // sun held the 1st's day slot: not the 1st's night, and the count is fair with it counted
    int lo = 1000, hi = 0;
    for (const auto& p : five) lo = std::min(lo, r.counts[p].total), hi = std::max(hi, r.counts[p].total);
    CHECK(hi - lo <= 1);
}

TEST_CASE("generate_roster is the same for the same input") {
    auto a = generate_roster(five, usual_rules(), december({25}), {{"wang", "2026-12-10", "2026-12-12", ""}});
    auto b = generate_roster(five, usual_rules(), december({25}), {{"wang", "2026-12-10", "2026-12-12", ""}});
    REQUIRE(a.assignments.size() == b.assignments.size());
    for (std::size_t i = 0; i < a.assignments.size(); ++i) CHECK(a.assignments[i].user == b.assignments[i].user);
}

TEST_CASE("slot_minutes reads a night across midnight") {
    CHECK(slot_minutes({"night", "17:00", "08:00", {}}) == 15 * 60);
    CHECK(slot_minutes({"day", "08:00", "17:00", {}}) == 9 * 60);
    CHECK(slot_minutes({"whole", "08:00", "08:00", {}}) == 24 * 60);
}
