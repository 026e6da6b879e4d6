// Restore, export, verify and diff against crafted repositories and planted links: a tree with
// two entries of one name, out of order, or a name that is not a file's (NUL, "..") is damage;
// restore makes everything new below --to through folders it made, so it never writes through
// a link it did not make and never changes what it did not make. Each repository here is
// written by the case itself (encode_tree writes whatever nodes it is given, in their order).
#include "netsec/backup/backup.hpp"
#include "netsec/backup/tree.hpp"
#include "netsec/core/error.hpp"
#include "testutil.hpp"

#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

using namespace netsec;
using namespace netsec::backup;
using netsec::test::TempDir;
namespace fs = std::filesystem;

namespace {

// What decode_tree says of damage a person meets in a repository.
const char* const twice = "a tree blob names an entry twice or out of order";
const char* const bad_name =
    "a tree blob holds a name that cannot be a file's (empty, '.', '..', or with '/' or a NUL byte)";

std::string pass() { return "unit-passphrase"; }

Node a_file(const std::string& name, const std::vector<Id>& content, std::uint64_t size) {
    Node n;
    n.name = name;
    n.type = NodeType::file;
    n.mode = 0644;
    n.mtime_sec = 1700000000;
    n.content = content;
    n.size = size;
    return n;
}

Node a_dir(const std::string& name, const Id& subtree, std::uint32_t mode = 0777) {
    Node n;
    n.name = name;
    n.type = NodeType::dir;
    n.mode = mode;
    n.mtime_sec = 1700000000;
    n.subtree = subtree;
    return n;
}

Node a_link(const std::string& name, const std::string& target) {
    Node n;
    n.name = name;
    n.type = NodeType::symlink;
    n.mode = 0777;
    n.mtime_sec = 1700000000;
    n.target = target;
    return n;
}

int mode_of(const std::string& path) {
    struct stat st {};
    REQUIRE(::lstat(path.c_str(), &st) == 0);
    return int(st.st_mode & 07777);
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// An unencrypted repository, a folder outside the restore's, and a parent holding --to, all
// 0755, in a fresh temporary folder.
struct Crafted {
    TempDir tmp;
    std::string dir = tmp.file("repo"), outside = tmp.file("outside"), parent = tmp.file("parent"),
                to = tmp.file("parent/to");
    std::unique_ptr<Repository> repo;
    Crafted() {
        init_repository(dir, std::nullopt);
        repo = std::make_unique<Repository>(dir, pass);
        fs::create_directory(outside);
        fs::create_directory(parent);
        ::chmod(outside.c_str(), 0755);
        ::chmod(parent.c_str(), 0755);
    }
    Id data(const std::string& bytes) {
        Id id = repo->sealer().blob_id(bytes);
        repo->add_blob(BlobType::data, id, bytes);
        return id;
    }
    // Stores exactly these bytes as a tree blob.
    Id tree_bytes(const std::string& bytes) {
        Id id = repo->sealer().blob_id(bytes);
        repo->add_blob(BlobType::tree, id, bytes);
        return id;
    }
    Id tree(const std::vector<Node>& nodes) { return tree_bytes(encode_tree(nodes)); }
    Snapshot snapshot(const Id& top) {
        repo->flush();
        Snapshot s;
        s.time = now_rfc3339_ns();
        s.hostname = "h";
        s.username = "u";
        s.paths = {"d"};
        s.tree = top;
        repo->save_snapshot(s);
        return s;
    }
    // The issue's repository: a link `d` to the outside folder, then a folder `d` holding `pwn`.
    Snapshot link_then_folder() {
        Id pwn = data("PWNED\n");
        Id sub = tree({a_file("pwn", {pwn}, 6)});
        return snapshot(tree({a_link("d", outside), a_dir("d", sub)}));
    }
};

// A tree blob of one entry per name, as the general JSON reader takes it ("zz" keeps the fast
// reader out), each entry's name given as the raw JSON of its key and value.
std::string general_tree(const std::vector<std::string>& names) {
    std::string out = "{\"nodes\":[";
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i) out += ',';
        out += "{\"content\":[],\"mode\":420,\"mtime\":[0,0]," + names[i] + ",\"size\":0,\"type\":\"file\",\"zz\":0}";
    }
    return out + "]}";
}

} // namespace

