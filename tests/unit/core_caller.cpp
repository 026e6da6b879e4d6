// Who the caller is: SUDO_USER is believed only from root, and a run through sudo is elevated.
#include "netsec/core/caller.hpp"

#include <cstdio>
#include <cstdlib>
#include <doctest/doctest.h>
#include <optional>
#include <pwd.h>
#include <string>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

using namespace netsec;

namespace {
// Sets an environment variable (or unsets it, for nullptr) for the scope of a case and puts
// back what was there.
struct EnvVar {
    std::string name;
    std::optional<std::string> saved;
    EnvVar(const char* n, const char* value) : name(n) {
        if (const char* v = std::getenv(n)) saved = v;
        if (value)
            ::setenv(n, value, 1);
        else
            ::unsetenv(n);
    }
    ~EnvVar() {
        if (saved)
            ::setenv(name.c_str(), saved->c_str(), 1);
        else
            ::unsetenv(name.c_str());
    }
};
// SUDO_USER set (or unset), and SUDO_UID unset unless a case sets it too.
struct SudoUser {
    EnvVar user, uid;
    explicit SudoUser(const char* value, const char* id = nullptr) : user("SUDO_USER", value), uid("SUDO_UID", id) {}
};
std::string own_name() {
    const passwd* pw = ::getpwuid(::getuid());
    return pw ? pw->pw_name : "uid:" + std::to_string(::getuid());
}
} // namespace

TEST_CASE("without SUDO_USER the caller is the real user, elevated only by a set-user-ID program") {
    SudoUser none(nullptr);
    Caller c = current_caller();
    CHECK(c.user == own_name());
    CHECK(c.is_root == (::getuid() == 0));
    CHECK(c.elevated == (::geteuid() != ::getuid()));
}

TEST_CASE("root with SUDO_USER naming another user is that user, elevated and not root") {
    if (::getuid() != 0) return; // SUDO_USER means nothing to anyone else (next case)
    SudoUser sudo("nobody");
    Caller c = current_caller();
    CHECK(c.user == "nobody");
    CHECK_FALSE(c.is_root);
    CHECK(c.elevated);
}

TEST_CASE("root who ran sudo is root still, not elevated") {
    if (::getuid() != 0) return;
    SudoUser sudo("root");
    Caller c = current_caller();
    CHECK(c.user == "root");
    CHECK(c.is_root);
    CHECK_FALSE(c.elevated);
}

TEST_CASE("root with only SUDO_UID of another user is that user, elevated") {
    if (::getuid() != 0) return;
    const passwd* pw = ::getpwnam("nobody");
    REQUIRE(pw);
    std::string id = std::to_string(pw->pw_uid);
    SudoUser sudo(nullptr, id.c_str());
    Caller c = current_caller();
    CHECK(c.user == "nobody");
    CHECK_FALSE(c.is_root);
    CHECK(c.elevated);
}

TEST_CASE("root through sudo for a user the machine cannot name is elevated, never root") {
    if (::getuid() != 0) return;
    SudoUser sudo("no-such-user-of-netsec", "4000000001");
    Caller c = current_caller();
    CHECK(c.user == "no-such-user-of-netsec");
    CHECK(c.groups.empty());
    CHECK_FALSE(c.is_root);
    CHECK(c.elevated);
    SudoUser by_uid(nullptr, "4000000001");
    CHECK(current_caller().user == "uid:4000000001");
    CHECK(current_caller().elevated);
}

TEST_CASE("a user who sets SUDO_USER is not believed") {
    if (::getuid() == 0) return; // root may name whom it likes: it only lowers itself
    SudoUser spoof("root");
    Caller c = current_caller();
    CHECK(c.user == own_name());
    CHECK_FALSE(c.is_root);
    CHECK_FALSE(c.elevated);
}

TEST_CASE("may_read follows the mode bits of the file and of every folder above it") {
    char tmpl[] = "/tmp/netsec-unit-XXXXXX";
    std::string base = ::mkdtemp(tmpl);
    std::string file = base + "/policy.yaml";
    {
        std::FILE* f = std::fopen(file.c_str(), "w");
        std::fputs("x\n", f);
        std::fclose(f);
    }
    Caller nobody{"nobody", {}, false, true};
    ::chmod(file.c_str(), 0644);
    ::chmod(base.c_str(), 0700);
    CHECK_FALSE(may_read(nobody, file)); // the folder lets no one else through
    ::chmod(base.c_str(), 0711);
    CHECK(may_read(nobody, file));
    ::chmod(file.c_str(), 0600);
    CHECK_FALSE(may_read(nobody, file));
    CHECK_FALSE(may_read(Caller{"no-such-user-of-netsec", {}, false, true}, base + "/policy.yaml"));
    CHECK(may_read(Caller{"root", {}, true, false}, file));
    ::unlink(file.c_str());
    ::rmdir(base.c_str());
}

TEST_CASE("may_write_in needs write and search on the nearest folder that exists, and search above it") {
    char tmpl[] = "/tmp/netsec-unit-XXXXXX";
    std::string base = ::mkdtemp(tmpl);
    Caller nobody{"nobody", {}, false, true};
    ::chmod(base.c_str(), 0755);
    CHECK_FALSE(may_write_in(nobody, base));
    CHECK_FALSE(may_write_in(nobody, base + "/new/deeper")); // created in base, which is root's
    ::chmod(base.c_str(), 0777);
    CHECK(may_write_in(nobody, base + "/new/deeper"));
    CHECK(may_write_in(nobody, base));
    std::string file = base + "/file";
    {
        std::FILE* f = std::fopen(file.c_str(), "w");
        std::fclose(f);
    }
    CHECK_FALSE(may_write_in(nobody, file)); // not a folder
    ::chmod(base.c_str(), 0770);
    CHECK_FALSE(may_write_in(nobody, base + "/new"));
    CHECK(may_write_in(Caller{"root", {}, true, false}, base + "/new"));
    CHECK_FALSE(may_write_in(Caller{"no-such-user-of-netsec", {}, false, true}, base));
    ::unlink(file.c_str());
    ::rmdir(base.c_str());
}

TEST_CASE("host_name is the machine's name as uname gives it") {
    utsname u{};
    REQUIRE(::uname(&u) == 0);
    CHECK(host_name() == u.nodename);
    CHECK_FALSE(host_name().empty());
}

TEST_CASE("user_name names a known uid, and a uid without a name as uid:N") {
    CHECK(user_name(0) == "root");
    CHECK(user_name(::getuid()) == own_name());
    CHECK(user_name(uid_t(4294967294U)) == "uid:4294967294");
}
