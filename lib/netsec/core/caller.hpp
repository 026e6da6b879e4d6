// Who is calling: the OS user (SUDO_USER when run through sudo as root), their groups, and
// the host. The policy decides what level that gives them (policy/operators.hpp).
#pragma once
#include <string>
#include <vector>

namespace netsec {

struct Caller {
    std::string user;                // login name, or "uid:N" when the uid has no name
    std::vector<std::string> groups; // names of every group the user belongs to
    bool is_root = false;            // running as uid 0 without sudo
};

// The calling user; through sudo it is the user who ran sudo, not root.
Caller current_caller();

// This machine's host name.
std::string host_name();

} // namespace netsec