TEST_CASE("a tree naming an entry twice or out of order is damage, whichever reader reads it") {
    Node a = a_file("a", {}, 0), b = a_file("b", {}, 0);
    CHECK(decode_tree(encode_tree({a, b})).size() == 2);
    CHECK_THROWS_WITH_AS(decode_tree(encode_tree({a, a})), twice, Error);
    CHECK_THROWS_WITH_AS(decode_tree(encode_tree({b, a})), twice, Error);
    CHECK_THROWS_WITH_AS(decode_tree(encode_tree({a_link("d", "/x"), a_dir("d", Id{})})), twice, Error);
    // the general reader, and a name given once plainly and once in hex
    CHECK_THROWS_WITH_AS(decode_tree(general_tree({R"("name":"a")", R"("name":"a")"})), twice, Error);
    CHECK_THROWS_WITH_AS(decode_tree(general_tree({R"("name":"a")", R"("name_hex":"61")"})), twice, Error);
    CHECK_THROWS_WITH_AS(decode_tree(general_tree({R"("name":"b")", R"("name":"a")"})), twice, Error);
    // byte order, as run sorts: 0xff after ASCII
    CHECK(decode_tree(general_tree({R"("name":"a")", R"("name_hex":"ff")"})).size() == 2);
    CHECK_THROWS_WITH_AS(decode_tree(general_tree({R"("name_hex":"ff")", R"("name":"a")"})), twice, Error);
}

TEST_CASE("a name with a NUL byte, or empty, '.', '..' or with '/', is damage however it is written") {
    for (const char* bad :
         {R"("name_hex":"2e2e00")", R"("name_hex":"6100")", R"("name":"a\u0000")", R"("name":"..\u0000")",
          R"("name_hex":"00")", R"("name":"")", R"("name_hex":"")", R"("name":".")", R"("name":"..")",
          R"("name_hex":"2e2e")", R"("name":"a/b")", R"("name_hex":"612f62")", R"("name":"\u002e\u002e")"}) {
        CAPTURE(bad);
        CHECK_THROWS_WITH_AS(decode_tree(general_tree({bad})), bad_name, Error);
    }
    CHECK_THROWS_WITH_AS(decode_tree(encode_tree({a_file(std::string("a\0", 2), {}, 0)})), bad_name, Error);
    CHECK_THROWS_WITH_AS(decode_tree(encode_tree({a_link("l", std::string("ab\0c", 4))})),
                         "a tree blob holds a link target with a NUL byte", Error);
    CHECK(valid_name("a.b"));
    CHECK(valid_name("..."));
    CHECK_FALSE(valid_name(std::string_view("..\0", 3)));
    CHECK_FALSE(valid_name(""));
    CHECK_FALSE(valid_name("."));
    CHECK_FALSE(valid_name("x/y"));
}

TEST_CASE("verify names the snapshot and folder of a tree with two entries of one name") {
    Crafted c;
    Snapshot s = c.link_then_folder();
    VerifyResult r = verify_repository(*c.repo, true, 1, {});
    CHECK_FALSE(r.ok());
    REQUIRE(r.damaged.size() == 1);
    CHECK(r.damaged[0].snapshot == short_id(s.id));
    CHECK(r.damaged[0].path == "/");
    CHECK(r.damaged[0].problem == "a tree blob names an entry twice or out of order");
}

TEST_CASE("restore refuses a tree with a link and a folder of one name, and writes nothing outside --to") {
    Crafted c;
    Snapshot s = c.link_then_folder();
    CHECK_THROWS_WITH_AS(restore_snapshot(*c.repo, s, {}, c.to, {}), twice, Error);
    CHECK_FALSE(fs::exists(c.outside + "/pwn"));
    CHECK(mode_of(c.outside) == 0755);
    CHECK_FALSE(fs::exists(fs::symlink_status(c.to + "/d")));
}

TEST_CASE("restore refuses a name of '..' and a NUL byte, and leaves the parent of --to alone") {
    Crafted c;
    Id empty = c.tree({});
    Snapshot dots =
        c.snapshot(c.tree_bytes("{\"nodes\":[{\"mode\":511,\"mtime\":[0,0],\"name_hex\":\"2e2e00\",\"subtree\":\"" +
                                to_hex(empty) + "\",\"type\":\"dir\"}]}"));
    CHECK_THROWS_WITH_AS(restore_snapshot(*c.repo, dots, {}, c.to, {}), bad_name, Error);
    CHECK(mode_of(c.parent) == 0755);
    Snapshot nul = c.snapshot(c.tree_bytes(general_tree({R"("name_hex":"6100")"})));
    std::string to2 = c.tmp.file("parent/to2");
    CHECK_THROWS_WITH_AS(restore_snapshot(*c.repo, nul, {}, to2, {}), bad_name, Error);
    CHECK_FALSE(fs::exists(to2 + "/a"));
}

