#include "netsec/backup/backup.hpp"
#include "netsec/core/error.hpp"
#include "netsec/core/width.hpp"
#include "testutil.hpp"

#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

using namespace netsec;
using namespace netsec::backup;
using netsec::test::TempDir;

namespace {

std::string pass() { return "unit-passphrase"; }

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

} // namespace

TEST_CASE("sealing round-trips, with and without a key, and detects tampering") {
    for (bool encrypted : {false, true}) {
        Sealer s(encrypted ? std::optional<MasterKey>(new_master_key()) : std::nullopt);
        std::string plain(100000, 'x');
        plain += "tail";
        std::string sealed = s.seal(plain, "aad", 3);
        CHECK(sealed.size() < plain.size()); // compressed
        CHECK(s.open(sealed, "aad") == plain);
        if (encrypted) {
            CHECK_FALSE(s.open(sealed, "other aad").has_value());
            std::string bad = sealed;
            bad[bad.size() / 2] ^= 1;
            CHECK_FALSE(s.open(bad, "aad").has_value());
            CHECK(s.blob_id(plain) != sha256(plain)); // keyed: ids do not reveal content
        } else {
            CHECK(s.blob_id(plain) == sha256(plain));
        }
    }
}

TEST_CASE("a master key unwraps with its passphrase only") {
    MasterKey k = new_master_key();
    ScryptParams fast;
    fast.n = 1024;
    std::string file = wrap_master_key(k, "right", fast);
    auto back = unwrap_master_key(file, "right");
    REQUIRE(back.has_value());
    CHECK(back->encryption == k.encryption);
    CHECK(back->id == k.id);
    CHECK_FALSE(unwrap_master_key(file, "wrong").has_value());
    CHECK_THROWS_WITH_AS(unwrap_master_key("{}", "right"), "the key file is malformed", Error);
}

TEST_CASE("blobs written to packs are found through the index after reopening") {
    TempDir tmp;
    std::string dir = tmp.file("repo");
    init_repository(dir, pass());
    std::vector<std::pair<Id, std::string>> blobs;
    {
        Repository repo(dir, pass);
        for (int i = 0; i < 50; ++i) {
            std::string data(20000 + i, char('a' + i % 26));
            data += std::to_string(i);
            Id id = repo.sealer().blob_id(data);
            CHECK(repo.add_blob(BlobType::data, id, data) > 0);
            CHECK(repo.add_blob(BlobType::data, id, data) == 0); // deduplicated
            blobs.emplace_back(id, data);
        }
        repo.flush();
    }
    Repository repo(dir, pass);
    for (const auto& [id, data] : blobs) CHECK(repo.read_blob(id) == data);
    // A pack's own header lists the same blobs as the index.
    auto packs = repo.packs_in_index();
    REQUIRE(packs.size() == 1);
    const auto& [pid, entries] = *packs.begin();
    std::string bytes = repo.storage().read(Repository::pack_name(pid));
    CHECK(sha256(bytes) == pid);
    auto header = repo.read_pack_header(pid, bytes);
    CHECK(header.size() == entries.size());
}

TEST_CASE("a damaged blob is refused when read and named by verify") {
    TempDir tmp;
    std::string dir = tmp.file("repo");
    init_repository(dir, std::nullopt);
    std::string src = tmp.file("src");
    std::filesystem::create_directories(src);
    netsec::test::write(src + "/f", std::string(300000, 'q') + "end");
    ::chdir(tmp.path.c_str());
    Repository repo(dir, pass);
    RunRequest req;
    req.paths = {"src"};
    std::optional<RepositoryLock> lock;
    lock.emplace(repo, 0, [](const std::string&) {});
    RunResult r = run_backup(repo, req);
    lock.reset();
    CHECK(r.snapshot.files == 1);
    CHECK(verify_repository(repo, true, 1, {}).ok());
    // flip a byte inside the pack of the file's data (trees have packs of their own)
    std::string biggest;
    for (const auto& [pid, entries] : repo.packs_in_index())
        if (entries.front().loc.type == BlobType::data) biggest = dir + "/" + Repository::pack_name(pid);
    std::string bytes = read_file(biggest);
    bytes[10] ^= 0x55;
    std::ofstream(biggest, std::ios::binary | std::ios::trunc) << bytes;
    Repository again(dir, pass);
    auto v = verify_repository(again, true, 1, {});
    CHECK_FALSE(v.ok());
    REQUIRE(v.damaged.size() == 1);
    CHECK(v.damaged[0].path == "src/f");
    CHECK(v.damaged[0].snapshot == short_id(r.snapshot.id));
}

