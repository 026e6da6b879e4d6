// The printable page: what each renderer writes for each block, and that every text is escaped.
#include "netsec/io/page.hpp"

#include <doctest/doctest.h>

using namespace netsec::io;

namespace {

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
    return n;
}

Page one_block(Block b) {
    Page page;
    page.sections.push_back({{}, {std::move(b)}});
    return page;
}

// The body of `html` between <body> and </body>.
std::string body_of(const std::string& html) {
    auto from = html.find("<body>\n") + 7;
    return html.substr(from, html.find("</body>") - from);
}

} // namespace

TEST_CASE("html: a page is one document with the one A4 stylesheet, its title and meta line") {
    Page page;
    page.lang = "en";
    page.title = "Security log";
    page.name = "Security log 2026";
    page.meta = {{"School", "示例小学"}, {"Period", "2026"}};
    std::string html = render_html(page);
    CHECK(html.rfind("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n", 0) == 0);
    CHECK(count(html, "<style>") == 1);
    CHECK(count(html, print_stylesheet()) == 1);
    CHECK(count(html, "@page { size: A4;") == 1);
    CHECK(count(html, "\"Noto Serif CJK SC\", \"Noto Sans CJK SC\", \"Source Han Serif SC\"") == 1);
    CHECK(count(html, "<title>Security log 2026</title>") == 1);
    CHECK(body_of(html) == "<h1>Security log</h1>\n<p class=\"meta\">School: 示例小学　Period: 2026</p>\n");
    CHECK(html.substr(html.size() - 16) == "</body>\n</html>\n");
}

TEST_CASE("html: every text is escaped, in the title, meta, headings, cells, headers and cut-outs") {
    const std::string evil = "<script>&\"'";
    const std::string safe = "&lt;script&gt;&amp;&quot;&#39;";
    Page page;
    page.title = evil;
    page.meta = {{evil, evil}};
    Section s{evil, {}, true, evil, evil};
    s.blocks.push_back(Paragraph{line(evil)});
    s.blocks.push_back(List{{line(evil)}});
    s.blocks.push_back(KeyValues{Pair{evil, Line{{evil, true, evil}}}, {{evil, evil}}});
    s.blocks.push_back(Table{{{evil}}, {{Cell(evil)}}});
    s.blocks.push_back(Signatures{{evil}});
    s.blocks.push_back(Cutout{evil, {{evil, evil}}, evil});
    page.sections.push_back(s);
    std::string html = render_html(page);
    CHECK(count(html, "<script>") == 0);
    CHECK(count(html, "\"'") == 0);
    CHECK(count(html, "<title>" + safe + "</title>") == 1);
    CHECK(count(html, "<section class=\"" + safe + "\" id=\"" + safe + "\">") == 1);
    CHECK(count(html, "<span class=\"" + safe + "\"><b>" + safe + "</b></span>") == 1);
    CHECK(count(html, safe) == 21);
}

TEST_CASE("html: a key-value table prints its head row first, then its pairs, two to a row when asked") {
    KeyValues kv{Pair{"事件编号", Line{{"INC-2026-0001", true}, {" 机房病毒"}}}, {{"等级", "IV"}, {"状态", "open"}}};
    CHECK(body_of(render_html(one_block(kv))) == "<table>\n"
                                                 "<tr><th>事件编号</th><td><b>INC-2026-0001</b> 机房病毒</td></tr>\n"
                                                 "<tr><th>等级</th><td>IV</td></tr>\n"
                                                 "<tr><th>状态</th><td>open</td></tr>\n"
                                                 "</table>\n");
    kv.head.reset();
    kv.rows.push_back({"主机", "pc1"});
    kv.pairs_per_row = 2;
    CHECK(body_of(render_html(one_block(kv))) == "<table>\n"
                                                 "<tr><th>等级</th><td>IV</td><th>状态</th><td>open</td></tr>\n"
                                                 "<tr><th>主机</th><td>pc1</td></tr>\n"
                                                 "</table>\n");
}

