#include "netsec/core/time.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"

#include <cctype>
#include <cstdlib>
#include <ctime>
#include <mutex>
#include <optional>
#include <sys/stat.h>

namespace netsec::timeutil {
namespace {

using namespace std::chrono;

// libstdc++ 12 has no C++20 tz database, so zone conversions go through TZ and the C library.
// They change process-wide state, hence the lock; conversions are rare and cheap.
std::mutex zone_lock;

struct ZoneScope {
    std::optional<std::string> saved;
    explicit ZoneScope(const std::string& zone) {
        if (const char* tz = std::getenv("TZ")) saved = tz;
        ::setenv("TZ", zone.c_str(), 1);
        ::tzset();
    }
    ~ZoneScope() {
        if (saved)
            ::setenv("TZ", saved->c_str(), 1);
        else
            ::unsetenv("TZ");
        ::tzset();
    }
};

bool all_digits(const std::string& s, std::size_t from, std::size_t count) {
    if (from + count > s.size()) return false;
    for (std::size_t i = from; i < from + count; ++i)
        if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    return true;
}

int num(const std::string& s, std::size_t from, std::size_t count) { return std::stoi(s.substr(from, count)); }

[[noreturn]] void bad_time(const std::string& text) {
    throw Error(Exit::usage, _f("invalid time '{}': expected 'now', RFC 3339 (2026-03-01T08:00:00+08:00) "
                                "or 'YYYY-MM-DD HH:MM'",
                                text));
}

// Times are kept from 1970 (the Unix epoch) to 9999 (four digits, as RFC 3339 writes them):
// earlier or later ones are typing mistakes, and year 0 would make ids like INC-0-0001.
constexpr int first_year = 1970, last_year = 9999;

[[noreturn]] void out_of_range(const std::string& text) {
    throw Error(Exit::usage, _f("invalid time '{}': netsec keeps times from 1970 to 9999", text));
}

// `t` when it is not before 1970-01-01T00:00:00Z; throws naming `text` otherwise.
Instant in_range(Instant t, const std::string& text) {
    if (t.time_since_epoch().count() < 0) out_of_range(text);
    return t;
}

bool valid_civil(int y, int mo, int d, int h, int mi, int s) {
    if (!year_month_day{year{y}, month{unsigned(mo)}, day{unsigned(d)}}.ok()) return false;
    return h >= 0 && h < 24 && mi >= 0 && mi < 60 && s >= 0 && s <= 60;
}

Instant from_utc_fields(int y, int mo, int d, int h, int mi, int s) {
    return Instant{sys_days{year{y} / month{unsigned(mo)} / day{unsigned(d)}}} + hours{h} + minutes{mi} + seconds{s};
}

Instant from_local_fields(int y, int mo, int d, int h, int mi, int s, const std::string& zone) {
    std::lock_guard<std::mutex> guard(zone_lock);
    ZoneScope scope(zone);
    std::tm tm{};
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = s;
    tm.tm_isdst = -1;
    std::time_t t = std::mktime(&tm);
    return Instant{seconds{t}};
}

} // namespace

Instant now() {
    if (const char* fixed = std::getenv("NETSEC_NOW"); fixed && *fixed) return parse_time(fixed, "UTC");
    return time_point_cast<seconds>(system_clock::now());
}

Duration parse_duration(const std::string& text) {
    auto bad = [&] {
        return Error(Exit::usage,
                     _f("invalid duration '{}': expected a number and a unit, as in 90m, 12h, 7d or 2w", text));
    };
    if (text.empty()) throw bad();
    long long total = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t start = i;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
        if (i == start || i == text.size() || i - start > 9) throw bad();
        long long n = std::stoll(text.substr(start, i - start));
        switch (text[i]) {
        case 's': total += n; break;
        case 'm': total += n * 60; break;
        case 'h': total += n * 3600; break;
        case 'd': total += n * 86400; break;
        case 'w': total += n * 7 * 86400; break;
        default: throw bad();
        }
        ++i;
    }
    return Duration{total};
}

std::string format_duration(Duration d) {
    long long s = d.count();
    if (s == 0) return "0s";
    struct Unit {
        long long size;
        char name;
    };
    static const Unit units[] = {{7 * 86400, 'w'}, {86400, 'd'}, {3600, 'h'}, {60, 'm'}, {1, 's'}};
    std::string out = s < 0 ? "-" : "";
    if (s < 0) s = -s;
    for (const auto& u : units)
        if (s % u.size == 0) return out + std::to_string(s / u.size) + u.name;
    return out + std::to_string(s) + "s";
}

