// scan list, show and diff: reading the scans kept.
#include "netsec/asset/scan.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"

#include <charconv>
#include <map>
#include <set>
#include <tuple>

namespace netsec::asset {
namespace {

// The scan `id` names among `scans` (oldest first): a number, or "latest".
const store::ScanRow& pick(const std::vector<store::ScanRow>& scans, const std::string& id) {
    if (id == "latest") {
        if (scans.empty())
            throw Error(Exit::no_input,
                        _("no scan was imported yet; import one with 'netsec-asset scan import FILE.xml'"));
        return scans.back();
    }
    std::int64_t n = 0;
    auto [p, ec] = std::from_chars(id.data(), id.data() + id.size(), n);
    if (ec != std::errc{} || p != id.data() + id.size() || n < 1)
        throw Error(Exit::usage,
                    _f("'{}' is not a scan id: expected a number from 'netsec-asset scan list' or 'latest'", id));
    for (const auto& s : scans)
        if (s.id == n) return s;
    throw Error(Exit::no_input, _f("no scan {}; 'netsec-asset scan list' shows the scans imported", id));
}

ScanDetail detail_of(store::Db& db, const store::ScanRow& scan) {
    return {scan, store::list_scan_hosts(db, scan.id), store::list_scan_ports(db, scan.id)};
}

// Which host a row is across scans: the registered machine, else its MAC, else its IP.
std::string identity(const store::ScanHostRow& h) {
    if (!h.tag.empty()) return "tag " + h.tag;
    if (!h.mac.empty()) return "mac " + h.mac;
    return "ip " + h.ip;
}

} // namespace

std::vector<ScanSummary> list_scans(store::Db& db) {
    std::vector<ScanSummary> out;
    for (auto& scan : store::list_scans(db)) {
        ScanSummary s{scan};
        for (const auto& h : store::list_scan_hosts(db, scan.id))
            (!h.conflict.empty() ? s.conflicts : h.tag.empty() ? s.unknown : s.matched)++;
        out.push_back(std::move(s));
    }
    return out;
}

ScanDetail get_scan(store::Db& db, const std::string& id) { return detail_of(db, pick(store::list_scans(db), id)); }

std::optional<ScanDetail> latest_scan(store::Db& db) {
    auto scans = store::list_scans(db);
    if (scans.empty()) return std::nullopt;
    return detail_of(db, scans.back());
}

ScanDiff diff_scans(store::Db& db, const std::string& a, const std::string& b) {
    auto scans = store::list_scans(db);
    ScanDiff diff;
    if (a.empty() && b.empty()) {
        if (scans.size() < 2)
            throw Error(Exit::no_input,
                        _f("scan diff compares two scans, and {} was imported; import another with 'netsec-asset scan "
                           "import FILE.xml'",
                           scans.size()));
        diff.from = scans[scans.size() - 2];
        diff.to = scans.back();
    } else {
        diff.from = pick(scans, a);
        diff.to = pick(scans, b.empty() ? "latest" : b);
    }
    auto before = detail_of(db, diff.from), after = detail_of(db, diff.to);
    std::map<std::string, const store::ScanHostRow*> old_hosts, new_hosts;
    for (const auto& h : before.hosts) old_hosts.emplace(identity(h), &h);
    for (const auto& h : after.hosts) new_hosts.emplace(identity(h), &h);
    // A port is (protocol, port) on a host's identity.
    std::map<std::string, std::string> old_ip_identity, new_ip_identity;
    for (const auto& h : before.hosts) old_ip_identity[h.ip] = identity(h);
    for (const auto& h : after.hosts) new_ip_identity[h.ip] = identity(h);
    std::set<std::tuple<std::string, std::string, std::int64_t>> old_ports;
    for (const auto& p : before.ports) old_ports.emplace(old_ip_identity[p.ip], p.protocol, p.port);

    for (const auto& h : after.hosts)
        if (!old_hosts.count(identity(h))) diff.changes.push_back({"new_host", h, std::nullopt});
    for (const auto& h : before.hosts)
        if (!new_hosts.count(identity(h))) diff.changes.push_back({"vanished_host", h, std::nullopt});
    for (const auto& p : after.ports) {
        const auto& who = new_ip_identity[p.ip];
        if (!old_hosts.count(who)) continue; // a new host: its ports come with it
        if (old_ports.count({who, p.protocol, p.port})) continue;
        diff.changes.push_back({"opened_port", *new_hosts[who], p});
    }
    return diff;
}

} // namespace netsec::asset
