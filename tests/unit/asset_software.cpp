#include "netsec/asset/software.hpp"
#include "netsec/core/error.hpp"
#include "netsec/io/encoding.hpp"

#include <doctest/doctest.h>

using namespace netsec;
using namespace netsec::asset;

namespace {

// What `Get-Package | Export-Csv pkgs.csv -Encoding UTF8` writes in Windows PowerShell 5.1:
// a byte-order mark, the #TYPE line, every field quoted, SwidTagText running over lines.
const std::string get_package_csv =
    "\xEF\xBB\xBF#TYPE Microsoft.PackageManagement.Packaging.SoftwareIdentity\r\n"
    "\"PropertyOfSoftwareIdentity\",\"FastPackageReference\",\"ProviderName\",\"Source\",\"Status\","
    "\"SwidTagText\",\"Name\",\"Version\",\"VersionScheme\",\"Culture\"\r\n"
    "\"PropertyOfSoftwareIdentity\",\"hklm64\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\7-Zip\","
    "\"Programs\",\"\",\"Installed\",\"<?xml version=\"\"1.0\"\" encoding=\"\"utf-16\"\"?>\r\n"
    "<SoftwareIdentity Name=\"\"7-Zip 23.01 (x64)\"\" />\",\"7-Zip 23.01 (x64)\",\"23.01\",\"unknown\",\"\"\r\n"
    "\"PropertyOfSoftwareIdentity\",\"msu:Security Update\",\"msu\",\"\",\"Installed\",\"\","
    "\"Security Update for Microsoft Windows (KB5031356)\",\"\",\"unknown\",\"\"\r\n"
    "\"PropertyOfSoftwareIdentity\",\"msi:{5FCE6D76}\",\"msi\",\"\",\"Installed\",\"\","
    "\"火绒安全软件\",\"5.0.73.3\",\"MultiPartNumeric\",\"zh-CN\"\r\n"
    "\"PropertyOfSoftwareIdentity\",\"hklm32\\火绒\",\"Programs\",\"\",\"Installed\",\"\","
    "\"火绒安全软件\",\"5.0.73.3\",\"unknown\",\"\"\r\n";

// `text` (UTF-8) as UTF-16LE after its byte-order mark, as a redirected wmic writes it.
std::string utf16le(const std::string& text) {
    io::Converted c = io::convert_text(text, "UTF-8", "UTF-16LE");
    REQUIRE_FALSE(c.failed_at);
    return std::string(io::utf16le_bom) + c.text;
}

std::string error_of(const std::string& bytes, SoftwareFormat format = SoftwareFormat::automatic) {
    try {
        parse_software_list(bytes, "pkgs", format);
    } catch (const Error& e) {
        return std::to_string(int(e.code())) + " " + e.what();
    }
    return "no error";
}

} // namespace

TEST_CASE("Get-Package | Export-Csv is read past its mark and #TYPE line, Windows updates left out") {
    SoftwareList list = parse_software_list(get_package_csv, "pkgs.csv");
    CHECK(list.format == SoftwareFormat::get_package);
    REQUIRE(list.packages.size() == 2); // 火绒 twice (msi and Programs) is one package
    CHECK(list.packages[0].name == "7-Zip 23.01 (x64)");
    CHECK(list.packages[0].version == "23.01");
    CHECK(list.packages[0].line == 3);
    CHECK(list.packages[1].name == "火绒安全软件");
    CHECK(list.packages[1].line == 6); // the quoted SwidTagText ran over line 4
    CHECK(list.skipped_updates == 1);
    CHECK(list.nodes.empty());
}

TEST_CASE("Get-Package without the #TYPE line, with PSComputerName from Invoke-Command, is read too") {
    std::string csv = "\"Name\",\"Version\",\"ProviderName\",\"PSComputerName\"\n"
                      "\"WPS Office\",\"12.1.0.15712\",\"Programs\",\"LAB-001\"\n"
                      "\"WPS Office\",\"12.1.0.15712\",\"Programs\",\"LAB-002\"\n";
    SoftwareList list = parse_software_list(csv, "remote.csv");
    REQUIRE(list.packages.size() == 2);
    CHECK(list.packages[1].node == "LAB-002");
    CHECK(list.nodes == std::vector<std::string>{"LAB-001", "LAB-002"});
}