TEST_CASE("html: cells hold lines, a bulleted list, marks and a class") {
    Cell lines;
    lines.lines = {{{"上级 2026-03-02 20:00 — 按时", false, "on_time"}}, {{"公安机关 — 已超时未报", false, "overdue"}}};
    Cell password("Ab3x");
    password.mark = "password";
    KeyValues kv{{},
                 {{"是否按时", lines},
                  {"原始记录", list_cell({"a.txt", "b.txt"}, "无")},
                  {"经验教训", list_cell({}, "无")},
                  {"初始密码", password}}};
    CHECK(body_of(render_html(one_block(kv))) ==
          "<table>\n"
          "<tr><th>是否按时</th><td><span class=\"on_time\">上级 2026-03-02 20:00 — 按时</span><br>"
          "<span class=\"overdue\">公安机关 — 已超时未报</span></td></tr>\n"
          "<tr><th>原始记录</th><td><ul><li>a.txt</li><li>b.txt</li></ul></td></tr>\n"
          "<tr><th>经验教训</th><td>无</td></tr>\n"
          "<tr><th>初始密码</th><td class=\"password\">Ab3x</td></tr>\n"
          "</table>\n");
}

TEST_CASE("html: a record table has its caller's headers, column widths and nowrap columns") {
    Cell result("不符合");
    result.mark = "fail";
    Table t{{{"编号 Id", 10, true}, {"结果 Result", 0, true}, {"说明 Detail"}}, {{"HOST-0001", result, "a | b"}}};
    CHECK(body_of(render_html(one_block(t))) ==
          "<table class=\"records\">\n"
          "<colgroup><col style=\"width:10%\"><col><col></colgroup>\n"
          "<tr><th>编号 Id</th><th>结果 Result</th><th>说明 Detail</th></tr>\n"
          "<tr><td class=\"n\">HOST-0001</td><td class=\"n fail\">不符合</td><td>a | b</td></tr>\n"
          "</table>\n");
}

TEST_CASE("html: sections with a heading, kept-together sections, lists and signature lines") {
    Page page;
    page.sections.push_back({"整改措施", {List{{line("one"), line("two")}, true}}});
    page.sections.push_back({{}, {Paragraph{line("p")}}, true, "incident", "INC-2026-0001"});
    page.sections.push_back({{}, {Signatures{{"校长签字", "日期"}}}});
    CHECK(body_of(render_html(page)) == "<h2>整改措施</h2>\n<ol>\n<li>one</li>\n<li>two</li>\n</ol>\n"
                                        "<section class=\"incident\" id=\"INC-2026-0001\">\n<p>p</p>\n</section>\n"
                                        "<table class=\"sign\">\n<tr><th>校长签字</th><td></td>"
                                        "<th>日期</th><td></td></tr>\n</table>\n");
}

TEST_CASE("html: cut-outs between page breaks share one sheet; a page break starts a new page") {
    Section s;
    for (int i = 0; i < 3; ++i) {
        if (i == 2) s.blocks.push_back(PageBreak{});
        s.blocks.push_back(Cutout{"示例小学", {{"用户名 Username", "u" + std::to_string(i)}}, "不得转借他人"});
    }
    Page page;
    page.sections.push_back(s);
    std::string body = body_of(render_html(page));
    CHECK(count(body, "<div class=\"sheet\">") == 2);
    CHECK(count(body, "<div class=\"cutout\">") == 3);
    CHECK(count(body, "<div class=\"page-break\"></div>") == 1);
    CHECK(body.find("</div>\n<div class=\"page-break\"></div>\n<div class=\"sheet\">") != std::string::npos);
    CHECK(count(body, "<div class=\"cutout\">\n<div class=\"cutout-head\">示例小学</div>\n<table>\n"
                      "<tr><th>用户名 Username</th><td>u0</td></tr>\n</table>\n"
                      "<div class=\"note\">不得转借他人</div>\n</div>\n") == 1);
    CHECK(count(print_stylesheet(), ".page-break { page-break-before: always; break-before: page; }") == 1);
}

TEST_CASE("markdown_escape escapes the inline specials and turns a newline into <br>") {
    CHECK(markdown_escape("a|b *c* _d_ [e](f) <g> `h` \\ & ~ ^ $") ==
          "a\\|b \\*c\\* \\_d\\_ \\[e\\](f) \\<g\\> \\`h\\` \\\\ \\& \\~ \\^ \\$");
    CHECK(markdown_escape("line 1\nline 2") == "line 1<br>line 2");
    CHECK(markdown_escape("2026-03-02 09:00 示例县教育局 (phone, 电话 1)") ==
          "2026-03-02 09:00 示例县教育局 (phone, 电话 1)");
}

