#include "netsec/core/error.hpp"
#include "netsec/core/time.hpp"

#include <doctest/doctest.h>

using namespace netsec;
using namespace netsec::timeutil;

TEST_CASE("durations read as minutes, hours, days and weeks") {
    CHECK(parse_duration("90m").count() == 90 * 60);
    CHECK(parse_duration("12h").count() == 12 * 3600);
    CHECK(parse_duration("7d").count() == 7 * 86400);
    CHECK(parse_duration("2w").count() == 14 * 86400);
    CHECK(parse_duration("1h30m").count() == 5400);
    CHECK(parse_duration("30s").count() == 30);
}

TEST_CASE("a duration without a known unit is a usage error naming the text") {
    for (const char* bad : {"", "12", "h", "12x", "1.5h", "-3d", "12h ", "9999999999d"}) {
        CAPTURE(bad);
        try {
            parse_duration(bad);
            FAIL("accepted");
        } catch (const Error& e) {
            CHECK(e.code() == Exit::usage);
            CHECK(std::string(e.what()).find(std::string("'") + bad + "'") != std::string::npos);
        }
    }
}

TEST_CASE("durations print in their largest exact unit") {
    CHECK(format_duration(parse_duration("90m")) == "90m");
    CHECK(format_duration(parse_duration("24h")) == "1d");
    CHECK(format_duration(parse_duration("14d")) == "2w");
    CHECK(format_duration(Duration{0}) == "0s");
}

TEST_CASE("RFC 3339 times read with Z and with offsets") {
    CHECK(format_rfc3339(parse_time("2026-03-01T08:00:00Z", "Asia/Shanghai")) == "2026-03-01T08:00:00Z");
    CHECK(format_rfc3339(parse_time("2026-03-01T08:00:00+08:00", "UTC")) == "2026-03-01T00:00:00Z");
    CHECK(format_rfc3339(parse_time("2026-03-01T08:00:00.123-05:30", "UTC")) == "2026-03-01T13:30:00Z");
}

TEST_CASE("local times read in the policy's zone") {
    CHECK(format_rfc3339(parse_time("2026-03-01 08:00", "Asia/Shanghai")) == "2026-03-01T00:00:00Z");
    CHECK(format_rfc3339(parse_time("2026-01-01 00:30", "Asia/Shanghai")) == "2025-12-31T16:30:00Z");
    CHECK(format_rfc3339(parse_time("2026-07-01 12:00:30", "Europe/Berlin")) == "2026-07-01T10:00:30Z");
    CHECK(format_rfc3339(parse_time("2026-01-01 12:00", "Europe/Berlin")) == "2026-01-01T11:00:00Z");
}

TEST_CASE("local times across a daylight-saving change keep real elapsed time") {
    // Europe/Berlin springs forward at 2026-03-29 02:00 local: 01:30 and 03:30 are one hour apart.
    auto before = parse_time("2026-03-29 01:30", "Europe/Berlin");
    auto after = parse_time("2026-03-29 03:30", "Europe/Berlin");
    CHECK((after - before).count() == 3600);
    CHECK(format_local(before + std::chrono::hours(1), "Europe/Berlin") == "2026-03-29 03:30");
}

TEST_CASE("times show back in the zone they are asked for") {
    auto t = parse_time("2026-11-25T06:00:07Z", "UTC");
    CHECK(format_local(t, "Asia/Shanghai") == "2026-11-25 14:00");
    CHECK(format_local(t, "Asia/Shanghai", true) == "2026-11-25 14:00:07");
    CHECK(format_local(t, "UTC") == "2026-11-25 06:00");
}

TEST_CASE("'now' follows NETSEC_NOW when set") {
    ::setenv("NETSEC_NOW", "2026-09-01T00:00:00Z", 1);
    CHECK(format_rfc3339(parse_time("now", "UTC")) == "2026-09-01T00:00:00Z");
    ::unsetenv("NETSEC_NOW");
}

TEST_CASE("a 'T' without an offset reads as local time") {
    CHECK(format_rfc3339(parse_time("2026-03-01T08:00", "Asia/Shanghai")) == "2026-03-01T00:00:00Z");
}

TEST_CASE("impossible and malformed times are usage errors") {
    for (const char* bad : {"2026-02-30 08:00", "2026-13-01", "yesterday", "2026-03-01 25:00", "2026-03-01T08:00:00+8",
                            "2026-03-01T08:00:00Q"}) {
        CAPTURE(bad);
        CHECK_THROWS_WITH_AS(parse_time(bad, "UTC"),
                             ("invalid time '" + std::string(bad) +
                              "': expected 'now', RFC 3339 (2026-03-01T08:00:00+08:00) or 'YYYY-MM-DD HH:MM'")
                                 .c_str(),
                             Error);
    }
}

TEST_CASE("dates read as local midnight") {
    CHECK(format_rfc3339(parse_date("2026-09-01", "Asia/Shanghai")) == "2026-08-31T16:00:00Z");
    CHECK_THROWS_WITH_AS(parse_date("2026-9-1", "UTC"), "invalid date '2026-9-1': expected YYYY-MM-DD", Error);
}

TEST_CASE("zones are known when the tz database has them") {
    CHECK(is_known_zone("Asia/Shanghai"));
    CHECK(is_known_zone("UTC"));
    CHECK_FALSE(is_known_zone("Mars/Olympus"));
    CHECK_FALSE(is_known_zone("../../etc/passwd"));
    CHECK_FALSE(is_known_zone(""));
}

TEST_CASE("times before 1970 are refused, naming the text (year 0 made INC-0-0001)") {
    for (const char* text : {"0000-01-01 00:00", "0000-01-01", "1969-12-31T23:59:59Z", "1970-01-01 00:00",
                             "1970-01-01T07:00:00+08:00", "0001-01-01T00:00:00Z"}) {
        CAPTURE(text);
        try {
            timeutil::parse_time(text, "Asia/Shanghai");
            FAIL("accepted");
        } catch (const Error& e) {
            CHECK(e.code() == Exit::usage);
            CHECK(std::string(e.what()).find(text) != std::string::npos);
        }
    }
    CHECK_THROWS_WITH_AS(timeutil::parse_date("0000-01-01", "UTC"),
                         "invalid time '0000-01-01': netsec keeps times from 1970 to 9999", Error);
    CHECK(timeutil::parse_time("1970-01-01T00:00:00Z", "UTC").time_since_epoch().count() == 0);
    CHECK(timeutil::format_rfc3339(timeutil::parse_time("9999-12-31T23:59:59Z", "UTC")) == "9999-12-31T23:59:59Z");
}

TEST_CASE("parse_time_or_ago: a duration counts back from now, anything else is a time") {
    using namespace netsec::timeutil;
    Instant now = parse_time("2026-03-08T00:00:00Z", "UTC");
    CHECK(format_rfc3339(parse_time_or_ago("7d", "UTC", now)) == "2026-03-01T00:00:00Z");
    CHECK(format_rfc3339(parse_time_or_ago("12h", "UTC", now)) == "2026-03-07T12:00:00Z");
    CHECK(format_rfc3339(parse_time_or_ago("2026-03-01 08:00", "Asia/Shanghai", now)) == "2026-03-01T00:00:00Z");
    CHECK_THROWS_AS(parse_time_or_ago("yesterday", "UTC", now), netsec::Error);
}
