// A period of records — a calendar year, or whole days from one date to another — in the
// policy's time zone, as a half-open UTC interval [from, to). Every `--year/--from/--to` is read
// here, so each tool refuses the same mistakes with the same words and exit 64.
//
// Decisions:
// - The tool keeps the options as it declares them (`int year`, 0 when not given; `from` and
//   `to` as typed) and passes them in a PeriodArgs: CLI11 already refuses a year that is not a
//   number, and a tool's option lines stay its own.
// - `--to` is inclusive, as a person reads "from 1 April to 30 April": the interval ends at the
//   local midnight after it. `--from` without `--to` (or the reverse) is refused rather than
//   read as open-ended, so a period always has both ends and a label.
// - A year is 1970 to 9999 (the times netsec keeps); a bad date names its option, not just the
//   text, because a command may take several dates.
// - The zone is an argument, not the policy: core knows no other module.
#pragma once
#include "netsec/core/time.hpp"

#include <optional>
#include <string>

namespace netsec {

// The options as a tool holds them: `year` 0 when --year was not given, the dates "" likewise.
struct PeriodArgs {
    int year = 0;
    std::string from, to;
    bool given() const { return year != 0 || !from.empty() || !to.empty(); }
};

struct Period {
    timeutil::Instant from; // the first instant in the period
    timeutil::Instant to;   // the first instant after it
    int year = 0;           // the calendar year when named by --year, else 0
    std::string label;      // "2026", or "2026-04-01 — 2026-04-30" as typed
    bool contains(timeutil::Instant t) const { return t >= from && t < to; }
};

// The period `args` name, read in `zone`; throws Error(usage) when none is named, when both
// --year and --from/--to are, when only one of --from and --to is, for a bad year or date
// (naming the option) and when --to is before --from.
Period parse_period(const PeriodArgs& args, const std::string& zone);

// The same, or nothing when no option was given (a command where the period is optional).
std::optional<Period> parse_optional_period(const PeriodArgs& args, const std::string& zone);

// `year` when it is 1970 to 9999; throws Error(usage) naming `option` otherwise.
int check_year(int year, const std::string& option = "--year");

} // namespace netsec
