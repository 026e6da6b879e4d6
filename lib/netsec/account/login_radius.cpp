// Logins from FreeRADIUS accounting detail files.
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
using timeutil::month_number;

// FreeRADIUS accounting detail: a ctime line, then tab-indented "Attribute = value" lines,
// then a blank line.
void read_radius(const std::vector<std::string>& lines, const LoginReadOptions& o, Problems& problems,
                 std::vector<Login>& out) {
    static const std::regex attr_re(R"(^[ \t]+([A-Za-z0-9][A-Za-z0-9:._-]*) = (.*)$)");
    static const std::regex event_re(
        R"(^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +(\d{1,2}) (\d{4}) (\d\d):(\d\d):(\d\d))");
    struct Block {
        std::size_t line = 0;
        Instant header{};
        std::string header_text;
        std::map<std::string, std::string> attrs;
    };
    std::map<std::string, std::size_t> open; // session key -> index in out
    auto finish = [&](const Block& b) {
        auto get = [&](const char* k) {
            auto it = b.attrs.find(k);
            return it == b.attrs.end() ? std::string() : it->second;
        };
        std::string status = get("Acct-Status-Type");
        if (status != "Start" && status != "Stop") return; // Interim-Update, Accounting-On/Off
        std::string user = get("User-Name");
        if (user.empty()) {
            problems.add(b.line, _f("an accounting {} without 'User-Name'", status));
            return;
        }
        Instant at = b.header;
        std::string ts = get("Timestamp"), ev = get("Event-Timestamp");
        auto all_digits = [](const std::string& s) {
            return !s.empty() && s.size() < 12 &&
                   std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
        };
        std::smatch m;
        std::string at_text = b.header_text;
        if (all_digits(ts))
            at = Instant{std::chrono::seconds{std::stoll(ts)}}, at_text = ts;
        else if (all_digits(ev))
            at = Instant{std::chrono::seconds{std::stoll(ev)}}, at_text = ev;
        else if (std::regex_search(ev, m, event_re)) {
            if (auto t = local_time(std::stoi(m[3]), month_number(m[1].str()), std::stoi(m[2]), std::stoi(m[4]),
                                    std::stoi(m[5]), std::stoi(m[6]), o.zone))
                at = *t, at_text = ev;
        }
        if (!check_time(problems, b.line, at, at_text)) return;
        std::string host = get("NAS-Identifier");
        if (host.empty()) host = get("NAS-IP-Address");
        std::string session = get("Acct-Unique-Session-Id");
        if (session.empty()) session = get("Acct-Session-Id");
        std::string key = host + " " + session + " " + user;
        if (status == "Stop") {
            auto it = open.find(key);
            if (it != open.end() && !session.empty()) {
                out[it->second].ended_at = timeutil::format_rfc3339(at);
                open.erase(it);
                return;
            }
        }
        Login l;
        l.username = user;
        l.address = get("Calling-Station-Id");
        if (l.address.empty()) l.address = get("Framed-IP-Address");
        l.service = "radius";
        l.host = host;
        Instant start = at;
        if (status == "Stop") {
            std::string secs = get("Acct-Session-Time");
            if (all_digits(secs)) {
                std::chrono::seconds span{std::stoll(secs)}; // under 12 digits: no overflow
                if (span > longest_session) {
                    problems.add(b.line, _f("the session length '{}' is longer than ten years", secs + " s"));
                    return;
                }
                start = at - span;
                if (!check_time(problems, b.line, start, at_text + " - " + secs + " s")) return;
            }
            l.ended_at = timeutil::format_rfc3339(at);
        }
        l.started_at = timeutil::format_rfc3339(start);
        l.fingerprint = session.empty() ? fingerprint_of({"radius", host, user, l.started_at})
                                        : fingerprint_of({"radius", host, session, user});
        out.push_back(l);
        if (status == "Start" && !session.empty()) open[key] = out.size() - 1;
    };
    std::optional<Block> block;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string& line = lines[i];
        if (trim(line).empty()) {
            if (block) finish(*block);
            block.reset();
            continue;
        }
        std::smatch m;
        if (line[0] != ' ' && line[0] != '\t') {
            if (block) finish(*block);
            block.reset();
            std::optional<Instant> header;
            if (std::regex_search(line, m, ctime_re) && m.position(0) == 0) header = ctime_of(m, o.zone);
            if (!header) {
                problems.add(i + 1, _("not a FreeRADIUS detail record: expected a time such as "
                                      "'Wed Nov 25 08:01:02 2026' to start it"));
                continue;
            }
            block = Block{i + 1, *header, m[0], {}};
            continue;
        }
        if (!std::regex_match(line, m, attr_re)) {
            problems.add(i + 1, _("not an attribute line: expected a tab, then 'Name = value'"));
            continue;
        }
        if (!block) {
            problems.add(i + 1, _("an attribute before the record's time line"));
            continue;
        }
        std::string value = trim(m[2].str());
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
        block->attrs[m[1]] = value;
    }
    if (block) finish(*block);
}

} // namespace netsec::account::detail
