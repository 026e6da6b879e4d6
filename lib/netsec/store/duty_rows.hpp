// Machine-room duty: its SQL. The roster's slots (who holds each, and who the roster first gave
// it to), the months generated, swaps, and the rooms' closing checks. Dates are the school's
// "YYYY-MM-DD"; times are RFC 3339 UTC text. Readers find nothing in a database opened read-only
// before migration 16 made the tables.
#pragma once
#include "netsec/store/db.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace netsec::store {

// One slot of one day. username "" when nobody holds it; rostered_username is who the roster
// gave it to (a swap changes username only).
struct DutySlotRow {
    std::string date, slot, username, rostered_username, starts_at, ends_at, month, generated_at, updated_at;
};

// Writes (or replaces) the slot of row.date and row.slot.
void put_duty_slot(Transaction& tx, const DutySlotRow& row);
// Removes the slots of `month` ("YYYY-MM") that start after `after_at`.
void delete_duty_slots_after(Transaction& tx, const std::string& month, const std::string& after_at);
// Sets who holds a slot; false when there is no such slot.
bool set_duty_slot_user(Transaction& tx, const std::string& date, const std::string& slot, const std::string& username,
                        const std::string& updated_at);
std::optional<DutySlotRow> find_duty_slot(Db& db, const std::string& date, const std::string& slot);
// Slots with from <= date <= to (either "" for open), by date then start.
std::vector<DutySlotRow> list_duty_slots(Db& db, const std::string& from, const std::string& to);

// A month generated: when, by whom, and how often it was replaced.
struct DutyMonthRow {
    std::string month, generated_at, generated_by;
    std::int64_t generations = 0;
};

// Records a generation of `month` (the first, or one more).
void record_duty_month(Transaction& tx, const std::string& month, const std::string& at, const std::string& by);
std::optional<DutyMonthRow> find_duty_month(Db& db, const std::string& month);
// The earliest month generated ("YYYY-MM"); nothing when none was, or before migration 16.
std::optional<std::string> first_duty_month(Db& db);

struct DutySwapRow {
    std::int64_t id = 0;
    std::string date, slot, from_username, to_username, reason, operator_name, swapped_at;
};

std::int64_t insert_duty_swap(Transaction& tx, const DutySwapRow& row);
// Swaps of slots with from <= date <= to ("" for open), oldest first.
std::vector<DutySwapRow> list_duty_swaps(Db& db, const std::string& from, const std::string& to);

// A closing check: the room, the evening it is for, when and by whom, each item as JSON
// ([{"item","answer","ok"}]) and whether all were ok.
struct DutyClosingRow {
    std::int64_t id = 0;
    std::string room, date, closed_at, by_user, items, note, operator_name, recorded_at;
    bool all_ok = true;
};

std::int64_t insert_duty_closing(Transaction& tx, const DutyClosingRow& row);
// Closing checks of evenings from <= date <= to ("" for open), by date, room, time.
std::vector<DutyClosingRow> list_duty_closings(Db& db, const std::string& from, const std::string& to);

} // namespace netsec::store
