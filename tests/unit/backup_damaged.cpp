// Damaged repository files, as a bad disk or a hand-edited copy leaves them: each is refused
// as damaged (Error(data) naming the file) or read as far as it is sound, never trusted with
// memory or arithmetic it does not deserve. The inputs are those the fuzz targets found
// (tests/fuzz/corpus/*/files-*, tree-*), made readable.
#include "netsec/backup/backup.hpp"
#include "netsec/backup/tree.hpp"
#include "netsec/core/error.hpp"
#include "testutil.hpp"

#include <doctest/doctest.h>
#include <fstream>
#include <nlohmann/json.hpp>

using namespace netsec;
using namespace netsec::backup;
using netsec::test::TempDir;
using json = nlohmann::json;

namespace {

std::string pass() { return "unit-passphrase"; }

const Sealer plain_sealer{std::nullopt};

// A file of an unencrypted repository, stored under the hex SHA-256 of its bytes as the format
// names them; returns its name.
std::string put_sealed(const std::string& dir, const std::string& folder, const std::string& plain) {
    std::string bytes = plain_sealer.seal(plain, "", 3);
    std::string name = folder + "/" + to_hex(sha256(bytes));
    std::filesystem::create_directories(dir + "/" + folder);
    test::write(dir + "/" + name, bytes);
    return name;
}

// --- zstd frames by hand (RFC 8878) ----------------------------------------------------------

std::string le(std::uint64_t v, int bytes) {
    std::string out;
    for (int i = 0; i < bytes; ++i) out += char((v >> (8 * i)) & 0xff);
    return out;
}

// A frame header with a 128 KiB window, stating `size` (or no size); blocks follow.
std::string frame_header(std::optional<std::uint64_t> size) {
    std::string h = le(0xFD2FB528, 4);
    h += char(size ? 0xC0 : 0x00); // Frame_Content_Size of 8 bytes, or none; not single-segment
    h += char(0x38);               // Window_Descriptor: 2^17
    if (size) h += le(*size, 8);
    return h;
}
std::string raw_block(const std::string& bytes, bool last) { return le((bytes.size() << 3) | last, 3) + bytes; }
std::string rle_block(char byte, std::size_t n, bool last) { return le((n << 3) | (1 << 1) | last, 3) + byte; }

// The stored bytes of an unencrypted blob whose body is this zstd frame.
std::string zstd_body(const std::string& frame) { return char(1) + frame; }

// An unencrypted repository holding one data blob, `data`, as the blob `id` in the pack `pack`.
struct OneBlob {
    TempDir tmp;
    std::string dir = tmp.file("repo");
    std::string data = "a blob of data";
    Id id{}, pack{};
    OneBlob() {
        init_repository(dir, std::nullopt);
        Repository repo(dir, pass);
        id = repo.sealer().blob_id(data);
        repo.add_blob(BlobType::data, id, data);
        repo.flush();
        pack = repo.packs_in_index().begin()->first;
    }
};

} // namespace

TEST_CASE("json_integer takes a JSON integer within its bounds, and nothing else") {
    using detail::json_integer;
    CHECK(json_integer<std::uint32_t>(json::parse("4294967295")) == 4294967295u);
    CHECK(json_integer<std::int64_t>(json::parse("-9223372036854775808")) == INT64_MIN);
    CHECK(json_integer<std::uint64_t>(json::parse("18446744073709551615")) == UINT64_MAX);
    CHECK(json_integer<std::int32_t>(json(7)) == 7); // built in code: signed, positive
    CHECK(json_integer<std::uint64_t>(json::parse("5"), 5, 6) == 5);
    for (const char* bad : {"1e30", "1.0", "0.5", "-1", "4294967296", "\"7\"", "true", "null", "[1]"})
        CHECK_THROWS_AS(json_integer<std::uint32_t>(json::parse(bad)), std::out_of_range);
    CHECK_THROWS_AS(json_integer<std::uint64_t>(json::parse("7"), 0, 6), std::out_of_range);
    CHECK_THROWS_AS(json_integer<std::int64_t>(json::parse("18446744073709551615")), std::out_of_range);
}