namespace {

Instant parse_time_in(const std::string& raw, const std::string& zone, bool bounded) {
    std::string text = raw;
    if (text == "now") return now();
    // YYYY-MM-DD
    if (!all_digits(text, 0, 4) || text.size() < 10 || text[4] != '-' || !all_digits(text, 5, 2) || text[7] != '-' ||
        !all_digits(text, 8, 2))
        bad_time(raw);
    int y = num(text, 0, 4), mo = num(text, 5, 2), d = num(text, 8, 2);
    int h = 0, mi = 0, s = 0;
    if (bounded && (y < first_year || y > last_year)) out_of_range(raw);
    auto checked = [&](Instant t, const std::string& text) { return bounded ? in_range(t, text) : t; };
    if (text.size() == 10) {
        if (!valid_civil(y, mo, d, 0, 0, 0)) bad_time(raw);
        return checked(from_local_fields(y, mo, d, 0, 0, 0, zone), raw);
    }
    char sep = text[10];
    if (sep != 'T' && sep != 't' && sep != ' ') bad_time(raw);
    if (!all_digits(text, 11, 2) || text.size() < 16 || text[13] != ':' || !all_digits(text, 14, 2)) bad_time(raw);
    h = num(text, 11, 2);
    mi = num(text, 14, 2);
    std::size_t i = 16;
    if (i < text.size() && text[i] == ':') {
        if (!all_digits(text, 17, 2)) bad_time(raw);
        s = num(text, 17, 2);
        i = 19;
        if (i < text.size() && text[i] == '.') { // fractions are accepted and dropped
            ++i;
            std::size_t start = i;
            while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
            if (i == start) bad_time(raw);
        }
    }
    if (!valid_civil(y, mo, d, h, mi, s)) bad_time(raw);
    if (s == 60) s = 59; // a leap second reads as the second before it
    if (i == text.size()) {
        if (sep != ' ' && sep != 'T') bad_time(raw);
        return checked(from_local_fields(y, mo, d, h, mi, s, zone), raw);
    }
    std::string offset = text.substr(i);
    if (offset == "Z" || offset == "z") return checked(from_utc_fields(y, mo, d, h, mi, s), raw);
    if (offset.size() == 6 && (offset[0] == '+' || offset[0] == '-') && all_digits(offset, 1, 2) && offset[3] == ':' &&
        all_digits(offset, 4, 2)) {
        int oh = num(offset, 1, 2), om = num(offset, 4, 2);
        if (oh > 23 || om > 59) bad_time(raw);
        auto off = hours{oh} + minutes{om};
        Instant local = from_utc_fields(y, mo, d, h, mi, s);
        return checked(offset[0] == '+' ? local - off : local + off, raw);
    }
    bad_time(raw);
}

} // namespace

Instant parse_time(const std::string& text, const std::string& zone) { return parse_time_in(text, zone, true); }

Instant parse_time_any_year(const std::string& text, const std::string& zone) {
    return parse_time_in(text, zone, false);
}

std::string format_rfc3339(Instant t) {
    auto days = floor<std::chrono::days>(t);
    year_month_day ymd{days};
    hh_mm_ss<seconds> hms{t - days};
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02lldZ", int(ymd.year()), unsigned(ymd.month()),
                  unsigned(ymd.day()), long(hms.hours().count()), long(hms.minutes().count()),
                  (long long)hms.seconds().count());
    return buf;
}

std::string format_local(Instant t, const std::string& zone, bool with_seconds) {
    std::tm tm{};
    {
        std::lock_guard<std::mutex> guard(zone_lock);
        ZoneScope scope(zone);
        std::time_t tt = t.time_since_epoch().count();
        ::localtime_r(&tt, &tm);
    }
    char buf[40];
    std::strftime(buf, sizeof buf, with_seconds ? "%Y-%m-%d %H:%M:%S" : "%Y-%m-%d %H:%M", &tm);
    return buf;
}

Instant parse_date(const std::string& text, const std::string& zone) {
    if (text.size() != 10 || !all_digits(text, 0, 4) || text[4] != '-' || !all_digits(text, 5, 2) || text[7] != '-' ||
        !all_digits(text, 8, 2) || !valid_civil(num(text, 0, 4), num(text, 5, 2), num(text, 8, 2), 0, 0, 0))
        throw Error(Exit::usage, _f("invalid date '{}': expected YYYY-MM-DD", text));
    if (num(text, 0, 4) < first_year) out_of_range(text);
    return in_range(from_local_fields(num(text, 0, 4), num(text, 5, 2), num(text, 8, 2), 0, 0, 0, zone), text);
}

bool is_known_zone(const std::string& zone) {
    if (zone.empty() || zone.find("..") != std::string::npos || zone[0] == '/') return false;
    if (zone == "UTC") return true;
    const char* dir = std::getenv("TZDIR");
    std::string path = std::string(dir && *dir ? dir : "/usr/share/zoneinfo") + "/" + zone;
    struct stat st;
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

Instant parse_time_or_ago(const std::string& text, const std::string& zone, Instant now) {
    bool ago = !text.empty() && std::isdigit(static_cast<unsigned char>(text[0])) &&
               std::isalpha(static_cast<unsigned char>(text.back()));
    return ago ? now - parse_duration(text) : parse_time(text, zone);
}

} // namespace netsec::timeutil
