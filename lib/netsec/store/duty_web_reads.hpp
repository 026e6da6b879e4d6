// What machine-room duty reads of the homepage patrols (the `patrols` table netsec-duty patrol
// writes, interfaces18): when each patrol ran and what it found. Nothing here writes a patrol.
#pragma once
#include "netsec/store/db.hpp"

#include <string>
#include <vector>

namespace netsec::store {

// One patrol as duty counts it: when, and whether it failed or found something.
struct PatrolSeenRow {
    std::string fetched_at;
    bool failed = false;           // an error, or a status outside 200–399
    bool changed = false;          // the page changed since the last patrol
    bool prohibited = false;       // a prohibited word was found
    bool numbers_missing = false;  // a filing number on record is not shown
};

// Patrols with from_at <= fetched_at < to_at (RFC 3339 UTC, "" for open), oldest first; none
// when the database has no patrols table yet.
std::vector<PatrolSeenRow> list_patrols_seen(Db& db, const std::string& from_at, const std::string& to_at);

} // namespace netsec::store
