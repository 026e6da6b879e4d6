#include "netsec/duty/swap.hpp"

#include "netsec/core/date.hpp"
#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/duty/roster.hpp"
#include "netsec/duty/roster_month.hpp"
#include "netsec/journal/actions.hpp"

#include <algorithm>

namespace netsec::duty {

SwapRow swap_slot(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                  const std::string& date_text, const std::string& slot, const std::string& with,
                  const std::string& reason, timeutil::Instant now) {
    auto d = date::parse(date_text, "DATE");
    std::string day = date::format(d);
    find_slot_rule(policy, slot);
    const auto& people = policy.duty.people;
    if (std::find(people.begin(), people.end(), with) == people.end())
        throw Error(Exit::usage, _f("'{}' is not on the duty rota (duty.people); a slot goes only to someone on it",
                                    with));
    auto row = store::find_duty_slot(db, day, slot);
    if (!row)
        throw Error(Exit::no_input, _f("the roster has no {} slot on {}; generate the month with 'netsec-duty "
                                       "roster generate --month {}'",
                                       slot, day, day.substr(0, 7)));
    std::string now_text = timeutil::format_rfc3339(now);
    if (row->starts_at <= now_text)
        throw Error(Exit::usage, _f("the {} slot of {} began at {}; past slots are never changed", slot, day,
                                    timeutil::format_local(timeutil::parse_time(row->starts_at, "UTC"),
                                                           policy.school.timezone)));
    if (row->username == with) throw Error(Exit::usage, _f("'{}' already holds the {} slot of {}", with, slot, day));
    if (on_leave(policy.duty.leave, with, day)) throw Error(Exit::usage, _f("'{}' is on leave on {}", with, day));
    // Nobody on two slots at once, nor back to back: the slots of the day before and after.
    auto near = store::list_duty_slots(db, date::format(date::add_days(d, -1)), date::format(date::add_days(d, 1)));
    for (const auto& other : near) {
        if (other.username != with || (other.date == day && other.slot == slot)) continue;
        bool same_day = other.date == day;
        bool touches = other.starts_at <= row->ends_at && row->starts_at <= other.ends_at;
        if (same_day || touches)
            throw Error(Exit::usage, _f("'{}' holds the {} slot of {}: nobody is on two slots at once or back to back",
                                        with, other.slot, other.date));
    }

    SwapRow swap{0, day, slot, row->username, with, reason, origin.operator_name, now_text};
    store::Transaction tx(db);
    store::set_duty_slot_user(tx, day, slot, with, now_text);
    swap.id = store::insert_duty_swap(tx, swap);
    journal::append(tx, origin, journal::action::duty_swapped, day + " " + slot,
                    {{"from", swap.from_username}, {"to", with}, {"rostered", row->rostered_username},
                     {"reason", reason}});
    tx.commit();
    return swap;
}

std::vector<SwapRow> list_swaps(store::Db& db, const std::string& from, const std::string& to) {
    return store::list_duty_swaps(db, from, to);
}

} // namespace netsec::duty
