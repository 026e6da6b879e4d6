// Every repository file is opened within what the format allows, before anything is allocated
// for it: a small zstd frame stating (and holding) gigabytes is damage, not a reason to inflate.
#include "netsec/backup/backup.hpp"
#include "netsec/core/error.hpp"
#include "testutil.hpp"

#include <doctest/doctest.h>
#include <filesystem>
#include <functional>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace netsec;
using namespace netsec::backup;
using netsec::test::TempDir;

namespace {

std::string pass() { return "unit-passphrase"; }

// The stored bytes of an unencrypted repository file (kind byte 1: zstd) whose frame states and
// holds `gib` GiB of zeros in RLE blocks of 128 KiB: 32 KiB a GiB.
std::string zstd_bomb(unsigned gib) {
    std::uint64_t blocks = std::uint64_t(gib) << 13, size = blocks << 17;
    std::string out = "\x01\x28\xb5\x2f\xfd";
    out += char(0xc0);   // 8 bytes of content size, not a single segment
    out += char(7 << 3); // a window of 128 KiB
    for (int i = 0; i < 8; ++i) out += char((size >> (8 * i)) & 0xff);
    for (std::uint64_t b = 0; b < blocks; ++b) {
        std::uint32_t header = (131072u << 3) | (1u << 1) | (b + 1 == blocks ? 1u : 0u); // RLE
        out += char(header & 0xff);
        out += char((header >> 8) & 0xff);
        out += char((header >> 16) & 0xff);
        out += '\0';
    }
    return out;
}

// Runs `fn` in a child limited to 512 MiB of address space more than this process uses (not
// under AddressSanitizer, which reserves terabytes); returns what it wrote to its pipe: the
// Error's code and message, or "bad_alloc".
std::string in_small_memory(const std::function<void()>& fn) {
    int p[2];
    REQUIRE(::pipe(p) == 0);
    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ::close(p[0]);
        std::string said = "no error";
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
        long pages = 0;
        if (FILE* f = std::fopen("/proc/self/statm", "r")) {
            if (std::fscanf(f, "%ld", &pages) != 1) pages = 0;
            std::fclose(f);
        }
        rlim_t room = rlim_t(pages) * rlim_t(::sysconf(_SC_PAGESIZE)) + (rlim_t(512) << 20);
        rlimit lim{room, room};
        ::setrlimit(RLIMIT_AS, &lim);
#endif
        try {
            fn();
        } catch (const Error& e) {
            said = std::to_string(int(e.code())) + " " + e.what();
        } catch (const std::bad_alloc&) {
            said = "bad_alloc";
        } catch (const std::exception& e) {
            said = e.what();
        }
        (void)!::write(p[1], said.data(), said.size());
        ::_exit(0);
    }
    ::close(p[1]);
    std::string got;
    char buf[512];
    ssize_t n;
    while ((n = ::read(p[0], buf, sizeof buf)) > 0) got.append(buf, std::size_t(n));
    ::close(p[0]);
    ::waitpid(pid, nullptr, 0);
    return got;
}

} // namespace

TEST_CASE("an index file that inflates to gigabytes is damage, refused before it is inflated") {
    TempDir tmp;
    std::string dir = tmp.file("repo");
    init_repository(dir, std::nullopt);
    std::filesystem::create_directories(dir + "/index");
    std::string bomb = zstd_bomb(3);
    CHECK(bomb.size() < 100000);
    netsec::test::write(dir + "/index/bomb", bomb);
    CHECK(in_small_memory([&] { Repository r(dir, pass); }) == "65 the index file '" + dir + "/index/bomb' is damaged");
}

TEST_CASE("a snapshot file that inflates to gigabytes is damage, refused before it is inflated") {
    TempDir tmp;
    std::string dir = tmp.file("repo");
    init_repository(dir, std::nullopt);
    std::filesystem::create_directories(dir + "/snapshots");
    std::string bomb = zstd_bomb(2);
    std::string name = "snapshots/" + to_hex(sha256(bomb));
    netsec::test::write(dir + "/" + name, bomb);
    CHECK(in_small_memory([&] { Repository(dir, pass).snapshots(); }) ==
          "65 the snapshot file '" + dir + "/" + name + "' is damaged");
}

TEST_CASE("a tree blob the index says inflates far beyond its stored size is damage") {
    TempDir tmp;
    std::string dir = tmp.file("repo");
    init_repository(dir, std::nullopt);
    Repository repo(dir, pass);
    BlobLoc loc;
    loc.type = BlobType::tree;
    loc.length = 100000;
    loc.raw_length = 0xffffffff; // 4 GiB from 100 KB
    CHECK_FALSE(repo.plausible(loc));
    loc.raw_length = 20000000; // 200 times: a folder of many alike names may compress so
    CHECK(repo.plausible(loc));
    loc.length = 1000;
    loc.raw_length = 60000000; // any tree up to 64 MiB: content lists of many equal files repeat
    CHECK(repo.plausible(loc));
}

TEST_CASE("a config, key file or lock of gigabytes is refused without reading it") {
    TempDir tmp;
    std::string dir = tmp.file("repo");
    init_repository(dir, std::nullopt);
    std::filesystem::resize_file(dir + "/config", std::uintmax_t(4) << 30); // sparse
    CHECK(in_small_memory([&] { Repository r(dir, pass); }).rfind("65 '" + dir + "/config' is damaged", 0) == 0);
}
