// Times without a year, as traditional syslog (RFC 3164) writes them: "Nov 25 02:18:11". A
// reader of such a log finds the year from when the log was written.
#pragma once
#include "netsec/core/time.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace netsec::timeutil {

// The month 1 to 12 of an English abbreviation "Jan" to "Dec" (as syslog and ctime write
// them, case as written); 0 for anything else.
int month_number(std::string_view name);

// A syslog time as written, without its year.
struct SyslogStamp {
    int month = 0, day = 0, hour = 0, minute = 0, second = 0;
    std::size_t length = 0; // characters of the line it takes
};

// The stamp `line` starts with: "Mon DD HH:MM:SS", one or more spaces after the month, the day
// in one or two digits ("Nov  5", "Nov 5", "Nov 05", "Nov 25"); nullopt when it starts with
// none. Only the shape is checked: "Feb 30 25:00:00" is a stamp that is no time.
std::optional<SyslogStamp> read_syslog_stamp(std::string_view line);

// "Nov 5 08:01:02": the stamp as a person reads it in a message.
std::string format_syslog_stamp(const SyslogStamp& s);

// The stamp in `year`, read in `zone` (any four-digit year, before 1970 too, for readers that
// judge the range themselves); nullopt when it is no time then (Feb 29 of a common year).
std::optional<Instant> syslog_time(const SyslogStamp& s, int year, const std::string& zone);

// The year a log written at `written` (its last write) means by `s`: the latest that puts it no
// later than a day after `written`, so a December line in a log written in January is last
// year's and Feb 29 goes back to the last leap year; nullopt when none of the five years up to
// `written`'s makes it a time.
std::optional<int> syslog_year(const SyslogStamp& s, Instant written, const std::string& zone);

} // namespace netsec::timeutil
