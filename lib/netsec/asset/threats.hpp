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
#include "netsec/asset/antivirus.hpp"
#include "netsec/asset/defender.hpp"
#include "netsec/journal/journal.hpp"
#include "netsec/policy/policy.hpp"
#include "netsec/store/db.hpp"

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

struct ThreatsImported {
    std::size_t rows = 0, added = 0, already = 0;
    std::vector<UnmatchedRow> unmatched; // detections on machines the register does not know
    std::vector<std::string> incidents;  // the incidents opened, in order
    bool outbreak = false;               // one grade III incident stood for them all
};

// Reads `file` ("-": standard input) and stores the detections not stored before, with one
// journal entry (asset.threats_imported), all in one transaction. With `open_incidents`, the
// new detections open incidents: when they fall on at least assets.antivirus.outbreak_machines
// machines within 24 hours, one grade III MAL incident names them all; otherwise one grade IV
// MAL incident a machine; either way the source rows are attached as evidence.
ThreatsImported import_threats(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                               const std::string& file, const AvReadOptions& options, bool open_incidents,
                               timeutil::Instant now);

// Every detection stored, newest first; `tag` ('' for any) narrows them.
std::vector<store::AvThreatRow> list_threats(store::Db& db, const std::string& tag);

// The most machines with a detection within any 24 hours among `rows`.
std::size_t machines_within_a_day(const std::vector<store::AvThreatRow>& rows);

} // namespace netsec::asset
