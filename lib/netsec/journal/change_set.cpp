#include "netsec/journal/change_set.hpp"

#include "netsec/core/error.hpp"

namespace netsec::journal {

using json = nlohmann::ordered_json;

bool record_change(ChangeSet& set, const std::string& field, const json& from, const json& to) {
    if (from == to) return false;
    set.changes.push_back({field, from, to});
    return true;
}

bool apply_change(ChangeSet& set, const std::string& field, std::string& value,
                  const std::optional<std::string>& next) {
    if (!next || !record_change(set, field, value, *next)) return false;
    value = *next;
    return true;
}

json change_details(const ChangeSet& set) {
    json changes = json::object();
    for (const auto& c : set.changes) changes[c.field] = {{"from", c.from}, {"to", c.to}};
    json details = {{"changes", changes}};
    if (!set.reason.empty()) details["reason"] = set.reason;
    return details;
}

json field_change_details(const ChangeSet& set) {
    if (set.changes.size() != 1)
        throw Error(Exit::software,
                    "field_change_details needs a change set of one field, not " + std::to_string(set.changes.size()));
    json details = {{"from", set.changes.front().from}, {"to", set.changes.front().to}};
    if (!set.reason.empty()) details["reason"] = set.reason;
    return details;
}

Entry append_changes(store::Transaction& tx, const Origin& origin, const std::string& action,
                     const std::string& subject, const ChangeSet& set) {
    return append(tx, origin, action, subject, change_details(set));
}

} // namespace netsec::journal
