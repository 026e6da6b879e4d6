// LOG-0001: how long journald keeps logs, from journald.conf and its drop-ins.
#include "netsec/audit/checks_host.hpp"
#include "netsec/audit/host_files.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/paths.hpp"
#include "netsec/core/text.hpp"

#include <cctype>
#include <map>

namespace netsec::audit::host {

using timeutil::Duration;
using timeutil::format_duration;

using text::lower_ascii;
using text::trim;

namespace {

// systemd's time spans: "180d", "6month", "1y", "3600" (seconds), "2w 3d".
std::optional<Duration> systemd_span(const std::string& text) {
    static const std::map<std::string, long long> units = {{"", 1},
                                                           {"s", 1},
                                                           {"sec", 1},
                                                           {"second", 1},
                                                           {"seconds", 1},
                                                           {"m", 60},
                                                           {"min", 60},
                                                           {"minute", 60},
                                                           {"minutes", 60},
                                                           {"h", 3600},
                                                           {"hr", 3600},
                                                           {"hour", 3600},
                                                           {"hours", 3600},
                                                           {"d", 86400},
                                                           {"day", 86400},
                                                           {"days", 86400},
                                                           {"w", 604800},
                                                           {"week", 604800},
                                                           {"weeks", 604800},
                                                           {"month", 2629800},
                                                           {"months", 2629800},
                                                           {"M", 2629800},
                                                           {"y", 31557600},
                                                           {"year", 31557600},
                                                           {"years", 31557600}};
    long long total = 0;
    std::size_t i = 0;
    bool any = false;
    while (i < text.size()) {
        while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
        if (i == text.size()) break;
        std::size_t start = i;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
        if (start == i) return std::nullopt;
        long long n = std::stoll(text.substr(start, i - start));
        std::size_t ustart = i;
        while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
        auto it = units.find(text.substr(ustart, i - ustart));
        if (it == units.end()) return std::nullopt;
        total += n * it->second;
        any = true;
    }
    if (!any) return std::nullopt;
    return Duration(total);
}

} // namespace

// --- LOG-0001 ---------------------------------------------------------------------------------

void check_journald(Context& ctx, std::vector<Outcome>& out) {
    std::string main = under(ctx, "etc/systemd/journald.conf");
    std::vector<std::string> files;
    if (paths::exists(main)) files.push_back(main);
    for (const auto& f : files_in(under(ctx, "etc/systemd/journald.conf.d"), "*.conf")) files.push_back(f);
    if (files.empty() && !is_dir(under(ctx, "etc/systemd"))) return; // no systemd here
    std::map<std::string, std::string> set;
    for (const auto& f : files) {
        bool in_journal = false;
        for (const auto& line : config_lines(f)) {
            if (line.front() == '[') {
                in_journal = line == "[Journal]";
                continue;
            }
            auto eq = line.find('=');
            if (in_journal && eq != std::string::npos) set[trim(line.substr(0, eq))] = trim(line.substr(eq + 1));
        }
    }
    Duration want = ctx.policy.thresholds.log_retention;
    std::string storage = set.count("Storage") ? lower_ascii(set["Storage"]) : "auto";
    std::vector<std::string> problems;
    if (storage == "volatile" || storage == "none")
        problems.push_back(_f("Storage={}: the journal is not kept on disk", storage));
    else if (storage == "auto" && !is_dir(under(ctx, "var/log/journal")))
        problems.push_back(_("Storage=auto and var/log/journal does not exist: the journal is lost at every reboot"));
    std::string retention = _("no MaxRetentionSec, so no time limit (size limits may still cut it short)");
    if (set.count("MaxRetentionSec") && !set["MaxRetentionSec"].empty()) {
        auto span = systemd_span(set["MaxRetentionSec"]);
        if (!span)
            problems.push_back(_f("MaxRetentionSec={} is not a time span", set["MaxRetentionSec"]));
        else if (span->count() > 0 && *span < want)
            problems.push_back(
                _f("MaxRetentionSec={} keeps less than {}", set["MaxRetentionSec"], format_duration(want)));
        else
            retention = _f("MaxRetentionSec={}", set["MaxRetentionSec"]);
    }
    if (problems.empty())
        out.push_back({"journald", "pass", _f("Storage={}; {}", storage, retention), files});
    else {
        std::string all;
        for (const auto& p : problems) all += (all.empty() ? "" : "; ") + p;
        out.push_back({"journald", "fail", all, files});
    }
}

} // namespace netsec::audit::host
