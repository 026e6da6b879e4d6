#include "netsec/core/error.hpp"
#include "netsec/io/encoding.hpp"
#include "netsec/io/output.hpp"
#include "netsec/io/records.hpp"

#include <doctest/doctest.h>
#include <sstream>

using namespace netsec;
using namespace netsec::io;

namespace {

Records people() {
    Records r;
    r.columns = {{"username"}, {"name"}, {"class"}};
    r.rows.push_back({{"username", "zhangsan"}, {"name", "张三"}, {"class", "2026级1班"}});
    r.rows.push_back({{"username", "lisi"}, {"name", "李四, \"小\""}, {"class", nullptr}});
    return r;
}

std::string render(Format f, const Records& r, Encoding encoding) {
    TableStyle style;
    style.encoding = encoding;
    std::ostringstream out;
    write_records(out, f, r, style);
    return out.str();
}

std::string error_of(Format f, const Records& r, Encoding encoding) {
    try {
        render(f, r, encoding);
    } catch (const Error& e) {
        return std::to_string(int(e.code())) + " " + e.what();
    }
    return "no error";
}

} // namespace

TEST_CASE("output encodings are named, or a usage error listing them") {
    CHECK(parse_output_encoding("utf-8") == Encoding::utf8);
    CHECK(parse_output_encoding("UTF-8-BOM") == Encoding::utf8_bom);
    CHECK(parse_output_encoding("gbk") == Encoding::gbk);
    CHECK_THROWS_WITH_AS(parse_output_encoding("gb18030"),
                         "unknown encoding 'gb18030': expected utf-8, utf-8-bom or gbk", Error);
    CHECK_THROWS_WITH_AS(parse_encoding("utf-8-bom"), "unknown encoding 'utf-8-bom': expected utf-8 or gbk", Error);
    CHECK(encoding_name(Encoding::utf8_bom) == "utf-8-bom");
}

TEST_CASE("utf-8-bom puts a byte-order mark before the csv and tsv text, and nothing else changes") {
    std::string plain = render(Format::csv, people(), Encoding::utf8);
    CHECK(plain == "username,name,class\nzhangsan,张三,2026级1班\nlisi,\"李四, \"\"小\"\"\",\n");
    CHECK(render(Format::csv, people(), Encoding::utf8_bom) == "\xEF\xBB\xBF" + plain);
    CHECK(render(Format::tsv, people(), Encoding::utf8_bom) ==
          "\xEF\xBB\xBF" + render(Format::tsv, people(), Encoding::utf8));
}

TEST_CASE("gbk writes csv in GBK, which the reader gives back as it was") {
    std::string gbk = render(Format::csv, people(), Encoding::gbk);
    CHECK(gbk.find("\xD5\xC5\xC8\xFD") != std::string::npos); // 张三
    ReadOptions o;
    o.format = InputFormat::csv;
    o.encoding = Encoding::gbk;
    auto rows = read_records(gbk, "g.csv", o);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].fields["name"] == "张三");
    CHECK(rows[0].fields["class"] == "2026级1班");
    CHECK(rows[1].fields["name"] == "李四, \"小\"");
}

TEST_CASE("utf-8-bom csv is read back without the mark") {
    auto rows = read_records(render(Format::csv, people(), Encoding::utf8_bom), "b.csv", {});
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].fields.begin().key() == "username");
}

TEST_CASE("a character GBK cannot hold is a data error naming its row and field, and nothing is written") {
    Records r = people();
    r.rows[1]["name"] = "李四😀";
    std::ostringstream out;
    TableStyle style;
    style.encoding = Encoding::gbk;
    CHECK_THROWS_WITH_AS(write_records(out, Format::csv, r, style),
                         "'😀' (U+1F600) cannot be written in GBK: row 2, field 'name'; --encoding utf-8-bom "
                         "writes every character",
                         Error);
    CHECK(out.str().empty());
    CHECK(error_of(Format::tsv, r, Encoding::gbk).rfind("65 '😀' (U+1F600)", 0) == 0);
}

TEST_CASE("an encoding other than utf-8 is refused for formats other than csv and tsv") {
    CHECK(error_of(Format::jsonl, people(), Encoding::gbk) == "64 only csv and tsv are written in gbk");
    CHECK(error_of(Format::table, people(), Encoding::utf8_bom) == "64 only csv and tsv are written in utf-8-bom");
    CHECK(error_of(Format::json, people(), Encoding::utf8) == "no error");
}

TEST_CASE("convert_text names where a conversion stops") {
    Converted c = utf8_to_gbk("ab𠀀c"); // U+20000, outside GBK
    REQUIRE(c.failed_at);
    CHECK(*c.failed_at == 2);
    CHECK(gbk_to_utf8("\xD5\xC5").text == "张");
    CHECK_THROWS_WITH_AS(convert_text("x", "UTF-8", "NO-SUCH-CODE"),
                         "this system's iconv cannot convert UTF-8 to NO-SUCH-CODE", Error);
}

TEST_CASE("utf-16le is read into utf-8 without its byte-order mark, and a broken unit is found where it starts") {
    // "Node,名\r\n" as wmic writes it redirected to a file: UTF-16LE after FF FE.
    std::string wide("\xFF\xFE"
                     "N\0o\0d\0e\0,\0\x0D\x54\r\0\n\0",
                     18);
    Converted ok = utf16le_to_utf8(wide);
    CHECK_FALSE(ok.failed_at);
    CHECK(ok.text == "Node,名\r\n");
    CHECK(utf16le_to_utf8(std::string("A\0", 2)).text == "A"); // no mark: read as it is
    Converted odd = utf16le_to_utf8(std::string("\xFF\xFE"
                                                "A\0B",
                                                5));
    REQUIRE(odd.failed_at);
    CHECK(*odd.failed_at == 4); // the odd last byte, counted in the bytes given (mark included)
    CHECK(odd.text == "A");
    Converted lone = utf16le_to_utf8(std::string("A\0\x00\xD8"
                                                 "B\0",
                                                 6)); // a high surrogate alone
    REQUIRE(lone.failed_at);
    CHECK(*lone.failed_at == 2);
}
