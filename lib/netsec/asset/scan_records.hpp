// The scan commands' records, each field table beside the function that fills it (the field
// vocabulary: netsec(7) FIELDS; netsec-asset(1) OUTPUT FIELDS, Scans).
#pragma once
#include "netsec/asset/scan.hpp"
#include "netsec/io/output.hpp"

#include <vector>

namespace netsec::asset {

// `scan import` and `scan show`: scan_id, ip, mac, host, vendor, outcome, tag, matched_by,
// previous_ip, why, conflict, open_ports; one record a host.
const std::vector<io::Column>& seen_fields();
io::Records seen_records(const ScanImport& import);
io::Records seen_records(const ScanDetail& scan);

// `scan show --ports`: scan_id, ip, tag, protocol, port, service, product; one record a port.
const std::vector<io::Column>& scan_port_fields();
io::Records scan_port_records(const ScanDetail& scan);

// Every field `scan show` may print: seen_fields(), then protocol, port, service, product.
const std::vector<io::Column>& scan_show_fields();

// `scan list`: scan_id, scanned_at, imported_at, source, args, host_count, matched_count,
// unknown_count, conflict_count, sha256.
const std::vector<io::Column>& scan_fields();
io::Records scan_records(const std::vector<ScanSummary>& scans);

// `scan diff`: change, ip, mac, host, tag, protocol, port, service, product, from_scan_id,
// to_scan_id; one record a difference.
const std::vector<io::Column>& scan_change_fields();
io::Records scan_change_records(const ScanDiff& diff);

} // namespace netsec::asset
