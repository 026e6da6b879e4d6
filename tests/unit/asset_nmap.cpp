#include "netsec/asset/nmap.hpp"
#include "netsec/core/error.hpp"
#include "testutil.hpp"

#include <doctest/doctest.h>
#include <fstream>

using namespace netsec;
using namespace netsec::asset;

namespace {

// What Debian's nmap 7.93 writes for `nmap -sV -oX` on a local network (two hosts up: one with
// a MAC, names and open ports, one with only an address), cut into pieces the cases reuse.
const std::string head =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<!DOCTYPE nmaprun>\n"
    "<?xml-stylesheet href=\"file:///usr/bin/../share/nmap/nmap.xsl\" type=\"text/xsl\"?>\n"
    "<!-- Nmap 7.93 scan initiated Mon Dec  7 09:00:00 2026 as: nmap -sV -oX lab.xml 192.168.10.0/24 -->\n"
    "<nmaprun scanner=\"nmap\" args=\"nmap -sV -oX lab.xml 192.168.10.0/24\" start=\"1796605200\" "
    "startstr=\"Mon Dec  7 09:00:00 2026\" version=\"7.93\" xmloutputversion=\"1.05\">\n"
    "<scaninfo type=\"syn\" protocol=\"tcp\" numservices=\"1000\" services=\"1-1000\"/>\n"
    "<verbose level=\"0\"/>\n"
    "<debugging level=\"0\"/>\n";
const std::string host_one = // lines 9-23
    "<host starttime=\"1796605201\" endtime=\"1796605230\"><status state=\"up\" reason=\"arp-response\" "
    "reason_ttl=\"0\"/>\n"
    "<address addr=\"192.168.10.11\" addrtype=\"ipv4\"/>\n"
    "<address addr=\"00:1A:2B:3C:4D:5E\" addrtype=\"mac\" vendor=\"Lenovo\"/>\n"
    "<hostnames>\n"
    "<hostname name=\"lab-pc-011.school.lan\" type=\"PTR\"/>\n"
    "</hostnames>\n"
    "<ports><extraports state=\"closed\" count=\"997\">\n"
    "<extrareasons reason=\"reset\" count=\"997\" proto=\"tcp\" ports=\"1-134,136-138\"/>\n"
    "</extraports>\n"
    "<port protocol=\"tcp\" portid=\"135\"><state state=\"open\" reason=\"syn-ack\" reason_ttl=\"128\"/><service "
    "name=\"msrpc\" product=\"Microsoft Windows RPC\" ostype=\"Windows\" method=\"probed\" conf=\"10\"/></port>\n"
    "<port protocol=\"tcp\" portid=\"139\"><state state=\"filtered\" reason=\"no-response\" reason_ttl=\"0\"/></port>\n"
    "<port protocol=\"tcp\" portid=\"3389\"><state state=\"open\" reason=\"syn-ack\" reason_ttl=\"128\"/><service "
    "name=\"ms-wbt-server\" product=\"Microsoft Terminal Services\" version=\"10.0\" method=\"probed\" "
    "conf=\"10\"/></port>\n"
    "</ports>\n"
    "<times srtt=\"412\" rttvar=\"210\" to=\"100000\"/>\n"
    "</host>\n";
const std::string host_two =
    "<host starttime=\"1796605201\" endtime=\"1796605230\"><status state=\"up\" reason=\"echo-reply\" "
    "reason_ttl=\"64\"/>\n"
    "<address addr=\"192.168.10.50\" addrtype=\"ipv4\"/>\n"
    "<hostnames>\n"
    "<hostname name=\"printer\" type=\"user\"/>\n"
    "<hostname name=\"npi1a2b3c.school.lan\" type=\"PTR\"/>\n"
    "</hostnames>\n"
    "<ports><port protocol=\"udp\" portid=\"161\"><state state=\"open\" reason=\"udp-response\" "
    "reason_ttl=\"64\"/><service name=\"snmp\" method=\"table\" conf=\"3\"/></port>\n"
    "</ports>\n"
    "</host>\n";
const std::string tail =
    "<runstats><finished time=\"1796605260\" timestr=\"Mon Dec  7 09:01:00 2026\" summary=\"Nmap done at Mon Dec  7 "
    "09:01:00 2026; 256 IP addresses (2 hosts up) scanned in 60.00 seconds\" elapsed=\"60.00\" "
    "exit=\"success\"/><hosts up=\"2\" down=\"254\" total=\"256\"/>\n"
    "</runstats>\n"
    "</nmaprun>\n";

std::string error_of(const std::string& xml, const std::string& name = "lab.xml") {
    try {
        parse_nmap(xml, name);
    } catch (const Error& e) {
        CHECK(e.code() == Exit::data);
        return e.what();
    }
    return "no error";
}

} // namespace

