// Gaps in the duty: staffed slots without a person, evenings without a closing check of a room,
// days without a patrol of the homepage. For cron, without a month, each gap is reported once:
// the closing checks and patrols whose deadline passed in the last day (from the first roster
// on: before it the school kept no duty here), and the slots without a person that start in the
// next one.
#pragma once
#include "netsec/core/date.hpp"
#include "netsec/core/time.hpp"
#include "netsec/policy/policy.hpp"
#include "netsec/store/db.hpp"

#include <optional>
#include <string>
#include <vector>

namespace netsec::duty {

struct Gap {
    std::string date;
    std::string gap;  // unstaffed_slot, missed_closing, missed_patrol
    std::string slot; // for unstaffed_slot
    std::string room; // for missed_closing
    timeutil::Instant due_at{}; // when the slot starts, the closing check or the patrol was due
};

// The gaps of `month` (every slot of it, the checks due by `now`), or without one those of the
// last and the next day as above, by due_at. Throws Error(config) without a rota.
std::vector<Gap> find_gaps(store::Db& db, const policy::Policy& policy, const std::optional<date::Month>& month,
                           timeutil::Instant now);

// The gaps of every day from `from` to `to` (both included) whose deadline is in (after, until];
// with `slots_ahead`, the slots without a person that start in the day after `until` instead of
// every one. Closing checks and patrols of days before `checks_from` are not looked for.
std::vector<Gap> gaps_between(store::Db& db, const policy::Policy& policy, date::Date from, date::Date to,
                              timeutil::Instant after, timeutil::Instant until, bool slots_ahead,
                              std::optional<date::Date> checks_from = std::nullopt);

} // namespace netsec::duty