TEST_CASE("a tree read the general way refuses a float or an out-of-range number where an integer belongs") {
    const std::string id(64, 'a');
    // an extra key sends every tree to the general decoder
    auto tree = [&](const std::string& fields) {
        return R"({"nodes":[{"content":[],"ctime":[1,2],"dev":3,"gid":4,"inode":5,"mode":420,"mtime":[6,7],)"
               R"("name":"f","size":8,"type":"file","uid":9,"zz":0)" +
               fields + "}]}";
    };
    auto nodes = decode_tree(tree(""));
    REQUIRE(nodes.size() == 1);
    CHECK(nodes[0].dev == 3);
    CHECK(nodes[0].mtime_nsec == 7);
    CHECK(nodes[0].size == 8);
    // later keys replace earlier ones in nlohmann's objects: each of these is the bad value
    for (const char* bad : {R"(,"dev":1e30)", R"(,"size":1.3333e120)", R"(,"inode":6.5e25)", R"(,"mode":420.5)",
                            R"(,"uid":4294967296)", R"(,"gid":-1)", R"(,"mtime":[1e30,0])", R"(,"mtime":[6,1.5])",
                            R"(,"ctime":[-1e300,0])", R"(,"link_group":1e19)", R"(,"rdev":"7")"}) {
        CAPTURE(bad);
        CHECK_THROWS_WITH_AS(decode_tree(tree(bad)), "a tree blob is malformed", Error);
    }
    // the fast path's extremes read the same the general way
    nodes = decode_tree(tree(R"(,"mtime":[-9223372036854775808,4294967295],"dev":18446744073709551615)"));
    CHECK(nodes[0].mtime_sec == INT64_MIN);
    CHECK(nodes[0].mtime_nsec == 4294967295u);
    CHECK(nodes[0].dev == UINT64_MAX);
}

TEST_CASE("an index file, a pack header or a snapshot file with a float where an integer belongs is damaged") {
    OneBlob one;
    const std::string& dir = one.dir;
    const std::string& data = one.data;
    const Id &id = one.id, &pack = one.pack;
    auto blob = [&](const std::string& length) {
        return R"({"id":")" + to_hex(id) + R"(","length":)" + length + R"(,"offset":0,"raw_length":14,"type":"data"})";
    };
    auto index = [&](const std::string& length) {
        // "zz" keeps the fast reader out: the general one decides
        return R"({"packs":[{"blobs":[)" + blob(length) + R"(],"id":")" + to_hex(pack) + R"(","zz":1}]})";
    };
    SUBCASE("index") {
        std::filesystem::remove_all(dir + "/index"); // the run's own: ours names the blob alone
        // the blob is stored raw (zstd does not shorten it): a kind byte and its 14 bytes
        std::string good = put_sealed(dir, "index", index("15"));
        {
            Repository repo(dir, pass);
            CHECK(repo.read_blob(id) == data);
        }
        std::filesystem::remove(dir + "/" + good);
        std::string name = put_sealed(dir, "index", index("1e30"));
        CHECK_THROWS_WITH_AS(Repository(dir, pass), ("the index file '" + dir + "/" + name + "' is damaged").c_str(),
                             Error);
        std::filesystem::remove(dir + "/" + name);
        name = put_sealed(dir, "index", index("4294967296"));
        CHECK_THROWS_WITH_AS(Repository(dir, pass), ("the index file '" + dir + "/" + name + "' is damaged").c_str(),
                             Error);
    }
    SUBCASE("pack header") {
        Repository repo(dir, pass);
        auto pack_of = [&](const std::string& header_json) {
            std::string header = plain_sealer.seal(header_json, "", 3);
            return "blob bytes" + header + le(header.size(), 4) + "NSBPACK1";
        };
        CHECK(repo.read_pack_header(pack, pack_of("[" + blob("15") + "]")).at(0).loc.length == 15);
        CHECK_THROWS_WITH_AS(repo.read_pack_header(pack, pack_of("[" + blob("15.0") + "]")),
                             ("pack " + to_hex(pack).substr(0, 8) + " has a damaged header").c_str(), Error);
        CHECK_THROWS_WITH_AS(repo.read_pack_header(pack, pack_of("[" + blob("-15") + "]")),
                             ("pack " + to_hex(pack).substr(0, 8) + " has a damaged header").c_str(), Error);
    }
    SUBCASE("snapshot") {
        auto snapshot = [&](const std::string& files) {
            return R"({"version":1,"time":"2026-11-26T00:00:00.000000000Z","paths":["a"],"tree":")" + to_hex(id) +
                   R"(","parent":null,"files":)" + files + R"(,"bytes":14,"added_bytes":0})";
        };
        std::string good = put_sealed(dir, "snapshots", snapshot("3"));
        {
            Repository repo(dir, pass);
            auto all = repo.snapshots();
            REQUIRE(all.size() == 1);
            CHECK(all[0].files == 3);
        }
        std::filesystem::remove(dir + "/" + good);
        for (const char* bad : {"1e30", "3.0", "-3", "18446744073709551616"}) {
            CAPTURE(bad);
            std::string name = put_sealed(dir, "snapshots", snapshot(bad));
            Repository repo(dir, pass);
            CHECK_THROWS_WITH_AS(repo.snapshots(), ("the snapshot file '" + dir + "/" + name + "' is damaged").c_str(),
                                 Error);
            std::filesystem::remove(dir + "/" + name);
        }
    }
    SUBCASE("config") {
        std::string config = dir + "/config";
        auto text = [](const std::string& min, const std::string& version) {
            return R"({"format":"netsec-backup","version":)" + version +
                   R"(,"encryption":"none","compression":"zstd",)"
                   R"("chunker":{"algorithm":"fastcdc-gear-v1","min":)" +
                   min + R"(,"avg":1048576,"max":4194304}})";
        };
        test::write(config, text("262144", "1"));
        CHECK(Repository(dir, pass).chunk_sizes().min == 262144);
        for (auto [min, version] : {std::pair{"2.5e5", "1"}, {"1e30", "1"}, {"262144", "1.0"}, {"262144", "1e30"}}) {
            CAPTURE(min);
            CAPTURE(version);
            test::write(config, text(min, version));
            CHECK_THROWS_WITH_AS(Repository(dir, pass),
                                 ("'" + dir + "/config' is not a netsec-backup configuration").c_str(), Error);
        }
    }
}

