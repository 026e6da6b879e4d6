// Scans: an nmap file's hosts matched to the register (MAC, then hostname, then IP), only what a
// scan sees updated, conflicts and unknown hosts listed, --register under the tag pattern, the
// same file kept once, a dry run writing nothing, and two scans compared.
#include "netsec/asset/asset.hpp"
#include "netsec/asset/scan.hpp"
#include "netsec/asset/scan_records.hpp"
#include "netsec/core/error.hpp"
#include "netsec/journal/journal.hpp"
#include "netsec/store/journal_rows.hpp"
#include "school_fixture.hpp"

#include <doctest/doctest.h>

using namespace netsec;
using netsec::test::School;
using netsec::test::utc;

namespace {

const journal::Origin origin{"alice", "host1", "netsec-asset"};
const auto t_add = utc("2026-09-01T00:00:00Z");
const auto t_now = utc("2026-12-07T02:00:00Z");

void add(School& s, const std::string& tag, const std::string& hostname, const std::string& mac,
         const std::string& ip) {
    asset::NewAsset n;
    n.tag = tag;
    n.hostname = hostname;
    if (!mac.empty()) n.macs = {mac};
    n.ip = ip;
    n.room = "机房";
    n.kind = "lab_pc";
    asset::add_asset(s.db, s.policy, origin, n, t_add);
}

// A host as nmap -oX writes it: address, optional MAC and PTR name, open TCP ports.
std::string host(const std::string& ip, const std::string& mac = "", const std::string& name = "",
                 const std::vector<int>& ports = {}) {
    std::string x = "<host><status state=\"up\" reason=\"arp-response\" reason_ttl=\"0\"/>\n<address addr=\"" + ip +
                    "\" addrtype=\"ipv4\"/>\n";
    if (!mac.empty()) x += "<address addr=\"" + mac + "\" addrtype=\"mac\" vendor=\"Lenovo\"/>\n";
    if (!name.empty()) x += "<hostnames>\n<hostname name=\"" + name + "\" type=\"PTR\"/>\n</hostnames>\n";
    if (!ports.empty()) {
        x += "<ports>";
        for (int p : ports)
            x += "<port protocol=\"tcp\" portid=\"" + std::to_string(p) +
                 "\"><state state=\"open\" reason=\"syn-ack\" reason_ttl=\"128\"/></port>\n";
        x += "</ports>\n";
    }
    return x + "</host>\n";
}

// A whole scan file that nmap started at `start` (seconds since 1970), written into the school.
std::string scan_file(School& s, const std::string& name, long start, const std::string& hosts) {
    auto file = s.tmp.file(name);
    test::write(file, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE nmaprun>\n"
                      "<nmaprun scanner=\"nmap\" args=\"nmap -oX " +
                          name + " 192.168.10.0/24\" start=\"" + std::to_string(start) +
                          "\" version=\"7.93\" xmloutputversion=\"1.05\">\n" + hosts + "<runstats><finished time=\"" +
                          std::to_string(start + 60) +
                          "\" exit=\"success\"/><hosts up=\"1\" down=\"0\" total=\"1\"/></runstats>\n</nmaprun>\n");
    return file;
}

constexpr long dec7 = 1796605200; // 2026-12-07T01:00:00Z

asset::ScanImport import(School& s, const std::string& file, asset::ScanImportOptions o = {}) {
    return asset::import_scan(s.db, s.policy, origin, file, o, t_now);
}

std::size_t journal_size(School& s) { return store::journal_rows(s.db, {}).size(); }

} // namespace

