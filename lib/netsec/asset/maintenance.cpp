#include "netsec/asset/maintenance.hpp"

#include "netsec/asset/asset.hpp"
#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/text.hpp"
#include "netsec/journal/actions.hpp"
#include "netsec/store/asset_upkeep.hpp"

namespace netsec::asset {
namespace {

Maintenance from_row(const store::MaintenanceRow& r) {
    return {r.id, r.tag, r.at, r.action, r.fault, r.by_user, r.outside, r.recorded_at};
}

} // namespace

Maintenance add_maintenance(store::Db& db, const journal::Origin& origin, const NewMaintenance& m,
                            timeutil::Instant now) {
    std::string action = text::trim(m.action);
    if (action.empty()) throw Error(Exit::usage, _("--action is empty: say what was done"));
    if (m.at > now)
        throw Error(Exit::usage, _f("the maintenance time '{}' is in the future", timeutil::format_rfc3339(m.at)));
    store::Transaction tx(db);
    Asset a = get_asset(db, m.tag); // no_input for an unknown tag
    store::MaintenanceRow row;
    row.tag = a.tag;
    row.at = timeutil::format_rfc3339(m.at);
    row.action = action;
    row.fault = text::trim(m.fault);
    row.by_user = m.maintainer.empty() ? origin.operator_name : text::trim(m.maintainer);
    row.outside = text::trim(m.outside);
    row.recorded_at = timeutil::format_rfc3339(now);
    row.id = store::insert_maintenance(tx, row);
    nlohmann::ordered_json details;
    details["maintenance_id"] = row.id;
    details["maintained_at"] = row.at;
    details["action"] = row.action;
    if (!row.fault.empty()) details["fault"] = row.fault;
    details["maintainer"] = row.by_user;
    if (!row.outside.empty()) details["outside"] = row.outside;
    journal::append(tx, origin, journal::action::asset_maintained, row.tag, details);
    tx.commit();
    return from_row(row);
}

std::vector<Maintenance> list_maintenance(store::Db& db, const MaintenanceQuery& q) {
    std::vector<Maintenance> out;
    for (const auto& r : store::list_maintenance(db, {q.tag, q.maintainer, q.since, q.until}))
        out.push_back(from_row(r));
    return out;
}

} // namespace netsec::asset
