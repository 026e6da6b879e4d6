#include "netsec/asset/culture_date.hpp"
#include "netsec/core/error.hpp"

#include <doctest/doctest.h>

using namespace netsec;
using namespace netsec::asset;

namespace {

std::string utc(std::string_view text, DateOrder order, const std::string& zone = "Asia/Shanghai") {
    return timeutil::format_rfc3339(read_culture_date(text, order, zone));
}

std::string error_of(std::string_view text, DateOrder order) {
    try {
        read_culture_date(text, order, "Asia/Shanghai");
        return "";
    } catch (const Error& e) {
        CHECK(e.code() == Exit::data);
        return e.what();
    }
}

std::string settle_error(const std::vector<DateCell>& cells, DateOrder given = DateOrder::none) {
    try {
        settle_date_order(cells, given, "av.csv");
        return "";
    } catch (const Error& e) {
        CHECK(e.code() == Exit::data);
        return e.what();
    }
}

} // namespace

TEST_CASE("zh-CN dates are year first and read in the school's zone") {
    CHECK(utc("2026/11/24 9:15:02", DateOrder::none) == "2026-11-24T01:15:02Z");
    CHECK(utc("2026/1/5 23:00:00", DateOrder::mdy) == "2026-01-05T15:00:00Z");
    CHECK(utc("2026-11-24 09:15:02", DateOrder::none) == "2026-11-24T01:15:02Z");
    CHECK(utc("2026/11/24", DateOrder::none) == "2026-11-23T16:00:00Z");
    CHECK(utc("2026/11/24 下午 9:15:02", DateOrder::none) == "2026-11-24T13:15:02Z");
}

TEST_CASE("en-US dates are month first with AM and PM") {
    CHECK(utc("11/24/2026 9:15:02 AM", DateOrder::mdy) == "2026-11-24T01:15:02Z");
    CHECK(utc("11/24/2026 9:15:02 PM", DateOrder::mdy) == "2026-11-24T13:15:02Z");
    CHECK(utc("11/24/2026 12:05:00 AM", DateOrder::mdy) == "2026-11-23T16:05:00Z");
    CHECK(utc("11/24/2026 12:05:00 PM", DateOrder::mdy) == "2026-11-24T04:05:00Z");
    CHECK(utc("11/24/2026 9:15:02 AM", DateOrder::none) == "2026-11-24T01:15:02Z"); // only one reading
}

TEST_CASE("day-first cultures read with dmy") {
    CHECK(utc("24/11/2026 09:15:02", DateOrder::dmy) == "2026-11-24T01:15:02Z");
    CHECK(utc("24.11.2026 09:15:02", DateOrder::none) == "2026-11-24T01:15:02Z");
    CHECK(utc("05/11/2026 09:15:02", DateOrder::dmy) == "2026-11-05T01:15:02Z");
    CHECK(utc("05/11/2026 09:15:02", DateOrder::mdy) == "2026-05-11T01:15:02Z");
}

TEST_CASE("a date that does not exist is an error, never a guess") {
    CHECK(error_of("2026/02/30 9:00:00", DateOrder::none) == "date '2026/02/30 9:00:00' does not exist");
    CHECK(error_of("13/13/2026 9:00:00", DateOrder::none) == "date '13/13/2026 9:00:00' does not exist");
    CHECK(error_of("02/29/2027 9:00:00", DateOrder::mdy) == "date '02/29/2027 9:00:00' does not exist");
    CHECK(error_of("24/11/2026 9:00:00", DateOrder::mdy) ==
          "date '24/11/2026 9:00:00' cannot be read as month/day/year");
    CHECK(error_of("05/11/2026 9:00:00", DateOrder::none) ==
          "date '05/11/2026 9:00:00' reads both as month/day/year and as day/month/year");
}

TEST_CASE("unreadable dates say which forms are read") {
    const std::string tail = "': expected a date such as 2026/11/24 9:15:02 or 11/24/2026 9:15:02 AM";
    CHECK(error_of("11/24/26 9:15:02", DateOrder::mdy) == "unreadable date '11/24/26 9:15:02" + tail);
    CHECK(error_of("yesterday", DateOrder::none) == "unreadable date 'yesterday" + tail);
    CHECK(error_of("2026/11/24 25:00:00", DateOrder::none) == "unreadable date '2026/11/24 25:00:00" + tail);
    CHECK(error_of("11/24/2026 13:00:00 PM", DateOrder::mdy) == "unreadable date '11/24/2026 13:00:00 PM" + tail);
}

TEST_CASE("the file's dates settle the order, or the file is refused") {
    CHECK(settle_date_order({{2, "2026/11/24 9:15:02"}}, DateOrder::none, "av.csv") == DateOrder::none);
    CHECK(settle_date_order({{2, "11/05/2026 9:15:02 AM"}, {3, "11/24/2026 9:15:02 AM"}}, DateOrder::none, "av.csv") ==
          DateOrder::mdy);
    CHECK(settle_date_order({{2, "05/11/2026 09:15:02"}, {3, "24/11/2026 09:15:02"}}, DateOrder::none, "av.csv") ==
          DateOrder::dmy);
    CHECK(settle_date_order({{2, "05/11/2026 09:15:02"}}, DateOrder::dmy, "av.csv") == DateOrder::dmy);
    CHECK(settle_error({{2, "05/11/2026 09:15:02"}, {3, "06/11/2026 09:15:02"}}) ==
          "av.csv: every date reads both as month/day/year and as day/month/year; say which with --date-order mdy or "
          "dmy, or set assets.antivirus.date_order in the policy");
    CHECK(settle_error({{2, "11/24/2026 09:15:02"}, {3, "24/11/2026 09:15:02"}}) ==
          "av.csv: dates in two orders: line 2 reads only as month/day/year, line 3 only as day/month/year");
}

TEST_CASE("date orders are named ymd, mdy and dmy") {
    CHECK(parse_date_order("") == DateOrder::none);
    CHECK(parse_date_order("dmy") == DateOrder::dmy);
    CHECK(date_order_name(DateOrder::mdy) == "mdy");
    CHECK_THROWS_AS(parse_date_order("ydm"), Error);
}
