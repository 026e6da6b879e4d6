#include "netsec/backup/backup.hpp"
#include "testutil.hpp"

#include <doctest/doctest.h>
#include <filesystem>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

using namespace netsec;
using namespace netsec::backup;
using netsec::test::TempDir;

namespace {

std::string pass() { return "unit-passphrase"; }

// Runs the case inside `dir` (relative paths keep the snapshots' paths short) and goes back.
struct InDir {
    std::filesystem::path before = std::filesystem::current_path();
    explicit InDir(const std::filesystem::path& dir) { std::filesystem::current_path(dir); }
    ~InDir() {
        std::error_code ec;
        std::filesystem::current_path(before, ec);
    }
};

Snapshot backup_src(Repository& repo) {
    RunRequest req;
    req.paths = {"src"};
    RepositoryLock lock(repo, 0, [](const std::string&) {});
    return run_backup(repo, req).snapshot;
}

std::string show(const std::vector<Change>& changes) {
    std::ostringstream out;
    for (const auto& c : changes)
        out << c.path << ' ' << c.change << ' ' << type_name(c.type) << ' ' << c.size_before << "->" << c.size_after
            << '\n';
    return out.str();
}

} // namespace

TEST_CASE("diff of two snapshots lists exactly what was added, removed, modified and chmod-ed") {
    TempDir tmp;
    InDir in(tmp.path);
    std::string dir = tmp.file("repo");
    init_repository(dir, pass());
    std::filesystem::create_directories("src/keep/deeper");
    test::write("src/keep/sub.txt", "unchanged");
    test::write("src/keep/deeper/d.txt", "deep");
    test::write("src/removed.txt", "going away"); // 10 bytes
    test::write("src/mod.txt", "hello");          // 5 bytes
    test::write("src/perm.txt", "perms");         // 5 bytes
    ::chmod("src/perm.txt", 0644);
    test::write("src/thing", "abc"); // a file, then a folder
    Repository repo(dir, pass);
    Snapshot a = backup_src(repo);

    std::filesystem::remove("src/removed.txt");
    test::write("src/mod.txt", "hello world!"); // 12 bytes
    ::chmod("src/perm.txt", 0600);
    std::filesystem::remove("src/thing");
    std::filesystem::create_directories("src/thing");
    test::write("src/thing/inner.txt", "four");   // 4 bytes
    test::write("src/new.txt", "brand new file"); // 14 bytes
    Snapshot b = backup_src(repo);
    REQUIRE(a.id != b.id);

    auto changes = diff_snapshots(repo, a, b);
    INFO(show(changes));
    REQUIRE(changes.size() == 7);
    auto is = [&](std::size_t i, const char* path, const char* change, NodeType type, std::uint64_t before,
                  std::uint64_t after) {
        CAPTURE(i);
        CHECK(changes[i].path == path);
        CHECK(changes[i].change == change);
        CHECK(changes[i].type == type);
        CHECK(changes[i].size_before == before);
        CHECK(changes[i].size_after == after);
    };
    // parents first, by name; the unchanged subfolder "keep" is not listed at all
    is(0, "src/mod.txt", "modified", NodeType::file, 5, 12);
    is(1, "src/new.txt", "added", NodeType::file, 0, 14);
    is(2, "src/perm.txt", "metadata", NodeType::file, 5, 5);
    is(3, "src/removed.txt", "removed", NodeType::file, 10, 0);
    is(4, "src/thing", "removed", NodeType::file, 3, 0);
    is(5, "src/thing", "added", NodeType::dir, 0, 0);
    is(6, "src/thing/inner.txt", "added", NodeType::file, 0, 4);

    // and backwards, the other way round
    auto back = diff_snapshots(repo, b, a);
    INFO(show(back));
    REQUIRE(back.size() == 7);
    CHECK(back[0].path == "src/mod.txt");
    CHECK(back[0].change == "modified");
    CHECK(back[0].size_before == 12);
    CHECK(back[0].size_after == 5);
    CHECK(back[1].path == "src/new.txt");
    CHECK(back[1].change == "removed");
    CHECK(back[1].size_before == 14);
    CHECK(back[3].path == "src/removed.txt");
    CHECK(back[3].change == "added");
    CHECK(back[4].path == "src/thing");
    CHECK(back[4].change == "removed");
    CHECK(back[4].type == NodeType::dir);
    CHECK(back[5].path == "src/thing/inner.txt"); // everything below a removed folder, before the file added
    CHECK(back[5].change == "removed");
    CHECK(back[6].path == "src/thing");
    CHECK(back[6].change == "added");
    CHECK(back[6].type == NodeType::file);
}

TEST_CASE("diff of identical snapshots is empty") {
    TempDir tmp;
    InDir in(tmp.path);
    std::string dir = tmp.file("repo");
    init_repository(dir, std::nullopt);
    std::filesystem::create_directories("src/sub");
    test::write("src/a.txt", "a");
    test::write("src/sub/b.txt", "bb");
    Repository repo(dir, pass);
    Snapshot a = backup_src(repo);
    Snapshot b = backup_src(repo);
    REQUIRE(a.id != b.id);
    CHECK(diff_snapshots(repo, a, b).empty());
    CHECK(diff_snapshots(repo, b, a).empty());
    CHECK(diff_snapshots(repo, a, a).empty());
}

TEST_CASE("diff of snapshots of different paths lists each whole tree") {
    TempDir tmp;
    InDir in(tmp.path);
    std::string dir = tmp.file("repo");
    init_repository(dir, std::nullopt);
    std::filesystem::create_directories("src");
    std::filesystem::create_directories("other");
    test::write("src/a.txt", "aaa");
    test::write("other/o.txt", "o");
    Repository repo(dir, pass);
    Snapshot a = backup_src(repo);
    RunRequest req;
    req.paths = {"other"};
    RepositoryLock lock(repo, 0, [](const std::string&) {});
    Snapshot b = run_backup(repo, req).snapshot;
    auto changes = diff_snapshots(repo, a, b);
    INFO(show(changes));
    REQUIRE(changes.size() == 4);
    CHECK(changes[0].path == "other");
    CHECK(changes[0].change == "added");
    CHECK(changes[1].path == "other/o.txt");
    CHECK(changes[1].size_after == 1);
    CHECK(changes[2].path == "src");
    CHECK(changes[2].change == "removed");
    CHECK(changes[3].path == "src/a.txt");
    CHECK(changes[3].size_before == 3);
}
