// netsec::evidence — the one evidence mechanism every register uses: originals copied into the
// state folder read-only with their SHA-256, re-hashed on demand, exported with a SHA256SUMS
// file. Every access is journaled (chain of custody), with the owner as the entry's subject.
// The owner is the record's id: an incident (INC-2026-0001), a training session (TRN-3), a
// filing (FIL-2), a patrol (PAT-14). The module checks no owner exists: its caller does.
#pragma once
#include "netsec/core/time.hpp"
#include "netsec/io/records.hpp"
#include "netsec/journal/journal.hpp"
#include "netsec/policy/policy.hpp"
#include "netsec/store/evidence_rows.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace netsec::evidence {

using timeutil::Instant;

// Copies each file into <state_dir>/evidence/<owner>/, mode 0400, and records it. All or
// nothing: a missing or unreadable file (66), a file that is not a regular file, a file given
// twice or already kept for `owner` (65) write nothing.
std::vector<store::EvidenceRow> add_files(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                                          const std::string& owner, const std::vector<std::string>& files,
                                          Instant now);

// The files add_bytes wrote in a transaction not yet committed: removed when this goes out of
// scope, unless keep() was called after the commit.
class Written {
public:
    Written() = default;
    Written(const Written&) = delete;
    Written& operator=(const Written&) = delete;
    ~Written();
    void keep() { files_.clear(); }
    void add(std::string file) { files_.push_back(std::move(file)); }

private:
    std::vector<std::string> files_;
};

// Bytes held in memory (a fetched page, a generated file) kept as evidence `name` of `owner`,
// inside the caller's transaction; the file written is noted in `written`. Content already kept
// for `owner` is Error(data).
store::EvidenceRow add_bytes(store::Transaction& tx, const policy::Policy& policy, const journal::Origin& origin,
                             const std::string& owner, const std::string& name, std::string_view bytes, Instant now,
                             Written& written);

// The evidence of `owner`; the look is journaled.
std::vector<store::EvidenceRow> list(store::Db& db, const journal::Origin& origin, const std::string& owner);

struct Check {
    store::EvidenceRow evidence;
    std::string status; // ok, changed, missing, not_a_file, tampered, not_journaled
    std::string found_sha256;
    std::string journal_sha256; // as the journal recorded it when the file was added; "" when it did not
};

// Re-hashes the stored copies of `owner` (with "", of every owner whose id starts with
// `prefix`) and compares each with the hash the journal recorded when it was added: a record
// whose hash differs from the journal's is "tampered" (the table was rewritten), one the
// journal never recorded "not_journaled". The check is journaled.
std::vector<Check> verify(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                          const std::string& owner, const std::string& prefix = "");

// Copies the evidence of `owner` into `dir` (created when missing) with a SHA256SUMS file that
// `sha256sum -c` reads (names escaped as sha256sum writes them). Every file is created new,
// never over or through anything already there (73); an evidence name that is taken (by the
// sums file or another evidence) gets its number in front. Refuses to export a copy that no
// longer matches the hash the journal recorded (65), naming `verify_command` to run. Returns
// the files written.
std::vector<std::string> export_to(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                                   const std::string& owner, const std::string& dir,
                                   const std::string& verify_command);

// The evidence as records: owner, evidence_id, name, size_bytes, sha256, operator, added_at.
// `owner_field` names the owner's column (incident_id, session_id, filing_id, patrol_id).
std::vector<io::Column> fields(const std::string& owner_field);
io::Records records(const std::vector<store::EvidenceRow>& rows, const std::string& owner_field);

} // namespace netsec::evidence