TEST_CASE("scan: each host says which key matched, in the order MAC, hostname, IP, or why none did") {
    School s;
    add(s, "LAB-001", "lab-pc-001", "00:1a:2b:3c:4d:01", "192.168.10.1");
    add(s, "LAB-002", "lab-pc-002", "", "192.168.10.2");
    add(s, "LAB-003", "", "", "192.168.10.3");
    auto file = scan_file(s, "lab.xml", dec7,
                          host("192.168.10.101", "00:1A:2B:3C:4D:01", "other-name.school.lan") +
                              host("192.168.10.102", "", "lab-pc-002.school.lan") + host("192.168.10.3") +
                              host("192.168.10.99", "00:1A:2B:3C:4D:99"));
    auto done = import(s, file);
    REQUIRE(done.seen.size() == 4);
    CHECK(done.seen[0].tag == "LAB-001");
    CHECK(done.seen[0].matched_by == "mac");
    CHECK(done.seen[1].tag == "LAB-002");
    CHECK(done.seen[1].matched_by == "hostname");
    CHECK(done.seen[2].tag == "LAB-003");
    CHECK(done.seen[2].matched_by == "ip");
    CHECK(done.seen[3].outcome() == "unknown");
    CHECK(done.seen[3].why == "no registered machine has MAC 00:1a:2b:3c:4d:99, IP 192.168.10.99");
    CHECK(done.scan_id == 1);
}

TEST_CASE("scan: a match updates only the IP and when it was last seen; the IP change is journaled") {
    School s;
    add(s, "LAB-001", "lab-pc-001", "00:1a:2b:3c:4d:01", "192.168.10.1");
    add(s, "LAB-003", "", "", "192.168.10.3");
    auto done = import(s, scan_file(s, "lab.xml", dec7,
                                    host("192.168.10.101", "00:1A:2B:3C:4D:01", "", {3389}) + host("192.168.10.3")));
    CHECK(done.seen[0].ip_was == "192.168.10.1");
    auto pc1 = asset::get_asset(s.db, "LAB-001");
    CHECK(pc1.ip == "192.168.10.101");
    CHECK(pc1.last_seen_at == "2026-12-07T01:00:00Z");
    CHECK(pc1.hostname == "lab-pc-001"); // what the scan did not see stays
    CHECK(pc1.room == "机房");
    CHECK(asset::get_asset(s.db, "LAB-003").last_seen_at == "2026-12-07T01:00:00Z");
    auto entries = store::journal_rows(s.db, {});
    bool ip_changed = false, imported = false;
    for (const auto& e : entries) {
        if (e.action == "asset.changed" && e.subject == "LAB-001")
            ip_changed = e.details.find("\"192.168.10.101\"") != std::string::npos;
        if (e.action == "asset.scan_imported") imported = e.subject == "1";
    }
    CHECK(ip_changed);
    CHECK(imported);
    // An older scan imported later moves nothing back.
    auto older = import(s, scan_file(s, "old.xml", dec7 - 86400, host("192.168.10.1", "00:1A:2B:3C:4D:01")));
    CHECK(older.seen[0].older);
    CHECK(asset::get_asset(s.db, "LAB-001").ip == "192.168.10.101");
}

TEST_CASE("scan: a known IP answering with another MAC is a conflict that changes nothing") {
    School s;
    add(s, "LAB-001", "lab-pc-001", "00:1a:2b:3c:4d:01", "192.168.10.1");
    auto done = import(s, scan_file(s, "lab.xml", dec7, host("192.168.10.1", "00:1A:2B:3C:4D:99")));
    REQUIRE(done.seen.size() == 1);
    CHECK(done.seen[0].outcome() == "conflict");
    CHECK(done.seen[0].tag == "");
    CHECK(done.seen[0].conflict ==
          "192.168.10.1 is registered to 'LAB-001' (MAC 00:1a:2b:3c:4d:01) but now answers with MAC 00:1a:2b:3c:4d:99");
    CHECK(asset::get_asset(s.db, "LAB-001").last_seen_at == "");
    // --register never registers a conflict.
    asset::ScanImportOptions o;
    o.register_unknown = true;
    o.room = "LAB";
    o.kind = "lab_pc";
    auto again = import(s, scan_file(s, "again.xml", dec7 + 60, host("192.168.10.1", "00:1A:2B:3C:4D:99")), o);
    CHECK(again.seen[0].outcome() == "conflict");
    CHECK(store::count_assets(s.db) == 1);
    auto listed = asset::list_scans(s.db);
    REQUIRE(listed.size() == 2);
    CHECK(listed[0].conflicts == 1);
    CHECK(listed[0].unknown == 0);
}

