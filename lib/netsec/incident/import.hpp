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
    // opened; already_open, already_recorded (closed or void): its fingerprint has an incident;
    // not_event (the rectification ledger's), below_threshold, not_failing
    std::string action;
    std::string incident_id; // when opened or already open
};

// True when `records` look like audit findings (they carry check_id and status).
bool are_findings(const std::vector<io::Record>& records);

// Opens an incident (grade 0, category by the check's prefix, the Chinese title kept beside the
// English) for each failing finding of a check in incidents.events (never INC-*) at or above
// incidents.import_severity, unless its fingerprint already has an incident (open, closed or
// void) and the finding was not fixed after that incident was opened and quiet for
// incidents.reopen_after before failing again (last_fixed_at, first_seen_at). Throws
// Error(data) naming source:line for a finding that lacks a field; nothing is opened then.
std::vector<FindingOutcome> import_findings(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                                            const std::vector<io::Record>& records, const std::string& source,
                                            Instant now);

// How many failing findings were left to the rectification ledger as not security events.
std::size_t left_in_ledger(const std::vector<FindingOutcome>& outcomes);
// How many findings opened an incident.
std::size_t opened_from_findings(const std::vector<FindingOutcome>& outcomes);

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
