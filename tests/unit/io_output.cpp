#include "netsec/core/error.hpp"
#include "netsec/io/document.hpp"
#include "netsec/io/html.hpp"
#include "netsec/io/output.hpp"

#include <doctest/doctest.h>
#include <sstream>
#include <yaml-cpp/yaml.h>

using namespace netsec;
using namespace netsec::io;

namespace {

Records sample() {
    Records r;
    r.columns = {{"seq", Kind::integer}, {"name"}, {"time", Kind::time}, {"details", Kind::json}, {"hash", Kind::text, false}};
    r.rows.push_back({{"seq", 1}, {"name", "张三"}, {"time", "2026-11-25T06:00:07Z"}, {"details", {{"a", 1}}}, {"hash", "h1"}});
    r.rows.push_back({{"seq", 12}, {"name", "li, \"si\""}, {"time", "2026-01-01T00:00:00Z"}, {"details", nullptr}, {"hash", "h2"}});
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
          "{\"seq\":12,\"name\":\"li, \\\"si\\\"\",\"time\":\"2026-01-01T00:00:00Z\",\"details\":null,\"hash\":\"h2\"}\n");
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
    CHECK_THROWS_AS(parse_format("xml"), Error);
}

TEST_CASE("a document renders as YAML that reads back, and flattens for csv") {
    nlohmann::ordered_json doc = {{"school", {{"name", "测试小学"}, {"code", ""}}}, {"list", {1, "two"}}};
    YAML::Node back = YAML::Load(render_document(doc, Format::table));
    CHECK(back["school"]["name"].as<std::string>() == "测试小学");
    CHECK(back["school"]["code"].as<std::string>() == "");
    CHECK(back["list"][1].as<std::string>() == "two");
    CHECK(render_document(doc, Format::csv) == "key,value\nschool.name,测试小学\nschool.code,\nlist[0],1\nlist[1],two\n");
}

TEST_CASE("html_escape makes text safe for element content and quoted attributes") {
    CHECK(netsec::io::html_escape("<a href=\"x\">Tom & Jerry's</a>") ==
          "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
    CHECK(netsec::io::html_escape("机房病毒") == "机房病毒");
}
