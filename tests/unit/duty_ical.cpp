// The iCalendar writer: CRLF, folding at 75 octets without splitting a character, escaping,
// UTC times and the properties every VEVENT must carry.
#include "netsec/duty/ical.hpp"

#include <doctest/doctest.h>

#include <sstream>

using namespace netsec::duty;
using netsec::timeutil::Instant;

namespace {
Instant at(long seconds) { return Instant{std::chrono::seconds{seconds}}; }
} // namespace

TEST_CASE("ical_time writes UTC basic format") {
    CHECK(ical_time(at(0)) == "19700101T000000Z");
    CHECK(ical_time(at(1796083200)) == "20261201T000000Z");
}

TEST_CASE("ical_escape escapes backslash, semicolon, comma and newlines") {
    CHECK(ical_escape("a;b,c\\d") == "a\\;b\\,c\\\\d");
    CHECK(ical_escape("one\ntwo\r\nthree") == "one\\ntwo\\nthree");
    CHECK(ical_escape("值班：机房1") == "值班：机房1");
}

TEST_CASE("ical_fold keeps short lines whole and ends them in CRLF") {
    CHECK(ical_fold("BEGIN:VEVENT") == "BEGIN:VEVENT\r\n");
    CHECK(ical_fold(std::string(75, 'x')) == std::string(75, 'x') + "\r\n");
}

TEST_CASE("ical_fold folds at 75 octets and never inside a UTF-8 character") {
    std::string text = "SUMMARY:";
    for (int i = 0; i < 40; ++i) text += "值班"; // 3 octets each
    auto folded = ical_fold(text);
    std::string unfolded;
    std::istringstream in(folded);
    std::string line;
    bool first = true;
    while (std::getline(in, line)) {
        REQUIRE(!line.empty());
        CHECK(line.back() == '\r');
        line.pop_back();
        CHECK(line.size() <= 75);
        if (!first) {
            REQUIRE(line[0] == ' ');
            line.erase(0, 1);
            // a continued line starts on a character's first octet
            CHECK((static_cast<unsigned char>(line[0]) & 0xC0) != 0x80);
        }
        unfolded += line;
        first = false;
    }
    CHECK(unfolded == text);
}

TEST_CASE("write_ical gives a VCALENDAR with UID, DTSTAMP, DTSTART and DTEND in each VEVENT") {
    IcalEvent e{"2026-12-01-night@duty.netsec", at(1796115600), at(1796169600), "值班 night: 张三", "machine room",
                "机房1, 二楼", 1};
    auto text = write_ical({e}, "测试小学 duty", at(1796083200));
    CHECK(text.rfind("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:", 0) == 0);
    CHECK(text.find("UID:2026-12-01-night@duty.netsec\r\n") != std::string::npos);
    CHECK(text.find("DTSTAMP:20261201T000000Z\r\n") != std::string::npos);
    CHECK(text.find("DTSTART:20261201T090000Z\r\n") != std::string::npos);
    CHECK(text.find("DTEND:20261202T000000Z\r\n") != std::string::npos);
    CHECK(text.find("SEQUENCE:1\r\n") != std::string::npos);
    CHECK(text.find("LOCATION:机房1\\, 二楼\r\n") != std::string::npos);
    CHECK(text.size() >= 15);
    CHECK(text.substr(text.size() - 15) == "END:VCALENDAR\r\n");
    // no bare LF anywhere
    for (std::size_t i = 0; i < text.size(); ++i)
        if (text[i] == '\n') CHECK(text[i - 1] == '\r');
}
