// The school calendar (policy `calendar`): when the school year starts, the terms and the
// holidays. Training coverage counts by school year and term; the duty roster leaves holidays
// out. Dates are the school's local dates.
#pragma once
#include "netsec/core/date.hpp"

#include <string>
#include <utility>
#include <vector>

namespace netsec::policy {

// A named run of days, both ends included.
struct Span {
    std::string name;
    date::Date from, to;
    int line = 0; // where it stands in the policy, for messages
};

struct Calendar {
    int year_starts_month = 9; // the school year starts on this day (default 1 September)
    int year_starts_day = 1;
    std::vector<Span> terms;    // in order, not overlapping
    std::vector<Span> holidays; // in order
};

// The school year `day` falls in, named by the calendar year it starts in: 2026 for every day
// from 2026-09-01 to 2027-08-31 with the default start.
int school_year_of(const Calendar& calendar, date::Date day);

// The first and last day of school year `year`.
std::pair<date::Date, date::Date> school_year_span(const Calendar& calendar, int year);

// The term or holiday `day` falls in, or nullptr.
const Span* term_of(const Calendar& calendar, date::Date day);
const Span* holiday_of(const Calendar& calendar, date::Date day);

} // namespace netsec::policy
