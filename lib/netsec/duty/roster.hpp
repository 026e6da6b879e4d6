// netsec::duty — machine-room duty: the rota the policy describes (people, slots, rooms and
// their closing checklist, leave), the roster generated from it month by month, swaps, closing
// checks, the gaps cron reports and the year's figures. It reads the patrols the web piece
// records but never fetches a page itself.
//
// This header is the pure part of the roster: who takes which slot, computed from plain data
// with no database and no clock, so fairness can be tested on its own.
#pragma once
#include "netsec/policy/duty.hpp"

#include <map>
#include <string>
#include <vector>

namespace netsec::duty {

// What kind of day a date is for the rota: a school day, a weekend, or a holiday (the
// calendar's holidays, and days outside every term when terms are given).
enum class DayKind { workday, weekend, holiday };

// One day of the month to fill: "YYYY-MM-DD" (dates compare as text) and its kind.
struct Day {
    std::string date;
    DayKind kind = DayKind::workday;
};

// A slot of the rota (the policy's): its name, its local times "HH:MM" (an end at or before the
// start ends the next day) and the kinds of day it is staffed on.
using SlotRule = policy::DutySlot;

// A person away from `from` to `to`, both days included ("YYYY-MM-DD").
using Leave = policy::DutyLeave;

// One slot of one day and who takes it ("" when nobody could).
struct Assignment {
    std::string date, slot, user;
};

// How many slots a person holds, in all and per slot name.
struct Count {
    int total = 0;
    std::map<std::string, int> by_slot;
};

struct Roster {
    std::vector<Assignment> assignments;  // by date, then in the order of the rules
    std::map<std::string, Count> counts;  // every person of the rota, also with none
};

// True when `kinds` take a day of `kind` (a slot staffed, a room closed, a patrol due).
bool staffed_on(const policy::DayKinds& kinds, DayKind kind);

// Minutes from `from` to `to` ("HH:MM"); an end at or before the start ends the next day.
int slot_minutes(const SlotRule& rule);

// Fills every staffed slot of `days` from `people`, fairly: each slot goes to the person,
// free that day and not on leave, with the fewest slots of that name, then the fewest in all,
// then the longest since their last slot, then first in the rota's order. Nobody holds two slots
// at once or back to back (a night then the next morning), nor two slots of one date. `kept`
// are slots that stay as they are (the past of a month regenerated): they are counted and
// block their holder, and come back unchanged. A slot nobody can take is returned with user "".
Roster generate_roster(const std::vector<std::string>& people, const std::vector<SlotRule>& rules,
                       const std::vector<Day>& days, const std::vector<Leave>& leave,
                       const std::vector<Assignment>& kept = {});

// True when `user` is on leave on `date`.
bool on_leave(const std::vector<Leave>& leave, const std::string& user, const std::string& date);

} // namespace netsec::duty
