// Calendar dates as people write them (YYYY-MM-DD in the school's zone): a duty day, a training
// session, a filing's next assessment. No time of day and no zone inside; the zone is consulted
// only to turn an instant into its local date and back.
#pragma once
#include "netsec/core/time.hpp"

#include <compare>
#include <optional>
#include <string>

namespace netsec::date {

struct Date {
    int y = 1970, m = 1, d = 1;
    auto operator<=>(const Date&) const = default;
};

struct Month {
    int y = 1970, m = 1;
    auto operator<=>(const Month&) const = default;
};

// A date that exists, "YYYY-MM-DD" exactly; std::nullopt for anything else (2026-02-30 too).
std::optional<Date> try_parse(const std::string& text);

// The same, or Error(usage) "invalid date 'TEXT' for WHAT: expected YYYY-MM-DD, a day that exists".
Date parse(const std::string& text, const std::string& what);

// "2026-12-07".
std::string format(Date d);

Date add_days(Date d, int days);

// Days from `a` to `b` (negative when `b` is earlier).
int days_between(Date a, Date b);

// 1 Monday … 7 Sunday.
int weekday(Date d);

// The same day `months` later, clamped to the month's end (01-31 + 1 month = 02-28).
Date add_months(Date d, int months);

// The local date of `t` in `zone`.
Date of(timeutil::Instant t, const std::string& zone);

// The instant of the local midnight that starts `d` in `zone`.
timeutil::Instant start_of(Date d, const std::string& zone);

// "2026-12", or Error(usage) naming `what`.
Month parse_month(const std::string& text, const std::string& what);
std::string format(Month m);
int days_in(Month m);
Date first_day(Month m);
Date last_day(Month m);
Month month_of(Date d);

} // namespace netsec::date
