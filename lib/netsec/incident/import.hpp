// Imports: audit findings (JSON Lines from netsec-audit) that open one incident per failing
// fingerprint, and a register of past incidents (CSV, TSV or JSON Lines), all or nothing.
#pragma once
#include "netsec/incident/incident.hpp"
#include "netsec/io/records.hpp"

#include <string>
#include <vector>

namespace netsec::incident {

struct FindingOutcome {
    std::string fingerprint;
    std::string action;      // opened, already_open, below_threshold, not_failing
    std::string incident_id; // when opened or already open
};

// True when `records` look like audit findings (they carry check_id and status).
bool are_findings(const std::vector<io::Record>& records);

// Opens an incident (grade 0, category by the check's prefix) for each failing finding at or
// above incidents.import_severity, unless one with its fingerprint is open. Throws Error(data)
// naming source:line for a finding that lacks a field; nothing is opened then.
std::vector<FindingOutcome> import_findings(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                                            const std::vector<io::Record>& records, const std::string& source,
                                            Instant now);

// Imports past incidents: fields category, grade, title, discovered_at, and optionally subtype,
// description, asset, account, reported_at, recipient, channel, reference, closed_at,
// resolution, lessons. Every row is checked first; any bad row -> Error(data), nothing written.
// A row already in the register (same category, discovery time and title) is left out, so a
// file imported twice adds nothing the second time.
struct PastImport {
    std::vector<Incident> imported;
    std::vector<Incident> already; // the register's incident for each row left out
};
PastImport import_incidents(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                            const std::vector<io::Record>& records, const std::string& source, Instant now);

// The category a finding's check opens: ACCT-* -> ACCT, AV-* -> MAL, BKP-* -> DATA, else VULN.
std::string category_for_check(const std::string& check_id);

} // namespace netsec::incident
