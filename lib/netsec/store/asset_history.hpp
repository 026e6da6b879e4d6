// What the asset tables hold about one machine, read for `netsec-asset show`: the scans that saw
// it with their open ports, its latest antivirus state, its detections and its maintenance.
// Read-only; the importers that write these tables own their own SQL (asset_scans, asset_av,
// asset_upkeep). Times are RFC 3339 UTC text.
#pragma once
#include "netsec/store/db.hpp"

#include <optional>
#include <string>
#include <vector>

namespace netsec::store {

struct Sighting {
    std::int64_t scan_id = 0;
    std::string scanned_at, ip, mac, hostname, matched_by;
    std::vector<std::string> ports; // "tcp/22", "tcp/3389", in port order
};

struct AvState {
    std::string source, imported_at, product, product_version, signature_version, signature_updated_at, quick_scan_at,
        full_scan_at;
    std::optional<bool> enabled, realtime;
};

struct Detection {
    std::string detected_at, threat, path, action, incident_id;
};

struct Visit {
    std::string at, action, fault, by_user, outside;
};

// The newest `limit` scans that saw machine `tag`, newest first.
std::vector<Sighting> sightings_of(Db& db, const std::string& tag, int limit);
// Its row in the newest antivirus import that has one.
std::optional<AvState> latest_av_state(Db& db, const std::string& tag);
std::vector<Detection> detections_of(Db& db, const std::string& tag);
std::vector<Visit> visits_of(Db& db, const std::string& tag);

} // namespace netsec::store
