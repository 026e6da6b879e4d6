// The roster as the school keeps it: a month generated from the policy's rota and calendar into
// the store, listed, and written as iCalendar. Slots that have begun are never changed.
#pragma once
#include "netsec/core/date.hpp"
#include "netsec/core/time.hpp"
#include "netsec/duty/roster.hpp"
#include "netsec/journal/journal.hpp"
#include "netsec/policy/policy.hpp"
#include "netsec/store/db.hpp"
#include "netsec/store/duty_rows.hpp"

#include <optional>
#include <string>
#include <vector>

namespace netsec::duty {

using SlotRow = store::DutySlotRow;

enum class Replace { no, yes };

// What kind of day `d` is: a holiday of the calendar or a day outside every term (when terms are
// given), a weekend, or a school day.
DayKind day_kind(const policy::Calendar& calendar, date::Date d);

// The days of `month` with their kinds.
std::vector<Day> days_of(const policy::Calendar& calendar, date::Month month);

// The rule of the policy's slot `name`; throws Error(usage) naming the slots there are.
const policy::DutySlot& find_slot_rule(const policy::Policy& policy, const std::string& name);

// When slot `rule` of `d` starts and ends, read in the school's zone.
std::pair<timeutil::Instant, timeutil::Instant> slot_times(const policy::Policy& policy, date::Date d,
                                                           const policy::DutySlot& rule);

// Throws Error(config) when the policy has no rota (duty.people is empty).
void require_rota(const policy::Policy& policy);

struct Generated {
    std::string month;
    std::vector<SlotRow> slots;          // the month as it now stands
    std::map<std::string, Count> counts; // every person on the rota, kept slots counted
    std::size_t kept = 0, unfilled = 0;  // slots that had begun; slots nobody could take
};

// Generates `month` into the store, fairly (generate_roster), and journals duty.generated.
// Slots that have begun by `now` are never changed: without them a month already generated
// is refused unless `replace` (Error(usage) naming --replace); with it, the slots still ahead
// are generated anew around the kept ones. Throws Error(config) without a rota.
Generated generate_month(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                         date::Month month, Replace replace, timeutil::Instant now);

// The slots of `month`; throws Error(no_input) when it was never generated, naming the command.
std::vector<SlotRow> month_slots(store::Db& db, date::Month month);

// Slots from `from` to `to` (dates "YYYY-MM-DD", "" for open), of `username` only when given.
std::vector<SlotRow> slots_between(store::Db& db, const std::string& from, const std::string& to,
                                   const std::string& username = "");

// The slots as an iCalendar file (RFC 5545) named after the school; one VEVENT a slot with a
// person, its UID stable through swaps and its SEQUENCE the number of swaps. `stamp` is DTSTAMP. Throws Error(no_input) when no
// slot has a person (a calendar must hold an event).
std::string slots_ical(store::Db& db, const policy::Policy& policy, const std::vector<SlotRow>& slots,
                       timeutil::Instant stamp);

// The first day of the earliest month ever generated; nothing when none was.
std::optional<date::Date> first_roster_day(store::Db& db);

} // namespace netsec::duty
