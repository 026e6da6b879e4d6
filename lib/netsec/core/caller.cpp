#include "netsec/core/caller.hpp"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace netsec {
namespace {

std::vector<gid_t> gids_of(const std::string& user, gid_t primary) {
    int count = 64;
    std::vector<gid_t> gids(static_cast<std::size_t>(count));
    if (::getgrouplist(user.c_str(), primary, gids.data(), &count) < 0) {
        gids.resize(std::size_t(count));
        if (::getgrouplist(user.c_str(), primary, gids.data(), &count) < 0) count = 0;
    }
    gids.resize(std::size_t(count));
    return gids;
}

std::vector<std::string> groups_of(const std::string& user, gid_t primary) {
    std::vector<std::string> names;
    for (gid_t g : gids_of(user, primary))
        if (const group* gr = ::getgrgid(g)) names.emplace_back(gr->gr_name);
    return names;
}

// Whether the mode of `st` gives `want` (4 read, 1 search) to `uid` in `gids`: the owner's bits,
// else the group's, else the others', as the kernel reads them for a user who is not root.
bool mode_allows(const struct stat& st, uid_t uid, const std::vector<gid_t>& gids, unsigned want) {
    if (st.st_uid == uid) return (st.st_mode >> 6) & want;
    if (std::find(gids.begin(), gids.end(), st.st_gid) != gids.end()) return (st.st_mode >> 3) & want;
    return st.st_mode & want;
}

// Who the caller is on this machine, for the mode checks below: root (anything goes), a user
// with their groups, or unknown (nothing goes).
struct Account {
    enum Kind { root, user, unknown } kind = unknown;
    uid_t uid = 0;
    std::vector<gid_t> gids;
};

Account account_of(const Caller& caller) {
    if (caller.is_root) return {Account::root};
    const passwd* pw = ::getpwnam(caller.user.c_str());
    if (!pw) return {};
    if (pw->pw_uid == 0) return {Account::root};
    return {Account::user, pw->pw_uid, gids_of(caller.user, pw->pw_gid)};
}

} // namespace

bool may_read(const Caller& caller, const std::string& file) {
    Account who = account_of(caller);
    if (who.kind != Account::user) return who.kind == Account::root;
    uid_t uid = who.uid;
    const std::vector<gid_t>& gids = who.gids;
    struct stat st;
    if (::stat(file.c_str(), &st) != 0 || !mode_allows(st, uid, gids, 4)) return false;
    std::string dir = file;
    while (true) {
        auto slash = dir.rfind('/');
        if (slash == std::string::npos)
            dir = "."; // relative: the current folder is the last one
        else
            dir = dir.substr(0, slash);
        if (::stat(dir.empty() ? "/" : dir.c_str(), &st) != 0 || !mode_allows(st, uid, gids, 1)) return false;
        if (dir.empty() || dir == ".") return true;
    }
}

bool may_write_in(const Caller& caller, const std::string& path) {
    Account who = account_of(caller);
    if (who.kind != Account::user) return who.kind == Account::root;
    uid_t uid = who.uid;
    const std::vector<gid_t>& gids = who.gids;
    // The folder that is, or would hold, `path`: the nearest part of it that exists.
    std::string dir = path.empty() ? "." : path;
    struct stat st;
    while (::stat(dir.c_str(), &st) != 0) {
        auto slash = dir.find_last_not_of('/');
        slash = slash == std::string::npos ? std::string::npos : dir.rfind('/', slash);
        if (slash == std::string::npos)
            dir = ".";
        else
            dir = slash == 0 ? "/" : dir.substr(0, slash);
    }
    char real[PATH_MAX];
    if (!S_ISDIR(st.st_mode) || !::realpath(dir.c_str(), real) || !mode_allows(st, uid, gids, 2) ||
        !mode_allows(st, uid, gids, 1))
        return false;
    std::string up = real;
    while (up != "/") {
        up = up.substr(0, up.rfind('/'));
        if (up.empty()) up = "/";
        if (::stat(up.c_str(), &st) != 0 || !mode_allows(st, uid, gids, 1)) return false;
    }
    return true;
}

Caller current_caller() {
    Caller c;
    uid_t uid = ::getuid();
    const char* sudo_user = std::getenv("SUDO_USER");
    const char* sudo_uid = std::getenv("SUDO_UID");
    bool by_name = sudo_user && *sudo_user, by_uid = sudo_uid && *sudo_uid;
    if (uid == 0 && (by_name || by_uid)) {
        const passwd* pw = by_name ? ::getpwnam(sudo_user) : nullptr;
        if (!pw && by_uid) {
            char* end = nullptr;
            errno = 0;
            unsigned long n = std::strtoul(sudo_uid, &end, 10);
            if (errno == 0 && *end == '\0' && end != sudo_uid && n <= UINT_MAX) pw = ::getpwuid(uid_t(n));
        }
        if (pw) {
            c.user = pw->pw_name;
            c.groups = groups_of(c.user, pw->pw_gid);
            c.is_root = pw->pw_uid == 0; // root who ran sudo is root still
            c.elevated = pw->pw_uid != 0;
            return c;
        }
        // Run through sudo for a user this machine cannot name now (a directory service that
        // does not answer): never root for that, but a caller with no level, as elevated.
        c.user = by_name ? sudo_user : std::string("uid:") + sudo_uid;
        c.elevated = true;
        return c;
    }
    if (const passwd* pw = ::getpwuid(uid)) {
        c.user = pw->pw_name;
        c.groups = groups_of(c.user, pw->pw_gid);
    } else {
        c.user = user_name(uid);
    }
    c.is_root = uid == 0;
    c.elevated = ::geteuid() != uid; // a set-user-ID program
    return c;
}

std::string host_name() {
    char buf[HOST_NAME_MAX + 1] = {};
    if (::gethostname(buf, sizeof buf - 1) != 0) return "localhost";
    return buf;
}

std::string user_name(uid_t uid) {
    if (const passwd* pw = ::getpwuid(uid)) return pw->pw_name;
    return "uid:" + std::to_string(uid);
}

} // namespace netsec
