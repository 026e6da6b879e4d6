// The asset register: MAC addresses in every common form, fields checked, add/change/retire
// journaled, and the one matcher every importer uses, in its stated order.
#include "netsec/asset/asset.hpp"
#include "netsec/asset/register_import.hpp"
#include "netsec/core/error.hpp"
#include "netsec/journal/journal.hpp"
#include "netsec/policy/assets.hpp"
#include "school_fixture.hpp"

#include <doctest/doctest.h>

using namespace netsec;
using netsec::test::School;
using netsec::test::utc;

namespace {

const journal::Origin origin{"alice", "host1", "netsec-asset"};

asset::Asset add(School& s, const std::string& tag, const std::string& hostname, const std::string& mac,
                 const std::string& ip, const std::string& kind = "lab_pc") {
    asset::NewAsset n;
    n.tag = tag;
    n.hostname = hostname;
    if (!mac.empty()) n.macs = {mac};
    n.ip = ip;
    n.kind = kind;
    return asset::add_asset(s.db, s.policy, origin, n, utc("2026-09-01T00:00:00Z"));
}

} // namespace

TEST_CASE("asset: MAC addresses in Windows, Linux, Cisco and bare forms are one address") {
    for (const char* text :
         {"00-1A-2B-3C-4D-5E", "00:1a:2b:3c:4d:5e", "001a.2b3c.4d5e", "001A2B3C4D5E", " 00:1A:2B:3C:4D:5E "})
        CHECK(asset::normalise_mac(text) == std::optional<std::string>("00:1a:2b:3c:4d:5e"));
    for (const char* text : {"", "00:1a:2b:3c:4d", "00:1a:2b:3c:4d:5e:6f", "00-1a:2b-3c:4d-5e", "0g:1a:2b:3c:4d:5e",
                             "001a.2b3c.4d5e.", "00:1a2b:3c:4d:5e:"})
        CHECK_FALSE(asset::normalise_mac(text));
    CHECK(asset::parse_macs("00-1A-2B-3C-4D-5E, 00:00:00:00:00:01;00:1a:2b:3c:4d:5e") ==
          std::vector<std::string>{"00:00:00:00:00:01", "00:1a:2b:3c:4d:5e"});
    CHECK_THROWS_AS(asset::parse_mac("nonsense"), Error);
}

TEST_CASE("asset: kinds, status and importance read codes and Chinese names") {
    School s;
    CHECK(asset::parse_kind(s.policy, "机房电脑") == "lab_pc");
    CHECK(asset::parse_kind(s.policy, "Router") == "router");
    CHECK_THROWS_AS(asset::parse_kind(s.policy, "toaster"), Error);
    CHECK(asset::parse_status("报废") == "retired");
    CHECK(asset::parse_status("In_Use") == "in_use");
    CHECK(asset::parse_importance("重要") == "high");
    CHECK(asset::tag_problem("PC/1") != "");
    CHECK(asset::tag_problem("机房1-001") == "");
}

TEST_CASE("asset: the policy's kinds and tag pattern replace the defaults, and bad ones are named") {
    School s("assets:\n  kinds: [{code: lab_pc, name: 学生机}, {code: board, name: 一体机}]\n"
             "  tag_pattern: \"ZX-{room}-{seq:04}\"\n  antivirus: {outbreak_machines: 3, date_order: dmy}\n");
    CHECK(s.policy.assets.kinds.size() == 2);
    CHECK(asset::parse_kind(s.policy, "一体机") == "board");
    CHECK_THROWS_AS(asset::parse_kind(s.policy, "router"), Error);
    CHECK(asset::format_tag(s.policy.assets.tag_pattern, "A1", "lab_pc", 7) == "ZX-A1-0007");
    CHECK(s.policy.assets.antivirus.outbreak_machines == 3);
    CHECK(s.policy.assets.antivirus.date_order == "dmy");
    netsec::test::TempDir tmp;
    CHECK_THROWS_WITH_AS(
        policy::parse_policy("assets:\n  tag_pattern: \"{room}-{n}\"\n", (tmp.path / "p.yaml").string()),
        doctest::Contains("assets.tag_pattern"), Error);
    CHECK_THROWS_WITH_AS(
        policy::parse_policy("assets:\n  antivirus:\n    map: {colour: 颜色}\n", (tmp.path / "p.yaml").string()),
        doctest::Contains("has no field 'colour'"), Error);
}

TEST_CASE("asset: next_tag skips the tags taken") {
    School s;
    add(s, "机房1-001", "", "", "");
    CHECK(asset::next_tag(s.db, s.policy, "机房1", "lab_pc") == "机房1-002");
    CHECK(asset::next_tag(s.db, s.policy, "机房1", "lab_pc", {"机房1-002"}) == "机房1-003");
}

