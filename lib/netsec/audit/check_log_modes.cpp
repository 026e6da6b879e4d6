// LOG-0001: log files under var/log that everyone may read.
#include "netsec/audit/checks_host.hpp"
#include "netsec/audit/host_files.hpp"
#include "netsec/core/i18n.hpp"

#include <algorithm>
#include <sys/stat.h>

namespace netsec::audit::host {

namespace {

void readable_logs(const std::string& dir, int depth, std::vector<std::string>& found, std::size_t& seen) {
    each_file(dir, depth, seen, [&](const std::string& full, const std::string& name, const struct stat& st) {
        // wtmp and lastlog are meant to be read by last(1) and lastlog(8).
        if (name.rfind("wtmp", 0) == 0 || name.rfind("lastlog", 0) == 0) return;
        if (st.st_mode & S_IROTH) found.push_back(full);
    });
}

} // namespace

void check_log_modes(Context& ctx, std::vector<Outcome>& out) {
    std::string dir = under(ctx, "var/log");
    if (!is_dir(dir)) return;
    std::vector<std::string> found;
    std::size_t seen = 0;
    readable_logs(dir, 3, found, seen);
    std::sort(found.begin(), found.end());
    if (found.empty()) {
        out.push_back({"var/log", "pass", _f("log files: {}; none is readable by everyone", seen), {}});
        return;
    }
    std::string list;
    for (std::size_t i = 0; i < found.size() && i < 5; ++i) list += (list.empty() ? "" : ", ") + found[i];
    if (found.size() > 5) list += ", …";
    out.push_back({"var/log", "fail", _f("log files readable by everyone: {}: {}", found.size(), list), {}});
}

} // namespace netsec::audit::host
