// The patrols of the school's homepage: one row per look, with what it found. The table is
// read by netsec-duty's gaps and stats (store/duty_*.cpp) and by the audit's FIL-0001.
// Columns: status NULL when no HTTP status came back (file://, a failed fetch); prohibited,
// numbers_shown and missing_numbers are JSON lists of strings ("[]" when none); error "" when
// the page came back; evidence_id NULL and incident_id "" when none; changed 1 when the page
// differs from the last patrol of the same URL that fetched one.
#pragma once
#include "netsec/store/db.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace netsec::store {

struct PatrolRow {
    std::int64_t id = 0;
    std::string url, fetched_at;
    std::optional<std::int64_t> status;
    std::int64_t size = 0;
    std::string sha256, title;
    bool changed = false;
    std::string prohibited = "[]", numbers_shown = "[]", missing_numbers = "[]", error;
    std::optional<std::int64_t> evidence_id;
    std::string incident_id, by_user;
};

// Returns the new row's id.
std::int64_t insert_patrol(Transaction& tx, const PatrolRow& row);
void set_patrol_evidence(Transaction& tx, std::int64_t id, std::int64_t evidence_id);
void set_patrol_incident(Transaction& tx, std::int64_t id, const std::string& incident_id);
std::optional<PatrolRow> find_patrol(Db& db, std::int64_t id);
// The newest patrol of `url` that fetched a page (error ""), if any.
std::optional<PatrolRow> last_fetched_patrol(Db& db, const std::string& url);
// The newest patrol of any URL, if any.
std::optional<PatrolRow> latest_patrol(Db& db);
// Patrols fetched in [since, until) (RFC 3339 UTC; "" for no bound), oldest first.
std::vector<PatrolRow> list_patrols(Db& db, const std::string& since, const std::string& until);

} // namespace netsec::store
