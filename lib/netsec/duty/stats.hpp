// The year's duty figures for the yearly report: slots by name and by person, slots without a
// person, swaps, closing checks (recorded, not ok by item, missed), patrols and what they found,
// days without a patrol.
#pragma once
#include "netsec/core/time.hpp"
#include "netsec/policy/policy.hpp"
#include "netsec/store/db.hpp"

#include <string>
#include <vector>

namespace netsec::duty {

// One figure: what it counts (dimension), of which value (key), how many.
struct Figure {
    std::string dimension, key;
    std::int64_t value = 0;
};

// The figures of calendar year `year` up to `now`; gaps only of deadlines already passed, and
// only from the first roster generated on.
std::vector<Figure> gather_stats(store::Db& db, const policy::Policy& policy, int year, timeutil::Instant now);

} // namespace netsec::duty
