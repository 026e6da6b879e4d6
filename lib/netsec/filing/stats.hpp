// The filing register's figures for the yearly report: records by kind, MLPS systems by level,
// what was filed, graded and assessed in the year, and what falls due in the next.
#pragma once
#include "netsec/core/period.hpp"
#include "netsec/core/time.hpp"
#include "netsec/policy/policy.hpp"
#include "netsec/store/db.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace netsec::filing {

// One figure: what it counts (dimension), of which value (key), shown as (name), how many.
struct Figure {
    std::string dimension, key, name;
    std::int64_t value = 0;
};

// current (by kind), mlps_level (by level), filed / graded / assessed (dates within `period`,
// every year when none), due (by what: the next dates within the policy's due_within of
// `now`), overdue (by what).
std::vector<Figure> gather_stats(store::Db& db, const policy::Policy& policy, const std::optional<Period>& period,
                                 timeutil::Instant now);

} // namespace netsec::filing
