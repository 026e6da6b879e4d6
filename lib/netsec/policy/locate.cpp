#include "netsec/core/caller.hpp"
#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/policy/policy.hpp"

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>

namespace netsec::policy {

std::string locate_policy(const std::string& option) {
    if (!option.empty()) return option;
    if (const char* env = std::getenv("NETSEC_POLICY"); env && *env) return env;
    return "/etc/netsec/policy.yaml";
}

namespace {

std::string group_name(gid_t gid) {
    if (const group* gr = ::getgrgid(gid)) return gr->gr_name;
    return "gid:" + std::to_string(gid);
}

// Why `path` (a folder, or the file itself when `is_file`) lets someone but root or `trusted`
// change what is read through it; "" when it does not.
std::string why_unsafe(const std::string& path, const struct stat& st, uid_t trusted, bool is_file) {
    if (is_file && !S_ISREG(st.st_mode)) return _f("'{}' is not a regular file", path);
    if (st.st_uid != 0 && st.st_uid != trusted)
        return _f("'{}' is owned by '{}', not root", path, user_name(st.st_uid));
    // In a sticky folder (/tmp) only an entry's owner may rename or remove it, and the entry
    // below is checked in turn, so its being writable by all changes nothing.
    bool sticky = !is_file && (st.st_mode & S_ISVTX);
    if ((st.st_mode & S_IWOTH) && !sticky) return _f("'{}' is writable by others", path);
    if ((st.st_mode & S_IWGRP) && !sticky) return _f("'{}' is writable by its group '{}'", path, group_name(st.st_gid));
    return "";
}

} // namespace

std::string why_untrusted(const std::string& file, uid_t trusted) {
    struct stat st;
    if (::lstat(file.c_str(), &st) != 0) return _f("cannot read '{}': {}", file, std::strerror(errno));
    if (std::string why = why_unsafe(file, st, trusted, true); !why.empty()) return why;
    std::string dir = file.substr(0, file.rfind('/'));
    while (true) {
        std::string here = dir.empty() ? "/" : dir;
        if (::lstat(here.c_str(), &st) != 0) return _f("cannot read '{}': {}", here, std::strerror(errno));
        if (!S_ISDIR(st.st_mode)) return _f("'{}' is not a folder", here);
        if (std::string why = why_unsafe(here, st, trusted, false); !why.empty()) return why;
        if (dir.empty()) return "";
        dir = dir.substr(0, dir.rfind('/'));
    }
}

Policy load_policy_for(const std::string& file, const Caller& caller) {
    if (!caller.elevated) return load_policy(file);
    // The file as the folders really lead to it: every folder above it is then checked, and a
    // link someone else controls cannot change the file between the check and the reading.
    char real[PATH_MAX];
    if (!::realpath(file.c_str(), real)) return load_policy(file); // names what is missing, exit 78
    // A file the caller may not read (/etc/shadow) would be shown, line by line, in the errors.
    if (!may_read(caller, real))
        throw Error(Exit::no_perm, _f("refusing the policy '{}' under sudo: user '{}' may not read it without sudo",
                                      file, caller.user));
    if (std::string why = why_untrusted(real, ::geteuid()); !why.empty())
        throw Error(Exit::no_perm,
                    _f("refusing the policy '{}' under sudo: {} (a policy used through sudo must be owned "
                       "by root and writable by no one else; use a policy of your own without sudo)",
                       file, why));
    return load_policy(real);
}

} // namespace netsec::policy
