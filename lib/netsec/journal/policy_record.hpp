// The policy's hash in the journal: `netsec-policy init` records it, and any later run that
// finds the file changed records the new hash, so drift of the rules is on record.
#pragma once
#include "netsec/journal/journal.hpp"
#include "netsec/policy/policy.hpp"

namespace netsec::journal {

enum class PolicyEvent { init, changed };

// Appends a policy.initialized or policy.changed entry with the file's SHA-256, in its own transaction.
Entry record_policy(store::Db& db, const Origin& origin, const policy::Policy& policy, PolicyEvent event);

// Records the policy when its hash differs from the last one recorded for its file (or none
// was); returns true when it wrote an entry. Needs a writable database.
bool record_policy_if_changed(store::Db& db, const Origin& origin, const policy::Policy& policy);

} // namespace netsec::journal