TEST_CASE("scan: --register adds the unknown hosts under the tag pattern; a dry run writes nothing") {
    School s("assets:\n  tag_pattern: \"{room}-{seq:03}\"\n");
    add(s, "LAB-001", "lab-pc-001", "00:1a:2b:3c:4d:01", "192.168.10.1");
    auto file = scan_file(s, "lab.xml", dec7,
                          host("192.168.10.1", "00:1A:2B:3C:4D:01") +
                              host("192.168.10.50", "00:1A:2B:3C:4D:50", "printer.school.lan") +
                              host("192.168.10.51", "00:1A:2B:3C:4D:51"));
    asset::ScanImportOptions o;
    o.register_unknown = true;
    o.room = "LAB";
    o.kind = "打印机";
    auto before = journal_size(s);
    o.dry_run = asset::DryRun::yes;
    auto dry = import(s, file, o);
    CHECK(dry.scan_id == 0);
    CHECK(dry.seen[1].tag == "LAB-002");
    CHECK(dry.seen[2].tag == "LAB-003");
    CHECK(store::count_assets(s.db) == 1);
    CHECK(asset::list_scans(s.db).empty());
    CHECK(journal_size(s) == before);

    o.dry_run = asset::DryRun::no;
    auto done = import(s, file, o);
    CHECK(done.seen[1].outcome() == "registered");
    auto printer = asset::get_asset(s.db, "LAB-002");
    CHECK(printer.kind == "printer");
    CHECK(printer.room == "LAB");
    CHECK(printer.status == "in_use");
    CHECK(printer.hostname == "printer.school.lan");
    CHECK(printer.macs == std::vector<std::string>{"00:1a:2b:3c:4d:50"});
    CHECK(printer.last_seen_at == "2026-12-07T01:00:00Z");
    CHECK(asset::get_asset(s.db, "LAB-003").ip == "192.168.10.51");
}

TEST_CASE("scan: --register needs --room and --kind, a kind of the policy; nothing is written otherwise") {
    School s;
    auto file = scan_file(s, "lab.xml", dec7, host("192.168.10.50"));
    asset::ScanImportOptions o;
    o.register_unknown = true;
    o.room = "LAB";
    CHECK_THROWS_WITH_AS(import(s, file, o),
                         "--register needs --room and --kind: the room and kind of the machines it adds", Error);
    o.kind = "toaster";
    CHECK_THROWS_AS(import(s, file, o), Error);
    o = {};
    o.room = "LAB";
    CHECK_THROWS_AS(import(s, file, o), Error);
    CHECK(asset::list_scans(s.db).empty());
}

TEST_CASE("scan: the same file imported twice is kept once") {
    School s;
    auto file = scan_file(s, "lab.xml", dec7, host("192.168.10.50"));
    auto first = import(s, file);
    CHECK_FALSE(first.already);
    auto size = journal_size(s);
    auto second = import(s, file);
    CHECK(second.already);
    CHECK(second.scan_id == first.scan_id);
    CHECK(asset::list_scans(s.db).size() == 1);
    CHECK(journal_size(s) == size);
}

TEST_CASE("scan: a bad file writes nothing") {
    School s;
    auto file = s.tmp.file("cut.xml");
    test::write(file, "<?xml version=\"1.0\"?>\n<nmaprun start=\"1796605200\">\n<host>");
    CHECK_THROWS_AS(import(s, file), Error);
    CHECK(asset::list_scans(s.db).empty());
}

