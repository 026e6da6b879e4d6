// A change set: the fields a command changes on one record, each `from -> to`, with the reason
// given for them, journaled as one entry's details. Every register's "set", "regrade" or
// status change records what it changed this way, so a reader of the journal finds the old and
// the new value of each field under the same keys in every register.
//
// Decisions:
// - Two spellings of the details, both kept because entries already written use them and are
//   hashed into the chain: a change of several fields is {"changes": {FIELD: {"from", "to"}},
//   "reason"} (account.changed), a change of one field named by the action itself (a status,
//   a grade) is {"from", "to", "reason"} (account.disabled, incident.regraded). New registers
//   use the first unless their action names the one field.
// - A field whose new value equals the old is not a change: set() leaves it out, so a command
//   that changes nothing journals nothing (empty() tells the caller).
// - Values are JSON, so a number or null can be recorded as it is; fields keep the order they
//   were set in, which is the order they are hashed in.
// - The reason is left out of the details when none was given (account set takes it as an
//   option); a register that requires one checks that itself, with its own message.
#pragma once
#include "netsec/journal/journal.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace netsec::journal {

struct FieldChange {
    std::string field;
    nlohmann::ordered_json from, to;
};

struct ChangeSet {
    std::vector<FieldChange> changes; // in the order they were made
    std::string reason;               // "" when none was given
    bool empty() const { return changes.empty(); }
};

// Records `field` going from `from` to `to`, unless they are equal; true when recorded.
bool record_change(ChangeSet& set, const std::string& field, const nlohmann::ordered_json& from,
                   const nlohmann::ordered_json& to);

// Sets `value` to `next` and records the change, when `next` is given and differs.
bool apply_change(ChangeSet& set, const std::string& field, std::string& value, const std::optional<std::string>& next);

// {"changes": {FIELD: {"from": ..., "to": ...}, ...}, "reason": ...}; no "reason" when none.
nlohmann::ordered_json change_details(const ChangeSet& set);

// {"from": ..., "to": ..., "reason": ...} of a set of exactly one change (for an action that
// names its field); throws Error(software) for any other set.
nlohmann::ordered_json field_change_details(const ChangeSet& set);

// Appends one entry of change_details(set) inside `tx`; the caller commits with its change.
Entry append_changes(store::Transaction& tx, const Origin& origin, const std::string& action,
                     const std::string& subject, const ChangeSet& set);

} // namespace netsec::journal
