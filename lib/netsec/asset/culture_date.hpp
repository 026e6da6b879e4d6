// Dates as Windows PowerShell 5.1 writes them in the exporting machine's culture: zh-CN
// "2026/11/24 9:15:02", en-US "11/24/2026 9:15:02 AM", "2026-11-24 09:15:02", en-GB and
// de-DE "24/11/2026 09:15:02" and "24.11.2026 09:15:02". Read as local times of the school.
//
// Decisions:
// - A year-first date is always year, month, day. For a year-last date the order of day and
//   month is settled once for the whole file: by the order given (--date-order, the policy),
//   else by the file's own dates (a first number above 12 can only be a day, a second one only
//   a day too); when every date reads both ways the file is refused, never guessed.
// - A two-digit year is not read: 11/24/26 could be any century's.
// - A date that does not exist (2026/02/30) is an error of its line, as is a date the given
//   order cannot read.
#pragma once
#include "netsec/core/time.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace netsec::asset {

// none: not given (settle from the file); ymd, mdy, dmy: the order of a date's numbers.
enum class DateOrder { none, ymd, mdy, dmy };

// "" -> none, "ymd", "mdy", "dmy"; throws Error(usage) naming the text.
DateOrder parse_date_order(const std::string& text);
std::string date_order_name(DateOrder order); // "" for none

// One date cell of a file: its line and text (empty cells are left out by the caller).
struct DateCell {
    std::size_t line = 0;
    std::string text;
};

// The order of day and month in the year-last dates of `cells`: `given` when it is not none,
// else what the dates themselves allow; none when no date is year-last or none could be read
// (read_culture_date then names the bad ones). Throws Error(data) naming `source` when every
// year-last date reads both ways, or when one line reads only as day/month and another only as
// month/day.
DateOrder settle_date_order(const std::vector<DateCell>& cells, DateOrder given, const std::string& source);

// `text` read in `order` (from settle_date_order) as a local time in `zone`. Throws
// Error(data) with the reason (no source or line: the caller adds them): an unreadable text,
// a date that does not exist, or one `order` cannot read.
timeutil::Instant read_culture_date(std::string_view text, DateOrder order, const std::string& zone);

} // namespace netsec::asset
