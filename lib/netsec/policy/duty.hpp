// The policy's `duty` section (netsec-duty): the machine-room rota. Who is on it (usernames, in
// the rota's order), its slots (day, night, weekend: local times and the kinds of day each is
// staffed on), the rooms closed every evening with their checklist, the days the homepage must
// be looked at, and leave. The calendar's terms and holidays come from `calendar`.
#pragma once
#include <string>
#include <vector>

namespace netsec::policy {

// The kinds of day something happens on: school days, weekends, holidays (and days outside
// every term, when the calendar names terms).
struct DayKinds {
    bool workdays = true, weekends = false, holidays = false;
};

// A slot of the rota: its name, local times "HH:MM" (an end at or before the start is the next
// day's) and the days it is staffed on.
struct DutySlot {
    std::string name, from, to;
    DayKinds on;
};

// One item of a room's closing checklist and the answer that means all is well (ok, none).
struct ClosingItem {
    std::string item;
    std::string ok = "ok";
};

// A room closed in the evening: its name, the evenings it is closed on, the local time its
// closing check is due by, and its checklist.
struct DutyRoom {
    std::string name;
    DayKinds on;
    std::string close_by = "22:00";
    std::vector<ClosingItem> checklist;
};

// A person away from `from` to `to` ("YYYY-MM-DD", both included).
struct DutyLeave {
    std::string user, from, to, note;
};

// The slots a rota has when the policy names none: day 08:00–17:00 on school days, night
// 17:00–08:00 every day, weekend 08:00–17:00 on weekends and holidays.
const std::vector<DutySlot>& default_duty_slots();

struct Duty {
    std::vector<std::string> people;                    // usernames, in the rota's order; none: no rota
    std::vector<DutySlot> slots = default_duty_slots(); // when the policy names none
    std::vector<DutyRoom> rooms;
    DayKinds patrol_on; // days the homepage must be looked at (default: school days)
    std::vector<DutyLeave> leave;
};

// read_duty and duty_json: policy/sections.hpp.

} // namespace netsec::policy
