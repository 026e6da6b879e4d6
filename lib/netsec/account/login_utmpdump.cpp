// Logins from `utmpdump` output.
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

using text::trim;

// `utmpdump`: "[7] [04321] [ts/1] [user] [pts/1] [host] [addr] [2026-11-25T08:01:02,000000+00:00]".
void read_utmpdump(const std::vector<std::string>& lines, const LoginReadOptions& o, Problems& problems,
                   std::vector<Login>& out) {
    static const std::regex row_re(
        R"(^\[(\d+)\] \[(\d+)\] \[([^\]]*)\] \[([^\]]*)\] \[([^\]]*)\] \[([^\]]*)\] \[([^\]]*)\] \[([^\]]*)\]\s*$)");
    std::map<std::string, std::size_t> open; // by terminal, as last pairs them
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (trim(lines[i]).empty()) continue;
        std::smatch m;
        if (!std::regex_match(lines[i], m, row_re)) {
            problems.add(i + 1, _("not a line of 'utmpdump': expected eight fields in brackets"));
            continue;
        }
        int type = std::stoi(m[1]);
        if (type != 7 && type != 8) continue; // only USER_PROCESS and DEAD_PROCESS are sessions
        std::string stamp = trim(m[8].str());
        std::optional<Instant> at = rfc3339_of(stamp);
        if (!at) {
            std::smatch c;
            if (std::regex_search(stamp, c, ctime_re)) at = ctime_of(c, o.zone);
        }
        if (!at) {
            problems.add(i + 1, _f("'{}' is not a time", stamp));
            continue;
        }
        if (!check_time(problems, i + 1, *at, stamp)) continue;
        std::string tty = trim(m[5].str());
        if (type == 7) {
            std::string user = trim(m[4].str()), host = trim(m[6].str()), addr = trim(m[7].str());
            if (user.empty()) {
                problems.add(i + 1, _("a login (type 7) without a user"));
                continue;
            }
            if (host.empty() && addr != "0.0.0.0") host = addr;
            out.push_back(wtmp_login(user, tty, host, *at, "utmpdump"));
            open[tty] = out.size() - 1;
        } else if (auto it = open.find(tty); it != open.end()) {
            if (out[it->second].ended_at.empty()) out[it->second].ended_at = timeutil::format_rfc3339(*at);
            open.erase(it);
        }
    }
}

} // namespace netsec::account::detail
