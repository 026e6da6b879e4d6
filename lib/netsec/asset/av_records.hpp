// The antivirus records as netsec-asset prints them, each field table beside the function that
// fills it (the field vocabulary: netsec(7) FIELDS).
#pragma once
#include "netsec/asset/antivirus.hpp"
#include "netsec/asset/threats.hpp"
#include "netsec/io/output.hpp"

#include <vector>

namespace netsec::asset {

// tag, room, kind, host, status, reason, product, product_version, signature_version,
// signature_updated_at, realtime, full_scan_at, import_id: `av status`.
const std::vector<io::Column>& av_status_fields();
io::Records av_status_records(const std::vector<AvStatus>& statuses);

// line, host, mac, ip, reason: the rows of an import that matched no machine.
const std::vector<io::Column>& unmatched_fields();
io::Records unmatched_records(const std::vector<UnmatchedRow>& rows);

// detected_at, tag, host, threat, threat_id, severity, path, action, incident_id, source,
// detection_key: `av threats list`.
const std::vector<io::Column>& threat_fields();
io::Records threat_records(const std::vector<store::AvThreatRow>& rows);

} // namespace netsec::asset
