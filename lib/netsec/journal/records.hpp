// netsec::journal — the journal's records as the tools print them: the entries `show` finds,
// the verdict of `verify` with the heads it trusted, and the newest entry for `head`. Each has
// its field table beside the function that fills it (the field vocabulary: netsec(7) FIELDS).
#pragma once
#include "netsec/core/time.hpp"
#include "netsec/io/output.hpp"
#include "netsec/journal/journal.hpp"

#include <optional>
#include <string>
#include <vector>

namespace netsec::journal {

// Which entries `show` lists: all bounds are optional; `action` finds old and new names alike.
struct Query {
    std::optional<timeutil::Instant> since, until; // both included
    std::string subject, tool, action;
    long last = 0; // only the newest N when > 0
};

// The entries `query` selects, oldest first.
std::vector<Entry> find_entries(store::Db& db, const Query& query);

// seq, recorded_at, operator, host, tool, action, subject, details, prev_hash, hash.
const std::vector<io::Column>& entry_fields();
io::Records entry_records(const std::vector<Entry>& entries);

// A head the chain was checked against, and where it was written down (--head, FILE:LINE).
struct TrustedHead {
    Head head;
    std::string from;
};

// The heads `verify` checks against: `given` (from --head) and the newest of `heads_file`
// (none when the policy names no file). `file_empty` is set when the file holds no head yet.
std::vector<TrustedHead> trusted_heads(const std::optional<Head>& given, const std::string& heads_file,
                                       bool& file_empty);

// status, entries, head_seq, head_hash, first_bad_seq, problem, trusted_head, trusted_from.
const std::vector<io::Column>& verification_fields();
io::Records verification_record(const Verification& v, const std::vector<TrustedHead>& heads);

// seq, hash, recorded_at: the newest entry.
const std::vector<io::Column>& head_fields();
io::Records head_record(const Entry& newest);

// The newest entry; throws Error(no_input) for an empty journal.
Entry newest_entry(store::Db& db);

// Appends the newest entry's head to `heads_file` once the chain is proven intact (against the
// file's newest head); throws Error(finding) naming the first bad entry, and Error(config) when
// the policy names no heads file (`policy_file` names the policy).
Head record_newest_head(store::Db& db, const std::string& heads_file, const std::string& policy_file,
                        timeutil::Instant now);

} // namespace netsec::journal
