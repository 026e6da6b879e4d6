// Reading the policy's `backup` section: the jobs netsec-backup runs, each into two
// destinations. The types live in policy.hpp with the rest of the policy.
#pragma once
#include "netsec/policy/checker.hpp"
#include "netsec/policy/policy.hpp"

namespace netsec::policy {

// Fills `out` from the `backup` key of `root` (no jobs when absent); relative paths resolve
// against `dir`, the policy's folder.
void read_backup(Checker& checker, const YAML::Node& root, const std::string& dir, Backup& out);

} // namespace netsec::policy
