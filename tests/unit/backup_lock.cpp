// The repository's lock: a writer reads the index under it, a stale lock is broken by exactly
// one of those finding it, a lock is released only by its holder; and the storage's temporary
// files are never opened through a planted file or link.
#include "netsec/backup/backup.hpp"
#include "netsec/backup/jobs.hpp"
#include "netsec/core/caller.hpp"
#include "netsec/core/error.hpp"
#include "testutil.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace netsec;
using namespace netsec::backup;
using netsec::test::TempDir;

namespace {

std::string pass() { return "unit-passphrase"; }
void quiet(const std::string&) {}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string host() {
    char buf[256] = {};
    ::gethostname(buf, sizeof buf - 1);
    return buf;
}

// A pid that is not running: a child that has exited and been reaped.
pid_t dead_pid() {
    pid_t p = ::fork();
    if (p == 0) ::_exit(0);
    ::waitpid(p, nullptr, 0);
    return p;
}

// Waits until thread `tid` of this process sleeps (a run between looks at a held lock); false
// after 20 s.
bool sleeping(pid_t tid) {
    for (int i = 0; i < 2000; ++i) {
        if (read_file("/proc/self/task/" + std::to_string(tid) + "/wchan").find("nanosleep") != std::string::npos)
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
}

Snapshot backup_paths(Repository& repo, const std::vector<std::string>& paths) {
    RunRequest req;
    req.paths = paths;
    req.threads = 2;
    return run_backup(repo, req).snapshot;
}

} // namespace

TEST_CASE("a run that waited for the lock while a prune held it keeps every byte it names") {
    TempDir tmp;
    ::chdir(tmp.path.c_str());
    init_repository("repo", std::nullopt);
    std::filesystem::create_directories("s");
    std::filesystem::create_directories("s2");
    std::string a(3 << 20, '\0');
    for (std::size_t i = 0; i < a.size(); ++i) a[i] = char((i * 2654435761u) >> 13);
    netsec::test::write("s/data.bin", a);
    {
        Repository repo("repo", pass);
        RepositoryLock lock(repo, 0, quiet);
        backup_paths(repo, {"s"}); // snapshot 1 holds a
        netsec::test::write("s/data.bin", "something else");
        backup_paths(repo, {"s"}); // snapshot 2 does not
    }
    netsec::test::write("s2/copy.bin", a); // the same bytes under a new path

    // The run opens the repository (reading its index, where a's chunks are) and waits for the
    // lock, which the prune holds; the prune deletes a's chunks; then the run gets the lock.
    Repository runner("repo", pass);
    Repository pruner("repo", pass);
    std::optional<RepositoryLock> pruning;
    pruning.emplace(pruner, 0, quiet);
    std::optional<Snapshot> saved;
    std::string failure;
    std::thread run([&] {
        try {
            RepositoryLock lock(runner, 30, quiet);
            saved = backup_paths(runner, {"s2"});
        } catch (const std::exception& e) {
            failure = e.what();
        }
    });
    KeepRules keep;
    keep.last = 1;
    auto r = prune_repository(pruner, keep);
    CHECK(r.snapshots_removed == 1);
    CHECK(r.packs_removed > 0);
    pruning.reset();
    run.join();
    CHECK(failure == "");
    REQUIRE(saved.has_value());
    Repository after("repo", pass);
    auto v = verify_repository(after, true, 1, {});
    CHECK(v.problems == std::vector<std::string>{});
    CHECK(v.damaged.size() == 0);
    for (const auto& d : v.damaged) CHECK(d.snapshot + " " + d.path + " " + d.problem == "");
    CHECK(v.ok());
}

TEST_CASE("writing a repository without its lock is refused") {
    TempDir tmp;
    ::chdir(tmp.path.c_str());
    init_repository("repo", std::nullopt);
    std::filesystem::create_directories("s");
    netsec::test::write("s/f", "x");
    Repository repo("repo", pass);
    CHECK_FALSE(repo.locked());
    RunRequest req;
    req.paths = {"s"};
    CHECK_THROWS_WITH_AS(run_backup(repo, req), "the repository 'repo' is written without its lock", Error);
    KeepRules keep;
    keep.last = 1;
    CHECK_THROWS_WITH_AS(prune_repository(repo, keep), "the repository 'repo' is written without its lock", Error);
    CHECK_THROWS_WITH_AS(copy_repository(repo, "copy", 0, quiet, {}),
                         "the repository 'repo' is copied from without its lock", Error);
    CHECK_FALSE(std::filesystem::exists("copy"));
    {
        RepositoryLock lock(repo, 0, quiet);
        CHECK(repo.locked());
        backup_paths(repo, {"s"});
    }
    CHECK_FALSE(repo.locked());
}

TEST_CASE("of many processes finding one stale lock, exactly one holds the repository") {
    TempDir tmp;
    std::string dir = tmp.file("repo");
    init_repository(dir, std::nullopt);
    for (int round = 0; round < 5; ++round) {
        pid_t gone = dead_pid();
        netsec::test::write(dir + "/lock", "{\"hostname\":\"" + host() + "\",\"pid\":" + std::to_string(gone) +
                                               ",\"time\":" + std::to_string(std::time(nullptr)) + "}\n");
        constexpr int n = 12;
        int start[2], results[2], release[2];
        REQUIRE(::pipe(start) == 0);
        REQUIRE(::pipe(results) == 0);
        REQUIRE(::pipe(release) == 0);
        std::vector<pid_t> kids;
        for (int i = 0; i < n; ++i) {
            pid_t p = ::fork();
            REQUIRE(p >= 0);
            if (p == 0) {
                ::close(start[1]);
                ::close(results[0]);
                ::close(release[1]);
                char c;
                (void)!::read(start[0], &c, 1); // all at once
                char got = 'L';
                std::optional<RepositoryLock> lock;
                try {
                    auto storage = open_local_storage(dir);
                    lock.emplace(*storage, 0, quiet);
                    got = 'W';
                    (void)!::write(results[1], &got, 1);
                    (void)!::read(release[0], &c, 1); // held until every other one has tried
                    lock.reset();
                    ::_exit(0);
                } catch (const Error& e) {
                    got = e.code() == Exit::temp_fail ? 'L' : 'E';
                } catch (...) {
                    got = 'E';
                }
                (void)!::write(results[1], &got, 1);
                ::_exit(0);
            }
            kids.push_back(p);
        }
        ::close(start[0]);
        ::close(results[1]);
        ::close(release[0]);
        ::close(start[1]); // go
        std::string got;
        char c;
        while (got.size() < std::size_t(n) && ::read(results[0], &c, 1) == 1) got += c;
        ::close(release[1]);
        for (pid_t p : kids) ::waitpid(p, nullptr, 0);
        ::close(results[0]);
        CAPTURE(got);
        CHECK(std::count(got.begin(), got.end(), 'W') == 1);
        CHECK(std::count(got.begin(), got.end(), 'L') == n - 1);
        CHECK_FALSE(std::filesystem::exists(dir + "/lock")); // released by the one that held it
    }
}

TEST_CASE("a lock broken as stale and taken by another is not released by its first holder") {
    TempDir tmp;
    auto storage = open_local_storage(tmp.file("repo"));
    std::optional<RepositoryLock> first;
    first.emplace(*storage, 0, quiet);
    std::vector<std::string> notices;
    RepositoryLock second(
        *storage, 0, [&](const std::string& m) { notices.push_back(m); }, -1); // every lock is stale
    CHECK(notices.size() == 1);
    std::string theirs = read_file(tmp.file("repo/lock"));
    first.reset();
    CHECK(read_file(tmp.file("repo/lock")) == theirs);
    CHECK_THROWS_WITH_AS(RepositoryLock(*storage, 0, quiet),
                         ("the repository '" + tmp.file("repo") + "' is locked by process " +
                          std::to_string(::getpid()) + " on '" + host_name() + "': try again when it has finished")
                             .c_str(),
                         Error);
}

TEST_CASE("the storage's temporary files are never opened through a planted file or link") {
    TempDir tmp;
    std::string dir = tmp.file("repo");
    std::string victim = tmp.file("victim");
    netsec::test::write(victim, "precious");
    for (const char* folder : {"", "/index", "/data", "/keys"}) {
        std::filesystem::create_directories(dir + folder);
        // the names the storage used to take: ".tmp-PID-N"
        for (int i = 0; i < 64; ++i) {
            std::string name = dir + folder + "/.tmp-" + std::to_string(::getpid()) + "-" + std::to_string(i);
            std::filesystem::create_symlink(victim, name);
        }
    }
    auto storage = open_local_storage(dir);
    CHECK(storage->write_once("index/one", "index bytes"));
    storage->replace("keys/default", "key bytes");
    auto up = storage->upload("data");
    up->append("pack bytes");
    CHECK(up->commit("data/ab/pack"));
    CHECK(read_file(victim) == "precious");
    CHECK(storage->read("index/one") == "index bytes");
    CHECK(storage->read("keys/default") == "key bytes");
    struct stat st {};
    REQUIRE(::lstat((dir + "/index/one").c_str(), &st) == 0);
    CHECK(S_ISREG(st.st_mode));
    CHECK((st.st_mode & 0777) == 0600);
    // a link at the final name is not written through either
    std::filesystem::create_symlink(victim, dir + "/index/two");
    CHECK_FALSE(storage->write_once("index/two", "other"));
    CHECK(read_file(victim) == "precious");
}

TEST_CASE("copy refuses a destination claiming to be a clone but encrypted otherwise") {
    TempDir tmp;
    ::chdir(tmp.path.c_str());
    init_repository("repo", std::string("pw"));
    std::filesystem::create_directories("s");
    netsec::test::write("s/f", "secret");
    auto pw = [] { return std::string("pw"); };
    Repository repo("repo", pw);
    RepositoryLock lock(repo, 0, quiet);
    backup_paths(repo, {"s"});
    CHECK(copy_repository(repo, "copy", 0, quiet, {}).created);
    // the same id, but a config that says "none": whatever it is, it is not our clone
    std::string config = read_file("copy/config");
    auto at = config.find("aes-256-gcm");
    REQUIRE(at != std::string::npos);
    config.replace(at, 11, "none");
    std::filesystem::remove("copy/config");
    netsec::test::write("copy/config", config);
    std::filesystem::remove_all("copy/snapshots");
    CHECK_THROWS_WITH_AS(copy_repository(repo, "copy", 0, quiet, {}),
                         "'copy' claims to be a copy of 'repo' but is encrypted otherwise ('none', not 'aes-256-gcm'): "
                         "nothing was copied into it",
                         Error);
    CHECK_FALSE(std::filesystem::exists("copy/snapshots"));
}

TEST_CASE("a job's run that waited while a prune held its first destination damages neither copy") {
    TempDir tmp;
    std::filesystem::create_directories(tmp.file("s"));
    std::string a_bytes(3 << 20, '\0');
    for (std::size_t i = 0; i < a_bytes.size(); ++i) a_bytes[i] = char((i * 2246822519u) >> 11);
    netsec::test::write(tmp.file("s/data.bin"), a_bytes);
    store::Db db{tmp.file("netsec.db"), store::Access::read_write};
    policy::BackupJob job;
    job.name = "docs";
    job.sources = {tmp.file("s")};
    job.destinations = {tmp.file("a"), tmp.file("b")};
    job.schedule = std::chrono::hours(24);
    JobContext ctx;
    ctx.db = &db;
    ctx.origin = {"alice", "host1", "netsec-backup"};
    ctx.now = timeutil::now();
    ctx.force = true;
    ctx.lock_wait = 30;
    REQUIRE(run_job(job, ctx).exit == 0); // snapshot 1 holds the bytes
    netsec::test::write(tmp.file("s/data.bin"), "small");
    REQUIRE(run_job(job, ctx).exit == 0);                 // snapshot 2 does not
    netsec::test::write(tmp.file("s/copy.bin"), a_bytes); // the same bytes under a new name

    Repository pruner(tmp.file("a"), pass);
    std::optional<RepositoryLock> pruning;
    pruning.emplace(pruner, 0, quiet);
    std::atomic<pid_t> tid{0};
    JobOutcome out;
    std::thread run([&] {
        tid = ::gettid();
        out = run_job(job, ctx); // opens the first destination, then waits for its lock
    });
    while (tid == 0) std::this_thread::yield();
    REQUIRE(sleeping(tid));
    KeepRules keep;
    keep.last = 1;
    keep.job = "docs";
    CHECK(prune_repository(pruner, keep).packs_removed > 0);
    pruning.reset();
    run.join();
    CHECK(out.exit == 0);
    for (const auto& dest : job.destinations) {
        CAPTURE(dest);
        Repository r(dest, pass);
        auto v = verify_repository(r, true, 1, {});
        CHECK(v.problems == std::vector<std::string>{});
        CHECK(v.damaged.size() == 0);
    }
}
