// Calendar dates (core/date) and the school calendar (policy `calendar`).
#include "netsec/core/date.hpp"
#include "netsec/core/error.hpp"
#include "netsec/policy/policy.hpp"
#include "school_fixture.hpp"
#include "testutil.hpp"

#include <doctest/doctest.h>

using namespace netsec;

TEST_CASE("a date is YYYY-MM-DD and exists") {
    CHECK(date::try_parse("2026-12-07") == date::Date{2026, 12, 7});
    CHECK(date::try_parse("2028-02-29").has_value());
    CHECK_FALSE(date::try_parse("2026-02-29"));
    CHECK_FALSE(date::try_parse("2026-02-30"));
    CHECK_FALSE(date::try_parse("2026-13-01"));
    CHECK_FALSE(date::try_parse("2026-1-01"));
    CHECK_FALSE(date::try_parse("2026-01-01 "));
    try {
        date::parse("2026-02-30", "--date");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == Exit::usage);
        CHECK(std::string(e.what()) == "invalid date '2026-02-30' for --date: expected YYYY-MM-DD, a day that exists");
    }
}

TEST_CASE("date arithmetic crosses months, years and leap days") {
    CHECK(date::format(date::add_days({2026, 12, 31}, 1)) == "2027-01-01");
    CHECK(date::format(date::add_days({2028, 3, 1}, -1)) == "2028-02-29");
    CHECK(date::days_between({2026, 9, 1}, {2027, 9, 1}) == 365);
    CHECK(date::days_between({2027, 9, 1}, {2026, 9, 1}) == -365);
    CHECK(date::weekday({2026, 12, 7}) == 1); // a Monday
    CHECK(date::weekday({2026, 12, 13}) == 7);
    CHECK(date::format(date::add_months({2026, 1, 31}, 1)) == "2026-02-28");
    CHECK(date::format(date::add_months({2026, 11, 30}, 14)) == "2028-01-30");
    CHECK(date::days_in({2028, 2}) == 29);
    CHECK(date::format(date::parse_month("2026-12", "--month")) == "2026-12");
    CHECK_THROWS_AS(date::parse_month("2026-13", "--month"), Error);
    CHECK_THROWS_AS(date::parse_month("2026-1", "--month"), Error);
}

TEST_CASE("the local date of an instant is the school's") {
    auto t = test::utc("2026-12-07T17:00:00Z"); // 01:00 the next day in Shanghai
    CHECK(date::format(date::of(t, "Asia/Shanghai")) == "2026-12-08");
    CHECK(date::format(date::of(t, "UTC")) == "2026-12-07");
    CHECK(date::start_of({2026, 12, 8}, "Asia/Shanghai") == test::utc("2026-12-07T16:00:00Z"));
}

TEST_CASE("the school year starts on the policy's day; terms and holidays are found") {
    test::TempDir tmp;
    auto p = policy::parse_policy(test::minimal_policy("calendar:\n"
                                                       "  year_starts: 08-25\n"
                                                       "  terms:\n"
                                                       "    - {name: 第一学期, from: 2026-08-25, to: 2027-01-22}\n"
                                                       "    - {name: 第二学期, from: 2027-02-22, to: 2027-07-09}\n"
                                                       "  holidays:\n"
                                                       "    - {name: 国庆节, from: 2026-10-01, to: 2026-10-07}\n"),
                                  tmp.file("p.yaml"));
    const auto& cal = p.calendar;
    CHECK(policy::school_year_of(cal, {2026, 8, 24}) == 2025);
    CHECK(policy::school_year_of(cal, {2026, 8, 25}) == 2026);
    CHECK(policy::school_year_of(cal, {2027, 8, 24}) == 2026);
    auto [from, to] = policy::school_year_span(cal, 2026);
    CHECK(date::format(from) == "2026-08-25");
    CHECK(date::format(to) == "2027-08-24");
    REQUIRE(policy::term_of(cal, {2026, 12, 7}));
    CHECK(policy::term_of(cal, {2026, 12, 7})->name == "第一学期");
    CHECK_FALSE(policy::term_of(cal, {2027, 2, 1}));
    REQUIRE(policy::holiday_of(cal, {2026, 10, 3}));
    CHECK(policy::holiday_of(cal, {2026, 10, 3})->name == "国庆节");
    CHECK_FALSE(policy::holiday_of(cal, {2026, 10, 8}));
}

TEST_CASE("the default school year starts on 1 September") {
    test::TempDir tmp;
    auto p = policy::parse_policy(test::minimal_policy(), tmp.file("p.yaml"));
    CHECK(policy::school_year_of(p.calendar, {2026, 8, 31}) == 2025);
    CHECK(policy::school_year_of(p.calendar, {2026, 9, 1}) == 2026);
}

TEST_CASE("a calendar's problems name their line") {
    test::TempDir tmp;
    auto bad = [&](const std::string& yaml) {
        try {
            policy::parse_policy(test::minimal_policy(yaml), tmp.file("p.yaml"));
        } catch (const Error& e) {
            CHECK(e.code() == Exit::config);
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK(bad("calendar:\n  year_starts: 02-29\n").find("'calendar.year_starts' expects a month and day as MM-DD") !=
          std::string::npos);
    CHECK(bad("calendar:\n  terms:\n    - {name: a, from: 2026-09-01, to: 2026-08-01}\n")
              .find("is before its 'from'") != std::string::npos);
    CHECK(bad("calendar:\n  terms:\n    - {name: a, from: 2026-09-01, to: 2027-01-01}\n"
              "    - {name: b, from: 2026-12-01, to: 2027-07-01}\n")
              .find("starts before the term before it ends") != std::string::npos);
    CHECK(bad("calendar:\n  holidays:\n    - {name: a, from: 2026-02-30, to: 2026-03-01}\n").find("expects a date") !=
          std::string::npos);
}
