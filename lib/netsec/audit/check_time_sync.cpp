// HOST-0001: a configured time source (chrony, ntpd, systemd-timesyncd).
#include "netsec/audit/checks_host.hpp"
#include "netsec/audit/host_files.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/paths.hpp"

namespace netsec::audit::host {

void check_time_sync(Context& ctx, std::vector<Outcome>& out) {
    for (const char* rel : {"etc/chrony/chrony.conf", "etc/chrony.conf", "etc/ntp.conf", "etc/ntpsec/ntp.conf"}) {
        std::string f = under(ctx, rel);
        if (!paths::exists(f)) continue;
        for (const auto& line : config_lines(f)) {
            auto w = words(line);
            if (w[0] == "server" || w[0] == "pool" || w[0] == "peer" || w[0] == "sourcedir") {
                out.push_back({"time", "pass", _f("'{}' names time sources", f), {f}});
                return;
            }
        }
    }
    std::string timesyncd = under(ctx, "etc/systemd/timesyncd.conf");
    if (paths::exists(timesyncd)) {
        out.push_back({"time", "pass", _f("systemd-timesyncd is configured ('{}')", timesyncd), {timesyncd}});
        return;
    }
    out.push_back({"time",
                   "fail",
                   _f("no chrony, ntpd or systemd-timesyncd configuration under '{}': the clock may drift, and log "
                      "times with it",
                      ctx.root),
                   {}});
}

} // namespace netsec::audit::host
