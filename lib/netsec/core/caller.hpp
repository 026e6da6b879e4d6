// Who is calling: the OS user (SUDO_USER when run through sudo as root), their groups, and
// the host. The policy decides what level that gives them (policy/operators.hpp).
#pragma once
#include <string>
#include <sys/types.h>
#include <vector>

namespace netsec {

struct Caller {
    std::string user;                // login name, or "uid:N" when the uid has no name
    std::vector<std::string> groups; // names of every group the user belongs to
    bool is_root = false;            // running as uid 0 without sudo (or sudo run by root)
    // Running with privilege the user does not have: through sudo (root for another user), or
    // with an effective uid other than the real one. Such a run trusts only what root controls.
    bool elevated = false;
};

// The calling user; through sudo it is the user who ran sudo, not root. SUDO_USER (else
// SUDO_UID) is believed only when the real uid is 0, so a user cannot name someone else by
// setting it; a user sudo names whom the machine cannot look up is elevated with no groups,
// never root.
Caller current_caller();

// Whether `caller` may read `file` and search every folder above it by their own rights, as
// the mode bits say for a user who is not root (ACLs are not read, so they never grant more);
// true for root, false for a user the machine does not know. For runs through sudo, which
// must not read for the caller what the caller may not read.
bool may_read(const Caller& caller, const std::string& file);

// Whether `caller` may create or write files in `path` (a folder, or a path to create) by
// their own rights: write and search on the nearest part of `path` that exists, which must be
// a folder, and search on every folder above it, by the mode bits as may_read reads them.
bool may_write_in(const Caller& caller, const std::string& path);

// This machine's host name; "localhost" when the system gives none.
std::string host_name();

// The login name of `uid`, or "uid:N" when the machine has no name for it.
std::string user_name(uid_t uid);

} // namespace netsec
