// Swaps: a slot not yet begun handed to another person on the rota, journaled with both names.
#pragma once
#include "netsec/core/time.hpp"
#include "netsec/journal/journal.hpp"
#include "netsec/policy/policy.hpp"
#include "netsec/store/db.hpp"
#include "netsec/store/duty_rows.hpp"

#include <string>

namespace netsec::duty {

using SwapRow = store::DutySwapRow;

// Hands slot `slot` of `date` ("YYYY-MM-DD") to `with`, journaled as duty.swapped. Throws
// Error(usage) for a date that does not exist, an unknown slot, a slot that has begun, someone
// not on the rota, on leave that day, already holding it, or who would hold two slots at once;
// Error(no_input) when the roster has no such slot.
SwapRow swap_slot(store::Db& db, const policy::Policy& policy, const journal::Origin& origin, const std::string& date,
                  const std::string& slot, const std::string& with, const std::string& reason, timeutil::Instant now);

// Swaps of slots from `from` to `to` ("YYYY-MM-DD", "" for open).
std::vector<SwapRow> list_swaps(store::Db& db, const std::string& from, const std::string& to);

} // namespace netsec::duty
