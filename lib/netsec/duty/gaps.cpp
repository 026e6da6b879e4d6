#include "netsec/duty/gaps.hpp"

#include "netsec/duty/roster_month.hpp"
#include "netsec/store/duty_rows.hpp"
#include "netsec/store/duty_web_reads.hpp"

#include <algorithm>
#include <set>

namespace netsec::duty {

using timeutil::Instant;

std::vector<Gap> gaps_between(store::Db& db, const policy::Policy& policy, date::Date from, date::Date to,
                              Instant after, Instant until, bool slots_ahead, std::optional<date::Date> checks_from) {
    const auto& zone = policy.school.timezone;
    std::string first = date::format(from), last = date::format(to);
    std::set<std::pair<std::string, std::string>> staffed, closed;
    for (const auto& s : store::list_duty_slots(db, first, last))
        if (!s.username.empty()) staffed.insert({s.date, s.slot});
    for (const auto& c : store::list_duty_closings(db, first, last)) closed.insert({c.date, c.room});
    auto patrols = store::list_patrols_seen(db, timeutil::format_rfc3339(date::start_of(from, zone)),
                                            timeutil::format_rfc3339(date::start_of(date::add_days(to, 1), zone)));

    std::vector<Gap> out;
    for (date::Date d = from; d <= to; d = date::add_days(d, 1)) {
        std::string day = date::format(d);
        DayKind kind = day_kind(policy.calendar, d);
        for (const auto& rule : policy.duty.slots) {
            if (!staffed_on(rule.on, kind) || staffed.count({day, rule.name})) continue;
            Instant start = slot_times(policy, d, rule).first;
            // Ahead (cron): slots starting in the next day; otherwise every slot of the days.
            if (slots_ahead && !(start > until && start <= until + std::chrono::hours(24))) continue;
            out.push_back({day, "unstaffed_slot", rule.name, "", start});
        }
        if (checks_from && d < *checks_from) continue;
        for (const auto& room : policy.duty.rooms) {
            if (!staffed_on(room.on, kind) || closed.count({day, room.name})) continue;
            Instant due = timeutil::parse_time(day + " " + room.close_by, zone);
            if (due > after && due <= until) out.push_back({day, "missed_closing", "", room.name, due});
        }
        if (staffed_on(policy.duty.patrol_on, kind)) {
            Instant begin = date::start_of(d, zone), due = date::start_of(date::add_days(d, 1), zone);
            std::string b = timeutil::format_rfc3339(begin), e = timeutil::format_rfc3339(due);
            bool looked = std::any_of(patrols.begin(), patrols.end(),
                                      [&](const auto& p) { return p.fetched_at >= b && p.fetched_at < e; });
            if (!looked && due > after && due <= until) out.push_back({day, "missed_patrol", "", "", due});
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const Gap& a, const Gap& b) { return a.due_at < b.due_at; });
    return out;
}

std::vector<Gap> find_gaps(store::Db& db, const policy::Policy& policy, const std::optional<date::Month>& month,
                           Instant now) {
    require_rota(policy);
    if (month) {
        return gaps_between(db, policy, date::first_day(*month), date::last_day(*month), Instant{}, now, false);
    }
    const auto& zone = policy.school.timezone;
    Instant after = now - std::chrono::hours(24);
    date::Date from = date::add_days(date::of(after, zone), -1), to = date::add_days(date::of(now, zone), 2);
    auto first = first_roster_day(db);
    return gaps_between(db, policy, from, to, after, now, true, first ? *first : date::add_days(to, 1));
}

} // namespace netsec::duty
