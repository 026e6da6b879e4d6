#include "netsec/core/error.hpp"
#include "netsec/core/paths.hpp"
#include "testutil.hpp"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace netsec;

namespace {
mode_t mode_of(const std::string& p) {
    struct stat st;
    REQUIRE(::stat(p.c_str(), &st) == 0);
    return st.st_mode & 07777;
}
} // namespace

TEST_CASE("relative paths resolve against the given folder") {
    CHECK(paths::resolve("/etc/netsec", "state") == "/etc/netsec/state");
    CHECK(paths::resolve("/etc/netsec/", "state") == "/etc/netsec/state");
    CHECK(paths::resolve("/etc/netsec", "/var/lib/netsec") == "/var/lib/netsec");
    CHECK(paths::parent("/etc/netsec/policy.yaml") == "/etc/netsec");
    CHECK(paths::parent("policy.yaml") == ".");
    CHECK(paths::parent("/policy.yaml") == "/");
}

TEST_CASE("private folders are created with parents and mode 0700") {
    test::TempDir tmp;
    std::string dir = tmp.file("a/b/state");
    paths::make_private_dir(dir, {});
    CHECK(mode_of(dir) == 0700);
    ::chmod(dir.c_str(), 0755);
    paths::make_private_dir(dir, {});
    CHECK(mode_of(dir) == 0700);
}

TEST_CASE("a private folder where a file stands is refused") {
    test::TempDir tmp;
    test::write(tmp.file("f"), "x");
    try {
        paths::make_private_dir(tmp.file("f"), {});
        FAIL("accepted");
    } catch (const Error& e) {
        CHECK(e.code() == Exit::cant_create);
    }
}

TEST_CASE("atomic writes replace the file whole with the mode asked") {
    test::TempDir tmp;
    std::string f = tmp.file("out.txt");
    paths::write_file_atomic(f, "first", 0600);
    paths::write_file_atomic(f, "second", 0644);
    CHECK(paths::read_file(f) == "second");
    CHECK(mode_of(f) == 0644);
    CHECK_FALSE(paths::exists(f + ".tmp." + std::to_string(::getpid())));
}

TEST_CASE("reading a missing file is an input-missing error") {
    try {
        paths::read_file("/nonexistent/netsec");
        FAIL("accepted");
    } catch (const Error& e) {
        CHECK(e.code() == Exit::no_input);
    }
}
