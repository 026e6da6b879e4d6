#include "netsec/asset/credentials.hpp"

#include "netsec/asset/asset.hpp"
#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/text.hpp"
#include "netsec/journal/actions.hpp"
#include "netsec/journal/change_set.hpp"
#include "netsec/store/asset_upkeep.hpp"

namespace netsec::asset {
namespace {

Credential from_row(const store::CredentialRow& r) {
    return {r.name, r.holder, r.tag, r.note, r.changed_at, r.created_at, r.updated_at};
}

std::string date_of(const std::string& rfc3339, const std::string& zone) {
    return timeutil::format_local(timeutil::parse_time(rfc3339, "UTC"), zone).substr(0, 10);
}

} // namespace

Credential add_credential(store::Db& db, const journal::Origin& origin, const NewCredential& c, timeutil::Instant now) {
    store::CredentialRow row;
    row.name = text::trim(c.name);
    row.holder = text::trim(c.holder);
    row.note = text::trim(c.note);
    if (row.name.empty()) throw Error(Exit::usage, _("the credential's name is empty"));
    if (row.holder.empty()) throw Error(Exit::usage, _("--holder is empty: say who holds the password"));
    store::Transaction tx(db);
    if (store::find_credential(db, row.name))
        throw Error(Exit::data,
                    _f("credential '{}' is already registered; 'netsec-asset cred list' shows it", row.name));
    if (!c.tag.empty()) row.tag = get_asset(db, text::trim(c.tag)).tag; // no_input for an unknown tag
    row.created_at = row.updated_at = timeutil::format_rfc3339(now);
    store::insert_credential(tx, row);
    nlohmann::ordered_json details;
    details["holder"] = row.holder;
    if (!row.tag.empty()) details["tag"] = row.tag;
    if (!row.note.empty()) details["note"] = row.note;
    journal::append(tx, origin, journal::action::asset_credential_added, row.name, details);
    tx.commit();
    return from_row(row);
}

Credential record_credential_change(store::Db& db, const journal::Origin& origin, const std::string& name,
                                    timeutil::Instant at, timeutil::Instant now) {
    if (at > now) throw Error(Exit::usage, _f("the change time '{}' is in the future", timeutil::format_rfc3339(at)));
    store::Transaction tx(db);
    auto row = store::find_credential(db, name);
    if (!row) throw Error(Exit::no_input, _f("no credential '{}'; 'netsec-asset cred list' shows them", name));
    journal::ChangeSet set;
    journal::apply_change(set, "changed_at", row->changed_at, timeutil::format_rfc3339(at));
    if (set.empty()) return from_row(*row); // recorded already: nothing changes, nothing is journaled
    row->updated_at = timeutil::format_rfc3339(now);
    store::update_credential(tx, *row);
    journal::append(tx, origin, journal::action::asset_credential_changed, row->name,
                    journal::field_change_details(set));
    tx.commit();
    return from_row(*row);
}

std::string due_reason_code(DueReason reason) {
    switch (reason) {
    case DueReason::never_changed: return "never_changed";
    case DueReason::outside_visit: return "outside_visit";
    case DueReason::too_old: return "too_old";
    case DueReason::holder_left: return "holder_left";
    }
    return "";
}

CredentialStatus credential_status(const Credential& c, const std::string& outside, const std::string& outside_at,
                                   const std::string& holder_status, const std::string& left_at,
                                   timeutil::Duration max_age, timeutil::Instant now, const std::string& zone) {
    CredentialStatus s;
    s.credential = c;
    s.outside = outside;
    s.outside_at = outside_at;
    s.holder_status = holder_status;
    s.left_at = left_at;
    if (c.changed_at.empty()) {
        s.reasons.push_back(DueReason::never_changed);
        s.why.push_back(_f("no change of it was ever recorded; 'netsec-asset cred changed {}' records one", c.name));
    }
    // RFC 3339 UTC texts of one form compare as the times they are.
    if (!outside_at.empty() && outside_at > c.changed_at) {
        s.reasons.push_back(DueReason::outside_visit);
        if (c.changed_at.empty())
            s.why.push_back(_f("outside technician {} maintained {} on {}", outside, c.tag, date_of(outside_at, zone)));
        else
            s.why.push_back(_f("outside technician {} maintained {} on {}, after its last change on {}", outside, c.tag,
                               date_of(outside_at, zone), date_of(c.changed_at, zone)));
    }
    if (!c.changed_at.empty() && timeutil::parse_time(c.changed_at, "UTC") + max_age < now) {
        s.reasons.push_back(DueReason::too_old);
        s.why.push_back(_f("last changed on {}, longer ago than the policy's {}", date_of(c.changed_at, zone),
                           timeutil::format_duration(max_age)));
    }
    if (!left_at.empty() || holder_status == "archived" || holder_status == "disabled") {
        s.reasons.push_back(DueReason::holder_left);
        if (!left_at.empty())
            s.why.push_back(_f("its holder '{}' left on {}", c.holder, date_of(left_at, zone)));
        else
            s.why.push_back(_f("its holder '{}' has left: the account is {}", c.holder, holder_status));
    }
    return s;
}

std::vector<CredentialStatus> list_credentials(store::Db& db, timeutil::Duration max_age, timeutil::Instant now,
                                               const std::string& zone, const HolderLookup& holder) {
    std::vector<CredentialStatus> out;
    for (const auto& row : store::list_credentials(db)) {
        if (!row.retired_at.empty()) continue;
        std::string outside, outside_at;
        if (!row.tag.empty())
            if (auto visit = store::last_outside_visit(db, row.tag)) {
                outside = visit->outside;
                outside_at = visit->at;
            }
        Holder h = holder ? holder(row.holder) : Holder{};
        out.push_back(credential_status(from_row(row), outside, outside_at, h.status, h.left_at, max_age, now, zone));
    }
    return out;
}

} // namespace netsec::asset
