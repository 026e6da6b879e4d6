// Antivirus: an export imported all or nothing with unmatched rows kept, each machine judged
// (off, stale, unapproved, missing), threats kept once and opened as incidents, and AV-0001.
#include "netsec/asset/antivirus.hpp"
#include "netsec/asset/asset.hpp"
#include "netsec/asset/threats.hpp"
#include "netsec/core/error.hpp"
#include "netsec/store/asset_av.hpp"
#include "school_fixture.hpp"

#include <doctest/doctest.h>

using namespace netsec;
using namespace netsec::asset;
using netsec::test::School;
using netsec::test::utc;

namespace {

const journal::Origin origin{"alice", "host1", "netsec-asset"};
const auto now = [] { return utc("2026-11-25T00:00:00Z"); };

const std::string header = "\"PSComputerName\",\"AMProductVersion\",\"AntivirusEnabled\",\"RealTimeProtectionEnabled\","
                           "\"AntivirusSignatureLastUpdated\"\r\n";

std::string row(const std::string& host, const std::string& updated, const std::string& realtime = "True") {
    return "\"" + host + "\",\"4.18.1\",\"True\",\"" + realtime + "\",\"" + updated + "\"\r\n";
}

void add_pc(School& s, const std::string& tag, const std::string& room, const std::string& kind = "lab_pc") {
    NewAsset n;
    n.tag = tag;
    n.hostname = tag;
    n.room = room;
    n.kind = kind;
    add_asset(s.db, s.policy, origin, n, utc("2026-09-01T00:00:00Z"));
}

std::string write_export(School& s, const std::string& name, const std::string& text) {
    std::string file = s.tmp.file(name);
    test::write(file, text);
    return file;
}

AvImported import(School& s, const std::string& file) {
    return import_av(s.db, origin, file, av_read_options(s.policy, {}, false), now());
}

std::map<std::string, std::string> states(School& s, const AvStatusOptions& o = {}) {
    std::map<std::string, std::string> out;
    for (const auto& a : av_status(s.db, s.policy, o, now())) out[a.tag] = a.status;
    return out;
}

} // namespace

TEST_CASE("asset: an antivirus export is matched, stored and judged per machine") {
    School s;
    for (const char* tag : {"PC-1", "PC-2", "PC-3", "PC-4"}) add_pc(s, tag, "机房1");
    add_pc(s, "RT-1", "网络中心", "router");
    auto file = write_export(s, "av.csv",
                             header + row("PC-1", "2026/11/24 9:15:02") + row("PC-2", "2026/11/10 9:15:02") +
                                 row("PC-3", "2026/11/24 9:15:02", "False") + row("VISITOR", "2026/11/24 9:15:02"));
    auto r = import(s, file);
    CHECK(r.import_id == 1);
    CHECK(r.rows == 4);
    CHECK(r.matched == 3);
    REQUIRE(r.unmatched.size() == 1);
    CHECK(r.unmatched[0].line == 5);
    CHECK(r.unmatched[0].hostname == "VISITOR");
    CHECK(store::unmatched_av_states(s.db, 1).size() == 1);
    CHECK(states(s) ==
          std::map<std::string, std::string>{{"PC-1", "ok"}, {"PC-2", "stale"}, {"PC-3", "off"}, {"PC-4", "missing"}});
    AvStatusOptions missing;
    missing.missing_only = true;
    CHECK(states(s, missing) == std::map<std::string, std::string>{{"PC-4", "missing"}});
    AvStatusOptions loose;
    loose.stale = std::chrono::days{30};
    CHECK(states(s, loose).at("PC-2") == "ok");
    CHECK(room_summary(av_status(s.db, s.policy, {}, now())) ==
          std::vector<std::string>{"机房1: 1 ok, 1 stale, 1 off, 1 missing"});
}

TEST_CASE("asset: the newest import naming a machine decides, and a file imported twice adds nothing") {
    School s;
    add_pc(s, "PC-1", "机房1");
    auto old_file = write_export(s, "old.csv", header + row("PC-1", "2026/11/10 9:15:02"));
    auto new_file = write_export(s, "new.csv", header + row("PC-1", "2026/11/24 9:15:02"));
    import(s, old_file);
    CHECK(states(s).at("PC-1") == "stale");
    import(s, new_file);
    CHECK(states(s).at("PC-1") == "ok");
    auto again = import(s, old_file);
    CHECK(again.import_id == 0);
    CHECK(again.earlier_import == 1);
    CHECK(store::list_av_imports(s.db).size() == 2);
    CHECK(states(s).at("PC-1") == "ok");
}

