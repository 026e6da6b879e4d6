// The upkeep's records as netsec-asset prints them: maintenance entries, the approved-software
// list, a software check's verdicts, credentials with their due reasons, and the figures of
// `stats`. Each field table sits beside the function that fills it (netsec(7), Fields).
#pragma once
#include "netsec/asset/credentials.hpp"
#include "netsec/asset/maintenance.hpp"
#include "netsec/asset/software_approval.hpp"
#include "netsec/asset/stats.hpp"
#include "netsec/io/output.hpp"

#include <vector>

namespace netsec::asset {

// maintenance_id, tag, maintained_at, action, fault, maintainer, outside, recorded_at.
const std::vector<io::Column>& maintenance_fields();
io::Records maintenance_records(const std::vector<Maintenance>& entries);

// name, version_glob, note, added_at.
const std::vector<io::Column>& allowed_software_fields();
io::Records allowed_software_records(const std::vector<AllowedSoftware>& entries);

// tag, name, version, approved.
const std::vector<io::Column>& software_verdict_fields();
io::Records software_verdict_records(const std::vector<SoftwareVerdict>& verdicts);

// name, holder, tag, changed_at, due, why, due_reasons, outside, outside_visit_at,
// holder_status, note, created_at.
const std::vector<io::Column>& credential_fields();
io::Records credential_records(const std::vector<CredentialStatus>& credentials);

// dimension, key, name, value.
const std::vector<io::Column>& stats_fields();
io::Records stats_records(const std::vector<Figure>& figures);

} // namespace netsec::asset