TEST_CASE("asset: match by MAC first, then hostname, then IP") {
    School s;
    add(s, "PC-001", "LAB01", "00:00:00:00:00:01", "10.0.0.1");
    add(s, "PC-002", "LAB02", "", "10.0.0.2");
    add(s, "PC-003", "CLONE", "", "");
    add(s, "PC-004", "CLONE", "", "");

    auto m = asset::match_host(s.db, {"00-00-00-00-00-01", "other-name", "10.9.9.9"});
    REQUIRE(m.asset);
    CHECK(m.asset->tag == "PC-001");
    CHECK(m.matched_by == "mac");

    m = asset::match_host(s.db, {"", "lab02.school.lan", ""});
    REQUIRE(m.asset);
    CHECK(m.asset->tag == "PC-002");
    CHECK(m.matched_by == "hostname");

    m = asset::match_host(s.db, {"", "", "10.0.0.2"});
    REQUIRE(m.asset);
    CHECK(m.matched_by == "ip");

    // Cloned lab machines share a hostname: nothing matches, and the reason names both.
    m = asset::match_host(s.db, {"", "clone", ""});
    CHECK_FALSE(m.asset);
    CHECK(m.why.find("PC-003, PC-004") != std::string::npos);

    // LAB01's name with another MAC: another machine of that name, not LAB01.
    m = asset::match_host(s.db, {"00:00:00:00:00:09", "LAB01", ""});
    CHECK_FALSE(m.asset);
    CHECK(m.why.find("PC-001") != std::string::npos);

    // A known IP answering with another MAC is flagged, never merged.
    m = asset::match_host(s.db, {"00:00:00:00:00:09", "", "10.0.0.1"});
    CHECK_FALSE(m.asset);
    CHECK(m.conflict.find("10.0.0.1 is registered to 'PC-001'") != std::string::npos);

    m = asset::match_host(s.db, {"", "nobody", "10.9.9.9"});
    CHECK_FALSE(m.asset);
    CHECK(m.why.find("no registered machine has hostname 'nobody', IP 10.9.9.9") != std::string::npos);
}

TEST_CASE("asset: a retired machine is matched by its MAC only") {
    School s;
    add(s, "PC-001", "LAB01", "00:00:00:00:00:01", "10.0.0.1");
    asset::retire_asset(s.db, origin, "PC-001", "broken", utc("2026-10-01T00:00:00Z"));
    CHECK(asset::match_host(s.db, {"00:00:00:00:00:01", "", ""}).asset);
    CHECK_FALSE(asset::match_host(s.db, {"", "LAB01", ""}).asset);
    CHECK_FALSE(asset::match_host(s.db, {"", "", "10.0.0.1"}).asset);
}

TEST_CASE("asset: change journals each field once, and a change to nothing journals nothing") {
    School s;
    add(s, "PC-001", "LAB01", "00:00:00:00:00:01", "");
    auto before = journal::head(s.db)->seq;
    asset::Changes c;
    c.room = "机房2";
    c.status = "维修";
    c.reason = "repair";
    auto a = asset::change_asset(s.db, s.policy, origin, "PC-001", c, utc("2026-09-02T00:00:00Z"));
    CHECK(a.asset.status == "repair");
    CHECK(a.fields == std::vector<std::string>{"room", "status"});
    CHECK(journal::head(s.db)->seq == before + 1);
    auto again = asset::change_asset(s.db, s.policy, origin, "PC-001", c, utc("2026-09-03T00:00:00Z"));
    CHECK(again.fields.empty());
    CHECK(again.asset.updated_at == a.asset.updated_at);
    CHECK(journal::head(s.db)->seq == before + 1);
}

TEST_CASE("asset: an import with one bad row writes nothing, and names every bad line") {
    School s;
    std::vector<io::Record> rows;
    for (int i = 1; i <= 5; ++i) {
        io::Record r;
        r.line = std::size_t(i + 1);
        r.fields = {{"tag", "PC-" + std::to_string(i)}, {"kind", i == 4 ? "toaster" : "lab_pc"}};
        rows.push_back(r);
    }
    CHECK_THROWS_WITH_AS(asset::import_assets(s.db, s.policy, origin, rows, "in.csv", {}, utc("2026-09-01T00:00:00Z")),
                         doctest::Contains("in.csv:5: unknown kind 'toaster'"), Error);
    CHECK(store::count_assets(s.db) == 0);
    rows[3].fields["kind"] = "other";
    auto result = asset::import_assets(s.db, s.policy, origin, rows, "in.csv", {}, utc("2026-09-01T00:00:00Z"));
    CHECK(result.rows.size() == 5);
    CHECK(store::count_assets(s.db) == 5);
}
