// The maintenance log of the asset register: who did what to which machine and when, and
// whether they came from outside the school (an outside technician's visit makes the device's
// passwords due for a change: credentials.hpp).
#pragma once
#include "netsec/core/time.hpp"
#include "netsec/journal/journal.hpp"
#include "netsec/store/db.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace netsec::asset {

struct Maintenance {
    std::int64_t id = 0;
    std::string tag;
    std::string maintained_at; // RFC 3339 UTC
    std::string action, fault;
    std::string maintainer; // who did it (--by, else the operator)
    std::string outside;    // the outside technician's name, "" for the school's own people
    std::string recorded_at;
};

struct NewMaintenance {
    std::string tag, action, fault, maintainer, outside;
    timeutil::Instant at;
};

// Records `m` on its machine and journals it ("asset.maintained"). Throws Error(no_input) for an
// unknown tag, Error(usage) for an empty action or a time after `now`.
Maintenance add_maintenance(store::Db& db, const journal::Origin& origin, const NewMaintenance& m,
                            timeutil::Instant now);

struct MaintenanceQuery {
    std::string tag, maintainer; // "": any
    std::string since, until;    // RFC 3339 UTC bounds (since included, until not), "": open
};

// The entries `query` selects, oldest first.
std::vector<Maintenance> list_maintenance(store::Db& db, const MaintenanceQuery& query);

} // namespace netsec::asset
