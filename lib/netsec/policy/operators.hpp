// What level the policy gives a caller, and the refusal when it is too low.
#pragma once
#include "netsec/core/caller.hpp"
#include "netsec/policy/policy.hpp"

namespace netsec::policy {

// The highest level any rule gives `caller` (by user or by one of their groups); root
// without sudo is always admin, since it can read and write the records anyway.
Level level_of(const Policy& policy, const Caller& caller);

// Throws Error(no_perm) naming the command, the level it needs and the caller's level.
void require_level(const Policy& policy, const Caller& caller, Level needed, const std::string& command);

} // namespace netsec::policy
