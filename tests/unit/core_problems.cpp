#include "netsec/core/problems.hpp"

#include "netsec/core/i18n.hpp"

#include <cstdlib>
#include <doctest/doctest.h>

using namespace netsec;

namespace {

// A list of `n` problems at lines 1..n of "r.csv".
Problems problems_of(std::size_t n) {
    Problems p("r.csv");
    for (std::size_t i = 1; i <= n; ++i) p.add(i, fmt::format("bad row {}", i));
    return p;
}

std::string lines_of(std::size_t first, std::size_t last) {
    std::string out;
    for (std::size_t i = first; i <= last; ++i) out += fmt::format("r.csv:{}: bad row {}\n", i, i);
    return out;
}

// The zh_CN catalog of the build, for the case it lives in.
struct Chinese {
    Chinese() {
        ::setenv("NETSEC_LOCALEDIR", NETSEC_BUILD_DIR "/share/locale", 1);
        i18n::set_language("zh_CN");
        REQUIRE(i18n::language() == "zh_CN");
    }
    ~Chinese() {
        ::unsetenv("NETSEC_LOCALEDIR");
        i18n::set_language("en");
    }
};

} // namespace

TEST_CASE("no problem is no message and nothing thrown") {
    Problems p("r.csv");
    CHECK(p.empty());
    CHECK(p.count() == 0);
    CHECK(p.message("nothing was imported") == "");
    CHECK_NOTHROW(p.throw_if_any("nothing was imported"));
}

TEST_CASE("problems are listed in the order found, as source:line: reason, then what was not done") {
    Problems p("past.csv");
    p.add(7, "'title' is required");
    p.add(4, "unknown category 'VIRUS'");
    p.add(2, 5, "not valid JSON");
    p.add("no account in a class matching '2019级*'");
    CHECK(p.count() == 4);
    CHECK(p.message("nothing was imported") == "past.csv:7: 'title' is required\n"
                                               "past.csv:4: unknown category 'VIRUS'\n"
                                               "past.csv:2:5: not valid JSON\n"
                                               "no account in a class matching '2019级*'\n"
                                               "nothing was imported");
}

TEST_CASE("exactly 20 problems are all listed, with no count of more") {
    auto p = problems_of(20);
    CHECK(p.count() == 20);
    CHECK(p.message("nothing was imported") == lines_of(1, 20) + "nothing was imported");
}

TEST_CASE("21 problems list the first 20, then '… and 1 more'") {
    auto p = problems_of(21);
    CHECK(p.count() == 21);
    CHECK(p.message("nothing was imported") == lines_of(1, 20) + "… and 1 more\nnothing was imported");
}

TEST_CASE("a million problems keep only the first 20 texts and count the rest") {
    auto p = problems_of(1'000'000);
    CHECK(p.count() == 1'000'000);
    CHECK(p.kept().size() == Problems::shown);
    CHECK(p.kept().back() == "r.csv:20: bad row 20");
    CHECK(p.message("nothing was read") == lines_of(1, 20) + "… and 999980 more\nnothing was read");
}

TEST_CASE("throw_if_any throws the message with the caller's exit code") {
    auto p = problems_of(22);
    CHECK_THROWS_WITH_AS(p.throw_if_any("nothing was imported"),
                         (lines_of(1, 20) + "… and 2 more\nnothing was imported").c_str(), Error);
    try {
        p.throw_if_any("nothing was changed", Exit::no_input);
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == Exit::no_input);
    }
    try {
        p.throw_if_any("nothing was imported");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == Exit::data);
    }
}

TEST_CASE("under zh_CN the count of more and the line of what was not done are Chinese") {
    Chinese zh;
    auto p = problems_of(25);
    CHECK(p.message(_("nothing was imported")) == lines_of(1, 20) + "…… 另有 5 项\n未导入任何内容");
}
