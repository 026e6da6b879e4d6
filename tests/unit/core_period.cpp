#include "netsec/core/error.hpp"
#include "netsec/core/period.hpp"

#include <doctest/doctest.h>

using namespace netsec;
using timeutil::format_rfc3339;

namespace {

// The exit code and message `args` is refused with in Asia/Shanghai.
std::pair<Exit, std::string> refusal(const PeriodArgs& args) {
    try {
        parse_period(args, "Asia/Shanghai");
    } catch (const Error& e) {
        return {e.code(), e.what()};
    }
    FAIL("accepted");
    return {};
}

} // namespace

TEST_CASE("a year is its local calendar year as a half-open UTC interval") {
    Period p = parse_period({2026, "", ""}, "Asia/Shanghai");
    CHECK(format_rfc3339(p.from) == "2025-12-31T16:00:00Z");
    CHECK(format_rfc3339(p.to) == "2026-12-31T16:00:00Z");
    CHECK(p.year == 2026);
    CHECK(p.label == "2026");
    CHECK(p.contains(p.from));
    CHECK_FALSE(p.contains(p.to));
}

TEST_CASE("from and to are whole local days, both included") {
    Period p = parse_period({0, "2026-04-01", "2026-04-30"}, "Asia/Shanghai");
    CHECK(format_rfc3339(p.from) == "2026-03-31T16:00:00Z");
    CHECK(format_rfc3339(p.to) == "2026-04-30T16:00:00Z");
    CHECK(p.year == 0);
    CHECK(p.label == "2026-04-01 — 2026-04-30");
    Period one = parse_period({0, "2025-12-31", "2025-12-31"}, "UTC");
    CHECK(one.to - one.from == std::chrono::hours(24));
}

TEST_CASE("a day of summer time's change ends at the next local midnight") {
    // Europe/Berlin moves its clocks forward on 2026-03-29: that day has 23 hours.
    Period p = parse_period({0, "2026-03-29", "2026-03-29"}, "Europe/Berlin");
    CHECK(format_rfc3339(p.from) == "2026-03-28T23:00:00Z");
    CHECK(format_rfc3339(p.to) == "2026-03-29T22:00:00Z");
}

TEST_CASE("the last year netsec keeps ends after its last day") {
    Period p = parse_period({9999, "", ""}, "UTC");
    CHECK(format_rfc3339(p.from) == "9999-01-01T00:00:00Z");
    CHECK(p.to - p.from == std::chrono::hours(24 * 365));
}

TEST_CASE("no period named is a usage error, unless the period is optional") {
    CHECK(refusal({}) ==
          std::pair{Exit::usage, std::string("name the period: --year YYYY, or --from DATE and --to DATE")});
    CHECK(refusal({0, "2026-01-01", ""}).second == "name the period: --year YYYY, or --from DATE and --to DATE");
    CHECK(refusal({0, "", "2026-01-01"}).second == "name the period: --year YYYY, or --from DATE and --to DATE");
    CHECK_FALSE(parse_optional_period({}, "UTC"));
    CHECK(parse_optional_period({2026, "", ""}, "UTC")->year == 2026);
    CHECK_THROWS_WITH_AS(parse_optional_period({0, "2026-01-01", ""}, "UTC"),
                         "name the period: --year YYYY, or --from DATE and --to DATE", Error);
}

TEST_CASE("a year and dates together are refused") {
    CHECK(refusal({2026, "2026-01-01", "2026-02-01"}) ==
          std::pair{Exit::usage, std::string("name the period once: --year YYYY, or --from DATE and --to DATE")});
    CHECK(refusal({2026, "", "2026-02-01"}).second ==
          "name the period once: --year YYYY, or --from DATE and --to DATE");
}

TEST_CASE("--to before --from is refused naming both") {
    CHECK(refusal({0, "2026-05-01", "2026-04-01"}) ==
          std::pair{Exit::usage, std::string("--to 2026-04-01 is before --from 2026-05-01")});
}

TEST_CASE("a bad date or year names its option") {
    CHECK(refusal({0, "2026-13-01", "2026-12-31"}) ==
          std::pair{Exit::usage, std::string("--from expects a date such as 2026-09-01, not '2026-13-01'")});
    CHECK(refusal({0, "2026-01-01", "2026/02/01"}).second ==
          "--to expects a date such as 2026-09-01, not '2026/02/01'");
    CHECK(refusal({0, "1969-12-31", "2026-01-01"}).second ==
          "--from expects a date such as 2026-09-01, not '1969-12-31'");
    CHECK(refusal({1969, "", ""}) ==
          std::pair{Exit::usage, std::string("--year expects a year such as 2026, not '1969'")});
    CHECK(refusal({10000, "", ""}).second == "--year expects a year such as 2026, not '10000'");
    CHECK(refusal({-1, "", ""}).second == "--year expects a year such as 2026, not '-1'");
    CHECK_THROWS_WITH_AS(check_year(12, "--since-year"), "--since-year expects a year such as 2026, not '12'", Error);
    CHECK(check_year(2026) == 2026);
}
