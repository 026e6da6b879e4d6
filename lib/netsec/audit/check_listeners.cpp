// HOST-0001: no TCP listener on the ports of risky services.
#include "netsec/audit/checks_host.hpp"
#include "netsec/audit/host_files.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/paths.hpp"

#include <map>
#include <set>
#include <sstream>

namespace netsec::audit::host {

void check_listeners(Context& ctx, std::vector<Outcome>& out) {
    static const std::map<int, const char*> risky = {{23, "telnet"},   {135, "MS RPC"},  {136, "NetBIOS"},
                                                     {137, "NetBIOS"}, {138, "NetBIOS"}, {139, "NetBIOS"},
                                                     {445, "SMB"},     {3389, "RDP"}};
    std::vector<std::string> files;
    for (const char* rel : {"proc/net/tcp", "proc/net/tcp6"})
        if (paths::exists(under(ctx, rel))) files.push_back(under(ctx, rel));
    if (files.empty()) {
        out.push_back(
            {"listeners", "not_applicable", _f("no proc/net/tcp under '{}' to read listeners from", ctx.root), {}});
        return;
    }
    std::set<int> found;
    for (const auto& f : files) {
        std::istringstream in(paths::read_file(f));
        std::string line;
        std::getline(in, line); // header
        while (std::getline(in, line)) {
            auto w = words(line);
            if (w.size() < 4 || w[3] != "0A") continue; // LISTEN
            auto colon = w[1].rfind(':');
            if (colon == std::string::npos) continue;
            int port = int(std::strtol(w[1].substr(colon + 1).c_str(), nullptr, 16));
            if (risky.count(port)) found.insert(port);
        }
    }
    for (int port : found)
        out.push_back({fmt::format("listener:{}", port), "fail",
                       _f("a TCP listener on port {} ({}); close it, or firewall it and record an exception", port,
                          risky.at(port)),
                       files});
    if (found.empty()) out.push_back({"listeners", "pass", _("no TCP listener on 23, 135-139, 445 or 3389"), files});
}

} // namespace netsec::audit::host
