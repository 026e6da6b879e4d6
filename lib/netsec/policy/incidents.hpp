// Reading the policy's `incidents` section (categories, recipients, playbooks).
#pragma once
#include "netsec/policy/checker.hpp"
#include "netsec/policy/policy.hpp"

namespace netsec::policy {

// Fills `out` from the `incidents` key of `root`, with defaults for what is absent.
void read_incidents(Checker& checker, const YAML::Node& root, const Reporting& reporting, Incidents& out);

} // namespace netsec::policy
