#include "netsec/duty/stats.hpp"

#include "netsec/core/date.hpp"
#include "netsec/duty/close.hpp"
#include "netsec/duty/gaps.hpp"
#include "netsec/duty/roster_month.hpp"
#include "netsec/store/duty_rows.hpp"
#include "netsec/store/duty_web_reads.hpp"

#include <algorithm>
#include <map>

namespace netsec::duty {

std::vector<Figure> gather_stats(store::Db& db, const policy::Policy& policy, int year, timeutil::Instant now) {
    std::vector<Figure> out;
    auto add = [&](const std::string& dimension, const std::string& key, std::int64_t value) {
        out.push_back({dimension, key, value});
    };
    date::Date first{year, 1, 1}, last{year, 12, 31};
    std::string from = date::format(first), to = date::format(last);

    auto slots = store::list_duty_slots(db, from, to);
    std::map<std::string, std::int64_t> by_slot, by_person;
    std::int64_t swapped = 0;
    for (const auto& s : slots) {
        ++by_slot[s.slot];
        if (!s.username.empty()) ++by_person[s.username];
        if (s.username != s.rostered_username) ++swapped;
    }
    add("slots", "", static_cast<std::int64_t>(slots.size()));
    for (const auto& [slot, n] : by_slot) add("slots_by_slot", slot, n);
    for (const auto& [user, n] : by_person) add("slots_by_person", user, n);
    add("swaps", "", static_cast<std::int64_t>(store::list_duty_swaps(db, from, to).size()));
    add("slots_swapped", "", swapped);

    auto closings = store::list_duty_closings(db, from, to);
    std::int64_t not_ok = 0;
    std::map<std::string, std::int64_t> items_not_ok;
    for (const auto& c : closings) {
        if (!c.all_ok) ++not_ok;
        for (const auto& i : answers_of(c))
            if (!i.ok) ++items_not_ok[i.item];
    }
    add("closing_checks", "", static_cast<std::int64_t>(closings.size()));
    add("closing_checks_not_ok", "", not_ok);
    for (const auto& [item, n] : items_not_ok) add("closing_items_not_ok", item, n);

    auto zone = policy.school.timezone;
    auto patrols = store::list_patrols_seen(db, timeutil::format_rfc3339(date::start_of(first, zone)),
                                            timeutil::format_rfc3339(date::start_of(date::add_days(last, 1), zone)));
    std::int64_t failed = 0, changed = 0, prohibited = 0, missing = 0;
    for (const auto& p : patrols) failed += p.failed, changed += p.changed, prohibited += p.prohibited,
                                  missing += p.numbers_missing;
    add("patrols", "", static_cast<std::int64_t>(patrols.size()));
    add("patrol_findings", "failed", failed);
    add("patrol_findings", "changed", changed);
    add("patrol_findings", "prohibited", prohibited);
    add("patrol_findings", "numbers_missing", missing);

    // Gaps are counted from the first roster on: before it the school kept no duty records here.
    std::map<std::string, std::int64_t> gaps{{"unstaffed_slot", 0}, {"missed_closing", 0}, {"missed_patrol", 0}};
    auto since = first_roster_day(db);
    if (!policy.duty.people.empty() && since && *since <= last)
        for (const auto& g : gaps_between(db, policy, std::max(first, *since), last, timeutil::Instant{}, now, false))
            if (g.gap != "unstaffed_slot" || g.due_at <= now) ++gaps[g.gap];
    for (const auto& [gap, n] : gaps) add("gaps", gap, n);
    return out;
}

} // namespace netsec::duty
