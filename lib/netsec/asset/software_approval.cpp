#include "netsec/asset/software_approval.hpp"

#include "netsec/asset/asset.hpp"
#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/problems.hpp"
#include "netsec/core/text.hpp"
#include "netsec/journal/actions.hpp"
#include "netsec/journal/import.hpp"
#include "netsec/store/asset_upkeep.hpp"

#include <fnmatch.h>
#include <map>

namespace netsec::asset {
namespace {

AllowedSoftware from_row(const store::AllowedSoftwareRow& r) { return {r.name, r.version_glob, r.note, r.added_at}; }

// Writes `entry` and its journal entry inside `tx`; false when it is on the list already.
bool write_allowed(store::Transaction& tx, const journal::Origin& origin, const AllowedSoftware& entry) {
    if (!store::insert_allowed_software(tx, {entry.name, entry.version_glob, entry.note, entry.added_at})) return false;
    nlohmann::ordered_json details;
    details["version_glob"] = entry.version_glob;
    if (!entry.note.empty()) details["note"] = entry.note;
    journal::append(tx, origin, journal::action::asset_software_allowed, entry.name, details);
    return true;
}

AllowedSoftware checked_entry(const std::string& name, const std::string& glob, const std::string& note,
                              timeutil::Instant now) {
    AllowedSoftware e;
    e.name = text::trim(name);
    e.version_glob = text::trim(glob).empty() ? "*" : text::trim(glob);
    e.note = text::trim(note);
    e.added_at = timeutil::format_rfc3339(now);
    if (e.name.empty()) throw Error(Exit::usage, _("the software's name is empty"));
    return e;
}

} // namespace

bool is_approved(const std::vector<AllowedSoftware>& allowed, const std::string& name, const std::string& version) {
    for (const auto& a : allowed)
        if (::fnmatch(a.name.c_str(), name.c_str(), FNM_CASEFOLD) == 0 &&
            ::fnmatch(a.version_glob.c_str(), version.c_str(), 0) == 0)
            return true;
    return false;
}

bool allow_software(store::Db& db, const journal::Origin& origin, AllowedSoftware entry, timeutil::Instant now) {
    entry = checked_entry(entry.name, entry.version_glob, entry.note, now);
    store::Transaction tx(db);
    if (!write_allowed(tx, origin, entry)) return false;
    tx.commit();
    return true;
}

AllowedImport import_allowed_software(store::Db& db, const journal::Origin& origin,
                                      const std::vector<io::Record>& records, const std::string& source,
                                      timeutil::Instant now) {
    static const std::vector<io::Column> columns = {
        {"name", io::Kind::text, true, {"software", "软件", "软件名称", "名称"}, true},
        {"version_glob", io::Kind::text, true, {"version", "版本"}},
        {"note", io::Kind::text, true, {"备注", "说明"}},
    };
    io::Headers headers = io::map_headers(columns, records, source);
    journal::Import<AllowedSoftware> import(db, source);
    for (const auto& r : records)
        import.check(r.line, [&]() -> std::optional<AllowedSoftware> {
            std::string name = io::header_value(headers, r, "name");
    if (name.empty()) throw Error(Exit::data, _("a row needs the software's name"));
    return checked_entry(name, io::header_value(headers, r, "version_glob"), io::header_value(headers, r, "note"), now);
});
AllowedImport result;
result.rows = import.rows().size();
    import.write([&](store::Transaction& tx, const AllowedSoftware& e, std::size_t) {
        if (write_allowed(tx, origin, e)) ++result.added;
    } // namespace netsec::asset
);
import.commit();
return result;
}

std::vector<AllowedSoftware> list_allowed_software(store::Db& db) {
    std::vector<AllowedSoftware> out;
    for (const auto& r : store::list_allowed_software(db)) out.push_back(from_row(r));
    return out;
}

SoftwareCheck check_software(store::Db& db, const journal::Origin& origin, const SoftwareList& list,
                             const std::string& source, const std::string& host_tag, timeutil::Instant now) {
    store::Transaction tx(db);
    // The machine of each row: --host, else its node as a hostname, else none.
    std::map<std::string, std::string> tag_of_node;
    if (!host_tag.empty()) {
        if (list.nodes.size() > 1)
            throw Error(Exit::usage, _f("--host names one machine but '{}' lists {} ({} ...); leave out --host to "
                                        "check each by its node",
                                        source, list.nodes.size(), list.nodes.front()));
        std::string tag = get_asset(db, host_tag).tag; // no_input for an unknown tag
        for (const auto& n : list.nodes) tag_of_node[n] = tag;
        tag_of_node[""] = tag;
    } else {
        Problems problems(source);
        for (const auto& n : list.nodes) {
            Match m = match_host(db, SeenHost{"", n, ""});
            if (m.asset) {
                tag_of_node[n] = m.asset->tag;
                continue;
            }
            std::size_t line = 0;
            for (const auto& p : list.packages)
                if (p.node == n) {
                    line = p.line;
                    break;
                }
            problems.add(line,
                         _f("node '{}' matches no machine: {}; register it with 'netsec-asset add' or give --host "
                            "TAG",
                            n, m.why.empty() ? m.conflict : m.why));
        }
        problems.throw_if_any(_("nothing was checked"));
    }
    auto allowed = asset::list_allowed_software(db);
    SoftwareCheck out;
    std::map<std::string, std::vector<store::SoftwareCheckRow>> rows_of;
    std::string checked_at = timeutil::format_rfc3339(now);
    for (const auto& p : list.packages) {
        auto t = tag_of_node.find(p.node);
        std::string tag = t == tag_of_node.end() ? "" : t->second;
        bool approved = is_approved(allowed, p.name, p.version);
        out.packages.push_back({tag, p.name, p.version, approved});
        if (!approved) ++out.unapproved;
        if (!tag.empty()) rows_of[tag].push_back({tag, source, checked_at, p.name, p.version, approved});
    }
    for (const auto& [tag, rows] : rows_of) {
        store::replace_software_checks(tx, tag, rows);
        nlohmann::ordered_json details;
        details["source"] = source;
        details["format"] = software_format_name(list.format);
        details["packages"] = rows.size();
        nlohmann::ordered_json unapproved = nlohmann::ordered_json::array();
        for (const auto& r : rows)
            if (!r.approved) unapproved.push_back(r.version.empty() ? r.name : r.name + " " + r.version);
        details["unapproved"] = unapproved;
        journal::append(tx, origin, journal::action::asset_software_checked, tag, details);
        out.stored.push_back(tag);
    }
    tx.commit();
    return out;
}

} // namespace netsec::asset
