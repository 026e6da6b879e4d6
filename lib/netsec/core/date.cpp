#include "netsec/core/date.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"

#include <chrono>
#include <fmt/format.h>

namespace netsec::date {
namespace {

namespace chr = std::chrono;

chr::sys_days days_of(Date d) {
    return chr::sys_days(chr::year_month_day(chr::year(d.y), chr::month(unsigned(d.m)), chr::day(unsigned(d.d))));
}

Date date_of(chr::sys_days days) {
    chr::year_month_day ymd(days);
    return {int(ymd.year()), int(unsigned(ymd.month())), int(unsigned(ymd.day()))};
}

bool digits(const std::string& s, std::size_t from, std::size_t n) {
    for (std::size_t i = from; i < from + n; ++i)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

} // namespace

std::optional<Date> try_parse(const std::string& text) {
    if (text.size() != 10 || !digits(text, 0, 4) || text[4] != '-' || !digits(text, 5, 2) || text[7] != '-' ||
        !digits(text, 8, 2))
        return std::nullopt;
    Date d{std::stoi(text.substr(0, 4)), std::stoi(text.substr(5, 2)), std::stoi(text.substr(8, 2))};
    chr::year_month_day ymd(chr::year(d.y), chr::month(unsigned(d.m)), chr::day(unsigned(d.d)));
    if (!ymd.ok()) return std::nullopt;
    return d;
}

Date parse(const std::string& text, const std::string& what) {
    if (auto d = try_parse(text)) return *d;
    throw Error(Exit::usage, _f("invalid date '{}' for {}: expected YYYY-MM-DD, a day that exists", text, what));
}

std::string format(Date d) { return fmt::format("{:04}-{:02}-{:02}", d.y, d.m, d.d); }

Date add_days(Date d, int days) { return date_of(days_of(d) + chr::days(days)); }

int days_between(Date a, Date b) { return int((days_of(b) - days_of(a)).count()); }

int weekday(Date d) { return int(chr::weekday(days_of(d)).iso_encoding()); }

Date add_months(Date d, int months) {
    int index = d.y * 12 + (d.m - 1) + months;
    Month m{index / 12, index % 12 + 1};
    return {m.y, m.m, std::min(d.d, days_in(m))};
}

Date of(timeutil::Instant t, const std::string& zone) {
    // format_local is the one place the zone database is read; its first ten characters are
    // the local date.
    auto text = timeutil::format_local(t, zone).substr(0, 10);
    return *try_parse(text);
}

timeutil::Instant start_of(Date d, const std::string& zone) { return timeutil::parse_date(format(d), zone); }

Month parse_month(const std::string& text, const std::string& what) {
    if (text.size() == 7 && digits(text, 0, 4) && text[4] == '-' && digits(text, 5, 2)) {
        Month m{std::stoi(text.substr(0, 4)), std::stoi(text.substr(5, 2))};
        if (m.m >= 1 && m.m <= 12 && m.y >= 1970) return m;
    }
    throw Error(Exit::usage, _f("invalid month '{}' for {}: expected YYYY-MM", text, what));
}

std::string format(Month m) { return fmt::format("{:04}-{:02}", m.y, m.m); }

int days_in(Month m) {
    return int(unsigned(chr::year_month_day_last(chr::year(m.y), chr::month_day_last(chr::month(unsigned(m.m)))).day()));
}

Date first_day(Month m) { return {m.y, m.m, 1}; }
Date last_day(Month m) { return {m.y, m.m, days_in(m)}; }
Month month_of(Date d) { return {d.y, d.m}; }

} // namespace netsec::date
