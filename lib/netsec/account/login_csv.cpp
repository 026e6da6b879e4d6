// Logins from CSV: username, address, start, end; headers in English or Chinese.
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

// CSV: username, address (or source, machine), start, end; headers in English or Chinese.
void read_csv(const std::string& data, const LoginReadOptions& o, Problems& problems, std::vector<Login>& out) {
    io::ReadOptions ro;
    ro.format = io::InputFormat::csv;
    auto records = io::read_records(data, ro, problems);
    // The headers a login CSV is read by: its own words (start, end), not the stored fields'
    // (started_at, where "source" names the log), which it reads as aliases.
    static const std::vector<io::Column> columns = {
        {"username", io::Kind::text, true, {"user", "用户名", "账号"}},
        {"address", io::Kind::text, true, {"source", "machine", "ip", "地址", "机器", "来源"}},
        {"start", io::Kind::time, true, {"started_at", "开始", "登录时间"}},
        {"end", io::Kind::time, true, {"ended_at", "结束", "退出时间"}},
        {"host"},
        {"service"}};
    io::Headers headers = io::map_headers(columns, records, problems.source());
    for (const auto& r : records) {
        std::map<std::string, std::string> f;
        for (const auto& c : columns) f[c.name] = io::header_value(headers, r, c.name);
        if (f["username"].empty() || f["start"].empty()) {
            problems.add(r.line, _("a login needs 'username' and 'start'"));
            continue;
        }
        Login l;
        l.username = f["username"];
        l.address = f["address"];
        l.host = f["host"];
        l.service = f["service"].empty() ? "csv" : f["service"];
        try {
            Instant start = timeutil::parse_time_any_year(f["start"], o.zone);
            if (!check_time(problems, r.line, start, f["start"])) continue;
            l.started_at = timeutil::format_rfc3339(start);
            if (!f["end"].empty()) {
                Instant end = timeutil::parse_time_any_year(f["end"], o.zone);
                if (!check_time(problems, r.line, end, f["end"])) continue;
                if (end < start) {
                    problems.add(r.line, _("the end is before the start"));
                    continue;
                }
                if (end - start > longest_session) {
                    problems.add(r.line,
                                 _f("the session length '{}' is longer than ten years", f["start"] + " - " + f["end"]));
                    continue;
                }
                l.ended_at = timeutil::format_rfc3339(end);
            }
        } catch (const Error& e) {
            problems.add(r.line, e.what());
            continue;
        }
        l.fingerprint = fingerprint_of({"csv", l.username, l.address, l.host, l.started_at});
        out.push_back(l);
    }
}

} // namespace netsec::account::detail
