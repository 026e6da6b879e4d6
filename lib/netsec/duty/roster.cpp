#include "netsec/duty/roster.hpp"

#include <algorithm>
#include <climits>
#include <set>
#include <tuple>
#include <utility>

namespace netsec::duty {

namespace {

int minutes_of(const std::string& hhmm) {
    if (hhmm.size() != 5 || hhmm[2] != ':') return 0;
    return ((hhmm[0] - '0') * 10 + (hhmm[1] - '0')) * 60 + (hhmm[3] - '0') * 10 + (hhmm[4] - '0');
}

// A slot as minutes from the first day's midnight, ends included: two slots that touch clash.
struct Span {
    long start = 0, end = 0;
};

bool clash(const Span& a, const Span& b) { return a.start <= b.end && b.start <= a.end; }

} // namespace

bool staffed_on(const policy::DayKinds& kinds, DayKind kind) {
    switch (kind) {
    case DayKind::workday: return kinds.workdays;
    case DayKind::weekend: return kinds.weekends;
    case DayKind::holiday: return kinds.holidays;
    }
    return false;
}

int slot_minutes(const SlotRule& rule) {
    int from = minutes_of(rule.from), to = minutes_of(rule.to);
    return to > from ? to - from : to + 1440 - from;
}

bool on_leave(const std::vector<Leave>& leave, const std::string& user, const std::string& date) {
    return std::any_of(leave.begin(), leave.end(),
                       [&](const Leave& l) { return l.user == user && l.from <= date && date <= l.to; });
}

Roster generate_roster(const std::vector<std::string>& people, const std::vector<SlotRule>& rules,
                       const std::vector<Day>& days, const std::vector<Leave>& leave,
                       const std::vector<Assignment>& kept) {
    Roster out;
    for (const auto& p : people) out.counts[p];

    std::map<std::string, std::size_t> index_of; // date -> its place among `days`
    for (std::size_t i = 0; i < days.size(); ++i) index_of[days[i].date] = i;
    std::map<std::string, const SlotRule*> rule_of;
    for (const auto& r : rules) rule_of[r.name] = &r;

    auto span_of = [&](std::size_t day, const SlotRule& r) {
        long start = static_cast<long>(day) * 1440 + minutes_of(r.from);
        return Span{start, start + slot_minutes(r)};
    };

    std::map<std::string, std::vector<Span>> busy;        // user -> the slots they hold
    std::map<std::string, std::set<std::string>> dated;   // user -> dates they hold a slot on
    std::map<std::string, long> last;                     // user -> the start of their latest slot
    auto take = [&](const std::string& user, const std::string& date, const std::string& slot, const Span* span) {
        auto& c = out.counts[user];
        ++c.total;
        ++c.by_slot[slot];
        dated[user].insert(date);
        if (span) {
            busy[user].push_back(*span);
            last[user] = std::max(last.count(user) ? last[user] : LONG_MIN, span->start);
        }
    };

    std::map<std::pair<std::string, std::string>, const Assignment*> kept_at;
    for (const auto& k : kept) {
        kept_at[{k.date, k.slot}] = &k;
        if (k.user.empty()) continue;
        auto d = index_of.find(k.date);
        auto r = rule_of.find(k.slot);
        if (d != index_of.end() && r != rule_of.end()) {
            auto span = span_of(d->second, *r->second);
            take(k.user, k.date, k.slot, &span);
        } else {
            take(k.user, k.date, k.slot, nullptr);
        }
    }

    std::map<std::string, std::size_t> order;
    for (std::size_t i = 0; i < people.size(); ++i) order.emplace(people[i], i);

    for (std::size_t i = 0; i < days.size(); ++i) {
        const auto& day = days[i];
        for (const auto& rule : rules) {
            if (auto k = kept_at.find({day.date, rule.name}); k != kept_at.end()) {
                out.assignments.push_back(*k->second);
                continue;
            }
            if (!staffed_on(rule.on, day.kind)) continue;
            auto span = span_of(i, rule);
            const std::string* best = nullptr;
            std::tuple<int, int, long, std::size_t> best_key{};
            for (const auto& p : people) {
                if (on_leave(leave, p, day.date) || dated[p].count(day.date)) continue;
                const auto& held = busy[p];
                if (std::any_of(held.begin(), held.end(), [&](const Span& s) { return clash(s, span); })) continue;
                const auto& c = out.counts[p];
                auto by = c.by_slot.find(rule.name);
                std::tuple<int, int, long, std::size_t> key{by == c.by_slot.end() ? 0 : by->second, c.total,
                                                            last.count(p) ? last[p] : LONG_MIN, order[p]};
                if (!best || key < best_key) best = &p, best_key = key;
            }
            out.assignments.push_back({day.date, rule.name, best ? *best : std::string()});
            if (best) take(*best, day.date, rule.name, &span);
        }
        // Kept slots whose rule the policy no longer names stay too, after the day's own.
        for (const auto& k : kept)
            if (k.date == day.date && !rule_of.count(k.slot)) out.assignments.push_back(k);
    }
    return out;
}

} // namespace netsec::duty
