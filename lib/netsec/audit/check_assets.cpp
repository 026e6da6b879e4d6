// AST-0001: every host on the network registered, every machine in use seen by a scan.
#include "netsec/asset/asset.hpp"
#include "netsec/asset/scan.hpp"
#include "netsec/audit/checks.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/store/db.hpp"

namespace netsec::audit {

// One finding per host of the latest scan that is no registered machine (by its MAC when nmap
// saw one, which stays when DHCP moves it, else its IP), and one per machine in use that no scan
// has seen for longer than assets.unseen_after (by its tag; a machine never seen counts from
// when it was registered). not_applicable before the first scan.
std::vector<Outcome> check_assets(Context& ctx) {
    std::optional<asset::ScanDetail> latest;
    if (store::table_exists(ctx.db, "scans")) latest = asset::latest_scan(ctx.db);
    if (!latest)
        return {{"scans", "not_applicable", _("no scan has been imported yet ('netsec-asset scan import')"), {}}};
    std::vector<Outcome> out;
    auto scanned = local_date(ctx, timeutil::parse_time(latest->scan.scanned_at, "UTC"));
    for (const auto& h : latest->hosts) {
        if (!h.tag.empty()) continue;
        std::string seen = h.ip;
        if (!h.mac.empty()) seen += " " + h.mac + (h.vendor.empty() ? "" : " (" + h.vendor + ")");
        if (!h.hostname.empty()) seen += " " + h.hostname;
        out.push_back(
            {h.mac.empty() ? h.ip : h.mac,
             "fail",
             h.conflict.empty()
                 ? _f("{} was seen by scan {} of {} and is not registered: {}", seen, latest->scan.id, scanned, h.why)
                 : _f("{} was seen by scan {} of {}: {}", seen, latest->scan.id, scanned, h.conflict),
             {}});
    }
    const auto limit = ctx.policy.assets.unseen_after;
    asset::ListFilter unseen;
    unseen.status = "in_use";
    unseen.unseen = limit;
    for (const auto& a : asset::list_assets(ctx.db, ctx.policy, unseen, ctx.now))
        out.push_back(
            {a.tag,
             "fail",
             a.last_seen_at.empty()
                 ? _f("in use, and no scan has seen it since it was registered on {}: longer than {}",
                      local_date(ctx, timeutil::parse_time(a.created_at, "UTC")), timeutil::format_duration(limit))
                 : _f("in use, and no scan has seen it since {}: longer than {}",
                      local_date(ctx, timeutil::parse_time(a.last_seen_at, "UTC")), timeutil::format_duration(limit)),
             {}});
    if (out.empty())
        out.push_back({"assets",
                       "pass",
                       _f("scan {} of {}: every host it saw is registered; every machine in use was seen within {}",
                          latest->scan.id, scanned, timeutil::format_duration(limit)),
                       {}});
    return out;
}

} // namespace netsec::audit
