// netsec::journal — the hash-chained change journal. Every change appends one entry in the
// same transaction as the change; each entry's hash covers its fields and the previous hash,
// so an edited, deleted or reordered entry breaks the chain, and a head written down earlier
// proves that the chain was not rewritten whole. Its layer: ARCHITECTURE.md.
#pragma once
#include "netsec/journal/actions.hpp"
#include "netsec/store/db.hpp"
#include "netsec/store/journal_rows.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace netsec::journal {

using Entry = store::JournalRow;

// Who makes a change, from where, with which tool.
struct Origin {
    std::string operator_name;
    std::string host;
    std::string tool;
};

// The hash before the first entry.
inline const std::string genesis_hash(64, '0');

// The SHA-256 (hex) of an entry: over the compact JSON array
// [seq, time, operator, host, tool, action, subject, details, prev_hash].
std::string entry_hash(const Entry& e);

// Appends an entry inside `tx` and returns it; the caller commits with its change. `action` is
// one of the journal::action constants (actions.hpp).
Entry append(store::Transaction& tx, const Origin& origin, const std::string& action, const std::string& subject,
             const nlohmann::ordered_json& details);

// A point in the chain written down earlier: "SEQ:HASH".
struct Head {
    std::int64_t seq = 0;
    std::string hash;
};

// Parses "SEQ:HASH"; throws Error(usage) naming the text.
Head parse_head(const std::string& text);
std::string format_head(const Head& head);

// The newest entry's position, or nothing for an empty journal.
std::optional<Head> head(store::Db& db);

struct Verification {
    bool intact = true;
    std::int64_t entries = 0;
    std::optional<Head> head;       // the newest entry, when intact or not
    std::int64_t first_bad_seq = 0; // when not intact
    std::string problem;            // when not intact: what does not match
};

// Recomputes the chain from the first entry; with `expected`, also requires that the entry at
// expected.seq still has expected.hash (the chain extends a head written down earlier).
Verification verify_chain(store::Db& db, const std::optional<Head>& expected = std::nullopt);
// The same against several heads written down earlier (each must still be in the chain).
Verification verify_chain(store::Db& db, const std::vector<Head>& expected);

} // namespace netsec::journal
