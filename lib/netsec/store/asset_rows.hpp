// The asset register's SQL: one row per machine or device, keyed by its asset tag, with its MAC
// addresses in asset_macs (one machine may have several; an address belongs to one machine).
// Empty text is "not set"; times are RFC 3339 UTC, dates YYYY-MM-DD. Rows are never deleted: a
// retired machine keeps its row and its history (status retired, retired_at).
#pragma once
#include "netsec/store/db.hpp"

#include <optional>
#include <string>
#include <vector>

namespace netsec::store {

struct AssetRow {
    std::string tag, hostname, ip, room, kind, custodian, os;
    std::string importance = "normal"; // low, normal, high
    std::string status = "in_use";     // in_use, spare, repair, retired
    std::string bought_on, warranty_until, last_seen_at, retired_at, note, created_at, updated_at;
    std::vector<std::string> macs; // normalised (asset::normalise_mac), sorted
};

struct AssetFilter {
    std::string room, kind, status, custodian; // "" for any; each exact
    bool include_retired = true;               // false leaves out status retired
    std::string unseen_before;                 // "" for any; else last seen before this time, or never
};

std::optional<AssetRow> find_asset(Db& db, const std::string& tag);
// The machine holding MAC address `mac` (normalised), if any.
std::optional<AssetRow> find_asset_by_mac(Db& db, const std::string& mac);
// Whether `tag` is registered, and the tag holding `mac`: what an import asks of every row,
// without reading the whole machine.
bool asset_exists(Db& db, const std::string& tag);
std::optional<std::string> tag_of_mac(Db& db, const std::string& mac);
// The machines with this hostname (compared without case) or IP address, by tag.
std::vector<AssetRow> find_assets_by_hostname(Db& db, const std::string& hostname);
std::vector<AssetRow> find_assets_by_ip(Db& db, const std::string& ip);
// The machines the filter takes, by tag.
std::vector<AssetRow> list_assets(Db& db, const AssetFilter& filter);
// How many machines the register holds (every status).
std::int64_t count_assets(Db& db);

// Inserts `row` and its MACs inside the caller's transaction. A tag or MAC already held fails
// with Error(io) from SQLite: the domain checks them first, to say which.
void insert_asset(Transaction& tx, const AssetRow& row);
// Replaces the row with `row.tag` and its MACs.
void update_asset(Transaction& tx, const AssetRow& row);

} // namespace netsec::store