TEST_CASE("asset: a bad row leaves nothing written") {
    School s;
    add_pc(s, "PC-1", "机房1");
    auto file =
        write_export(s, "av.csv", header + row("PC-1", "2026/11/24 9:15:02") + row("PC-1", "2026/02/30 9:00:00"));
    try {
        import(s, file);
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == Exit::data);
        CHECK(std::string(e.what()) == file + ":3: date '2026/02/30 9:00:00' does not exist\nnothing was imported");
    }
    CHECK(store::list_av_imports(s.db).empty());
    CHECK(states(s).at("PC-1") == "missing");
}

TEST_CASE("asset: a product not on the approved list is unapproved; Windows Defender approves Defender") {
    School s("assets:\n  antivirus:\n    approved:\n      - {product: 火绒, licence: XKC00001}\n");
    add_pc(s, "PC-1", "机房1");
    import(s, write_export(s, "av.csv", header + row("PC-1", "2026/11/24 9:15:02")));
    CHECK(states(s).at("PC-1") == "unapproved");
    test::write(s.tmp.file("policy.yaml"),
                test::minimal_policy() + "assets:\n  antivirus:\n    approved:\n      - {product: Windows Defender, "
                                         "licence: XKC00002}\n");
    s.reload();
    CHECK(states(s).at("PC-1") == "ok");
}

TEST_CASE("asset: detections are kept once; an outbreak opens one grade III incident") {
    School s;
    for (const char* tag : {"PC-1", "PC-2", "PC-3", "PC-4", "PC-5", "PC-6"}) add_pc(s, tag, "机房1");
    std::string threats =
        "\"InitialDetectionTime\",\"ThreatID\",\"Resources\",\"ActionSuccess\",\"PSComputerName\"\r\n";
    for (int i = 1; i <= 5; ++i)
        threats += "\"2026/11/24 1" + std::to_string(i) + ":00:00\",\"2147519003\",\"System.String[]\",\"True\",\"PC-" +
                   std::to_string(i) + "\"\r\n";
    auto file = write_export(s, "t.csv", threats);
    auto options = av_read_options(s.policy, {}, false);
    auto first = import_threats(s.db, s.policy, origin, file, options, true, now());
    CHECK(first.added == 5);
    CHECK(first.outbreak);
    REQUIRE(first.incidents.size() == 1);
    auto inc = incident::get_incident(s.db, first.incidents[0]);
    CHECK(inc.category == "MAL");
    CHECK(inc.grade == "III");
    auto second = import_threats(s.db, s.policy, origin, file, options, true, now());
    CHECK(second.added == 0);
    CHECK(second.already == 5);
    CHECK(second.incidents.empty());
    auto listed = list_threats(s.db, "PC-3");
    REQUIRE(listed.size() == 1);
    CHECK(listed[0].incident_id == inc.id);
    CHECK(listed[0].path.empty());
    CHECK(listed[0].action == "cleaned");
    CHECK(listed[0].threat == "ThreatID 2147519003");
}

TEST_CASE("asset: detections on fewer machines open one grade IV incident a machine") {
    School s;
    add_pc(s, "PC-1", "机房1");
    add_pc(s, "PC-2", "机房1");
    auto file = write_export(s, "t.csv",
                             "\"InitialDetectionTime\",\"ThreatID\",\"ThreatName\",\"PSComputerName\"\r\n"
                             "\"2026/11/24 9:00:00\",\"1\",\"Worm:Win32/Autorun\",\"PC-1\"\r\n"
                             "\"2026/11/24 9:05:00\",\"2\",\"Worm:Win32/Autorun\",\"PC-1\"\r\n"
                             "\"2026/11/24 9:10:00\",\"1\",\"Worm:Win32/Autorun\",\"PC-2\"\r\n");
    auto r = import_threats(s.db, s.policy, origin, file, av_read_options(s.policy, {}, false), true, now());
    REQUIRE(r.incidents.size() == 2);
    CHECK_FALSE(r.outbreak);
    auto one = incident::get_incident(s.db, r.incidents[0]);
    CHECK(one.grade == "IV");
    CHECK(one.asset == "PC-1");
    CHECK(one.title == "virus on PC-1: Worm:Win32/Autorun");
}

TEST_CASE("asset: AV-0001 fails for each machine not ok, named by its tag") {
    School s;
    add_pc(s, "PC-1", "机房1");
    add_pc(s, "PC-2", "机房1");
    import(s, write_export(s, "av.csv", header + row("PC-1", "2026/11/24 9:15:02")));
    auto findings = s.check("AV-0001", "2026-11-25T00:00:00Z");
    CHECK(test::status_of(findings, "PC-2") == "fail");
    CHECK(test::status_of(findings, "PC-1") == "");
}
