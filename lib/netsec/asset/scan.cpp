// scan import: an nmap run matched against the register.
#include "netsec/asset/scan.hpp"

#include "netsec/asset/asset.hpp"
#include "netsec/core/error.hpp"
#include "netsec/core/hash.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/journal/actions.hpp"
#include "netsec/store/asset_rows.hpp"

namespace netsec::asset {
namespace {

// Adds the host no machine matched as a machine of `options`' room and kind, under the next tag
// the policy's pattern gives, seen at `scanned_at`; returns its tag.
std::string register_host(store::Transaction& tx, const policy::Policy& policy, const journal::Origin& origin,
                          const ScanImportOptions& options, const std::string& kind, const NmapHost& host,
                          const std::string& scanned_at, Instant now) {
    NewAsset n;
    n.tag = next_tag(tx.db(), policy, options.room, kind);
    n.hostname = host.hostname;
    n.ip = host.ip;
    n.room = options.room;
    n.kind = kind;
    n.status = "in_use";
    if (!host.mac.empty()) n.macs = {host.mac};
    auto row = add_asset(tx, policy, origin, n, now);
    row.last_seen_at = scanned_at; // journaled with the scan, as every sighting is
    store::update_asset(tx, row);
    return row.tag;
}

} // namespace

std::string outcome_of(const std::string& conflict, const std::string& matched_by, const std::string& tag) {
    if (!conflict.empty()) return "conflict";
    if (matched_by == "registered") return "registered";
    return tag.empty() ? "unknown" : "matched";
}

std::string SeenOutcome::outcome() const { return outcome_of(conflict, matched_by, tag); }

ScanImport import_scan(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                       const std::string& file, const ScanImportOptions& options, Instant now) {
    if (options.register_unknown && (options.room.empty() || options.kind.empty()))
        throw Error(Exit::usage, _("--register needs --room and --kind: the room and kind of the machines it adds"));
    if (!options.register_unknown && (!options.room.empty() || !options.kind.empty()))
        throw Error(Exit::usage, _("--room and --kind go with --register: they are what the machines it adds get"));
    std::string kind = options.register_unknown ? parse_kind(policy, options.kind) : "";
    auto bytes = read_nmap_file(file);
    auto scan = parse_nmap(bytes, file);
    ScanImport out;
    out.source = file;
    out.sha256 = hash::sha256_hex(bytes);
    out.scanned_at = scan.started_at;
    out.args = scan.args;

    store::Transaction tx(db);
    if (auto before = store::find_scan_by_sha256(db, out.sha256)) {
        out.already = true;
        out.scan_id = before->id;
        return out;
    }
    auto scanned_at = timeutil::format_rfc3339(scan.started_at);
    for (auto& host : scan.hosts) {
        if (host.state != "up") {
            ++out.down;
            continue;
        }
        SeenOutcome seen;
        auto match = match_host(db, SeenHost{host.mac, host.hostname, host.ip});
        seen.why = match.why;
        seen.conflict = match.conflict;
        if (match.asset) {
            seen.tag = match.asset->tag;
            seen.matched_by = match.matched_by;
        }
        seen.host = std::move(host);
        out.seen.push_back(std::move(seen));
    }

    out.scan_id = store::insert_scan(
        tx, {0, file, out.sha256, scanned_at, timeutil::format_rfc3339(now), scan.args, std::int64_t(out.seen.size())});
    using json = nlohmann::ordered_json;
    json matched = json::object(), registered = json::array(), unknown = json::array(), conflicts = json::array();
    for (auto& seen : out.seen) {
        const auto& h = seen.host;
        if (!seen.conflict.empty()) {
            conflicts.push_back(h.ip);
        } else if (seen.tag.empty()) {
            if (options.register_unknown) {
                seen.tag = register_host(tx, policy, origin, options, kind, h, scanned_at, now);
                seen.matched_by = "registered";
                seen.why.clear();
                registered.push_back(seen.tag);
            } else {
                unknown.push_back(h.ip);
            }
        } else {
            auto asset = store::find_asset(db, seen.tag);
            if (asset->status == "retired") {
                seen.why = _f("'{}' is retired, yet it answered; nothing of it was changed", seen.tag);
            } else if (!asset->last_seen_at.empty() && asset->last_seen_at > scanned_at) {
                seen.older = true;
            } else if (!h.ip.empty() && asset->ip != h.ip) {
                // An address that changes is a change of the register: journaled with from and to.
                seen.ip_was = asset->ip;
                Changes changes;
                changes.ip = h.ip;
                changes.last_seen_at = scanned_at;
                changes.reason = _f("seen in scan {}", out.scan_id);
                change_asset(tx, policy, origin, seen.tag, changes, now);
            } else {
                asset->last_seen_at = scanned_at; // journaled with the scan, as every sighting is
                store::update_asset(tx, *asset);
            }
            matched[seen.tag] = seen.matched_by;
        }
        store::insert_scan_host(tx, {out.scan_id, h.ip, h.mac, h.hostname, h.vendor, h.state, seen.tag, seen.matched_by,
                                     seen.why, seen.conflict});
        for (const auto& p : h.ports)
            store::insert_scan_port(tx, {out.scan_id, h.ip, p.protocol, p.port, p.service, p.product});
    }
    journal::append(tx, origin, journal::action::asset_scan_imported, std::to_string(out.scan_id),
                    {{"source", file},
                     {"sha256", out.sha256},
                     {"scanned_at", scanned_at},
                     {"hosts", out.seen.size()},
                     {"seen", matched},
                     {"registered", registered},
                     {"unknown", unknown},
                     {"conflicts", conflicts}});
    if (options.dry_run == DryRun::no)
        tx.commit();
    else
        out.scan_id = 0; // the transaction rolls back: nothing was written
    return out;
}

} // namespace netsec::asset
