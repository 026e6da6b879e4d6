// The upkeep of the asset register: its SQL. The maintenance log, the approved-software list
// and the latest software check of each machine, the credentials of shared devices (who holds
// them and when they were changed, never the secret), and the counts `netsec-asset stats`
// quotes (machines, antivirus, detections). Times are RFC 3339 UTC text, "" when not yet.
#pragma once
#include "netsec/store/db.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace netsec::store {

struct MaintenanceRow {
    std::int64_t id = 0;
    std::string tag, at, action, fault, by_user, outside, recorded_at; // outside: "" for the school's own
};

struct MaintenanceFilter {
    std::string tag;     // "": any
    std::string by_user; // "": any
    std::string since;   // at >= this, "": any
    std::string until;   // at < this, "": any
};

// Returns the new row's id.
std::int64_t insert_maintenance(Transaction& tx, const MaintenanceRow& row);
// Oldest first (by at, then id).
std::vector<MaintenanceRow> list_maintenance(Db& db, const MaintenanceFilter& filter);

struct AllowedSoftwareRow {
    std::string name, version_glob, note, added_at; // version_glob "*": any version
};

// False (and nothing written) when name and glob are on the list already.
bool insert_allowed_software(Transaction& tx, const AllowedSoftwareRow& row);
std::vector<AllowedSoftwareRow> list_allowed_software(Db& db); // by name, then glob

struct SoftwareCheckRow {
    std::string tag, source, checked_at, name, version;
    bool approved = false;
};

// Replaces every row of `tag` with `rows`: the latest check of a machine is the one kept.
void replace_software_checks(Transaction& tx, const std::string& tag, const std::vector<SoftwareCheckRow>& rows);
// Every machine's latest check, by tag then name; unapproved rows only when `unapproved_only`.
std::vector<SoftwareCheckRow> list_software_checks(Db& db, bool unapproved_only);

struct CredentialRow {
    std::string name, holder, tag, note, changed_at, retired_at, created_at, updated_at;
};

void insert_credential(Transaction& tx, const CredentialRow& row);
// Writes holder, tag, note, changed_at, retired_at and updated_at of the row named `row.name`.
void update_credential(Transaction& tx, const CredentialRow& row);
std::optional<CredentialRow> find_credential(Db& db, const std::string& name);
std::vector<CredentialRow> list_credentials(Db& db); // by name

// The newest maintenance of `tag` by an outside technician, if any.
std::optional<MaintenanceRow> last_outside_visit(Db& db, const std::string& tag);

// How a count is split: a value and the number of rows holding it.
struct Count {
    std::string key;
    std::int64_t count = 0;
};

// Machines not retired by kind, by room and by status, each by key ("" for unset).
enum class AssetColumn { kind, room, status };
std::vector<Count> count_assets_by(Db& db, AssetColumn column);

// The newest antivirus row of every machine in use of `kinds`: its tag, and its signature time
// and real-time protection ("" when unknown; realtime "1", "0" or "").
struct AntivirusLatest {
    std::string tag, signature_updated_at, realtime;
};
std::vector<AntivirusLatest> latest_antivirus(Db& db);
// Machines in use of the kinds that carry antivirus (`kinds`, comma-joined in SQL), by tag.
std::vector<std::string> machines_in_use(Db& db, const std::vector<std::string>& kinds);

// Detections with detected_at in [from, to): how many, and on how many machines (by tag, or
// hostname when unmatched).
struct DetectionCount {
    std::int64_t detections = 0, machines = 0;
};
DetectionCount count_detections(Db& db, const std::string& from, const std::string& to);

} // namespace netsec::store
