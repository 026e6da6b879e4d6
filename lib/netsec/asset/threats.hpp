// Threats found on machines: what `Get-MpThreatDetection | Export-Csv` writes (format defender),
// or a console's log through a column map (generic); each detection kept once however often a
// file is imported, and opened as incidents (one MAL incident per machine, or one grade III
// outbreak when the policy's threshold of machines is reached within 24 hours).
//
// Decisions:
// - A detection's identity is its machine, threat id, detection time and path; its key is the
//   SHA-256 of "hostname|threat_id|detected_at|path" (hostname in lower case), so importing
//   the same export, or a later one that repeats it, adds nothing.
// - Get-MpThreatDetection has no threat name (Get-MpThreat has); a ThreatName column added to
//   the export is read, else the threat is named by its id. Export-Csv writes the Resources
//   array as "System.String[]", which is read as no path.
// - ActionSuccess True is "cleaned", False "failed"; an empty cell is unknown ("").
#pragma once
#include "netsec/asset/defender.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace netsec::asset {

struct ThreatRow {
    std::size_t line = 0;
    std::string hostname, mac, ip;
    std::string threat, threat_id, severity, path, action;
    timeutil::Instant detected_at{};
    std::string source_row; // the row as CSV with its header, for evidence
};

// The fields a generic threat map may name: hostname, mac, ip, threat, threat_id, severity,
// path, action, detected_at.
const std::vector<std::string>& threat_map_fields();

// Reads a threat export as read_av_export reads a status export (same options; the map names
// threat_map_fields()). A row needs a machine, a threat (name or id) and a detection time.
std::vector<ThreatRow> read_threat_export(std::string data, const std::string& source, const AvReadOptions& options);

// The key of a detection: hex SHA-256 of "hostname|threat_id|detected_at|path".
std::string threat_key(const ThreatRow& row);

} // namespace netsec::asset
