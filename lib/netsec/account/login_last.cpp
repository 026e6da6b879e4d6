// Logins from `last -F -w` output.
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

// `last -F -w`: "user tty host Wed Nov 25 08:01:02 2026 - Wed Nov 25 09:15:40 2026  (01:14)".
void read_last(const std::vector<std::string>& lines, const LoginReadOptions& o, Problems& problems,
               std::vector<Login>& out) {
    static const std::regex span_re(R"(^\s*\((?:(\d+)\+)?(\d+):(\d\d)\))");
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string& line = lines[i];
        std::string t = trim(line);
        if (t.empty() || t.rfind("wtmp begins", 0) == 0 || t.rfind("btmp begins", 0) == 0) continue;
        std::smatch m;
        if (!std::regex_search(line, m, ctime_re)) {
            problems.add(i + 1, _("not a line of 'last -F -w': expected user, terminal, host and a time such as "
                                  "'Wed Nov 25 08:01:02 2026'"));
            continue;
        }
        std::vector<std::string> words;
        {
            std::string prefix = line.substr(0, m.position(0)), w;
            for (char ch : prefix + " ") {
                if (ch == ' ' || ch == '\t') {
                    if (!w.empty()) words.push_back(w);
                    w.clear();
                } else
                    w += ch;
            }
        }
        if (words.empty()) {
            problems.add(i + 1, _("no username before the time"));
            continue;
        }
        const std::string& user = words[0];
        if (user == "reboot" || user == "shutdown" || user == "runlevel") continue;
        auto start = ctime_of(m, o.zone);
        if (!start) {
            problems.add(i + 1, _f("'{}' is not a date", std::string(m[0])));
            continue;
        }
        if (!check_time(problems, i + 1, *start, m[0])) continue;
        std::string tty = words.size() > 1 ? words[1] : "";
        std::string address = words.size() > 2 ? words[2] : "";
        Login l = wtmp_login(user, tty, address, *start, "last");
        std::string after = m.suffix();
        std::smatch e;
        if (std::regex_search(after, e, ctime_re) && trim(e.prefix().str()) == "-") {
            if (auto end = ctime_of(e, o.zone)) {
                if (!check_time(problems, i + 1, *end, e[0])) continue;
                if (*end - *start > longest_session) {
                    problems.add(i + 1, _f("the session length '{}' is longer than ten years",
                                           std::string(m[0]) + " - " + std::string(e[0])));
                    continue;
                }
                l.ended_at = timeutil::format_rfc3339(*end);
            }
        } else {
            // "- crash", "- down": the end is the start plus the (D+HH:MM) last shows.
            std::size_t paren = after.find('(');
            std::smatch d;
            std::string tail = paren == std::string::npos ? "" : after.substr(paren);
            if (std::regex_search(tail, d, span_re) && after.find("still") == std::string::npos) {
                // Digits beyond these are longer than any session (and would overflow): refused below.
                bool short_enough = d[1].length() <= 6 && d[2].length() <= 8;
                long long days = short_enough && d[1].matched ? std::stoll(d[1]) : 0;
                std::chrono::seconds span{short_enough ? days * 86400 + std::stoll(d[2]) * 3600 + std::stoll(d[3]) * 60
                                                       : 0};
                if (!short_enough || span > longest_session) {
                    problems.add(i + 1, _f("the session length '{}' is longer than ten years", trim(d[0].str())));
                    continue;
                }
                if (!check_time(problems, i + 1, *start + span, std::string(m[0]) + " " + trim(d[0].str()))) continue;
                l.ended_at = timeutil::format_rfc3339(*start + span);
            }
        }
        out.push_back(l);
    }
}

} // namespace netsec::account::detail
