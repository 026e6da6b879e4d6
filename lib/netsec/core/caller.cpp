#include "netsec/core/caller.hpp"

#include <climits>
#include <cstdlib>
#include <grp.h>
#include <pwd.h>
#include <unistd.h>

namespace netsec {
namespace {

std::vector<std::string> groups_of(const std::string& user, gid_t primary) {
    std::vector<std::string> names;
    int count = 64;
    std::vector<gid_t> gids(static_cast<std::size_t>(count));
    if (::getgrouplist(user.c_str(), primary, gids.data(), &count) < 0) {
        gids.resize(std::size_t(count));
        if (::getgrouplist(user.c_str(), primary, gids.data(), &count) < 0) count = 0;
    }
    gids.resize(std::size_t(count));
    for (gid_t g : gids)
        if (const group* gr = ::getgrgid(g)) names.emplace_back(gr->gr_name);
    return names;
}

} // namespace

Caller current_caller() {
    Caller c;
    uid_t uid = ::getuid();
    const char* sudo_user = std::getenv("SUDO_USER");
    if (uid == 0 && sudo_user && *sudo_user) {
        if (const passwd* pw = ::getpwnam(sudo_user)) {
            c.user = pw->pw_name;
            c.groups = groups_of(c.user, pw->pw_gid);
            c.is_root = pw->pw_uid == 0; // root who ran sudo is root still
            c.elevated = pw->pw_uid != 0;
            return c;
        }
    }
    if (const passwd* pw = ::getpwuid(uid)) {
        c.user = pw->pw_name;
        c.groups = groups_of(c.user, pw->pw_gid);
    } else {
        c.user = "uid:" + std::to_string(uid);
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

} // namespace netsec
