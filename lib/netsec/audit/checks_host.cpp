// The checks that look at the host: configuration files and /proc, read only under the
// context's root so that tests (and an inspector with a copy of a server's /etc) can point
// them at a prepared folder. Nothing here runs a program or asks a service.
// Each part is a file of its own (checks_host.hpp); this file puts them together.
#include "netsec/audit/checks_host.hpp"
#include "netsec/audit/checks.hpp"
#include "netsec/core/i18n.hpp"

namespace netsec::audit {

using namespace host;

std::string under(const Context& ctx, const std::string& relative) {
    return ctx.root == "/" ? "/" + relative : ctx.root + "/" + relative;
}

std::vector<Outcome> check_logs(Context& ctx) {
    std::vector<Outcome> out;
    bool any = false;
    check_journald(ctx, out);
    any = !out.empty();
    check_logrotate(ctx, out, any);
    if (!any)
        out.push_back({"retention",
                       "not_applicable",
                       _f("no journald, rsyslog or logrotate configuration under '{}'", ctx.root),
                       {}});
    check_oldest(ctx, out);
    check_log_modes(ctx, out);
    return out;
}

std::vector<Outcome> check_host_baseline(Context& ctx) {
    std::vector<Outcome> out;
    check_sshd(ctx, out);
    check_firewall(ctx, out);
    check_time_sync(ctx, out);
    check_listeners(ctx, out);
    return out;
}

} // namespace netsec::audit
