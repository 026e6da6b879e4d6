// What the login readers share: lines, log times, the plausible-time check, fingerprints, wtmp logins.
#include "netsec/account/login_read.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/hash.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/problems.hpp"
#include "netsec/core/syslog_time.hpp"
#include "netsec/core/text.hpp"

#include <algorithm>
#include <map>
#include <regex>

namespace netsec::account::detail {

using timeutil::month_number;

std::vector<std::string> split_lines(const std::string& data) {
    std::vector<std::string> out;
    std::size_t start = 0;
    if (data.rfind("\xEF\xBB\xBF", 0) == 0) start = 3;
    while (start < data.size()) {
        std::size_t end = data.find('\n', start);
        if (end == std::string::npos) end = data.size();
        std::string line = data.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        out.push_back(std::move(line));
        start = end + 1;
    }
    return out;
}

// Local civil fields in `zone` as an instant; nothing when they are not a real time.
std::optional<Instant> local_time(int y, int mo, int d, int h, int mi, int s, const std::string& zone) {
    return timeutil::syslog_time({mo, d, h, mi, s}, y, zone);
}

// "Wed Nov 25 08:01:02 2026" (ctime, as last -F and FreeRADIUS write it) in `zone`.
const std::regex ctime_re(
    R"((Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +(\d{1,2}) (\d\d):(\d\d):(\d\d) (\d{4}))");

std::optional<Instant> ctime_of(const std::smatch& m, const std::string& zone) {
    return local_time(std::stoi(m[7]), month_number(m[2].str()), std::stoi(m[3]), std::stoi(m[4]), std::stoi(m[5]),
                      std::stoi(m[6]), zone);
}

std::optional<Instant> rfc3339_of(std::string text) {
    std::replace(text.begin(), text.end(), ',', '.');
    if (text.size() < 20 || text[10] != 'T') return std::nullopt;
    try {
        return timeutil::parse_time_any_year(text, "UTC");
    } catch (const Error&) {
        return std::nullopt;
    }
}

bool plausible(Instant t) { return t >= earliest_login && t <= latest_login; }

std::string fingerprint_of(const std::vector<std::string>& parts) {
    std::string all;
    for (const auto& p : parts) all += p + '\n';
    return hash::sha256_hex(all);
}

// False, and a problem at `line` naming `text`, when `t` is not a plausible login time.
bool check_time(Problems& problems, std::size_t line, Instant t, const std::string& text) {
    if (plausible(t)) return true;
    problems.add(line, _f("'{}' is outside the years 1970 to 9999", text));
    return false;
}

Login wtmp_login(const std::string& user, const std::string& tty, const std::string& address, Instant start,
                 const std::string& format) {
    Login l;
    l.username = user;
    l.address = address;
    l.service = "login";
    l.started_at = timeutil::format_rfc3339(start);
    l.format = format;
    // last and utmpdump of the same wtmp give the same fingerprint.
    l.fingerprint = fingerprint_of({"wtmp", user, tty, address, l.started_at});
    return l;
}

} // namespace netsec::account::detail
