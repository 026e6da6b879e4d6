#include "netsec/core/period.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"

#include <chrono>

namespace netsec {
namespace {

// The local midnight that starts `text` in `zone`; a bad date names `option`.
timeutil::Instant day_start(const std::string& text, const std::string& option, const std::string& zone) {
    try {
        return timeutil::parse_date(text, zone);
    } catch (const Error&) {
        throw Error(Exit::usage, _f("{} expects a date such as 2026-09-01, not '{}'", option, text));
    }
}

// The local midnight after the day `text` (checked by day_start): the next day's start, so a
// day of 23 or 25 hours in a zone with summer time ends where the calendar says.
timeutil::Instant day_end(const std::string& text, const std::string& option, const std::string& zone) {
    timeutil::Instant start = day_start(text, option, zone);
    using namespace std::chrono;
    year_month_day day{year{std::stoi(text.substr(0, 4))}, month{unsigned(std::stoi(text.substr(5, 2)))},
                       std::chrono::day{unsigned(std::stoi(text.substr(8, 2)))}};
    year_month_day next{sys_days(day) + days(1)};
    if (int(next.year()) > 9999) return start + hours(24); // no date after 9999-12-31 to read
    return day_start(fmt::format("{:04}-{:02}-{:02}", int(next.year()), unsigned(next.month()), unsigned(next.day())),
                     option, zone);
}

} // namespace

int check_year(int year, const std::string& option) {
    if (year < 1970 || year > 9999)
        throw Error(Exit::usage, _f("{} expects a year such as 2026, not '{}'", option, year));
    return year;
}

Period parse_period(const PeriodArgs& args, const std::string& zone) {
    if (args.year != 0 && (!args.from.empty() || !args.to.empty()))
        throw Error(Exit::usage, _("name the period once: --year YYYY, or --from DATE and --to DATE"));
    Period p;
    if (args.year != 0) {
        p.year = check_year(args.year);
        p.from = day_start(fmt::format("{:04}-01-01", p.year), "--year", zone);
        p.to = day_end(fmt::format("{:04}-12-31", p.year), "--year", zone);
        p.label = std::to_string(p.year);
        return p;
    }
    if (args.from.empty() || args.to.empty())
        throw Error(Exit::usage, _("name the period: --year YYYY, or --from DATE and --to DATE"));
    p.from = day_start(args.from, "--from", zone);
    p.to = day_end(args.to, "--to", zone); // --to is inclusive
    if (p.to <= p.from) throw Error(Exit::usage, _f("--to {} is before --from {}", args.to, args.from));
    p.label = args.from + " — " + args.to;
    return p;
}

std::optional<Period> parse_optional_period(const PeriodArgs& args, const std::string& zone) {
    if (!args.given()) return std::nullopt;
    return parse_period(args, zone);
}

} // namespace netsec