TEST_CASE("export and diff refuse a tree with two entries of one name") {
    Crafted c;
    Snapshot good = c.snapshot(c.tree({a_file("d", {c.data("x")}, 1)}));
    Snapshot bad = c.link_then_folder();
    std::string tar;
    CHECK_THROWS_WITH_AS(export_tar(*c.repo, bad, [&](std::string_view b) { tar += b; }), twice, Error);
    CHECK(tar.find("pwn") == std::string::npos);
    CHECK_THROWS_WITH_AS(diff_snapshots(*c.repo, good, bad), twice, Error);
}

// A real snapshot of documents/plan.txt, backed up from a folder of the case's own.
struct Documents {
    TempDir tmp;
    std::string dir = tmp.file("repo"), victim = tmp.file("victim"), to = tmp.file("drill");
    std::unique_ptr<Repository> repo;
    Snapshot snap;
    Documents() {
        fs::create_directories(tmp.file("src/documents"));
        test::write(tmp.file("src/documents/plan.txt"), "plan\n");
        ::chmod(tmp.file("src/documents").c_str(), 0755);
        fs::create_directory(victim);
        ::chmod(victim.c_str(), 0700);
        init_repository(dir, std::nullopt);
        repo = std::make_unique<Repository>(dir, pass);
        fs::current_path(tmp.file("src")); // stored as documents/...
        RunRequest req;
        req.paths = {"documents"};
        req.threads = 1;
        {
            RepositoryLock lock(*repo, 0, [](const std::string&) {});
            snap = run_backup(*repo, req).snapshot;
        }
        fs::current_path("/"); // not the temporary folder, which goes when the case ends
    }
};

TEST_CASE(
    "restore stops at a link planted at a name it restores, and neither writes through it nor changes its target") {
    Documents d;
    fs::create_directory(d.to);
    fs::create_directory_symlink(d.victim, d.to + "/documents");
    CHECK_THROWS_WITH_AS(restore_snapshot(*d.repo, d.snap, {}, d.to, {}),
                         ("'" + d.to +
                          "/documents' already exists: restore makes every entry new and never writes "
                          "through or replaces what is there; restore into a new or empty folder")
                             .c_str(),
                         Error);
    CHECK(fs::is_empty(d.victim));
    CHECK(mode_of(d.victim) == 0700);
    // a chosen path below it alike
    CHECK_THROWS_WITH_AS(restore_snapshot(*d.repo, d.snap, {"documents/plan.txt"}, d.to, {}),
                         ("'" + d.to +
                          "/documents' already exists: restore makes every entry new and never writes through or "
                          "replaces what is there; restore into a new or empty folder")
                             .c_str(),
                         Error);
    CHECK(fs::is_empty(d.victim));
}

TEST_CASE("restore replaces nothing: an existing folder at a restored name and its file stay as they were") {
    Documents d;
    fs::create_directories(d.to + "/documents");
    ::chmod(d.to.c_str(), 0751);
    ::chmod((d.to + "/documents").c_str(), 0700);
    test::write(d.to + "/documents/plan.txt", "mine\n");
    try {
        restore_snapshot(*d.repo, d.snap, {}, d.to, {});
        FAIL("restored into an existing folder");
    } catch (const Error& e) {
        CHECK(e.code() == Exit::cant_create);
    }
    CHECK(read_file(d.to + "/documents/plan.txt") == "mine\n");
    CHECK(mode_of(d.to + "/documents") == 0700);
    // beside other entries it restores, and leaves --to's own mode alone
    fs::remove_all(d.to + "/documents");
    test::write(d.to + "/other", "other\n");
    RestoreResult r = restore_snapshot(*d.repo, d.snap, {}, d.to, {});
    CHECK(r.files == 1);
    CHECK(read_file(d.to + "/documents/plan.txt") == "plan\n");
    CHECK(mode_of(d.to + "/documents") == 0755);
    CHECK(read_file(d.to + "/other") == "other\n");
    CHECK(mode_of(d.to) == 0751);
}

TEST_CASE("restore into a --to that is a link to a folder is refused, and the folder is not touched") {
    Documents d;
    fs::create_directory_symlink(d.victim, d.to);
    try {
        restore_snapshot(*d.repo, d.snap, {}, d.to, {});
        FAIL("restored through a link");
    } catch (const Error& e) {
        CHECK(e.code() == Exit::cant_create);
    }
    CHECK(fs::is_empty(d.victim));
    CHECK(mode_of(d.victim) == 0700);
}
