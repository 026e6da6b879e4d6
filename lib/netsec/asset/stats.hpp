// The asset register's figures for the yearly report (its section four): machines by kind,
// room and status; antivirus coverage and freshness of the machines that carry it; detections;
// maintenance by year and by maintainer; unapproved software; credentials due.
#pragma once
#include "netsec/asset/credentials.hpp"
#include "netsec/core/period.hpp"
#include "netsec/core/time.hpp"
#include "netsec/policy/policy.hpp"
#include "netsec/store/db.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace netsec::asset {

// One figure: what it counts (dimension), of which value (key), shown as (name), how many.
struct Figure {
    std::string dimension, key, name;
    double value = 0; // a count, or a percentage with one decimal
    bool is_percent = false;
};

// The figures; `period` bounds detections and maintenance (every year when none), the rest are
// as the register stands at `now`; `holder` as for list_credentials.
std::vector<Figure> gather_stats(store::Db& db, const policy::Policy& policy, const std::optional<Period>& period,
                                 timeutil::Instant now, const HolderLookup& holder);

} // namespace netsec::asset