TEST_CASE("markdown: title, meta lines, a key-value table under its head, a grid table for a cell of lines") {
    Page page;
    page.title = "Security log";
    page.meta = {{"School", "示例小学"}, {"Period", "2026"}};
    KeyValues kv{
        Pair{"Incident", Line{{"INC-2026-0002", true}, {" port scan | probe"}}},
        {{"Category", "ATK"}, {"Reported", list_cell({"a", "b"}, "none")}, {"Lessons", list_cell({}, "none")}}};
    page.sections.push_back({{}, {kv}, true, "incident", "INC-2026-0002"});
    CHECK(render_markdown(page) == "# Security log\n\n"
                                   "School: 示例小学  \nPeriod: 2026\n\n"
                                   "## INC-2026-0002 port scan \\| probe\n\n"
                                   "+----------+------+\n"
                                   "| Category | ATK  |\n"
                                   "+----------+------+\n"
                                   "| Reported | - a  |\n"
                                   "|          | - b  |\n"
                                   "+----------+------+\n"
                                   "| Lessons  | none |\n"
                                   "+----------+------+\n");
}

TEST_CASE("markdown: a key-value table of one-line cells stays a pipe table with escaped cells") {
    KeyValues kv{{}, {{"Category", "ATK | x"}, {"Reported", list_cell({"a"}, "none")}}};
    Page page;
    page.sections.push_back({{}, {kv}});
    CHECK(render_markdown(page) == "\n| | |\n|---|---|\n| Category | ATK \\| x |\n| Reported | a |\n");
}

TEST_CASE("markdown: a record table with a cell of lines is a grid table, each line a paragraph, "
          "lined up by display width") {
    Cell steps;
    steps.lines = {line("1. 隔离主机"), line("查杀 | 病毒")};
    Table t{{{"步骤"}, {"内容"}}, {{"处置", steps}, {"报告", "无"}}};
    Page page;
    page.sections.push_back({{}, {t}});
    CHECK(render_markdown(page) == "\n+------+--------------+\n"
                                   "| 步骤 | 内容         |\n"
                                   "+======+==============+\n"
                                   "| 处置 | 1\\. 隔离主机 |\n"
                                   "|      |              |\n"
                                   "|      | 查杀 \\| 病毒 |\n"
                                   "+------+--------------+\n"
                                   "| 报告 | 无           |\n"
                                   "+------+--------------+\n");
}

TEST_CASE("markdown: record tables, two pairs to a row, lists, paragraphs, signatures") {
    Cell strong(Line{{"x*y", true}});
    Table t{{{"编号 Id"}, {"说明 | Detail"}}, {{"HOST-0001", strong}, {"HOST-0002", Cell()}}};
    KeyValues facts{{}, {{"检查编号", "1"}, {"主机", "pc1"}}, 2};
    Page page;
    page.sections.push_back({"需关注的项目", {t}});
    page.sections.push_back({{}, {facts, Paragraph{line("1. not a list")}, Paragraph{line("# not a heading")}}});
    page.sections.push_back({"整改措施", {List{{line("one"), line("two")}, true}}});
    page.sections.push_back({{}, {Signatures{{"校长签字", "日期"}}}});
    CHECK(render_markdown(page) == "\n## 需关注的项目\n\n"
                                   "| 编号 Id | 说明 \\| Detail |\n|---|---|\n"
                                   "| HOST-0001 | **x\\*y** |\n"
                                   "| HOST-0002 | |\n"
                                   "\n| | | | |\n|---|---|---|---|\n| 检查编号 | 1 | 主机 | pc1 |\n"
                                   "\n1\\. not a list\n"
                                   "\n\\# not a heading\n"
                                   "\n## 整改措施\n\n1. one\n2. two\n"
                                   "\n| 校长签字 | |\n|---|---|\n| 日期 | |\n");
}

TEST_CASE("markdown: cut-outs have a rule between them and a page break is a raw OpenXML page break") {
    Section s;
    s.blocks.push_back(Cutout{"示例小学", {{"用户名 Username", "a_b"}}, "不得转借他人"});
    s.blocks.push_back(Cutout{"示例小学", {{"用户名 Username", "c"}}, ""});
    s.blocks.push_back(PageBreak{});
    s.blocks.push_back(Cutout{"示例小学", {}, ""});
    Page page;
    page.sections.push_back(s);
    CHECK(render_markdown(page) == "\n**示例小学**\n\n| | |\n|---|---|\n| 用户名 Username | a\\_b |\n\n不得转借他人\n"
                                   "\n* * *\n"
                                   "\n**示例小学**\n\n| | |\n|---|---|\n| 用户名 Username | c |\n"
                                   "\n```{=openxml}\n<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>\n```\n"
                                   "\n**示例小学**\n");
}
