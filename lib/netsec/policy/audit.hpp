// Reading the policy's `audit` section: exceptions the school's leaders approved for audit
// findings, each with a reason, who approved it and when it expires.
#pragma once
#include "netsec/policy/checker.hpp"
#include "netsec/policy/policy.hpp"

namespace netsec::policy {

// Fills `out` from the `audit` key of `root`; absent means no exceptions.
void read_audit(Checker& checker, const YAML::Node& root, Audit& out);

} // namespace netsec::policy