TEST_CASE("a key file's scrypt costs are bounded, and refused before scrypt runs") {
    ScryptParams cheap;
    cheap.n = 1024;
    MasterKey k = new_master_key();
    json file = json::parse(wrap_master_key(k, "right", cheap));
    auto with = [&](const char* key, json value) {
        json f = file;
        f[key] = value;
        return f.dump();
    };
    REQUIRE(unwrap_master_key(file.dump(), "right").has_value());
    // what init writes, and the largest costs accepted, are within bounds
    CHECK(scrypt_params_ok(ScryptParams{}));
    CHECK(scrypt_params_ok({1u << 20, 8, 16}));
    CHECK(scrypt_params_ok({1u << 18, 32, 1}));
    // floats are malformed, not rounded
    for (const char* key : {"n", "r", "p"}) {
        CAPTURE(key);
        CHECK_THROWS_WITH_AS(
            unwrap_master_key(with(key, json::parse(key == std::string("n") ? "1024.0" : "1e30")), "right"),
            "the key file is malformed", Error);
    }
    // costs beyond the bounds (n 2^38 with r 8 once asked for 256 TiB) are damage; none of
    // these would finish quickly if scrypt ran
    struct Case {
        const char* key;
        std::uint64_t value;
    };
    for (Case c : {Case{"n", std::uint64_t(1) << 38}, Case{"n", (1u << 20) * 2}, Case{"n", 3000}, Case{"n", 1},
                   Case{"r", 0}, Case{"r", 33}, Case{"p", 0}, Case{"p", 17}}) {
        CAPTURE(c.key);
        CAPTURE(c.value);
        try {
            unwrap_master_key(with(c.key, c.value), "right");
            FAIL("accepted");
        } catch (const Error& e) {
            CHECK(e.code() == Exit::data);
            CHECK(std::string(e.what()).find("the key file asks for scrypt costs n ") == 0);
            CHECK(std::string(e.what()).find(": it is damaged") != std::string::npos);
        }
    }
    // n and r each within bounds, but 128*n*r = 2 GiB
    json both = file;
    both["n"] = 1u << 20;
    both["r"] = 16;
    CHECK_THROWS_WITH_AS(unwrap_master_key(both.dump(), "right"), doctest::Contains("n 1048576, r 16, p 1"), Error);
    // nor is such a file written
    CHECK_THROWS_AS(wrap_master_key(k, "right", {1u << 20, 16, 1}), Error);
}

