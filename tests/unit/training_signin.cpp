#include "netsec/core/error.hpp"
#include "netsec/io/encoding.hpp"
#include "netsec/training/signin.hpp"

#include <doctest/doctest.h>

using namespace netsec;
using namespace netsec::training;

namespace {

std::string gbk(const std::string& utf8) {
    auto out = io::utf8_to_gbk(utf8);
    REQUIRE(!out.failed_at);
    return out.text;
}

std::string error_of(const std::string& bytes, SheetEncoding encoding = SheetEncoding::automatic) {
    try {
        read_signin_sheet(bytes, "签到表.csv", encoding);
        return "";
    } catch (const Error& e) {
        CHECK(e.code() == Exit::data);
        return e.what();
    }
}

const std::string sheet = "2026年秋季网络安全培训签到表,,,\r\n"
                          "序号,姓 名,工号,签到时间\r\n"
                          "1,王  芳,1001,2026/11/20 14:05\r\n"
                          "2,李伟,,14:07\r\n"
                          ",,,\r\n"
                          "3,张　敏,１００３,２０２６／１１／２０　１４：１０\r\n";

} // namespace

TEST_CASE("a sign-in sheet's header is found below its title") {
    auto s = read_signin_sheet(sheet, "签到表.csv", SheetEncoding::automatic);
    CHECK(s.header_line == 2);
    REQUIRE(s.rows.size() == 3);
    CHECK(s.ignored == std::vector<std::string>{"序号"});
    CHECK(s.rows[0].line == 3);
    CHECK(s.rows[0].name == "王芳");
    CHECK(s.rows[0].staff_no == "1001");
    CHECK(s.rows[0].signed_at == "2026-11-20 14:05");
    CHECK(s.rows[1].staff_no == "");
    CHECK(s.rows[1].signed_at == "14:07");
    CHECK(s.rows[2].line == 6); // the blank row is left out, its line still counted
}

TEST_CASE("a sign-in sheet's full-width digits, colons and spaces read as ASCII") {
    auto s = read_signin_sheet(sheet, "签到表.csv", SheetEncoding::automatic);
    CHECK(s.rows[2].name == "张敏");
    CHECK(s.rows[2].staff_no == "1003");
    CHECK(s.rows[2].signed_at == "2026-11-20 14:10");
    CHECK(normalize_cell("  ａｂｃ　 ｄ：１ ") == "abc d:1");
    CHECK(normalize_cell("Zhang   Wei") == "Zhang Wei");
}

TEST_CASE("a sign-in sheet saved in GBK reads as the same sheet") {
    auto utf8 = read_signin_sheet(sheet, "签到表.csv", SheetEncoding::automatic);
    auto auto_gbk = read_signin_sheet(gbk(sheet), "签到表.csv", SheetEncoding::automatic);
    auto given_gbk = read_signin_sheet(gbk(sheet), "签到表.csv", SheetEncoding::gbk);
    REQUIRE(auto_gbk.rows.size() == 3);
    CHECK(auto_gbk.rows[0].name == utf8.rows[0].name);
    CHECK(given_gbk.rows[2].signed_at == utf8.rows[2].signed_at);
    CHECK(error_of(gbk(sheet), SheetEncoding::utf8) ==
          "签到表.csv: not valid UTF-8 text; for a sheet saved on Chinese Windows give --encoding gbk or auto\n"
          "nothing was imported");
}

TEST_CASE("a sign-in sheet with a UTF-8 byte-order mark, or saved as Unicode text, reads the same") {
    auto bom =
        read_signin_sheet(std::string(io::utf8_bom) + "姓名,签到时间\n王芳,14:05\n", "a.csv", SheetEncoding::automatic);
    REQUIRE(bom.rows.size() == 1);
    CHECK(bom.rows[0].name == "王芳");
    auto utf16 = io::convert_text("姓名\t工号\t签到时间\r\n王芳\t1001\t2026-11-20 14:05:33\r\n", "UTF-8", "UTF-16LE");
    REQUIRE(!utf16.failed_at);
    auto tsv = read_signin_sheet(std::string(io::utf16le_bom) + utf16.text, "a.txt", SheetEncoding::automatic);
    REQUIRE(tsv.rows.size() == 1);
    CHECK(tsv.rows[0].staff_no == "1001");
    CHECK(tsv.rows[0].signed_at == "2026-11-20 14:05:33");
}

TEST_CASE("a sign-in sheet's times read in the forms Excel writes") {
    auto time_of = [](const std::string& cell) {
        return read_signin_sheet("姓名,签到时间\n王芳," + cell + "\n", "a.csv", SheetEncoding::automatic)
            .rows.at(0)
            .signed_at;
    };
    CHECK(time_of("2026/1/5 9:05") == "2026-01-05 09:05");
    CHECK(time_of("2026年11月20日 14:05") == "2026-11-20 14:05");
    CHECK(time_of("2026-11-20T14:05:09") == "2026-11-20 14:05:09");
    CHECK(time_of("") == "");
    CHECK(error_of("姓名,签到时间\n王芳,2026/2/30 9:05\n") ==
          "签到表.csv:2: cannot read the sign-in time '2026/2/30 9:05': expected e.g. 2026/11/20 14:05 or 14:05\n"
          "nothing was imported");
    CHECK(error_of("姓名,签到时间\n王芳,25:00\n").starts_with("签到表.csv:2: cannot read the sign-in time '25:00'"));
}

TEST_CASE("a sign-in sheet's header is read with tolerance and repeated headers are skipped") {
    auto s = read_signin_sheet(
        "签到时间：, 姓名（签字）,用户名,备注\n14:05,王芳,wangfang,迟到\n签到时间：, 姓名（签字）,用户名,备注\n"
        "14:06,李伟,liwei,\n",
        "a.csv", SheetEncoding::automatic);
    REQUIRE(s.rows.size() == 2);
    CHECK(s.rows[0].username == "wangfang");
    CHECK(s.rows[1].name == "李伟");
    CHECK(s.ignored == std::vector<std::string>{"备注"});
}

TEST_CASE("a sign-in sheet without a 姓名 header is refused") {
    CHECK(error_of("工号,时间\n1001,14:05\n") ==
          "签到表.csv: no header naming 姓名 found; a sign-in sheet's header names 姓名, 工号 and 签到时间\n"
          "nothing was imported");
}

TEST_CASE("a sign-in sheet with a bad row at its end is refused whole") {
    CHECK(error_of("姓名,工号,签到时间\n王芳,1001,14:05\n李伟,1002,14:06\n,,合计 2 人\n") ==
          "签到表.csv:4: no 姓名 or 工号 in this row; a sign-in sheet's rows each name one person\n"
          "nothing was imported");
}

TEST_CASE("a sign-in sheet that is neither UTF-8 nor GBK is refused naming its line") {
    CHECK(error_of("姓名\n王芳\n\x81\x20\n") == "签到表.csv:3: neither UTF-8 nor GBK text\nnothing was imported");
}