TEST_CASE("a wrong passphrase opens nothing") {
    TempDir tmp;
    std::string dir = tmp.file("repo");
    init_repository(dir, pass());
    try {
        Repository repo(dir, [] { return std::string("wrong"); });
        FAIL("opened with a wrong passphrase");
    } catch (const Error& e) {
        CHECK(e.code() == Exit::no_perm);
        CHECK(std::string(e.what()).find("wrong passphrase") != std::string::npos);
    }
}

TEST_CASE("init refuses a folder that is not empty") {
    TempDir tmp;
    std::string dir = tmp.file("repo");
    init_repository(dir, std::nullopt);
    CHECK_THROWS_WITH_AS(init_repository(dir, std::nullopt),
                         ("'" + dir + "' is not empty: give a new or empty folder").c_str(), Error);
}

TEST_CASE("the lock keeps a second writer out and is released") {
    TempDir tmp;
    auto storage = open_local_storage(tmp.file("repo"));
    {
        RepositoryLock lock(*storage, 0, [](const std::string&) {});
        try {
            RepositoryLock second(
                *storage, 0, [](const std::string&) {}, 1000000);
            FAIL("locked twice");
        } catch (const Error& e) {
            CHECK(e.code() == Exit::temp_fail);
        }
    }
    RepositoryLock again(*storage, 0, [](const std::string&) {});
}

TEST_CASE("storage writes once: an existing name is left as it is") {
    TempDir tmp;
    auto storage = open_local_storage(tmp.file("repo"));
    CHECK(storage->write_once("a/b", "first"));
    CHECK_FALSE(storage->write_once("a/b", "second"));
    CHECK(storage->read("a/b") == "first");
    CHECK(storage->read("a/b", 1, 3) == "irs");
    CHECK(storage->list("a") == std::vector<std::string>{"a/b"});
    storage->remove("a/b");
    CHECK(storage->list("a").empty());
}

TEST_CASE("tree names keep any bytes") {
    Node n;
    n.name = std::string("bad\xff name\n中文", 15);
    n.type = NodeType::symlink;
    n.target = "\xfe";
    auto back = decode_tree(encode_tree({n}));
    REQUIRE(back.size() == 1);
    CHECK(back[0].name == n.name);
    CHECK(back[0].target == n.target);
    CHECK(width::is_valid_utf8("中文"));
    CHECK_FALSE(width::is_valid_utf8("\xff"));
    CHECK_FALSE(width::is_valid_utf8("\xed\xa0\x80")); // a surrogate
}

TEST_CASE("tree blobs keep the bytes the format was first written with, and read back whole") {
    // encode_tree writes JSON by hand; it must give nlohmann::json::dump()'s bytes, so that
    // unchanged folders keep their tree ids across versions.
    Node f;
    f.name = "a \"quoted\"\\ name\t中文";
    f.type = NodeType::file;
    f.mode = 0644;
    f.uid = 1000;
    f.gid = 100;
    f.mtime_sec = -5;
    f.mtime_nsec = 999999999;
    f.ctime_sec = 1700000000;
    f.ctime_nsec = 1;
    f.inode = 18446744073709551615ull;
    f.dev = 2049;
    f.size = 3;
    f.link_group = 7;
    f.content = {sha256("x"), sha256("y")};
    Node d;
    d.name = "dir";
    d.type = NodeType::dir;
    d.mode = 0755;
    d.subtree = sha256("tree");
    Node c;
    c.name = "tty";
    c.type = NodeType::chardev;
    c.rdev = 1025;
    std::string bytes = encode_tree({f, d, c});
    CHECK(bytes.rfind("{\"nodes\":[{\"content\":[\"", 0) == 0);
    CHECK(bytes.find("\"name\":\"a \\\"quoted\\\"\\\\ name\\t中文\"") != std::string::npos);
    CHECK(bytes.find("\"mtime\":[-5,999999999]") != std::string::npos);
    auto back = decode_tree(bytes);
    REQUIRE(back.size() == 3);
    CHECK(back[0].name == f.name);
    CHECK(back[0].content == f.content);
    CHECK(back[0].inode == f.inode);
    CHECK(back[0].mtime_sec == -5);
    CHECK(back[0].link_group == 7);
    CHECK(back[1].subtree == d.subtree);
    CHECK(back[2].rdev == 1025);
    CHECK(encode_tree(back) == bytes);
    CHECK(encode_tree({}) == "{\"nodes\":[]}");
    CHECK(decode_tree(" { \"nodes\" : [ ] } ").empty()); // any JSON layout reads
    CHECK_THROWS_WITH_AS(
        decode_tree("{\"nodes\":[{\"name\":\"..\",\"type\":\"file\",\"mode\":1,\"mtime\":[0,0]}]}"),
        "a tree blob holds a name that cannot be a file's (empty, '.', '..', or with '/' or a NUL byte)", Error);
}

