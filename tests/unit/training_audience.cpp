#include "netsec/core/error.hpp"
#include "netsec/training/session_audience.hpp"

#include <doctest/doctest.h>

using namespace netsec;
using namespace netsec::training;

namespace {

std::string audience(const std::vector<std::string>& given) { return format_audience(parse_audience(given)); }

std::string error_of(const std::vector<std::string>& given) {
    try {
        parse_audience(given);
        return "";
    } catch (const Error& e) {
        CHECK(e.code() == Exit::usage);
        return e.what();
    }
}

} // namespace

TEST_CASE("an audience reads its words in the order given, each once") {
    CHECK(audience({"staff"}) == "staff");
    CHECK(audience({"grade:3 class:4-2", "staff,grade:3"}) == "grade:3 class:4-2 staff");
    CHECK(audience({}) == "");
    CHECK(audience({"all"}) == "all");
}

TEST_CASE("an audience reads full-width and Chinese forms") {
    CHECK(audience({"ｇｒａｄｅ：３，class：３－２"}) == "grade:3 class:3-2");
    CHECK(audience({"教职工"}) == "staff");
    CHECK(audience({"全校"}) == "all");
}

TEST_CASE("an audience reads Chinese grade and class names") {
    CHECK(audience({"三年级"}) == "grade:3");
    CHECK(audience({"3年级2班", "五(1)班", "六（3）"}) == "class:3-2 class:5-1 class:6-3");
    CHECK(audience({"教师"}) == "staff");
}

TEST_CASE("an audience word that is none of the forms is refused naming it") {
    CHECK(error_of({"staff teachers"}) ==
          "unknown audience 'teachers': expected staff, all, grade:N (e.g. grade:3) or class:N-M (e.g. class:3-2)");
    CHECK(error_of({"grade:13"}).starts_with("unknown audience 'grade:13'"));
    CHECK(error_of({"class:3-0"}).starts_with("unknown audience 'class:3-0'"));
    CHECK(error_of({"十三年级"}).starts_with("unknown audience '十三年级'"));
}

TEST_CASE("an audience of all with other words is refused") {
    CHECK(error_of({"all staff"}) == "audience 'all' already takes in everyone: give it alone");
}

TEST_CASE("an audience reaches the classes of its grades and classes") {
    auto words = read_audience("grade:3 class:4-2");
    CHECK(reaches_class(words, 3, 7));
    CHECK(reaches_class(words, 4, 2));
    CHECK_FALSE(reaches_class(words, 4, 1));
    CHECK(reaches_class(read_audience("all"), 1, 1));
    CHECK_FALSE(reaches_class(read_audience("staff"), 1, 1));
    CHECK_THROWS_AS(read_audience("grade:13"), Error);
    CHECK_THROWS_AS(read_audience("class:3-100"), Error);
}

TEST_CASE("a grade or class named as the account registry names it is kept by its name") {
    auto words = read_audience("grade:2026级 class:2025级1班");
    REQUIRE(words.size() == 2);
    CHECK(words[0].name == "2026级");
    CHECK(words[1].name == "2025级1班");
    CHECK(format_audience(words) == "grade:2026级 class:2025级1班");
    CHECK_FALSE(reaches_class(words, 3, 1)); // a name is matched against the accounts, not numbers
}
