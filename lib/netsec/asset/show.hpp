// One machine whole, as `netsec-asset show` prints it: its fields, then the scans that saw it
// (with the ports open each time), its latest antivirus state, its detections, its maintenance
// and the incidents naming it.
#pragma once
#include "netsec/asset/asset.hpp"

#include <nlohmann/json.hpp>

namespace netsec::asset {

// The record of asset_fields(), then sightings (the newest 10), antivirus (null when no
// import has a row for it), detections, maintenance and incidents.
nlohmann::ordered_json asset_document(store::Db& db, const std::string& tag, Instant now);

} // namespace netsec::asset
