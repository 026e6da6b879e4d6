#include "netsec/asset/register_import.hpp"

#include "netsec/asset/records.hpp"
#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/journal/import.hpp"

#include <map>

namespace netsec::asset {

std::size_t ImportResult::count(const std::string& action) const {
    std::size_t n = 0;
    for (const auto& r : rows) n += r.action == action;
    return n;
}

ImportResult import_assets(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                           const std::vector<io::Record>& records, const std::string& source,
                           const ImportOptions& options, Instant now) {
    auto columns = io::with_map(asset_fields(), options.map, "--map");
    io::Headers headers = io::map_headers(columns, records, source);
    ImportResult result;
    result.ignored = headers.ignored;
    store::Transaction tx(db);
    Problems problems(source);
    std::map<std::string, std::size_t> line_of_tag;
    auto has = [&](const char* field) { return headers.header_of.count(field) > 0; };
    auto value = [&](const io::Record& r, const char* field) { return io::header_value(headers, r, field); };
    auto given = [&](const io::Record& r, const char* field) -> std::optional<std::string> {
        if (!has(field)) return std::nullopt;
        return value(r, field);
    };
    for (const auto& r : records) {
        std::string tag = value(r, "tag");
        try {
            if (tag.empty()) throw Error(Exit::data, _("no asset tag in this row"));
            if (auto seen = line_of_tag.find(tag); seen != line_of_tag.end())
                throw Error(Exit::data, _f("the asset tag '{}' is given twice (line {} too)", tag, seen->second));
            line_of_tag[tag] = r.line;
            store::Transaction row_tx(db); // a savepoint: a bad row leaves nothing behind
            ImportedRow done{r.line, tag, "unchanged", {}};
            if (!store::asset_exists(db, tag)) {
                NewAsset n;
                n.tag = tag;
                n.hostname = value(r, "host");
                n.ip = value(r, "ip");
                n.room = value(r, "room");
                n.kind = value(r, "kind");
                n.custodian = value(r, "custodian");
                n.os = value(r, "os");
                n.importance = value(r, "importance");
                n.status = value(r, "status");
                n.bought_on = value(r, "bought_on");
                n.warranty_until = value(r, "warranty_until");
                n.note = value(r, "note");
                if (auto macs = value(r, "macs"); !macs.empty()) n.macs = parse_macs(macs);
                add_asset(row_tx, policy, origin, n, now);
                done.action = "added";
            } else {
                Changes c;
                c.hostname = given(r, "host");
                c.ip = given(r, "ip");
                c.room = given(r, "room");
                c.custodian = given(r, "custodian");
                c.os = given(r, "os");
                c.bought_on = given(r, "bought_on");
                c.warranty_until = given(r, "warranty_until");
                c.note = given(r, "note");
                if (auto v = given(r, "kind"); v && !v->empty()) c.kind = v;
                if (auto v = given(r, "status"); v && !v->empty()) c.status = v;
                if (auto v = given(r, "importance"); v && !v->empty()) c.importance = v;
                if (auto v = given(r, "macs")) c.macs = std::vector<std::string>{*v};
                c.reason = _f("imported from {}", source);
                auto changed = change_asset(row_tx, policy, origin, tag, c, now);
                if (!changed.fields.empty()) {
                    done.action = "changed";
                    done.fields = changed.fields;
                }
            }
            row_tx.commit();
            result.rows.push_back(std::move(done));
        } catch (const Error& e) {
            if (!journal::is_bad_input(e)) throw;
            problems.add(r.line, e.what());
        }
    }
    problems.throw_if_any(journal::nothing_imported());
    if (!options.dry_run) tx.commit();
    return result;
}

} // namespace netsec::asset
