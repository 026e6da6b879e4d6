// Evidence: originals copied into the state folder read-only with their SHA-256, re-hashed on
// demand, exported with a SHA256SUMS file. Every access is journaled (chain of custody).
#pragma once
#include "netsec/incident/incident.hpp"

#include <string>
#include <vector>

namespace netsec::incident {

// Copies each file into <state_dir>/evidence/<ID>/, mode 0400, and records it. All or nothing:
// a missing or unreadable file (66), a file that is not a regular file, a file given twice or
// already attached (65) write nothing.
std::vector<store::EvidenceRow> add_evidence(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                                             const std::string& id, const std::vector<std::string>& files, Instant now);

// The evidence of `id`; the look is journaled.
std::vector<store::EvidenceRow> list_evidence(store::Db& db, const journal::Origin& origin, const std::string& id);

struct EvidenceCheck {
    store::EvidenceRow evidence;
    std::string status; // ok, changed, missing, not_a_file, tampered, not_journaled
    std::string found_sha256;
    std::string journal_sha256; // as the journal recorded it when the file was added; "" when it did not
};

// Re-hashes the stored copies of `id` (every incident when "") and compares each with the hash
// the journal recorded when it was added: a record whose hash differs from the journal's is
// "tampered" (the table was rewritten), one the journal never recorded "not_journaled". The
// check is journaled.
std::vector<EvidenceCheck> verify_evidence(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                                           const std::string& id);

// Copies the evidence of `id` into `dir` (created when missing) with a SHA256SUMS file that
// `sha256sum -c` reads (names escaped as sha256sum writes them). Every file is created new,
// never over or through anything already there (73); an evidence name that is taken (by the
// sums file or another evidence) gets its number in front. Refuses to export a copy that no
// longer matches the hash the journal recorded (65). Returns the files written.
std::vector<std::string> export_evidence(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                                         const std::string& id, const std::string& dir);

} // namespace netsec::incident
