// netsec::asset — the register's records as the tools print them. Each has its field table
// beside the function that fills it (the field vocabulary: netsec(7) FIELDS).
#pragma once
#include "netsec/asset/asset.hpp"
#include "netsec/io/output.hpp"

#include <nlohmann/json.hpp>
#include <vector>

namespace netsec::asset {

// tag, host, macs, ip, room, kind, custodian, os, importance, status, bought_on,
// warranty_until, last_seen_at, retired_at, note, created_at, updated_at; the table leaves out
// os, importance, the dates, retired_at, note, created_at and updated_at. The columns carry the
// Chinese and English headers `import` reads, so `list -f csv` round-trips. macs is the
// machine's MAC addresses separated by spaces.
const std::vector<io::Column>& asset_fields();
nlohmann::ordered_json asset_record(const Asset& a);
io::Records asset_records(const std::vector<Asset>& assets);

// The fields of `show`: asset_fields(), then sightings, antivirus, detections, maintenance and
// incidents (nested: show.hpp).
const std::vector<io::Column>& show_fields();

// line, tag, action (added, changed, unchanged), fields (those changed, separated by spaces):
// what `import` did or, with --dry-run, would do.
struct ImportedRow;
const std::vector<io::Column>& imported_fields();
io::Records imported_records(const std::vector<ImportedRow>& rows);

} // namespace netsec::asset
