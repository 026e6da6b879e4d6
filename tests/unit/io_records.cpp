#include "netsec/core/error.hpp"
#include "netsec/io/records.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

using namespace netsec;
using namespace netsec::io;

namespace {

std::string error_of(const std::string& data, const std::string& source, ReadOptions o = {}) {
    try {
        read_records(data, source, o);
        return "";
    } catch (const Error& e) {
        CHECK(e.code() == Exit::data);
        return e.what();
    }
}

} // namespace

TEST_CASE("csv reads headers, quotes, embedded newlines and a BOM") {
    auto rows = read_records("\xEF\xBB\xBFusername,姓名\r\nzs,\"张, 三\"\r\nls,\"李\n四\"\r\n", "r.csv", {});
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].line == 2);
    CHECK(rows[0].fields["username"] == "zs");
    CHECK(rows[0].fields["姓名"] == "张, 三");
    CHECK(rows[1].fields["姓名"] == "李\n四");
    CHECK(rows[1].line == 3);
}

TEST_CASE("a short csv row is reported with its line and nothing is returned") {
    std::string out = error_of("a,b\n1,2\n3\n4,5,6\n", "r.csv");
    CHECK(out == "r.csv:3: expected 2 fields as in the header, found 1\nr.csv:4: expected 2 fields as in the header, "
                 "found 3\nnothing was read");
}

TEST_CASE("an unclosed quote is reported where it opens") {
    CHECK(error_of("a,b\n1,\"open\n2,3\n", "r.csv") == "r.csv:2: a quoted field is never closed\nnothing was read");
}

TEST_CASE("duplicate and empty header names are reported") {
    CHECK(error_of("a,a\n1,2\n", "r.csv") == "r.csv:1: column 'a' appears twice in the header\nnothing was read");
    CHECK(error_of("a,\n1,2\n", "r.csv") == "r.csv:1: the header has an empty column name\nnothing was read");
}

TEST_CASE("GBK text is read when asked, and refused as UTF-8 with a hint") {
    std::string gbk = "name\n\xD5\xC5\xC8\xFD\n"; // 张三 in GBK
    ReadOptions o;
    o.format = InputFormat::csv;
    o.encoding = Encoding::gbk;
    auto rows = read_records(gbk, "r.csv", o);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].fields["name"] == "张三");
    CHECK(error_of(gbk, "r.csv") == "r.csv:2: not valid UTF-8; for a spreadsheet saved on Chinese Windows add "
                                    "--encoding gbk\nnothing was read");
    o.encoding = Encoding::gbk;
    CHECK(error_of("name\n\x81\n", "r.csv", o) == "r.csv:2: not valid GBK text\nnothing was read");
}

TEST_CASE("tsv reads tabs and unescapes") {
    ReadOptions o;
    o.format = InputFormat::tsv;
    auto rows = read_records("a\tb\nx\\ty\tz\n", "-", o);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].fields["a"] == "x\ty");
}

TEST_CASE("jsonl reads objects a line and names bad lines") {
    auto rows = read_records("{\"username\":\"a\"}\n\n{\"username\":\"b\",\"n\":2}\n", "<stdin>", {});
    REQUIRE(rows.size() == 2);
    CHECK(rows[1].line == 3);
    CHECK(rows[1].fields["n"] == 2);
    std::string out = error_of("{\"a\":1}\n[1]\n{bad\n", "x.jsonl");
    CHECK(out.find("x.jsonl:2: expected a JSON object, one a line") == 0);
    CHECK(out.find("x.jsonl:3: not valid JSON") != std::string::npos);
}

TEST_CASE("plain lines become records keyed as asked") {
    ReadOptions o;
    o.key = "username";
    auto rows = read_records("alice\n  bob  \n\n", "<stdin>", o);
    REQUIRE(rows.size() == 2);
    CHECK(rows[1].fields["username"] == "bob");
    CHECK(rows[1].line == 2);
}

TEST_CASE("many bad rows are reported up to a limit with a count of the rest, then what was not done") {
    std::string data = "a,b\n";
    for (int i = 0; i < 30; ++i) data += "x\n";
    ReadOptions o;
    o.not_done = "nothing was imported";
    std::string want;
    for (int line = 2; line < 22; ++line)
        want += fmt::format("r.csv:{}: expected 2 fields as in the header, found 1\n", line);
    CHECK(error_of(data, "r.csv", o) == want + "… and 10 more\nnothing was imported");
}

TEST_CASE("read into a problem list, bad rows are added to it and the good ones returned") {
    Problems problems("r.csv");
    auto rows = read_records("a,b\n1,2\n3\n4,5\n", {}, problems);
    REQUIRE(rows.size() == 2);
    CHECK(rows[1].line == 4);
    CHECK(problems.kept() == std::vector<std::string>{"r.csv:3: expected 2 fields as in the header, found 1"});
    Problems gbk("g.csv");
    CHECK(read_records("name\n\xD5\n", {}, gbk).empty());
    CHECK(gbk.kept().front().rfind("g.csv:2: not valid UTF-8", 0) == 0);
}

TEST_CASE("formats and encodings are named or a usage error") {
    CHECK(parse_input_format("csv") == InputFormat::csv);
    CHECK(parse_encoding("GBK") == Encoding::gbk);
    CHECK_THROWS_WITH_AS(parse_input_format("xls"), "unknown input format 'xls': expected jsonl, csv, tsv or lines",
                         Error);
    CHECK_THROWS_WITH_AS(parse_encoding("big5"), "unknown encoding 'big5': expected utf-8 or gbk", Error);
}

TEST_CASE("find_column reads a header by the field's name or an alias, in any case, '-' or ' ' for '_'") {
    std::vector<Column> columns = {{"full_name", Kind::text, true, {"name", "姓名"}, true},
                                   {"student_no", Kind::text, true, {"student number", "学号", "学籍号"}}};
    auto name_of = [&](const std::string& header) {
        const Column* c = find_column(columns, header);
        return c ? c->name : std::string("(none)");
    };
    CHECK(name_of("full_name") == "full_name");
    CHECK(name_of(" Name ") == "full_name");
    CHECK(name_of("姓名") == "full_name");
    CHECK(name_of("Full-Name") == "full_name");
    CHECK(name_of("学号") == "student_no");
    CHECK(name_of("学籍号") == "student_no");
    CHECK(name_of("Student Number") == "student_no");
    CHECK(name_of("student_number") == "student_no");
    CHECK(name_of("STUDENT NO") == "student_no");
    CHECK(name_of("性别") == "(none)");
    CHECK(name_of("") == "(none)");
}

TEST_CASE("map_headers maps the first record's headers, leaves out the rest, and needs the required") {
    std::vector<Column> columns = {{"full_name", Kind::text, true, {"name", "姓名"}, true},
                                   {"class", Kind::text, true, {"班级"}}};
    std::vector<Record> records = {{2, {{"姓名", " 王芳 "}, {"性别", "女"}, {"name", "x"}, {"班级", nullptr}}}};
    Headers h = map_headers(columns, records, "r.csv");
    CHECK(h.header_of.at("full_name") == "姓名");
    CHECK(h.ignored == std::vector<std::string>{"性别", "name"});
    CHECK(header_value(h, records[0], "full_name") == "王芳");
    CHECK(header_value(h, records[0], "class") == "");
    CHECK(map_headers(columns, {}, "r.csv").header_of.empty());
    std::vector<Record> nameless = {{2, {{"班级", "1班"}}}};
    CHECK_THROWS_WITH_AS(map_headers(columns, nameless, "r.csv"),
                         "r.csv: no full_name column; the header must name one of full_name, name, 姓名", Error);
}