TEST_CASE("packs stream to disk; blobs read back after reopening, also moved by repack") {
    TempDir tmp;
    std::string dir = tmp.file("repo");
    init_repository(dir, pass());
    std::vector<std::pair<Id, std::string>> blobs;
    {
        Repository repo(dir, pass);
        for (int i = 0; i < 40; ++i) { // more than a pack: 40 x 600 KiB of random-ish bytes
            std::string data(600 * 1024, '\0');
            std::uint64_t x = 0x9e3779b97f4a7c15ull * std::uint64_t(i + 1);
            for (auto& ch : data) {
                x ^= x << 13, x ^= x >> 7, x ^= x << 17;
                ch = char(x);
            }
            Id id = repo.sealer().blob_id(data);
            CHECK(repo.add_blob(BlobType::data, id, data) > 0);
            blobs.emplace_back(id, std::move(data));
        }
        repo.flush();
    }
    CHECK(open_local_storage(dir)->list("data").size() == 2);
    Repository repo(dir, pass);
    auto reader = repo.storage().reader();
    Buffer out;
    for (const auto& [id, data] : blobs) {
        repo.read_blob_into(id, out, reader.get());
        CHECK(out.view() == data);
    }
    repo.repack_blob(blobs[0].first);
    repo.flush();
    CHECK(repo.read_blob(blobs[0].first) == blobs[0].second);
    CHECK(verify_repository(repo, true, 2, nullptr).ok());
}

TEST_CASE(
    "change_passphrase rewraps the key only: a wrong passphrase changes nothing, an unencrypted repository has none") {
    TempDir tmp;
    std::string dir = tmp.file("repo");
    init_repository(dir, std::string("old"));
    std::string data = "kept across the change";
    Id id{};
    {
        Repository repo(dir, [] { return std::string("old"); });
        id = repo.sealer().blob_id(data);
        repo.add_blob(BlobType::data, id, data);
        repo.flush();
    }
    std::string before = read_file(dir + "/keys/default");
    auto quiet = [](const std::string&) {};
    CHECK_THROWS_WITH_AS(change_passphrase(dir, "wrong", "new", 0, quiet),
                         ("wrong passphrase for the repository '" + dir + "': nothing was changed").c_str(), Error);
    CHECK(read_file(dir + "/keys/default") == before);
    CHECK(change_passphrase(dir, "old", "new", 0, quiet));
    CHECK(read_file(dir + "/keys/default") != before);
    CHECK_THROWS_WITH_AS(Repository(dir, [] { return std::string("old"); }),
                         ("wrong passphrase for the repository '" + dir + "': nothing was read or written").c_str(),
                         Error);
    CHECK(Repository(dir, [] { return std::string("new"); }).read_blob(id) == data); // same master key
    CHECK_FALSE(change_passphrase(dir, "old", "new", 0, quiet));                     // done already
    struct stat st {};
    REQUIRE(::stat((dir + "/keys/default").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);

    std::string plain = tmp.file("plain");
    init_repository(plain, std::nullopt);
    CHECK_THROWS_WITH_AS(change_passphrase(plain, "a", "b", 0, quiet), doctest::Contains("is not encrypted"), Error);
    CHECK_THROWS_WITH_AS(change_passphrase(tmp.file("none"), "a", "b", 0, quiet),
                         doctest::Contains("holds no repository"), Error);
}

TEST_CASE(
    "a repository's folders are private, made where they are missing; its parents are made as mkdir -p makes them") {
    TempDir tmp;
    std::string dir = tmp.file("usb/netsec/backup/"); // parents missing, a trailing slash
    init_repository(dir, std::nullopt);
    {
        Repository repo(dir, [] { return std::string(); });
        std::string data = "some data";
        repo.add_blob(BlobType::data, repo.sealer().blob_id(data), data);
        repo.flush();
    }
    auto mode = [](const std::string& p) {
        struct stat st {};
        REQUIRE(::stat(p.c_str(), &st) == 0);
        return st.st_mode & 0777;
    };
    CHECK(mode(tmp.file("usb/netsec/backup")) == 0700);
    for (const char* sub : {"data", "index"}) CHECK(mode(tmp.file("usb/netsec/backup/") + sub) == 0700);
    for (const auto& e : std::filesystem::recursive_directory_iterator(tmp.file("usb/netsec/backup/data")))
        if (e.is_directory()) CHECK(mode(e.path().string()) == 0700);
    mode_t mask = ::umask(0);
    ::umask(mask);
    CHECK(mode(tmp.file("usb/netsec")) == (0777 & ~mask)); // outside the repository: as mkdir -p
}
