// The policy's hash in the journal: `netsec-policy init` records it, and any later run that
// finds the file changed records the new hash, so drift of the rules is on record.
#pragma once
#include "netsec/core/paths.hpp"
#include "netsec/journal/journal.hpp"
#include "netsec/policy/policy.hpp"

#include <functional>
#include <string>

namespace netsec::journal {

enum class PolicyEvent { init, changed };

// Appends a policy.initialized or policy.changed entry with the file's SHA-256, in its own transaction.
Entry record_policy(store::Db& db, const Origin& origin, const policy::Policy& policy, PolicyEvent event);

// Records the policy when its hash differs from the last one recorded for its file (or none
// was); returns true when it wrote an entry. Needs a writable database.
bool record_policy_if_changed(store::Db& db, const Origin& origin, const policy::Policy& policy);

// The first records of a policy `netsec-policy init` writes: creates the database `db_file` (as
// private as `privacy` says), then calls `write_policy` (which writes the policy file), then
// journals `policy` as `event`. The records come first so that an init that cannot create them
// leaves no policy behind; when write_policy throws, nothing is journaled.
void start_records(const std::string& db_file, const paths::Privacy& privacy, const Origin& origin,
                   const policy::Policy& policy, PolicyEvent event, const std::function<void()>& write_policy);

} // namespace netsec::journal
