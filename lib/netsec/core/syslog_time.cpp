#include "netsec/core/syslog_time.hpp"

#include "netsec/core/error.hpp"

#include <fmt/format.h>

namespace netsec::timeutil {

namespace {

const char* const month_names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

} // namespace

int month_number(std::string_view name) {
    for (int i = 0; i < 12; ++i)
        if (name == month_names[i]) return i + 1;
    return 0;
}

std::optional<SyslogStamp> read_syslog_stamp(std::string_view line) {
    SyslogStamp s;
    s.month = month_number(line.substr(0, 3));
    if (s.month == 0) return std::nullopt;
    std::size_t i = 3;
    if (i >= line.size() || line[i] != ' ') return std::nullopt;
    while (i < line.size() && line[i] == ' ') ++i;
    std::size_t day = i;
    while (i < line.size() && i - day < 3 && is_digit(line[i])) ++i;
    if (i == day || i - day > 2) return std::nullopt;
    for (std::size_t k = day; k < i; ++k) s.day = s.day * 10 + (line[k] - '0');
    // " HH:MM:SS"
    if (line.size() < i + 9 || line[i] != ' ' || line[i + 3] != ':' || line[i + 6] != ':') return std::nullopt;
    int* parts[] = {&s.hour, &s.minute, &s.second};
    for (int p = 0; p < 3; ++p) {
        char a = line[i + 1 + 3 * p], b = line[i + 2 + 3 * p];
        if (!is_digit(a) || !is_digit(b)) return std::nullopt;
        *parts[p] = (a - '0') * 10 + (b - '0');
    }
    s.length = i + 9;
    return s;
}

std::string format_syslog_stamp(const SyslogStamp& s) {
    const char* month = s.month >= 1 && s.month <= 12 ? month_names[s.month - 1] : "???";
    return fmt::format("{} {} {:02d}:{:02d}:{:02d}", month, s.day, s.hour, s.minute, s.second);
}

std::optional<Instant> syslog_time(const SyslogStamp& s, int year, const std::string& zone) {
    try {
        return parse_time_any_year(
            fmt::format("{:04d}-{:02d}-{:02d} {:02d}:{:02d}:{:02d}", year, s.month, s.day, s.hour, s.minute, s.second),
            zone);
    } catch (const Error&) {
        return std::nullopt;
    }
}

std::optional<int> syslog_year(const SyslogStamp& s, Instant written, const std::string& zone) {
    int year = 0;
    try {
        year = std::stoi(format_local(written, zone).substr(0, 4));
    } catch (const std::exception&) {
        return std::nullopt; // a time no calendar shows
    }
    for (int y = year; y >= year - 4; --y) // back to a leap year for Feb 29
        if (auto t = syslog_time(s, y, zone); t && *t <= written + std::chrono::hours(24)) return y;
    return std::nullopt;
}

} // namespace netsec::timeutil