TEST_CASE("a zstd frame's stated size is not trusted: no room is reserved beyond what the repository holds") {
    Buffer out;
    SUBCASE("a size above anything a repository holds is damage, refused at once") {
        std::string stored = zstd_body(frame_header(std::uint64_t(1) << 32) + raw_block("abc", true));
        CHECK_FALSE(plain_sealer.open(stored, "").has_value());
        CHECK_FALSE(plain_sealer.open_into(stored, "", out));
        CHECK(out.capacity() < (1u << 20));
    }
    SUBCASE("a size above the largest chunk grows its buffer only as bytes come out") {
        // the fuzzer's 3.6 GiB frame holding three bytes
        std::string stored = zstd_body(frame_header(3857186816ull) + raw_block("abc", true));
        CHECK_FALSE(plain_sealer.open_into(stored, "", out));
        CHECK(out.capacity() < (1u << 20));
        CHECK_FALSE(plain_sealer.open(stored, "").has_value());
    }
    SUBCASE("a size above the reader's limit (a blob's raw_length) is damage") {
        std::string sealed = plain_sealer.seal(std::string(1000, 'x'), "", 3);
        CHECK(plain_sealer.open(sealed, "", 1000) == std::string(1000, 'x'));
        CHECK_FALSE(plain_sealer.open(sealed, "", 999).has_value());
        std::string raw = plain_sealer.seal("abc", "", 3); // kept raw: not shorter compressed
        REQUIRE(raw[0] == 0);
        CHECK_FALSE(plain_sealer.open(raw, "", 2).has_value());
        CHECK(plain_sealer.open(raw, "", 3) == "abc");
    }
    SUBCASE("a frame larger than the largest chunk opens when its size is right, and not when it is wrong") {
        std::size_t blocks = max_chunk_size / (128 << 10) + 2; // just over 64 MiB
        std::string body;
        for (std::size_t i = 0; i < blocks; ++i) body += rle_block(char('a' + i % 26), 128 << 10, false);
        body += raw_block("end", true);
        std::size_t size = blocks * (128 << 10) + 3;
        auto opened = plain_sealer.open(zstd_body(frame_header(size) + body), "");
        REQUIRE(opened.has_value());
        CHECK(opened->size() == size);
        CHECK(opened->substr(size - 4) == std::string(1, char('a' + (blocks - 1) % 26)) + "end");
        CHECK_FALSE(plain_sealer.open(zstd_body(frame_header(size + 1) + body), "").has_value());
        CHECK_FALSE(plain_sealer.open(zstd_body(frame_header(size - 1) + body), "").has_value());
    }
    SUBCASE("a frame without its size opens, within the limit") {
        std::string body = rle_block('z', 128 << 10, false) + rle_block('y', 128 << 10, false) + raw_block("end", true);
        std::string stored = zstd_body(frame_header(std::nullopt) + body);
        auto opened = plain_sealer.open(stored, "");
        REQUIRE(opened.has_value());
        CHECK(opened->size() == (256u << 10) + 3);
        CHECK(opened->substr(0, 3) == "zzz");
        CHECK(plain_sealer.open_into(stored, "", out, (256u << 10) + 3));
        CHECK(out.view() == *opened);
        CHECK_FALSE(plain_sealer.open_into(stored, "", out, (256u << 10) + 2));
        // cut short: the last block is missing
        CHECK_FALSE(plain_sealer.open(zstd_body(frame_header(std::nullopt) + rle_block('z', 128 << 10, false)), "")
                        .has_value());
        // followed by bytes that are not a frame
        CHECK_FALSE(plain_sealer.open(stored + "junk", "").has_value());
    }
}

TEST_CASE("an index entry beyond what the repository writes is damage, found without a crash or a huge allocation") {
    OneBlob one;
    const std::string& dir = one.dir;
    const std::string& data = one.data;
    const Id &id = one.id, &pack = one.pack;
    auto index = [&](const std::string& offset, const std::string& length, const std::string& raw_length) {
        // "zz" keeps the fast reader out: the general one decides
        return R"({"packs":[{"blobs":[{"id":")" + to_hex(id) + R"(","length":)" + length + R"(,"offset":)" + offset +
               R"(,"raw_length":)" + raw_length + R"(,"type":"data"}],"id":")" + to_hex(pack) + R"(","zz":1}]})";
    };
    std::filesystem::remove_all(dir + "/index");
    SUBCASE("the entry as written reads and verifies") {
        put_sealed(dir, "index", index("0", "15", "14"));
        Repository repo(dir, pass);
        CHECK(repo.read_blob(id) == data);
        CHECK(verify_repository(repo, true, 2, {}).problems.empty());
    }
    SUBCASE("a data blob longer than the chunker's maximum") {
        put_sealed(dir, "index", index("0", "15", "4294967295"));
        Repository repo(dir, pass);
        CHECK_FALSE(repo.plausible(*repo.find(id)));
        Buffer out;
        CHECK_THROWS_WITH_AS(repo.read_blob_into(id, out, nullptr), doctest::Contains("is damaged"), Error);
        CHECK(out.capacity() < (1u << 20));
        auto r = verify_repository(repo, true, 2, {});
        CHECK_FALSE(r.ok());
    }
    SUBCASE("an offset that wraps past the end of the pack") {
        put_sealed(dir, "index", index("18446744073709551615", "1", "14"));
        Repository repo(dir, pass);
        auto r = verify_repository(repo, true, 2, {});
        CHECK_FALSE(r.ok());
        bool named = false;
        for (const auto& p : r.problems) named = named || p.find("is damaged") != std::string::npos;
        CHECK(named);
    }
}
