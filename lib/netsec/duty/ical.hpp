// An RFC 5545 iCalendar file of duty slots, for calendar programs to import: CRLF line ends,
// lines folded at 75 octets (never inside a UTF-8 character), text escaped, times in UTC.
#pragma once
#include "netsec/core/time.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace netsec::duty {

// One event: a stable UID (a slot keeps it through swaps, so a re-import updates it), its
// start and end, what it is, and a sequence number that grows with each change.
struct IcalEvent {
    std::string uid;
    timeutil::Instant start, end;
    std::string summary, description, location;
    int sequence = 0;
};

// The whole VCALENDAR: PRODID, VERSION 2.0, CALSCALE, X-WR-CALNAME `name`, one VEVENT each with
// DTSTAMP `stamp`. Throws nothing.
std::string write_ical(const std::vector<IcalEvent>& events, const std::string& name, timeutil::Instant stamp);

// A TEXT value escaped: backslash, semicolon, comma and newline.
std::string ical_escape(std::string_view text);

// One content line folded: at most 75 octets a line, continued with CRLF and a space; every
// line ends in CRLF.
std::string ical_fold(std::string_view line);

// An instant as a UTC DATE-TIME, "20261201T000000Z".
std::string ical_time(timeutil::Instant t);

} // namespace netsec::duty