TEST_CASE("an nmap scan gives the run, each host's addresses, names and open ports") {
    auto scan = parse_nmap(head + host_one + host_two + tail, "lab.xml");
    CHECK(timeutil::format_rfc3339(scan.started_at) == "2026-12-07T01:00:00Z");
    CHECK(scan.args == "nmap -sV -oX lab.xml 192.168.10.0/24");
    CHECK(scan.version == "7.93");
    REQUIRE(scan.hosts.size() == 2);
    const auto& pc = scan.hosts[0];
    CHECK(pc.line == 9);
    CHECK(pc.ip == "192.168.10.11");
    CHECK(pc.mac == "00:1a:2b:3c:4d:5e");
    CHECK(pc.vendor == "Lenovo");
    CHECK(pc.hostname == "lab-pc-011.school.lan");
    CHECK(pc.state == "up");
    REQUIRE(pc.ports.size() == 2); // 139 is filtered, not open
    CHECK(pc.ports[0].protocol == "tcp");
    CHECK(pc.ports[0].port == 135);
    CHECK(pc.ports[0].service == "msrpc");
    CHECK(pc.ports[0].product == "Microsoft Windows RPC");
    CHECK(pc.ports[1].port == 3389);
    CHECK(pc.ports[1].product == "Microsoft Terminal Services 10.0");
    const auto& printer = scan.hosts[1];
    CHECK(printer.line == 24);
    CHECK(printer.mac == "");
    CHECK(printer.hostname == "printer"); // the name given on the command line before the PTR name
    REQUIRE(printer.ports.size() == 1);
    CHECK(printer.ports[0].protocol == "udp");
    CHECK(printer.ports[0].service == "snmp");
    CHECK(printer.ports[0].product == "");
}

TEST_CASE("a scan that found no host is a scan of no host") {
    auto scan = parse_nmap(head + tail, "empty.xml");
    CHECK(scan.hosts.empty());
}

TEST_CASE("a file that is not nmap XML names its root and what was expected") {
    CHECK(error_of("<?xml version=\"1.0\"?>\n<html>\n<body/></html>\n", "page.xml") ==
          "page.xml:2: the root element is <html>, expected <nmaprun> as 'nmap -oX' writes it\n"
          "nothing was imported");
    CHECK(error_of("", "empty.xml") ==
          "empty.xml:1: expected XML written by 'nmap -oX', the file holds no element\nnothing was imported");
    CHECK(error_of("Starting Nmap 7.93 ( https://nmap.org )\nNmap scan report for localhost\n", "scan.txt")
              .starts_with("scan.txt:"));
}

TEST_CASE("a truncated scan names the line where it stops") {
    auto whole = head + host_one + host_two + tail;
    auto cut = whole.substr(0, whole.find("<port protocol=\"udp\""));
    CHECK(error_of(cut) == "lab.xml:30: the XML ends before its elements are closed, expected the rest of the scan "
                           "(was nmap stopped?)\nnothing was imported");
}

TEST_CASE("malformed XML names the line and what was expected there") {
    auto bad =
        head + host_one + "<host><status state=\"up\"/><address addr=\"192.168.10.9\" addrtype=ipv4/></host>\n" + tail;
    CHECK(error_of(bad) == "lab.xml:24: expected a well-formed attribute name=\"value\"\nnothing was imported");
    auto mismatch = head + "<host></hots>\n" + tail;
    CHECK(error_of(mismatch) == "lab.xml:9: expected the end tag of the element open here\nnothing was imported");
}

TEST_CASE("a host or port lacking what nmap always writes is named by its line") {
    auto no_address = head + "<host><status state=\"up\"/></host>\n" + tail;
    CHECK(error_of(no_address) ==
          "lab.xml:9: expected an <address addrtype=\"ipv4\"> or \"ipv6\" in the host\nnothing was imported");
    auto bad_port = head +
                    "<host><status state=\"up\"/><address addr=\"10.0.0.1\" addrtype=\"ipv4\"/>\n"
                    "<ports><port protocol=\"tcp\" portid=\"70000\"><state state=\"open\"/></port></ports></host>\n" +
                    tail;
    CHECK(error_of(bad_port) == "lab.xml:9: expected a port number from 1 to 65535 in host 10.0.0.1, found "
                                "portid=\"70000\"\nnothing was imported");
    auto twice = head + host_one + host_one + tail;
    CHECK(error_of(twice) == "lab.xml:24: host 192.168.10.11 appears twice, expected each address once (first at "
                             "line 9)\nnothing was imported");
    auto no_start = head;
    no_start.replace(no_start.find("start=\"1796605200\""), 18, "start=\"soon\"");
    CHECK(error_of(no_start + tail) == "lab.xml:5: expected the run's start time as seconds since 1970 in <nmaprun "
                                       "start=\"…\">, found \"soon\"\nnothing was imported");
}

TEST_CASE("a run nmap says failed is refused") {
    auto failed = tail;
    failed.replace(failed.find("exit=\"success\""), 14, "exit=\"error\" errormsg=\"Failed to resolve lab\"");
    CHECK(error_of(head + failed) ==
          "lab.xml:9: nmap reported that the run failed: Failed to resolve lab\nnothing was imported");
}

TEST_CASE("an IPv6-only host keeps its IPv6 address") {
    auto scan = parse_nmap(
        head + "<host><status state=\"up\"/><address addr=\"fe80::1\" addrtype=\"ipv6\"/></host>\n" + tail, "v6.xml");
    REQUIRE(scan.hosts.size() == 1);
    CHECK(scan.hosts[0].ip == "fe80::1");
}

TEST_CASE("an oversized scan file is refused before it is read") {
    test::TempDir dir;
    auto file = dir.file("huge.xml");
    {
        std::ofstream out(file, std::ios::binary);
        out << head;
    }
    std::filesystem::resize_file(file, nmap_max_bytes + 1);
    try {
        read_nmap(file);
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == Exit::data);
        CHECK(std::string(e.what()) ==
              "'" + file + "' is larger than 64 MiB, the most a scan import reads; nothing was imported");
    }
    try {
        read_nmap(dir.file("missing.xml"));
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == Exit::no_input);
        CHECK(std::string(e.what()).starts_with("cannot read '" + dir.file("missing.xml") + "'"));
    }
}
