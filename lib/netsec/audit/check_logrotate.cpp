// LOG-0001: how long rsyslog's files are kept, from logrotate's configuration.
#include "netsec/audit/checks_host.hpp"
#include "netsec/audit/host_files.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/paths.hpp"
#include "netsec/core/syslog_time.hpp"

namespace netsec::audit::host {

using timeutil::Duration;
using timeutil::format_duration;

namespace {

struct Stanza {
    std::string file;
    std::vector<std::string> logs;
    std::optional<Duration> period;
    std::optional<long long> rotate;
};

std::optional<Duration> rotate_period(const std::string& word) {
    if (word == "hourly") return Duration(3600);
    if (word == "daily") return Duration(86400);
    if (word == "weekly") return Duration(7 * 86400);
    if (word == "monthly") return Duration(30 * 86400);
    if (word == "yearly") return Duration(365 * 86400);
    return std::nullopt;
}

// Global settings go into `global`, each { } block into `stanzas`.
void parse_logrotate(const std::string& file, Stanza& global, std::vector<Stanza>& stanzas) {
    Stanza* current = nullptr;
    std::vector<std::string> pending_logs;
    bool in_script = false;
    for (const auto& line : config_lines(file)) {
        auto w = words(line);
        if (in_script) {
            if (w[0] == "endscript") in_script = false;
            continue;
        }
        if (w[0] == "postrotate" || w[0] == "prerotate" || w[0] == "firstaction" || w[0] == "lastaction" ||
            w[0] == "preremove") {
            in_script = true;
            continue;
        }
        if (!current && line.back() == '{') {
            Stanza s;
            s.file = file;
            for (const auto& x : w)
                if (x != "{") s.logs.push_back(x.back() == '{' ? x.substr(0, x.size() - 1) : x);
            for (const auto& x : pending_logs) s.logs.insert(s.logs.begin(), x);
            pending_logs.clear();
            stanzas.push_back(s);
            current = &stanzas.back();
            continue;
        }
        if (current && w[0] == "}") {
            current = nullptr;
            continue;
        }
        Stanza& target = current ? *current : global;
        if (auto p = rotate_period(w[0]))
            target.period = p;
        else if (w[0] == "rotate" && w.size() > 1) {
            try {
                target.rotate = std::stoll(w[1]);
            } catch (const std::exception&) {
            }
        } else if (!current && (w[0].front() == '/' || w[0].front() == '"')) {
            for (const auto& x : w) pending_logs.push_back(x); // a list of logs before a lone {
        }
    }
}

} // namespace

void check_logrotate(Context& ctx, std::vector<Outcome>& out, bool& any_config) {
    std::string main = under(ctx, "etc/logrotate.conf");
    std::vector<std::string> files;
    if (paths::exists(main)) files.push_back(main);
    for (const auto& f : files_in(under(ctx, "etc/logrotate.d"))) files.push_back(f);
    bool rsyslog = paths::exists(under(ctx, "etc/rsyslog.conf"));
    if (files.empty() && !rsyslog) return;
    any_config = true;
    Stanza global;
    std::vector<Stanza> stanzas;
    if (paths::exists(main)) parse_logrotate(main, global, stanzas);
    for (std::size_t i = paths::exists(main) ? 1 : 0; i < files.size(); ++i) {
        Stanza ignored = global; // settings outside braces in logrotate.d apply to what follows
        parse_logrotate(files[i], ignored, stanzas);
    }
    Duration want = ctx.policy.thresholds.log_retention;
    std::size_t failed = 0;
    bool rotates_syslog = false;
    for (const auto& s : stanzas) {
        if (s.logs.empty()) continue;
        for (const auto& l : s.logs)
            if (l.find("syslog") != std::string::npos || l.find("messages") != std::string::npos) rotates_syslog = true;
        Duration period = s.period.value_or(global.period.value_or(Duration(7 * 86400)));
        long long rotate = s.rotate.value_or(global.rotate.value_or(0));
        Duration kept = period * rotate;
        if (kept < want) {
            ++failed;
            out.push_back({"logrotate:" + s.logs.front(),
                           "fail",
                           _f("{}: rotate {} × {} keeps {} of logs, less than {}", s.file, rotate,
                              format_duration(period), format_duration(kept), format_duration(want)),
                           {s.file}});
        }
    }
    if (!files.empty() && failed == 0)
        out.push_back({"logrotate", "pass",
                       _f("logrotate stanzas: {}; each keeps at least {}", stanzas.size(), format_duration(want)),
                       files});
    if (rsyslog) {
        std::string conf = under(ctx, "etc/rsyslog.conf");
        if (rotates_syslog)
            out.push_back({"rsyslog", "pass", _("rsyslog's files are rotated by logrotate"), {conf}});
        else
            out.push_back({"rsyslog",
                           "fail",
                           _("rsyslog writes logs, but no logrotate stanza rotates its files (syslog, messages)"),
                           {conf}});
    }
}

} // namespace netsec::audit::host
