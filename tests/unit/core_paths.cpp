#include "netsec/core/error.hpp"
#include "netsec/core/paths.hpp"
#include "testutil.hpp"

#include <cerrno>
#include <doctest/doctest.h>
#include <fcntl.h>
#include <filesystem>
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

TEST_CASE("a new file is created exclusively: a file or symlink already at the name is refused") {
    test::TempDir tmp;
    std::string victim = tmp.file("victim");
    test::write(victim, "IMPORTANT");
    test::write(tmp.file("planted"), "");
    REQUIRE(::symlink(victim.c_str(), tmp.file("link").c_str()) == 0);
    REQUIRE(::symlink(tmp.file("nowhere").c_str(), tmp.file("dangling").c_str()) == 0);
    for (const char* name : {"planted", "link", "dangling"}) {
        CAPTURE(name);
        try {
            int fd = paths::create_new_file(tmp.file(name), 0600);
            ::close(fd);
            FAIL("accepted");
        } catch (const Error& e) {
            CHECK(e.code() == Exit::cant_create);
            CHECK(std::string(e.what()).find("File exists") != std::string::npos);
        }
    }
    CHECK(paths::read_file(victim) == "IMPORTANT");
    CHECK_FALSE(paths::exists(tmp.file("nowhere")));
}

TEST_CASE("a new file gets exactly the mode asked, whatever the umask") {
    test::TempDir tmp;
    mode_t old = ::umask(077);
    int fd = paths::create_new_file(tmp.file("f"), 0644);
    ::umask(old);
    CHECK(paths::write_all(fd, "abc", 3));
    ::close(fd);
    CHECK(mode_of(tmp.file("f")) == 0644);
    CHECK(paths::read_file(tmp.file("f")) == "abc");
}

TEST_CASE("a write that cannot complete reports the real reason (a full disk is ENOSPC)") {
    int fd = ::open("/dev/full", O_WRONLY | O_CLOEXEC);
    REQUIRE(fd >= 0);
    errno = EEXIST;
    CHECK_FALSE(paths::write_all(fd, "abc", 3));
    CHECK(errno == ENOSPC);
    ::close(fd);
}

TEST_CASE("atomic writes use no predictable temporary: a file planted at FILE.tmp.PID is left alone") {
    test::TempDir tmp;
    std::string f = tmp.file("slips.html");
    std::string planted = f + ".tmp." + std::to_string(::getpid());
    test::write(planted, "");
    paths::write_file_atomic(f, "secret", 0600);
    CHECK(paths::read_file(f) == "secret");
    REQUIRE(paths::exists(planted));
    CHECK(paths::read_file(planted) == "");
    struct stat a, b;
    REQUIRE(::stat(f.c_str(), &a) == 0);
    REQUIRE(::stat(planted.c_str(), &b) == 0);
    CHECK(a.st_ino != b.st_ino);
    // and no temporary of ours is left beside it
    std::size_t entries = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(tmp.path)) ++entries;
    CHECK(entries == 2);
}

TEST_CASE("atomic writes replace a symlink at the final name instead of writing through it") {
    test::TempDir tmp;
    std::string victim = tmp.file("victim");
    test::write(victim, "IMPORTANT");
    ::chmod(victim.c_str(), 0644);
    std::string f = tmp.file("SHA256SUMS");
    REQUIRE(::symlink(victim.c_str(), f.c_str()) == 0);
    paths::write_file_atomic(f, "sums", 0600);
    struct stat st;
    REQUIRE(::lstat(f.c_str(), &st) == 0);
    CHECK(S_ISREG(st.st_mode));
    CHECK(paths::read_file(f) == "sums");
    CHECK(paths::read_file(victim) == "IMPORTANT");
    CHECK(mode_of(victim) == 0644);
}

TEST_CASE("a file larger than the limit is refused before it is read") {
    test::TempDir tmp;
    test::write(tmp.file("big"), std::string(100, 'x'));
    CHECK(paths::read_file(tmp.file("big"), 100).size() == 100);
    try {
        paths::read_file(tmp.file("big"), 99);
        FAIL("accepted");
    } catch (const Error& e) {
        CHECK(e.code() == Exit::data);
        CHECK(std::string(e.what()).find(tmp.file("big")) != std::string::npos);
    }
    // a file whose size stat does not know (/proc) is bounded while it is read
    CHECK_THROWS_WITH_AS(paths::read_file("/proc/self/maps", 10),
                         "'/proc/self/maps' holds more than 10 bytes, the most netsec reads from one file", Error);
}
