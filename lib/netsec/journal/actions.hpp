// The journal's action names, in one place. Every action is named <register>.<past participle>
// (the register is the thing acted on: policy, account, incident, evidence, audit, backup,
// asset), and
// every module writes its entries with the constants below, never a string of its own. Entries
// written before an action was renamed keep the old name, since it is hashed into the chain:
// whoever reads entries by action asks spellings() for every name the action has had.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace netsec::journal {

namespace action {
inline constexpr const char* policy_initialized = "policy.initialized";
inline constexpr const char* policy_changed = "policy.changed";
inline constexpr const char* account_added = "account.added";
inline constexpr const char* account_changed = "account.changed";
inline constexpr const char* account_issued = "account.issued";
inline constexpr const char* account_reset = "account.reset";
inline constexpr const char* account_enabled = "account.enabled";
inline constexpr const char* account_disabled = "account.disabled";
inline constexpr const char* account_expired = "account.expired";
inline constexpr const char* account_archived = "account.archived";
inline constexpr const char* account_logins_imported = "account.logins_imported";
inline constexpr const char* incident_opened = "incident.opened";
inline constexpr const char* incident_reported = "incident.reported";
inline constexpr const char* incident_noted = "incident.noted";
inline constexpr const char* incident_corrected = "incident.corrected";
inline constexpr const char* incident_regraded = "incident.regraded";
inline constexpr const char* incident_assigned = "incident.assigned";
inline constexpr const char* incident_closed = "incident.closed";
inline constexpr const char* incident_reopened = "incident.reopened";
inline constexpr const char* incident_step_done = "incident.step_done";
inline constexpr const char* incident_voided = "incident.voided";
inline constexpr const char* incident_edited = "incident.edited";
inline constexpr const char* evidence_added = "evidence.added";
inline constexpr const char* evidence_listed = "evidence.listed";
inline constexpr const char* evidence_verified = "evidence.verified";
inline constexpr const char* evidence_exported = "evidence.exported";
inline constexpr const char* audit_run_recorded = "audit.run_recorded";
inline constexpr const char* audit_finding_opened = "audit.finding_opened";
inline constexpr const char* audit_finding_fixed = "audit.finding_fixed";
inline constexpr const char* audit_finding_reopened = "audit.finding_reopened";
inline constexpr const char* audit_finding_excepted = "audit.finding_excepted";
inline constexpr const char* audit_finding_assigned = "audit.finding_assigned";
inline constexpr const char* backup_run_recorded = "backup.run_recorded";
inline constexpr const char* backup_verified = "backup.verified";
inline constexpr const char* backup_pruned = "backup.pruned";
inline constexpr const char* backup_restored = "backup.restored";
inline constexpr const char* backup_passphrase_changed = "backup.passphrase_changed";
inline constexpr const char* asset_added = "asset.added";
inline constexpr const char* asset_changed = "asset.changed";
inline constexpr const char* asset_retired = "asset.retired";
inline constexpr const char* asset_scan_imported = "asset.scan_imported";
inline constexpr const char* asset_av_imported = "asset.av_imported";
inline constexpr const char* asset_threats_imported = "asset.threats_imported";
inline constexpr const char* asset_maintained = "asset.maintained";
inline constexpr const char* asset_software_allowed = "asset.software_allowed";
inline constexpr const char* asset_software_checked = "asset.software_checked";
inline constexpr const char* asset_credential_added = "asset.credential_added";
inline constexpr const char* asset_credential_changed = "asset.credential_changed";
// netsec-training
inline constexpr const char* training_session_added = "training.session_added";
// netsec-training drill
inline constexpr const char* drill_step_done = "drill.step_done";
inline constexpr const char* drill_finished = "drill.finished";
// netsec-filing, netsec-duty patrol
inline constexpr const char* filing_added = "filing.added";
inline constexpr const char* filing_changed = "filing.changed";
inline constexpr const char* filing_retired = "filing.retired";
inline constexpr const char* duty_patrolled = "duty.patrolled";
inline constexpr const char* training_attended = "training.attended";
inline constexpr const char* training_class_counted = "training.class_counted";
// netsec-duty
inline constexpr const char* duty_generated = "duty.generated";
inline constexpr const char* duty_swapped = "duty.swapped";
inline constexpr const char* duty_closed = "duty.closed";
} // namespace action

// One action: its name, the name entries had before it was renamed ("" when never), and what
// an entry of it records.
struct ActionName {
    std::string_view name;
    std::string_view old_name;
    std::string_view records;
};

// Every action, in the order netsec-journal(1) lists them.
const std::vector<ActionName>& action_names();

// Whether `name` is <register>.<past participle>: two lowercase words joined by one dot, the
// second may hold underscores (e.g. backup.run_recorded).
bool follows_action_rule(std::string_view name);

// The name an action has now: `name` itself, or the new name of an old one.
std::string current_action(std::string_view name);

// Every name entries of these actions may carry, given by the new or an old name: the current
// name and the old one. A name the table does not hold is returned as it is.
std::vector<std::string> spellings(std::initializer_list<std::string_view> names);

} // namespace netsec::journal
