#include "netsec/asset/culture_date.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"

#include <chrono>
#include <fmt/format.h>
#include <map>
#include <tuple>

namespace netsec::asset {

namespace {

using timeutil::Instant;

// A date's numbers as written, before the order of day and month is known.
struct Shape {
    int first = 0, second = 0, third = 0; // the date's three numbers in writing order
    bool year_first = false;              // "2026/11/24": else the year is last
    int hour = 0, minute = 0, second_of_minute = 0;
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reads a run of digits at `i` (at most `max` of them); the count read, 0 when none.
std::size_t digits(std::string_view s, std::size_t& i, int& value, std::size_t max = 4) {
    std::size_t start = i;
    value = 0;
    while (i < s.size() && is_digit(s[i]) && i - start < max) value = value * 10 + (s[i++] - '0');
    if (i < s.size() && is_digit(s[i])) return 0; // more digits than a field holds
    return i - start;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

void skip_spaces(std::string_view s, std::size_t& i) {
    while (i < s.size() && is_space(s[i])) ++i;
}

// The half-day mark at `i` (AM, PM in any case, 上午, 下午): 0 for none, 1 for AM, 2 for PM.
int half_day(std::string_view s, std::size_t& i) {
    auto starts = [&](std::string_view word) { return s.substr(i, word.size()) == word; };
    for (auto [word, mark] :
         {std::pair<std::string_view, int>{"AM", 1}, {"am", 1}, {"PM", 2}, {"pm", 2}, {"上午", 1}, {"下午", 2}}) {
        if (starts(word)) {
            i += word.size();
            return mark;
        }
    }
    return 0;
}

// The shape of `text`, or nothing when it is no date of the forms we read.
std::optional<Shape> shape_of(std::string_view text) {
    Shape d;
    std::size_t i = 0;
    skip_spaces(text, i);
    std::size_t n1 = digits(text, i, d.first);
    if (n1 == 0 || i >= text.size()) return std::nullopt;
    char sep = text[i];
    if (sep != '/' && sep != '-' && sep != '.') return std::nullopt;
    ++i;
    std::size_t n2 = digits(text, i, d.second, 2);
    if (n2 == 0 || i >= text.size() || text[i] != sep) return std::nullopt;
    ++i;
    std::size_t n3 = digits(text, i, d.third);
    if (n3 == 0) return std::nullopt;
    if (n1 == 4 && n3 <= 2)
        d.year_first = true;
    else if (n3 == 4 && n1 <= 2)
        d.year_first = false;
    else
        return std::nullopt;                                  // a two-digit year, or no year at all
    if (i < text.size() && text[i] == '.' && sep == '.') ++i; // "24.11.2026." is not written, but harmless
    // The time: "9:15:02", "09:15", with AM/PM after it or 上午/下午 before it; none is midnight.
    if (i < text.size() && (text[i] == 'T' || text[i] == 't') && d.year_first && sep == '-') ++i;
    skip_spaces(text, i);
    int mark = half_day(text, i);
    skip_spaces(text, i);
    if (i < text.size()) {
        if (digits(text, i, d.hour, 2) == 0 || i >= text.size() || text[i] != ':') return std::nullopt;
        ++i;
        if (digits(text, i, d.minute, 2) != 2) return std::nullopt;
        if (i < text.size() && text[i] == ':') {
            ++i;
            if (digits(text, i, d.second_of_minute, 2) != 2) return std::nullopt;
            if (i < text.size() && text[i] == '.') { // fractions of a second are dropped
                ++i;
                int ignored = 0;
                while (i < text.size() && is_digit(text[i])) digits(text, i, ignored, 1);
            }
        }
        skip_spaces(text, i);
        if (mark == 0) mark = half_day(text, i);
        skip_spaces(text, i);
    } else if (mark != 0) {
        return std::nullopt; // "AM" with no time
    }
    if (i != text.size()) return std::nullopt;
    if (mark != 0) {
        if (d.hour < 1 || d.hour > 12) return std::nullopt;
        d.hour = d.hour % 12 + (mark == 2 ? 12 : 0);
    }
    if (d.hour > 23 || d.minute > 59 || d.second_of_minute > 60) return std::nullopt;
    if (d.second_of_minute == 60) d.second_of_minute = 59; // a leap second reads as the one before
    return d;
}

bool is_day(int d, int m, int y) {
    using namespace std::chrono;
    if (m < 1 || m > 12 || d < 1 || d > 31) return false;
    return year_month_day{year{y}, month{unsigned(m)}, day{unsigned(d)}}.ok();
}

bool reads_mdy(const Shape& d) { return is_day(d.second, d.first, d.third); }
bool reads_dmy(const Shape& d) { return is_day(d.first, d.second, d.third); }

std::string order_words(DateOrder order) {
    switch (order) {
    case DateOrder::ymd: return _("year/month/day");
    case DateOrder::mdy: return _("month/day/year");
    case DateOrder::dmy: return _("day/month/year");
    case DateOrder::none: break;
    }
    return "";
}

// The instant of the local time in `zone`; one zone lookup per local hour, so a file of ten
// thousand rows costs a few hundred lookups, not thirty thousand.
Instant local_instant(int y, int mo, int d, int h, int mi, int s, const std::string& zone) {
    thread_local std::map<std::tuple<std::string, int, int, int, int>, Instant> hours;
    auto key = std::make_tuple(zone, y, mo, d, h);
    auto it = hours.find(key);
    if (it == hours.end()) {
        if (hours.size() > 100000) hours.clear();
        it = hours.emplace(key, timeutil::parse_time(fmt::format("{:04}-{:02}-{:02} {:02}:00:00", y, mo, d, h), zone))
                 .first;
    }
    return it->second + std::chrono::minutes{mi} + std::chrono::seconds{s};
}

} // namespace

DateOrder parse_date_order(const std::string& text) {
    if (text.empty()) return DateOrder::none;
    if (text == "ymd") return DateOrder::ymd;
    if (text == "mdy") return DateOrder::mdy;
    if (text == "dmy") return DateOrder::dmy;
    throw Error(Exit::usage, _f("invalid date order '{}': expected ymd, mdy or dmy", text));
}

std::string date_order_name(DateOrder order) {
    switch (order) {
    case DateOrder::ymd: return "ymd";
    case DateOrder::mdy: return "mdy";
    case DateOrder::dmy: return "dmy";
    case DateOrder::none: break;
    }
    return "";
}

DateOrder settle_date_order(const std::vector<DateCell>& cells, DateOrder given, const std::string& source) {
    if (given != DateOrder::none) return given;
    std::size_t mdy_only = 0, dmy_only = 0; // the first line that reads only one way
    bool both = false;
    for (const auto& cell : cells) {
        auto d = shape_of(cell.text);
        if (!d || d->year_first) continue;
        bool m = reads_mdy(*d), dd = reads_dmy(*d);
        if (m && dd)
            both = true;
        else if (m && mdy_only == 0)
            mdy_only = cell.line;
        else if (dd && dmy_only == 0)
            dmy_only = cell.line;
    }
    if (mdy_only != 0 && dmy_only != 0)
        throw Error(Exit::data, _f("{}: dates in two orders: line {} reads only as month/day/year, line {} only as "
                                   "day/month/year",
                                   source, mdy_only, dmy_only));
    if (mdy_only != 0) return DateOrder::mdy;
    if (dmy_only != 0) return DateOrder::dmy;
    if (both)
        throw Error(Exit::data, _f("{}: every date reads both as month/day/year and as day/month/year; say which with "
                                   "--date-order mdy or dmy, or set assets.antivirus.date_order in the policy",
                                   source));
    return DateOrder::none;
}

timeutil::Instant read_culture_date(std::string_view text, DateOrder order, const std::string& zone) {
    std::string shown(text);
    auto d = shape_of(text);
    if (!d)
        throw Error(Exit::data, _f("unreadable date '{}': expected a date such as 2026/11/24 9:15:02 or 11/24/2026 "
                                   "9:15:02 AM",
                                   shown));
    int y = 0, mo = 0, day = 0;
    if (d->year_first) { // never ambiguous, whatever order was given for the year-last dates
        y = d->first, mo = d->second, day = d->third;
    } else {
        bool m = reads_mdy(*d), dd = reads_dmy(*d);
        if (!m && !dd) throw Error(Exit::data, _f("date '{}' does not exist", shown));
        if ((order == DateOrder::mdy && !m) || (order == DateOrder::dmy && !dd) || order == DateOrder::ymd)
            throw Error(Exit::data, _f("date '{}' cannot be read as {}", shown, order_words(order)));
        if (order == DateOrder::none) {
            if (m && dd)
                throw Error(Exit::data, _f("date '{}' reads both as month/day/year and as day/month/year", shown));
            order = m ? DateOrder::mdy : DateOrder::dmy;
        }
        y = d->third;
        mo = order == DateOrder::mdy ? d->first : d->second;
        day = order == DateOrder::mdy ? d->second : d->first;
    }
    if (!is_day(day, mo, y)) throw Error(Exit::data, _f("date '{}' does not exist", shown));
    if (y < 1970) throw Error(Exit::data, _f("date '{}' is before 1970", shown));
    return local_instant(y, mo, day, d->hour, d->minute, d->second_of_minute, zone);
}

} // namespace netsec::asset
