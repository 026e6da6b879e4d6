// HOST-0001: a firewall that drops inbound traffic by default.
#include "netsec/audit/checks_host.hpp"
#include "netsec/audit/host_files.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/paths.hpp"
#include "netsec/core/text.hpp"

namespace netsec::audit::host {

using text::lower_ascii;

namespace {

// True when an nftables file has a chain hooked on input whose policy is drop.
bool nft_drops_input(const std::string& file) {
    std::string chain;
    int depth = 0, chain_depth = -1;
    for (const auto& line : config_lines(file)) {
        auto w = words(line);
        if (w[0] == "chain" && chain_depth < 0) {
            chain_depth = depth;
            chain.clear();
        }
        if (chain_depth >= 0) chain += " " + line + ";";
        for (char ch : line) {
            if (ch == '{') ++depth;
            if (ch == '}') --depth;
        }
        if (chain_depth >= 0 && depth <= chain_depth) {
            bool input = chain.find("hook input") != std::string::npos;
            bool drop = chain.find("policy drop") != std::string::npos;
            if (input && drop) return true;
            chain_depth = -1;
        }
    }
    return false;
}

} // namespace

void check_firewall(Context& ctx, std::vector<Outcome>& out) {
    std::vector<std::string> examined;
    std::vector<std::string> nft;
    if (paths::exists(under(ctx, "etc/nftables.conf"))) nft.push_back(under(ctx, "etc/nftables.conf"));
    for (const auto& f : files_in(under(ctx, "etc/nftables.d"), "*.nft")) nft.push_back(f);
    for (const auto& f : nft) {
        examined.push_back(f);
        if (nft_drops_input(f)) {
            out.push_back({"firewall", "pass", _f("'{}': the input chain's policy is drop", f), {f}});
            return;
        }
    }
    for (const char* rel : {"etc/iptables/rules.v4", "etc/sysconfig/iptables"}) {
        std::string f = under(ctx, rel);
        if (!paths::exists(f)) continue;
        examined.push_back(f);
        for (const auto& line : config_lines(f)) {
            auto w = words(line);
            if (w.size() >= 2 && w[0] == ":INPUT" && (w[1] == "DROP" || w[1] == "REJECT")) {
                out.push_back({"firewall", "pass", _f("'{}': INPUT policy {}", f, w[1]), {f}});
                return;
            }
        }
    }
    std::string ufw_default = under(ctx, "etc/default/ufw"), ufw_conf = under(ctx, "etc/ufw/ufw.conf");
    if (paths::exists(ufw_default) && paths::exists(ufw_conf)) {
        examined.push_back(ufw_default);
        examined.push_back(ufw_conf);
        bool drop = false, enabled = false;
        for (const auto& line : config_lines(ufw_default))
            if (line == "DEFAULT_INPUT_POLICY=\"DROP\"" || line == "DEFAULT_INPUT_POLICY=\"REJECT\"") drop = true;
        for (const auto& line : config_lines(ufw_conf))
            if (lower_ascii(line) == "enabled=yes") enabled = true;
        if (drop && enabled) {
            out.push_back({"firewall", "pass", _("ufw is enabled and its input policy drops"), examined});
            return;
        }
    }
    if (examined.empty())
        out.push_back({"firewall",
                       "fail",
                       _f("no firewall rules under '{}' (etc/nftables.conf, etc/iptables/rules.v4, "
                          "etc/sysconfig/iptables, ufw): nothing is known to drop inbound traffic",
                          ctx.root),
                       {}});
    else
        out.push_back(
            {"firewall", "fail", _("the firewall rules found do not drop inbound traffic by default"), examined});
}

} // namespace netsec::audit::host