TEST_CASE("scan: diff names new hosts, vanished hosts and newly opened ports, a host known by its tag") {
    School s;
    add(s, "LAB-001", "lab-pc-001", "00:1a:2b:3c:4d:01", "192.168.10.1");
    import(s, scan_file(s, "one.xml", dec7,
                        host("192.168.10.1", "00:1A:2B:3C:4D:01", "", {135}) + host("192.168.10.60", "", "", {80})));
    CHECK_THROWS_WITH_AS(asset::diff_scans(s.db, "", ""),
                         "scan diff compares two scans, and 1 was imported; import another with 'netsec-asset scan "
                         "import FILE.xml'",
                         Error);
    // LAB-001 moved to another address and opened 3389; .60 went away; .70 came.
    import(s, scan_file(s, "two.xml", dec7 + 86400,
                        host("192.168.10.11", "00:1A:2B:3C:4D:01", "", {135, 3389}) + host("192.168.10.70")));
    auto diff = asset::diff_scans(s.db, "", "");
    CHECK(diff.from.id == 1);
    CHECK(diff.to.id == 2);
    auto records = asset::scan_change_records(diff);
    REQUIRE(records.rows.size() == 3);
    CHECK(records.rows[0]["change"] == "new_host");
    CHECK(records.rows[0]["ip"] == "192.168.10.70");
    CHECK(records.rows[1]["change"] == "vanished_host");
    CHECK(records.rows[1]["ip"] == "192.168.10.60");
    CHECK(records.rows[2]["change"] == "opened_port");
    CHECK(records.rows[2]["tag"] == "LAB-001");
    CHECK(records.rows[2]["port"] == 3389);
    CHECK(asset::diff_scans(s.db, "2", "2").changes.empty());
    CHECK(asset::diff_scans(s.db, "1", "").changes.size() == 3);
    CHECK_THROWS_WITH_AS(asset::diff_scans(s.db, "9", ""),
                         "no scan 9; 'netsec-asset scan list' shows the scans imported", Error);
    CHECK_THROWS_AS(asset::get_scan(s.db, "first"), Error);
    auto latest = asset::get_scan(s.db, "latest");
    CHECK(latest.scan.id == 2);
    CHECK(asset::seen_records(latest).rows[0]["open_ports"] == "tcp/135 tcp/3389");
}

TEST_CASE("AST-0001: hosts of the latest scan not registered, machines in use unseen past the policy's period") {
    School s;
    CHECK(test::status_of(s.check("AST-0001", "2026-12-08T00:00:00Z"), "scans") == "not_applicable");
    add(s, "LAB-001", "lab-pc-001", "00:1a:2b:3c:4d:01", "192.168.10.1");
    add(s, "LAB-002", "lab-pc-002", "00:1a:2b:3c:4d:02", "192.168.10.2");
    import(s, scan_file(s, "lab.xml", dec7,
                        host("192.168.10.1", "00:1A:2B:3C:4D:01") + host("192.168.10.99", "00:1A:2B:3C:4D:99") +
                            host("192.168.10.98")));
    auto findings = s.check("AST-0001", "2026-12-08T00:00:00Z");
    CHECK(test::status_of(findings, "00:1a:2b:3c:4d:99") == "fail"); // by its MAC, which DHCP does not move
    CHECK(test::status_of(findings, "192.168.10.98") == "fail");     // no MAC seen: by its IP
    CHECK(test::status_of(findings, "LAB-002") == "fail");           // registered 2026-09-01, never seen
    CHECK(test::status_of(findings, "LAB-001") == "");               // seen
    // Once registered and seen, and a machine unseen for less than 30 days, all pass.
    asset::ScanImportOptions o;
    o.register_unknown = true;
    o.room = "LAB";
    o.kind = "lab_pc";
    import(s,
           scan_file(s, "two.xml", dec7 + 3600,
                     host("192.168.10.1", "00:1A:2B:3C:4D:01") + host("192.168.10.2", "00:1A:2B:3C:4D:02") +
                         host("192.168.10.99", "00:1A:2B:3C:4D:99") + host("192.168.10.98")),
           o);
    findings = s.check("AST-0001", "2026-12-08T00:00:00Z");
    CHECK(test::status_of(findings, "assets") == "pass");
    CHECK(findings.size() == 1);
    // 31 days later, every machine is unseen past assets.unseen_after (30d).
    findings = s.check("AST-0001", "2027-01-08T00:00:00Z");
    CHECK(test::status_of(findings, "LAB-001") == "fail");
}
