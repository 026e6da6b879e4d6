// Importing the register from a spreadsheet: CSV, TSV or JSON Lines (UTF-8 or GBK), columns
// found by their English or Chinese header (records.cpp) or by a --map, rows keyed by asset tag.
// A tag not yet registered is added; a registered one gets the fields its row gives, journaled
// from → to. What `list -f csv` writes, import reads back as "unchanged".
//
// Decisions:
// - A column the file lacks leaves that field as it is; a column it has sets the field, and an
//   empty cell clears it (kind and status, which every machine has, are kept when empty).
// - last_seen_at, retired_at, created_at and updated_at are the register's own: read, ignored.
// - All or nothing: every row is tried in the import's one transaction, every bad row is
//   reported by line, and nothing stays unless all are good. --dry-run does the same and
//   commits nothing, so what it shows is exactly what the import would do.
#pragma once
#include "netsec/asset/asset.hpp"
#include "netsec/io/records.hpp"

#include <string>
#include <vector>

namespace netsec::asset {

struct ImportOptions {
    bool dry_run = false;
    std::string map; // --map "field=header,…" (io::with_map)
};

struct ImportedRow {
    std::size_t line = 0;
    std::string tag;
    std::string action;              // added, changed, unchanged
    std::vector<std::string> fields; // the fields it changed
};

struct ImportResult {
    std::vector<ImportedRow> rows;
    std::vector<std::string> ignored; // headers no field names
    // How many rows did `action` (added, changed, unchanged).
    std::size_t count(const std::string& action) const;
};

// Imports `records` read from `source`. Throws Error(data) listing every bad row as
// source:line (nothing written), Error(usage) for a bad --map or a file without a tag column.
ImportResult import_assets(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                           const std::vector<io::Record>& records, const std::string& source,
                           const ImportOptions& options, Instant now);

} // namespace netsec::asset
