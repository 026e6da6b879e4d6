// Year-less syslog times: the stamp's shape, and the year a log's last write gives it.
#include "netsec/core/syslog_time.hpp"

#include <doctest/doctest.h>

using namespace netsec::timeutil;

namespace {
Instant at(const char* text) { return parse_time(text, "UTC"); }
std::string utc(std::optional<Instant> t) { return t ? format_rfc3339(*t) : "none"; }
SyslogStamp stamp(const char* line) {
    auto s = read_syslog_stamp(line);
    REQUIRE(s);
    return *s;
}
} // namespace

TEST_CASE("month names are the English abbreviations, as written") {
    CHECK(month_number("Jan") == 1);
    CHECK(month_number("Dec") == 12);
    CHECK(month_number("jan") == 0);
    CHECK(month_number("January") == 0);
    CHECK(month_number("") == 0);
}

TEST_CASE("a syslog stamp takes the day in one or two digits, space-padded or not") {
    for (const char* line : {"Nov  5 08:01:02 host sshd[1]: x", "Nov 5 08:01:02 host", "Nov 05 08:01:02"}) {
        auto s = stamp(line);
        CHECK(s.month == 11);
        CHECK(s.day == 5);
        CHECK(s.hour == 8);
        CHECK(s.minute == 1);
        CHECK(s.second == 2);
    }
    CHECK(stamp("Nov  5 08:01:02 host").length == 15);
    CHECK(stamp("Nov 5 08:01:02").length == 14);
    CHECK(format_syslog_stamp(stamp("Nov  5 08:01:02")) == "Nov 5 08:01:02");
}

TEST_CASE("a line that does not start with a syslog stamp has none") {
    for (const char* line :
         {"", "Nov", "Nov 25", "Nov 25 08:01", "Nov 25 8:01:02", "nov 25 08:01:02", "Nov 125 08:01:02",
          "Nov25 08:01:02", "Nov 25 08-01-02", "2026-11-25T08:01:02Z host", "Wed Nov 25 08:01:02 2026"})
        CHECK_MESSAGE(!read_syslog_stamp(line), line);
}

TEST_CASE("a stamp of the right shape that is no time has no time") {
    CHECK(utc(syslog_time(stamp("Feb 30 08:00:00"), 2026, "UTC")) == "none");
    CHECK(utc(syslog_time(stamp("Nov 25 25:00:00"), 2026, "UTC")) == "none");
    CHECK(utc(syslog_time(stamp("Feb 29 08:00:00"), 2026, "UTC")) == "none");
    CHECK(utc(syslog_time(stamp("Feb 29 08:00:00"), 2024, "UTC")) == "2024-02-29T08:00:00Z");
}

TEST_CASE("a stamp is read in the zone given, in any four-digit year") {
    CHECK(utc(syslog_time(stamp("Nov 25 08:01:02"), 2026, "Asia/Shanghai")) == "2026-11-25T00:01:02Z");
    CHECK(utc(syslog_time(stamp("Aug 31 08:01:02"), 1969, "UTC")) == "1969-08-31T08:01:02Z");
}

TEST_CASE("a stamp belongs to the year the log was written in") {
    CHECK(syslog_year(stamp("Nov 25 08:01:02"), at("2026-12-01T00:00:00Z"), "UTC") == 2026);
    // up to a day after the last write: clocks and zones differ a little
    CHECK(syslog_year(stamp("Dec  2 00:00:00"), at("2026-12-01T00:00:00Z"), "UTC") == 2026);
}

TEST_CASE("a stamp later than a day after the last write is last year's") {
    CHECK(syslog_year(stamp("Dec 31 23:59:59"), at("2027-01-02T00:00:00Z"), "UTC") == 2026);
    CHECK(syslog_year(stamp("Dec  2 00:00:01"), at("2026-12-01T00:00:00Z"), "UTC") == 2025);
    // the year is the one of the last write in the zone, not in UTC
    CHECK(syslog_year(stamp("Jan  1 00:30:00"), at("2026-12-31T17:00:00Z"), "Asia/Shanghai") == 2027);
    CHECK(syslog_year(stamp("Jan  1 00:30:00"), at("2026-12-31T17:00:00Z"), "UTC") == 2026);
}

TEST_CASE("Feb 29 goes back to the last leap year") {
    CHECK(syslog_year(stamp("Feb 29 10:00:00"), at("2026-11-25T00:00:00Z"), "UTC") == 2024);
    CHECK(syslog_year(stamp("Feb 29 10:00:00"), at("2028-01-10T00:00:00Z"), "UTC") == 2024);
    CHECK(syslog_year(stamp("Feb 29 10:00:00"), at("2028-03-01T00:00:00Z"), "UTC") == 2028);
}

TEST_CASE("a stamp that is no time in any year has no year") {
    CHECK_FALSE(syslog_year(stamp("Feb 30 10:00:00"), at("2026-11-25T00:00:00Z"), "UTC"));
    CHECK_FALSE(syslog_year(stamp("Apr 31 10:00:00"), at("2026-11-25T00:00:00Z"), "UTC"));
}
