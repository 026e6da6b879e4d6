// The patrol's reading of a homepage: encoding, title, footer numbers, prohibited words.
#include "netsec/duty/patrol_page.hpp"
#include "netsec/io/encoding.hpp"

#include <doctest/doctest.h>

using namespace netsec;

namespace {
const char* homepage = R"(<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>  某某县中心小学
  &middot; 首页 </title>
<style>.foot { color: #333 }</style>
<script>var footer = "京ICP备99999999号";</script></head>
<body><div id="nav">首页 学校概况</div>
<p>欢迎访问 &amp; 京ICP备11111111号</p>
<div class="page-foot"><div>© 2026 某某县中心小学</div>
<a href="https://beian.miit.gov.cn/">京ICP备12345678号-1</a>
<a href="http://www.beian.gov.cn/">京公网安备 11010802012345号</a></div>
<p>after</p></body></html>)";
}

TEST_CASE("read_page gives the title with entities decoded and spaces collapsed") {
    auto facts = duty::read_page(homepage);
    CHECK(facts.title == "某某县中心小学 · 首页");
}

TEST_CASE("read_page reads the numbers in the footer only, scripts left out") {
    auto facts = duty::read_page(homepage);
    CHECK(facts.has_footer);
    CHECK(facts.footer == "© 2026 某某县中心小学 京ICP备12345678号-1 京公网安备 11010802012345号");
    REQUIRE(facts.numbers.size() == 2);
    CHECK(facts.numbers[0].number == "京ICP备12345678号-1");
    CHECK(facts.numbers[1].number == "京公网安备11010802012345号");
    CHECK(facts.text.find("var footer") == std::string::npos);
    CHECK(facts.text.find("after") != std::string::npos);
}

TEST_CASE("read_page looks for numbers in the whole page when it has no footer") {
    auto facts = duty::read_page("<html><body><p>京ICP备12345678号</p><span>x</span></body></html>");
    CHECK(!facts.has_footer);
    REQUIRE(facts.numbers.size() == 1);
    CHECK(facts.numbers[0].number == "京ICP备12345678号");
}

TEST_CASE("read_page follows a footer element to its own end tag") {
    auto facts = duty::read_page("<footer><footer>a</footer>京ICP备12345678号</footer>京公网安备11010802012345号");
    CHECK(facts.footer == "a 京ICP备12345678号");
    CHECK(facts.numbers.size() == 1);
}

TEST_CASE("read_page joins text split by inline elements") {
    auto facts = duty::read_page("<footer>京ICP备<b>12345678</b>号-1</footer>");
    REQUIRE(facts.numbers.size() == 1);
    CHECK(facts.numbers[0].number == "京ICP备12345678号-1");
}

TEST_CASE("read_page of a page without a title gives an empty title") {
    CHECK(duty::read_page("<p>a < b</p>").title == "");
    CHECK(duty::read_page("<p>a < b</p>").text == "a < b");
}

TEST_CASE("prohibited words are found in text, hidden parts and scripts, without case or spaces") {
    std::string page = R"(<p>欢迎</p><div style="display:none"><a href="/x">赌 博</a></div>)"
                       R"(<script>document.write("Online CASINO")</script><!-- 代开发票 -->)";
    auto found = duty::prohibited_words_in(page, {"casino", "赌博", "彩票", "代开发票", "casino"});
    CHECK(found == std::vector<std::string>{"casino", "赌博", "代开发票"});
}

TEST_CASE("prohibited words split by an inline tag or an entity are found") {
    CHECK(duty::prohibited_words_in("<p>赌<b>博</b></p>", {"赌博"}) == std::vector<std::string>{"赌博"});
    CHECK(duty::prohibited_words_in("<p>&#36172;&#x535A;</p>", {"赌博"}) == std::vector<std::string>{"赌博"});
}

TEST_CASE("a clean page holds no prohibited word") {
    CHECK(duty::prohibited_words_in(homepage, {"赌博", "彩票", " "}).empty());
}

TEST_CASE("decode_entities decodes numeric and named references and keeps unknown ones") {
    CHECK(duty::decode_entities("&lt;a&gt; &amp;amp; &#20013;&#x6587; &unknown; & x") ==
          "<a> &amp; 中文 &unknown; & x");
    CHECK(duty::decode_entities("&#0; &#xD800;") == "&#0; &#xD800;");
}

TEST_CASE("a page declared GBK, or not UTF-8 and declaring nothing, is read as GBK") {
    std::string utf8 = "<meta charset=gb2312><title>中心小学</title>";
    auto gbk = io::utf8_to_gbk(utf8).text;
    CHECK(duty::page_text_utf8(gbk, "") == utf8);
    CHECK(duty::page_text_utf8(io::utf8_to_gbk("<title>中心小学</title>").text, "") == "<title>中心小学</title>");
    CHECK(duty::page_text_utf8(io::utf8_to_gbk("<title>小学</title>").text, "text/html; charset=GBK") ==
          "<title>小学</title>");
}

TEST_CASE("a UTF-8 page is kept as it is") {
    CHECK(duty::page_text_utf8("<title>小学</title>", "text/html; charset=utf-8") == "<title>小学</title>");
    CHECK(duty::page_text_utf8("<title>小学</title>", "") == "<title>小学</title>");
}
