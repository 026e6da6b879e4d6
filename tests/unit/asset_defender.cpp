#include "netsec/asset/defender.hpp"
#include "netsec/core/error.hpp"
#include "netsec/io/encoding.hpp"

#include <doctest/doctest.h>

using namespace netsec;
using namespace netsec::asset;

namespace {

const std::string type_line = "#TYPE Microsoft.Management.Infrastructure.CimInstance#ROOT/Microsoft/Windows/Defender/"
                              "MSFT_MpComputerStatus\r\n";
const std::string header = "\"AMEngineVersion\",\"AMProductVersion\",\"AntivirusEnabled\","
                           "\"AntivirusSignatureLastUpdated\",\"AntivirusSignatureVersion\",\"FullScanEndTime\","
                           "\"QuickScanEndTime\",\"RealTimeProtectionEnabled\",\"PSComputerName\"\r\n";

// A row as Export-Csv writes it: every field quoted.
std::string row(const std::string& host, const std::string& updated, const std::string& realtime = "True",
                const std::string& full = "") {
    return "\"1.1.24090.11\",\"4.18.24090.11\",\"True\",\"" + updated + "\",\"1.421.123.0\",\"" + full + "\",\"" +
           updated + "\",\"" + realtime + "\",\"" + host + "\"\r\n";
}

AvReadOptions shanghai() {
    AvReadOptions o;
    o.zone = "Asia/Shanghai";
    return o;
}

std::string error_of(const std::string& data, const AvReadOptions& o) {
    try {
        read_av_export(data, "av.csv", o);
        return "";
    } catch (const Error& e) {
        CHECK(e.code() == Exit::data);
        return e.what();
    }
}

} // namespace

TEST_CASE("a zh-CN Export-Csv file with BOM and #TYPE is read") {
    std::string data = std::string(io::utf8_bom) + type_line + header + row("LAB1-001", "2026/11/24 9:15:02") +
                       row("LAB1-002", "2026/11/2 18:00:00", "False", "2026/10/1 12:00:00");
    auto rows = read_av_export(data, "av.csv", shanghai());
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].line == 3);
    CHECK(rows[0].hostname == "LAB1-001");
    CHECK(rows[0].product == defender_product);
    CHECK(rows[0].product_version == "4.18.24090.11");
    CHECK(rows[0].engine_version == "1.1.24090.11");
    CHECK(rows[0].signature_version == "1.421.123.0");
    CHECK(rows[0].enabled == true);
    CHECK(rows[0].realtime == true);
    CHECK(timeutil::format_rfc3339(*rows[0].signature_updated_at) == "2026-11-24T01:15:02Z");
    CHECK_FALSE(rows[0].full_scan_at);
    CHECK(rows[1].realtime == false);
    CHECK(timeutil::format_rfc3339(*rows[1].full_scan_at) == "2026-10-01T04:00:00Z");
}

TEST_CASE("an en-US export without #TYPE is read month first") {
    std::string data = header + row("PC-1", "11/24/2026 9:15:02 AM") + row("PC-2", "11/5/2026 3:00:00 PM");
    auto rows = read_av_export(data, "av.csv", shanghai());
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].line == 2);
    CHECK(timeutil::format_rfc3339(*rows[1].signature_updated_at) == "2026-11-05T07:00:00Z");
}

TEST_CASE("an ambiguous day-first export needs the order, and then is read") {
    std::string data = header + row("PC-1", "05/11/2026 09:15:02") + row("PC-2", "06/11/2026 09:15:02");
    CHECK(error_of(data, shanghai()).starts_with("av.csv: every date reads both"));
    auto o = shanghai();
    o.date_order = DateOrder::dmy;
    auto rows = read_av_export(data, "av.csv", o);
    CHECK(timeutil::format_rfc3339(*rows[0].signature_updated_at) == "2026-11-05T01:15:02Z");
}

TEST_CASE("a date that does not exist names its line and nothing is read") {
    std::string data = type_line + header + row("PC-1", "2026/11/24 9:15:02") + row("PC-2", "2026/02/30 9:15:02");
    CHECK(error_of(data, shanghai()) == "av.csv:4: date '2026/02/30 9:15:02' does not exist\nnothing was imported");
}

TEST_CASE("a missing column, a bad boolean and an empty computer name are reported") {
    CHECK(error_of("\"PSComputerName\",\"AntivirusEnabled\"\r\n\"PC\",\"True\"\r\n", shanghai()) ==
          "av.csv:1: no column 'RealTimeProtectionEnabled': Get-MpComputerStatus | Export-Csv writes it\n"
          "av.csv:1: no column 'AntivirusSignatureLastUpdated': Get-MpComputerStatus | Export-Csv writes it\n"
          "nothing was imported");
    CHECK(error_of(header + row("PC-1", "2026/11/24 9:15:02", "Maybe") + row("", "2026/11/24 9:15:02"), shanghai()) ==
          "av.csv:2: invalid value 'Maybe': expected True or False\n"
          "av.csv:3: no computer name: PSComputerName is empty (export with Get-MpComputerStatus -CimSession NAME so "
          "that each row names its machine)\n"
          "nothing was imported");
}

TEST_CASE("a generic GBK console export is read through its map") {
    std::string utf8 = "终端名称,MAC地址,病毒库版本,病毒库更新时间,实时防护\r\n"
                       "机房1-01,00-1A-2B-3C-4D-5E,2026-11-20,2026/11/20 8:00:00,开启\r\n"
                       "机房1-02,00-1A-2B-3C-4D-5F,2026-11-01,2026/11/1 8:00:00,关闭\r\n";
    auto gbk = io::utf8_to_gbk(utf8);
    REQUIRE_FALSE(gbk.failed_at);
    AvReadOptions o = shanghai();
    o.format = AvFormat::generic;
    o.encoding = io::Encoding::gbk;
    o.map = parse_av_map("hostname=终端名称,mac=MAC地址,signature_version=病毒库版本,"
                         "signature_updated_at=病毒库更新时间,realtime=实时防护,product==火绒安全");
    auto rows = read_av_export(gbk.text, "hr.csv", o);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].hostname == "机房1-01");
    CHECK(rows[0].mac == "00-1A-2B-3C-4D-5E");
    CHECK(rows[0].product == "火绒安全");
    CHECK(rows[0].realtime == true);
    CHECK(rows[1].realtime == false);
    CHECK_FALSE(rows[1].enabled);
    CHECK(timeutil::format_rfc3339(*rows[1].signature_updated_at) == "2026-11-01T00:00:00Z");
}

TEST_CASE("a generic export whose columns do not match the map names the missing header") {
    AvReadOptions o = shanghai();
    o.format = AvFormat::generic;
    o.map = parse_av_map("hostname=计算机名,signature_updated_at=病毒库更新时间");
    CHECK(error_of("终端名称,病毒库更新时间\n机房1-01,2026/11/20 8:00:00\n", o) ==
          "av.csv:1: no column '计算机名', which the map names for hostname; the header has 终端名称, 病毒库更新时间\n"
          "nothing was imported");
}

TEST_CASE("a map names known fields as FIELD=HEADER") {
    CHECK(parse_av_map("hostname=名称, realtime = 实时防护").at("realtime") == "实时防护");
    CHECK_THROWS_AS(parse_av_map("host=名称"), Error);
    CHECK_THROWS_AS(parse_av_map("hostname"), Error);
    CHECK(read_av_bool("") == std::nullopt);
    CHECK(read_av_bool("FALSE") == false);
    CHECK(read_av_bool("已开启") == true);
}
