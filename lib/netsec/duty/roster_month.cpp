#include "netsec/duty/roster_month.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/hash.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/duty/ical.hpp"
#include "netsec/journal/actions.hpp"
#include "netsec/policy/calendar.hpp"

#include <fmt/format.h>
#include <set>

namespace netsec::duty {

using timeutil::Instant;

DayKind day_kind(const policy::Calendar& calendar, date::Date d) {
    if (policy::holiday_of(calendar, d)) return DayKind::holiday;
    if (!calendar.terms.empty() && !policy::term_of(calendar, d)) return DayKind::holiday;
    return date::weekday(d) >= 6 ? DayKind::weekend : DayKind::workday;
}

std::vector<Day> days_of(const policy::Calendar& calendar, date::Month month) {
    std::vector<Day> days;
    for (date::Date d = date::first_day(month); d <= date::last_day(month); d = date::add_days(d, 1)) {
        days.push_back({date::format(d), day_kind(calendar, d)});
    }
    return days;
}

const policy::DutySlot& find_slot_rule(const policy::Policy& policy, const std::string& name) {
    std::string names;
    for (const auto& s : policy.duty.slots) {
        if (s.name == name) return s;
        names += (names.empty() ? "" : ", ") + s.name;
    }
    throw Error(Exit::usage, _f("unknown duty slot '{}'; the policy's slots are {}", name, names));
}

std::pair<Instant, Instant> slot_times(const policy::Policy& policy, date::Date d, const policy::DutySlot& rule) {
    const auto& zone = policy.school.timezone;
    Instant start = timeutil::parse_time(date::format(d) + " " + rule.from, zone);
    date::Date end_day = rule.to > rule.from ? d : date::add_days(d, 1);
    Instant end = timeutil::parse_time(date::format(end_day) + " " + rule.to, zone);
    return {start, end};
}

void require_rota(const policy::Policy& policy) {
    if (policy.duty.people.empty())
        throw Error(Exit::config, _f("{}: the policy has no duty rota; name its people under duty.people",
                                     policy.file));
}

namespace {

nlohmann::ordered_json counts_json(const std::map<std::string, Count>& counts) {
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    for (const auto& [user, c] : counts) j[user] = c.total;
    return j;
}

} // namespace

Generated generate_month(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                         date::Month month, Replace replace, Instant now) {
    require_rota(policy);
    Generated out;
    out.month = date::format(month);
    if (auto before = store::find_duty_month(db, out.month); before && replace == Replace::no)
        throw Error(Exit::usage,
                    _f("the roster of {} was generated on {}; add --replace to generate its slots not yet begun "
                       "again (slots already begun are kept)",
                       out.month, before->generated_at));

    auto days = days_of(policy.calendar, month);
    std::string first = days.front().date, last = days.back().date;
    std::string now_text = timeutil::format_rfc3339(now);

    // Slots that have begun stay as they are: those stored, and those never rostered (left empty).
    std::vector<Assignment> kept;
    std::set<std::pair<std::string, std::string>> stored_begun;
    for (const auto& r : store::list_duty_slots(db, first, last))
        if (r.starts_at <= now_text) {
            kept.push_back({r.date, r.slot, r.username});
            stored_begun.insert({r.date, r.slot});
        }
    std::size_t ahead = 0;
    std::set<std::pair<std::string, std::string>> begun;
    for (std::size_t i = 0; i < days.size(); ++i) {
        date::Date d{month.y, month.m, static_cast<int>(i) + 1};
        for (const auto& s : policy.duty.slots) {
            if (!staffed_on(s.on, days[i].kind) || stored_begun.count({days[i].date, s.name})) continue;
            if (slot_times(policy, d, s).first <= now) {
                kept.push_back({days[i].date, s.name, ""});
                begun.insert({days[i].date, s.name});
            } else {
                ++ahead;
            }
        }
    }
    if (ahead == 0)
        throw Error(Exit::usage, _f("every slot of {} has begun; past slots are never changed", out.month));

    auto roster = generate_roster(policy.duty.people, policy.duty.slots, days, policy.duty.leave, kept);
    out.counts = roster.counts;
    out.kept = stored_begun.size();

    store::Transaction tx(db);
    store::delete_duty_slots_after(tx, out.month, now_text);
    for (const auto& a : roster.assignments) {
        if (stored_begun.count({a.date, a.slot}) || begun.count({a.date, a.slot})) continue;
        auto d = date::parse(a.date, "date");
        auto [start, end] = slot_times(policy, d, find_slot_rule(policy, a.slot));
        if (a.user.empty()) ++out.unfilled;
        store::put_duty_slot(tx, {a.date, a.slot, a.user, a.user, timeutil::format_rfc3339(start),
                                  timeutil::format_rfc3339(end), out.month, now_text, now_text});
    }
    store::record_duty_month(tx, out.month, now_text, origin.operator_name);
    journal::append(tx, origin, journal::action::duty_generated, out.month,
                    {{"slots", ahead}, {"unfilled", out.unfilled}, {"kept", out.kept},
                     {"replace", replace == Replace::yes}, {"counts", counts_json(out.counts)}});
    tx.commit();
    out.slots = store::list_duty_slots(db, first, last);
    return out;
}

std::vector<SlotRow> month_slots(store::Db& db, date::Month month) {
    auto m = date::format(month);
    if (!store::find_duty_month(db, m))
        throw Error(Exit::no_input,
                    _f("no roster for {}; generate it with 'netsec-duty roster generate --month {}'", m, m));
    return store::list_duty_slots(db, date::format(date::first_day(month)), date::format(date::last_day(month)));
}

std::optional<date::Date> first_roster_day(store::Db& db) {
    auto first = store::first_duty_month(db);
    if (!first) return std::nullopt;
    return date::parse(*first + "-01", "month");
}

std::vector<SlotRow> slots_between(store::Db& db, const std::string& from, const std::string& to,
                                   const std::string& username) {
    auto rows = store::list_duty_slots(db, from, to);
    if (username.empty()) return rows;
    std::vector<SlotRow> out;
    for (auto& r : rows)
        if (r.username == username) out.push_back(std::move(r));
    return out;
}

std::string slots_ical(store::Db& db, const policy::Policy& policy, const std::vector<SlotRow>& slots,
                       Instant stamp) {
    std::map<std::pair<std::string, std::string>, int> swaps;
    if (!slots.empty())
        for (const auto& w : store::list_duty_swaps(db, slots.front().date, slots.back().date)) ++swaps[{w.date, w.slot}];
    // A UID must be unique in the world and stable: the slot's date and name, and the school.
    std::string school = policy.school.code.empty() ? hash::sha256_hex(policy.school.name).substr(0, 12)
                                                    : policy.school.code;
    std::string rooms;
    for (const auto& r : policy.duty.rooms) rooms += (rooms.empty() ? "" : ", ") + r.name;
    std::vector<IcalEvent> events;
    for (const auto& s : slots) {
        if (s.username.empty()) continue;
        IcalEvent e;
        e.uid = fmt::format("{}-{}@duty.{}.netsec", s.date, s.slot, school);
        e.start = timeutil::parse_time(s.starts_at, "UTC");
        e.end = timeutil::parse_time(s.ends_at, "UTC");
        e.summary = _f("Duty ({}): {}", s.slot, s.username);
        if (s.username != s.rostered_username)
            e.description = _f("swapped: the roster gave it to {}", s.rostered_username);
        e.location = rooms;
        // A slot changes only by a swap: each one a new revision of the event.
        auto n = swaps.find({s.date, s.slot});
        e.sequence = n == swaps.end() ? 0 : n->second;
        events.push_back(std::move(e));
    }
    // RFC 5545 wants at least one component: an empty calendar is refused rather than written.
    if (events.empty()) throw Error(Exit::no_input, _("no duty slot with a person to write"));
    return write_ical(events, _f("{} duty roster", policy.school.name), stamp);
}

} // namespace netsec::duty
