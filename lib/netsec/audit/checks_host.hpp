// Inside the audit module: the parts of the host checks, one file each; checks_host.cpp puts
// them together as LOG-0001 (check_logs) and HOST-0001 (check_host_baseline).
#pragma once
#include "netsec/audit/checks.hpp"

#include <string>
#include <vector>

namespace netsec::audit::host {

// LOG-0001: how long journald (check_journald.cpp) and rsyslog with logrotate
// (check_logrotate.cpp) keep logs; `any_config` is set when a configuration was found.
void check_journald(Context& ctx, std::vector<Outcome>& out);
void check_logrotate(Context& ctx, std::vector<Outcome>& out, bool& any_config);
// LOG-0001: the oldest entry the logs keep (check_log_oldest.cpp).
void check_oldest(Context& ctx, std::vector<Outcome>& out);
// LOG-0001: log files readable by everyone (check_log_modes.cpp).
void check_log_modes(Context& ctx, std::vector<Outcome>& out);

// HOST-0001, one file each: sshd's settings, the firewall, time sync, risky listeners.
void check_sshd(Context& ctx, std::vector<Outcome>& out);
void check_firewall(Context& ctx, std::vector<Outcome>& out);
void check_time_sync(Context& ctx, std::vector<Outcome>& out);
void check_listeners(Context& ctx, std::vector<Outcome>& out);

} // namespace netsec::audit::host
