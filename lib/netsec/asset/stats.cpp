#include "netsec/asset/stats.hpp"

#include "netsec/asset/credentials.hpp"
#include "netsec/store/asset_upkeep.hpp"

#include <cmath>
#include <map>
#include <set>

namespace netsec::asset {
namespace {

// The kinds of computer that carry antivirus: the PCs, the multimedia sets and the servers.
const std::vector<std::string>& antivirus_kinds() {
    static const std::vector<std::string> kinds = {"lab_pc", "multimedia", "office_pc", "server"};
    return kinds;
}

double percent(std::int64_t part, std::int64_t whole) {
    return whole == 0 ? 0 : std::round(1000.0 * double(part) / double(whole)) / 10.0;
}

} // namespace

std::vector<Figure> gather_stats(store::Db& db, const policy::Policy& policy, const std::optional<Period>& period,
                                 timeutil::Instant now, const HolderLookup& holder) {
    std::vector<Figure> out;
    auto add = [&](const std::string& dimension, const std::string& key, const std::string& name, double value) {
        out.push_back({dimension, key, name, value, false});
    };

    for (const auto& c : store::count_assets_by(db, store::AssetColumn::kind)) {
        std::string name;
        for (const auto& k : policy.assets.kinds)
            if (k.code == c.key) name = k.name;
        add("kind", c.key, name, double(c.count));
    }
    for (const auto& c : store::count_assets_by(db, store::AssetColumn::room)) add("room", c.key, "", double(c.count));
    for (const auto& c : store::count_assets_by(db, store::AssetColumn::status))
        add("status", c.key, "", double(c.count));

    // Antivirus: the machines in use that carry it, and the newest state of each.
    auto machines = store::machines_in_use(db, antivirus_kinds());
    std::set<std::string> in_use(machines.begin(), machines.end());
    std::int64_t covered = 0, fresh = 0, stale = 0, off = 0;
    for (const auto& a : store::latest_antivirus(db)) {
        if (!in_use.count(a.tag)) continue;
        ++covered;
        if (a.realtime == "0") ++off;
        bool is_fresh =
            !a.signature_updated_at.empty() &&
            timeutil::parse_time(a.signature_updated_at, "UTC") + policy.thresholds.antivirus_signature_age >= now;
        ++(is_fresh ? fresh : stale);
    }
    std::int64_t total = std::int64_t(in_use.size());
    add("antivirus", "machines", "", double(total));
    add("antivirus", "covered", "", double(covered));
    add("antivirus", "fresh", "", double(fresh));
    add("antivirus", "stale", "", double(stale));
    add("antivirus", "realtime_off", "", double(off));
    out.push_back({"antivirus", "coverage_percent", "", percent(covered, total), true});
    out.push_back({"antivirus", "fresh_percent", "", percent(fresh, total), true});

    std::string from = period ? timeutil::format_rfc3339(period->from) : "";
    std::string to = period ? timeutil::format_rfc3339(period->to) : "9999-12-31T23:59:59Z";
    auto d = store::count_detections(db, from, to);
    add("detections", "detections", "", double(d.detections));
    add("detections", "machines", "", double(d.machines));

    auto log = store::list_maintenance(db, {"", "", from, period ? to : ""});
    std::map<std::string, std::int64_t> by_year, by_maintainer;
    std::int64_t outside = 0;
    for (const auto& m : log) {
        std::string year =
            timeutil::format_local(timeutil::parse_time(m.at, "UTC"), policy.school.timezone).substr(0, 4);
        ++by_year[year];
        ++by_maintainer[m.by_user];
        if (!m.outside.empty()) ++outside;
    }
    add("maintenance", "entries", "", double(log.size()));
    add("maintenance", "outside", "", double(outside));
    for (const auto& [year, n] : by_year) add("maintenance_year", year, "", double(n));
    for (const auto& [who, n] : by_maintainer) add("maintainer", who, "", double(n));

    std::set<std::string> checked, unapproved_hosts;
    std::int64_t unapproved = 0;
    for (const auto& r : store::list_software_checks(db, false)) {
        checked.insert(r.tag);
        if (r.approved) continue;
        unapproved_hosts.insert(r.tag);
        ++unapproved;
    }
    add("software", "machines_checked", "", double(checked.size()));
    add("software", "machines_unapproved", "", double(unapproved_hosts.size()));
    add("software", "unapproved", "", double(unapproved));

    auto creds = list_credentials(db, policy.assets.credential_max_age, now, policy.school.timezone, holder);
    std::int64_t due = 0;
    for (const auto& c : creds) due += c.due() ? 1 : 0;
    add("credentials", "credentials", "", double(creds.size()));
    add("credentials", "due", "", double(due));
    return out;
}

} // namespace netsec::asset
