// Inside the backup module: walking a snapshot's trees, for restore (restore.cpp) and the tar
// writer (tar.cpp).
#pragma once
#include "netsec/backup/backup.hpp"

#include <functional>
#include <string>

namespace netsec::backup::detail {

// Calls `visit` with every entry under `tree`, a folder before what it holds; paths start with
// `prefix`. Throws what reading the repository throws.
void walk_tree(Repository& repo, const Id& tree, const std::string& prefix,
               const std::function<void(const Entry&)>& visit);

} // namespace netsec::backup::detail
