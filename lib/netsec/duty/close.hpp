// Closing checks: a room closed for the evening against its checklist from the policy (power
// off, doors and windows shut, no smoke), each item answered; an answer other than the item's
// ok word is recorded as not ok, with the answer as its note.
#pragma once
#include "netsec/core/time.hpp"
#include "netsec/journal/journal.hpp"
#include "netsec/policy/policy.hpp"
#include "netsec/store/db.hpp"
#include "netsec/store/duty_rows.hpp"

#include <string>
#include <vector>

namespace netsec::duty {

struct ItemAnswer {
    std::string item, answer;
    bool ok = true;
};

struct Closing {
    store::DutyClosingRow row;
    std::vector<ItemAnswer> items; // in the checklist's order
};

// The evening a closing at `at` is for: the local date, or the day before until 06:00.
std::string evening_of(timeutil::Instant at, const std::string& zone);

// Reads "item=answer" words against `room`'s checklist; throws Error(usage) naming a word
// without '=', an item the checklist does not have, one given twice, and every item missing.
std::vector<ItemAnswer> read_answers(const policy::DutyRoom& room, const std::vector<std::string>& words);

// The policy's room `name`; throws Error(usage) naming the rooms there are (or that there are none).
const policy::DutyRoom& find_room(const policy::Policy& policy, const std::string& name);

// Records the closing of `room` at `at` by `by`, journaled as duty.closed.
Closing close_room(store::Db& db, const policy::Policy& policy, const journal::Origin& origin, const std::string& room,
                   const std::string& by, const std::vector<std::string>& items, const std::string& note,
                   timeutil::Instant at, timeutil::Instant now);

// The answers of a stored closing.
std::vector<ItemAnswer> answers_of(const store::DutyClosingRow& row);

} // namespace netsec::duty
