// Time and durations: instants are UTC seconds; a time zone is consulted only to read what a
// person typed and to show a time back to them. Deadlines are computed in UTC.
#pragma once
#include <chrono>
#include <string>

namespace netsec::timeutil {

using Instant = std::chrono::sys_seconds;
using Duration = std::chrono::seconds;

// The current time, or NETSEC_NOW (RFC 3339) when set, so tests and demos can fix the clock.
Instant now();

// "90m", "12h", "7d", "2w", "30s", or sums such as "1h30m"; throws Error(usage) naming the text.
Duration parse_duration(const std::string& text);

// Shortest exact form: 90m -> "90m", 86400s -> "1d", 0 -> "0s".
std::string format_duration(Duration d);

// "now", RFC 3339 ("2026-03-01T08:00:00Z", "...+08:00"), "YYYY-MM-DD HH:MM[:SS]" or
// "YYYY-MM-DD" read in `zone`; throws Error(usage) naming the text and the forms it takes, or
// the years it takes for a time before 1970-01-01T00:00:00Z (year 0 included).
Instant parse_time(const std::string& text, const std::string& zone);

// A time as parse_time reads it, or a duration ago from `now` ("7d", "12h"): a text that starts
// with a digit and ends in a letter is a duration. For options such as --since 7d.
Instant parse_time_or_ago(const std::string& text, const std::string& zone, Instant now);

// The same forms for any four-digit year, before 1970 too, for readers of records that judge
// the range themselves with a message of their own (login logs); never for what a person types.
Instant parse_time_any_year(const std::string& text, const std::string& zone);

// "2026-03-01T00:00:00Z"; throws nothing.
std::string format_rfc3339(Instant t);

// "2026-03-01 08:00" in `zone` (with seconds when `seconds` is true).
std::string format_local(Instant t, const std::string& zone, bool seconds = false);

// A calendar date "YYYY-MM-DD" as the instant of its local midnight in `zone`; throws
// Error(usage), also for a date before 1970.
Instant parse_date(const std::string& text, const std::string& zone);

// True when `zone` names a zone in the system's tz database (TZDIR or /usr/share/zoneinfo).
bool is_known_zone(const std::string& zone);

} // namespace netsec::timeutil
