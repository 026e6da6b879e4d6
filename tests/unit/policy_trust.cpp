// Which policy a run through sudo may trust: only one root controls (netsec(7), SECURITY).
#include "netsec/core/caller.hpp"
#include "netsec/core/error.hpp"
#include "netsec/policy/policy.hpp"
#include "testutil.hpp"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace netsec;
using namespace netsec::policy;

namespace {
// The folder with its links resolved, as load_policy_for checks it.
std::string real(const std::string& path) { return std::filesystem::canonical(path).string(); }
// "nobody" is on every Debian system, and may read only what everyone may.
const Caller through_sudo{"nobody", {}, false, true};
const Caller himself{"bob", {}, false, false};
} // namespace

TEST_CASE("a policy root or the effective user owns, in folders no one else may write, is trusted") {
    test::TempDir dir;
    std::string file = real(dir.path.string()) + "/policy.yaml";
    test::write(file, test::minimal_policy());
    ::chmod(file.c_str(), 0644);
    CHECK(why_untrusted(file, ::geteuid()) == "");
}

TEST_CASE("a policy writable by its group or by others is not trusted") {
    test::TempDir dir;
    std::string file = real(dir.path.string()) + "/policy.yaml";
    test::write(file, test::minimal_policy());
    ::chmod(file.c_str(), 0664);
    CHECK(why_untrusted(file, ::geteuid()).find("'" + file + "' is writable by its group") == 0);
    ::chmod(file.c_str(), 0646);
    CHECK(why_untrusted(file, ::geteuid()) == "'" + file + "' is writable by others");
}

TEST_CASE("a policy in a folder others may write is not trusted, unless the folder is sticky") {
    test::TempDir dir;
    std::string sub = real(dir.path.string()) + "/open";
    ::mkdir(sub.c_str(), 0755);
    ::chmod(sub.c_str(), 0777);
    std::string file = sub + "/policy.yaml";
    test::write(file, test::minimal_policy());
    ::chmod(file.c_str(), 0644);
    CHECK(why_untrusted(file, ::geteuid()) == "'" + sub + "' is writable by others");
    ::chmod(sub.c_str(), 01777); // as /tmp: only an entry's owner may rename it
    CHECK(why_untrusted(file, ::geteuid()) == "");
}

TEST_CASE("a policy owned by someone but root and the effective user is not trusted") {
    test::TempDir dir;
    std::string file = real(dir.path.string()) + "/policy.yaml";
    test::write(file, test::minimal_policy());
    ::chmod(file.c_str(), 0644);
    if (::geteuid() == 0) {
        REQUIRE(::chown(file.c_str(), 65534, uid_t(-1)) == 0);
        CHECK(why_untrusted(file, 0).find("'" + file + "' is owned by '") == 0);
    } else {
        CHECK(why_untrusted(file, ::geteuid() + 1).find("'" + file + "' is owned by '") == 0);
    }
}

TEST_CASE("a link is not a policy sudo trusts; load_policy_for reads what it leads to, by its real path") {
    test::TempDir dir;
    ::chmod(dir.path.c_str(), 0755);
    std::string base = real(dir.path.string());
    std::string file = base + "/policy.yaml";
    test::write(file, test::minimal_policy());
    ::chmod(file.c_str(), 0644);
    std::string open = base + "/open";
    ::mkdir(open.c_str(), 0755);
    ::chmod(open.c_str(), 0777);
    std::string link = open + "/link.yaml";
    REQUIRE(::symlink(file.c_str(), link.c_str()) == 0);
    CHECK(why_untrusted(link, ::geteuid()) == "'" + link + "' is not a regular file");
    CHECK(load_policy_for(link, through_sudo).file == file);
}

TEST_CASE("load_policy_for refuses an untrusted policy with 77 under sudo, and reads it otherwise") {
    test::TempDir dir;
    ::chmod(dir.path.c_str(), 0755);
    std::string file = real(dir.path.string()) + "/policy.yaml";
    test::write(file, test::minimal_policy());
    ::chmod(file.c_str(), 0666);
    try {
        load_policy_for(file, through_sudo);
        FAIL("a policy others may write was trusted under sudo");
    } catch (const Error& e) {
        CHECK(e.code() == Exit::no_perm);
        CHECK(std::string(e.what()) ==
              "refusing the policy '" + file + "' under sudo: '" + file +
                  "' is writable by others (a policy used through sudo must be owned by root and writable by no one "
                  "else; use a policy of your own without sudo)");
    }
    CHECK(load_policy_for(file, himself).school.name == "测试小学");
}

TEST_CASE("load_policy_for a missing policy under sudo says what is missing, exit 78") {
    test::TempDir dir;
    try {
        load_policy_for(dir.file("missing.yaml"), through_sudo);
        FAIL("loaded");
    } catch (const Error& e) {
        CHECK(e.code() == Exit::config);
    }
}

TEST_CASE("a policy the caller may not read is refused under sudo before a line of it is read") {
    test::TempDir dir;
    ::chmod(dir.path.c_str(), 0755);
    std::string file = real(dir.path.string()) + "/shadow";
    test::write(file, "root:$y$secret:20000:0:99999:7:::\n");
    ::chmod(file.c_str(), 0600);
    try {
        load_policy_for(file, through_sudo);
        FAIL("read as a policy");
    } catch (const Error& e) {
        CHECK(e.code() == Exit::no_perm);
        CHECK(std::string(e.what()) ==
              "refusing the policy '" + file + "' under sudo: user 'nobody' may not read it without sudo");
    }
}
