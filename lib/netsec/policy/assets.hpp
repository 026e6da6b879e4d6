// Reading the policy's `assets` section: the kinds of machine a school registers, how new asset
// tags are made, when a machine counts as unseen, which antivirus products are approved (with
// their sales-licence numbers), how antivirus exports are read, and how often a shared device's
// password must change.
#pragma once
#include "netsec/policy/checker.hpp"
#include "netsec/policy/policy.hpp"

namespace netsec::policy {

// Fills `out` from the `assets` key of `root`, with defaults for what is absent.
void read_assets(Checker& checker, const YAML::Node& root, Assets& out);

// The kinds every school starts with, in the order lists show them.
const std::vector<AssetKind>& default_asset_kinds();

} // namespace netsec::policy