TEST_CASE("wmic product /format:csv is read from UTF-16LE with its empty first line and Node column") {
    std::string wmic = utf16le("\r\r\n"
                               "Node,Name,Version\r\r\n"
                               "LAB-001,Microsoft Visual C++ 2019 X64 Minimum Runtime - 14.29.30133,14.29.30133\r\r\n"
                               "LAB-001,极域电子教室,6.0\r\r\n"
                               "LAB-001,Python 3.11.4 Core Interpreter (64-bit),3.11.4150.0\r\r\n"
                               "LAB-001,Adobe Reader, Chinese Edition,11.0.23\r\r\n");
    SoftwareList list = parse_software_list(wmic, "lab-001.csv");
    CHECK(list.format == SoftwareFormat::wmic);
    REQUIRE(list.packages.size() == 4);
    CHECK(list.packages[0].line == 3);
    CHECK(list.packages[0].node == "LAB-001");
    CHECK(list.packages[1].name == "极域电子教室");
    CHECK(list.packages[1].version == "6.0");
    CHECK(list.packages[3].name == "Adobe Reader, Chinese Edition"); // wmic does not quote: the comma is the name's
    CHECK(list.packages[3].version == "11.0.23");
    CHECK(list.nodes == std::vector<std::string>{"LAB-001"});
}

TEST_CASE("wmic over several nodes repeats its header, which is skipped") {
    std::string wmic = utf16le("\r\nNode,Name,Version\r\nLAB-001,7-Zip,23.01\r\n\r\nNode,Name,Version\r\n"
                               "LAB-002,7-Zip,23.01\r\n");
    SoftwareList list = parse_software_list(wmic, "all.csv");
    REQUIRE(list.packages.size() == 2);
    CHECK(list.nodes == std::vector<std::string>{"LAB-001", "LAB-002"});
}

TEST_CASE("dpkg-query -W is read a package a line, with or without the architecture") {
    SoftwareList list = parse_software_list("adduser\t3.134\nlibc6:amd64\t2.36-9+deb12u4\nnmap\t7.93+dfsg1-1\n"
                                            "rc-only\t\n",
                                            "dpkg.txt");
    CHECK(list.format == SoftwareFormat::dpkg);
    REQUIRE(list.packages.size() == 4);
    CHECK(list.packages[1].name == "libc6:amd64");
    CHECK(list.packages[1].version == "2.36-9+deb12u4");
    CHECK(list.packages[3].version == "");
    SoftwareList f = parse_software_list("nmap\t7.93+dfsg1-1\tamd64\n", "f.txt", SoftwareFormat::dpkg);
    CHECK(f.packages[0].version == "7.93+dfsg1-1");
}

TEST_CASE("a bad row is named by its line, and nothing is returned") {
    CHECK(error_of("adduser\t3.134\nnmap 7.93\n") ==
          "65 pkgs:2: expected a package name, a tab and its version, as dpkg-query -W writes\nnothing was read");
    CHECK(error_of(utf16le("\r\nNode,Name,Version\r\nLAB-001,7-Zip\r\n")) ==
          "65 pkgs:3: expected 3 fields as in the header, found 2\nnothing was read");
    CHECK(error_of("\"Name\",\"Version\"\n\"\",\"1.0\"\n") == "65 pkgs:2: a package needs a name\nnothing was read");
}

TEST_CASE("what is not a software list is refused, saying what was expected") {
    CHECK(error_of("hello world\n") ==
          "65 pkgs:1: not a software list: expected Get-Package | Export-Csv, wmic product get Name,Version "
          "/format:csv or dpkg-query -W output; name one with --input-format\nnothing was read");
    CHECK(error_of("") == "65 pkgs: no software listed in it\nnothing was read");
    CHECK(error_of("\"Name\",\"Version\"\n") == "65 pkgs: no software listed in it\nnothing was read");
    CHECK(error_of("\"Product\",\"Version\"\n\"x\",\"1\"\n") ==
          "65 pkgs: no name column; the header must name one of name, displayname, 名称, 软件名称");
    CHECK(error_of("adduser\t3.134\n", SoftwareFormat::wmic) ==
          "65 pkgs:1: the header must start with Node, as wmic /format:csv writes it\nnothing was read");
    CHECK(error_of(std::string("\xFF\xFE"
                               "A\0\n\0B",
                               7)) == "65 pkgs:2: not valid UTF-16LE text\nnothing was read");
    CHECK(error_of("nmap\t7.93\n\xC4\xE3\tx\n") ==
          "65 pkgs:2: not valid UTF-8; for a list saved on Chinese Windows add --encoding gbk\nnothing was read");
}

TEST_CASE("a Get-Package list saved in the Chinese code page is read with gbk") {
    io::Converted gbk = io::utf8_to_gbk("\"Name\",\"Version\"\n\"极域电子教室\",\"6.0\"\n");
    REQUIRE_FALSE(gbk.failed_at);
    SoftwareList list = parse_software_list(gbk.text, "gbk.csv", SoftwareFormat::automatic, io::Encoding::gbk);
    REQUIRE(list.packages.size() == 1);
    CHECK(list.packages[0].name == "极域电子教室");
}

TEST_CASE("software list formats are named, or a usage error listing them") {
    CHECK(parse_software_format("wmic") == SoftwareFormat::wmic);
    CHECK(software_format_name(SoftwareFormat::get_package) == "get-package");
    CHECK_THROWS_WITH_AS(parse_software_format("msi"),
                         "unknown software list format 'msi': expected auto, get-package, wmic or dpkg", Error);
}
