#include "netsec/asset/antivirus.hpp"

#include "netsec/asset/asset.hpp"
#include "netsec/core/error.hpp"
#include "netsec/core/hash.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/paths.hpp"
#include "netsec/core/text.hpp"
#include "netsec/journal/actions.hpp"
#include "netsec/journal/import.hpp"

#include <algorithm>
#include <unistd.h>
#include <iterator>
#include <nlohmann/json.hpp>

namespace netsec::asset {

namespace {

using timeutil::Instant;

std::string time_text(const std::optional<Instant>& t) { return t ? timeutil::format_rfc3339(*t) : ""; }

bool is_pc_kind(const std::string& kind) { return kind == "lab_pc" || kind == "office_pc" || kind == "multimedia"; }

// True when `product` starts with an approved product's name (trimmed, without regard to ASCII
// case: "Microsoft Defender" approves "Microsoft Defender Antivirus"), or nothing is listed.
bool is_approved(const policy::Policy& policy, const std::string& product) {
    const auto& approved = policy.assets.antivirus.approved;
    if (approved.empty()) return true;
    std::string p = text::lower_ascii(text::trim(product));
    // Defender was "Windows Defender" before Windows 10 2004 renamed it: either name approves it.
    bool defender = product == defender_product;
    return std::any_of(approved.begin(), approved.end(), [&](const auto& a) {
        std::string name = text::lower_ascii(text::trim(a.product));
        if (defender && (name.starts_with("windows defender") || name.starts_with("microsoft defender"))) return true;
        return !name.empty() && p.starts_with(name);
    });
}

// The judgement of one machine's newest row at `now`.
void judge(AvStatus& s, const store::AvStateRow& row, const policy::Policy& policy, timeutil::Duration limit,
           Instant now) {
    if (row.enabled == false) {
        s.status = "off";
        s.why = _("antivirus is turned off");
        return;
    }
    if (row.realtime == false) {
        s.status = "off";
        s.why = _("real-time protection is off");
        return;
    }
    if (row.signature_updated_at.empty()) {
        s.status = "stale";
        s.why = _("the export gives no signature date");
        return;
    }
    Instant updated = timeutil::parse_time(row.signature_updated_at, "UTC");
    if (now - updated > limit) {
        s.status = "stale";
        auto days = std::chrono::duration_cast<std::chrono::days>(now - updated).count();
        std::string over =
            limit.count() % 86400 == 0 ? _f("{} days", limit.count() / 86400) : timeutil::format_duration(limit);
        s.why = _f("signatures {} days old, over {}", days, over);
        return;
    }
    if (!is_approved(policy, row.product)) {
        s.status = "unapproved";
        s.why = _f("'{}' is not on the policy's approved list (assets.antivirus.approved)", row.product);
        return;
    }
    s.status = "ok";
}

} // namespace

AvReadOptions av_read_options(const policy::Policy& policy, AvReadOptions o, bool map_given) {
    o.zone = policy.school.timezone;
    if (o.date_order == DateOrder::none) o.date_order = parse_date_order(policy.assets.antivirus.date_order);
    if (!map_given) o.map = policy.assets.antivirus.map;
    return o;
}

std::string read_export_file(const std::string& file, std::string& source) {
    source = file == "-" ? "<stdin>" : file;
    if (file != "-") return paths::read_file(file);
    return paths::read_fd(STDIN_FILENO, source); // bounded as a file is, before it is held

}

AvImported import_av(store::Db& db, const journal::Origin& origin, const std::string& file,
                     const AvReadOptions& options, Instant now) {
    std::string source;
    std::string data = read_export_file(file, source);
    std::string sha = hash::sha256_hex(data);
    auto rows = read_av_export(std::move(data), source, options); // a bad file is refused even when seen before
    AvImported result;
    if (auto earlier = store::find_av_import(db, sha)) {
        result.earlier_import = earlier->id;
        return result;
    }
    std::string at = timeutil::format_rfc3339(now);

    journal::Import<store::AvStateRow> import(db, source);
    for (const auto& r : rows) {
        store::AvStateRow s;
        s.line = std::int64_t(r.line);
        s.hostname = r.hostname;
        s.product = r.product;
        s.product_version = r.product_version;
        s.engine_version = r.engine_version;
        s.enabled = r.enabled;
        s.realtime = r.realtime;
        s.signature_version = r.signature_version;
        s.signature_updated_at = time_text(r.signature_updated_at);
        s.quick_scan_at = time_text(r.quick_scan_at);
        s.full_scan_at = time_text(r.full_scan_at);
        s.reported_at = at;
        Match m = match_host(db, SeenHost{r.mac, r.hostname, r.ip});
        if (m.asset) {
            s.tag = m.asset->tag;
            if (s.hostname.empty()) s.hostname = m.asset->hostname;
            ++result.matched;
        } else {
            result.unmatched.push_back({r.line, r.hostname, r.mac, r.ip, m.why});
        }
        import.accept(r.line, std::move(s));
    }
    result.rows = rows.size();
    store::Transaction& tx = import.transaction();
    result.import_id =
        store::insert_av_import(tx, {0, source, av_format_name(options.format), sha, std::int64_t(rows.size()), at});
    store::AvStateWriter writer(tx);
    import.write([&](store::Transaction&, store::AvStateRow row, std::size_t) {
        row.import_id = result.import_id;
    writer.write(row);
});
nlohmann::json details = {{"file", source},
                          {"format", av_format_name(options.format)},
                          {"sha256", sha},
                          {"import_id", result.import_id},
                          {"rows", result.rows},
                          {"matched", result.matched},
                          {"unmatched", result.unmatched.size()}};
journal::append(tx, origin, journal::action::asset_av_imported, source, details);
import.commit();
return result;
} // namespace netsec::asset

std::vector<AvStatus> av_status(store::Db& db, const policy::Policy& policy, const AvStatusOptions& options,
                                Instant now) {
    timeutil::Duration limit = options.stale ? *options.stale : policy.thresholds.antivirus_signature_age;
    std::map<std::string, store::AvStateRow> latest;
    for (auto& row : store::latest_av_states(db)) latest.emplace(row.tag, std::move(row));
    std::vector<AvStatus> out;
    ListFilter all;
    all.all = true;
    for (const auto& a : list_assets(db, policy, all, now)) {
        if (a.status == "retired") continue;
        if (!options.room.empty() && a.room != options.room) continue;
        AvStatus s{a.tag, a.hostname, a.room, a.kind, "", "", std::nullopt};
        auto it = latest.find(a.tag);
        if (it == latest.end()) {
            if (a.status != "in_use" || !is_pc_kind(a.kind)) continue;
            s.status = "missing";
            s.why = _("no antivirus row in any import");
        } else {
            if (options.missing_only) continue;
            judge(s, it->second, policy, limit, now);
            s.state = it->second;
        }
        out.push_back(std::move(s));
    }
    std::stable_sort(out.begin(), out.end(), [](const AvStatus& x, const AvStatus& y) {
        return std::tie(x.room, x.tag) < std::tie(y.room, y.tag);
    });
    return out;
}

std::map<std::string, std::map<std::string, std::size_t>> count_by_room(const std::vector<AvStatus>& statuses) {
    std::map<std::string, std::map<std::string, std::size_t>> out;
    for (const auto& s : statuses) ++out[s.room][s.status];
    return out;
}

std::vector<std::string> room_summary(const std::vector<AvStatus>& statuses) {
    std::vector<std::string> out;
    static const char* order[] = {"ok", "stale", "off", "unapproved", "missing"};
    for (const auto& [room, counts] : count_by_room(statuses)) {
        std::string line = (room.empty() ? std::string(_("(no room)")) : room) + ":";
        bool first = true;
        for (const char* status : order) {
            auto it = counts.find(status);
            if (it == counts.end()) continue;
            line += fmt::format("{} {} {}", first ? "" : ",", it->second, status);
            first = false;
        }
        out.push_back(line);
    }
    return out;
}

} // namespace netsec::asset
