#include "netsec/journal/actions.hpp"

#include <algorithm>

namespace netsec::journal {

const std::vector<ActionName>& action_names() {
    using namespace action;
    static const std::vector<ActionName> table = {
        {policy_initialized, "policy.init", "netsec-policy init recorded the policy file's SHA-256"},
        {policy_changed, "", "a tool found the policy file changed and recorded its new SHA-256"},
        {account_added, "", "an account was added, by hand or by a roster import"},
        {account_changed, "", "an account's fields were changed (from and to for each)"},
        {account_issued, "", "a first password was issued (its hash is stored, never the password)"},
        {account_reset, "", "a password was reset"},
        {account_enabled, "", "an account was enabled, with the reason"},
        {account_disabled, "", "an account was disabled, with the reason"},
        {account_expired, "", "an account was marked expired, with the reason"},
        {account_archived, "", "an account was archived, with the reason"},
        {account_logins_imported, "", "a login log was imported (source, format and counts)"},
        {incident_opened, "incident.open", "an incident was opened"},
        {incident_reported, "incident.report", "an incident was reported to a recipient"},
        {incident_noted, "incident.note", "a note was added to an incident's timeline"},
        {incident_corrected, "incident.correct", "a timeline entry was corrected"},
        {incident_regraded, "incident.regrade", "an incident's grade was changed"},
        {incident_assigned, "incident.assign", "an incident was assigned to someone"},
        {incident_closed, "incident.close", "an incident was closed"},
        {incident_reopened, "incident.reopen", "an incident was reopened, with the reason"},
        {incident_step_done, "incident.step", "a step of an incident's checklist was done"},
        {incident_voided, "", "an incident was made void (a mistake or a duplicate), with the reason"},
        {incident_edited, "", "an incident's title, description or category was corrected (from, to, reason)"},
        {evidence_added, "incident.evidence.add", "an evidence file was kept, with its SHA-256"},
        {evidence_listed, "incident.evidence.list", "an incident's evidence was listed"},
        {evidence_verified, "incident.evidence.verify", "evidence files were checked against their hashes"},
        {evidence_exported, "incident.evidence.export", "an incident's evidence was exported"},
        {audit_run_recorded, "audit.run", "an audit run was recorded with its findings"},
        {audit_finding_opened, "", "a run found a new failing finding: an open item of the rectification ledger"},
        {audit_finding_fixed, "", "a run that checked a ledger item saw it pass or no longer saw it: fixed"},
        {audit_finding_reopened, "", "a fixed or excepted ledger item failed again and was reopened"},
        {audit_finding_excepted, "", "a policy exception covers a ledger item"},
        {audit_finding_assigned, "", "a ledger item was given an owner, a plan and a due date (from and to)"},
        {backup_run_recorded, "backup.run", "a backup job ran (a row for each destination)"},
        {backup_verified, "backup.verify", "a backup job's repositories were verified"},
        {backup_pruned, "backup.prune", "old snapshots of a backup job were pruned"},
        {backup_restored, "backup.restore", "files were restored from a snapshot"},
        {backup_passphrase_changed, "backup.passwd", "a backup job's passphrase was changed (no secret)"},
        {asset_added, "", "a machine or device was registered, by hand, by an import or from a scan"},
        {asset_changed, "", "a machine's fields were changed (from and to for each, and the reason)"},
        {asset_retired, "", "a machine was retired (kept with its history), with the reason"},
        {asset_scan_imported, "", "an nmap scan was imported (source, SHA-256, hosts matched and unknown)"},
        {asset_av_imported, "", "an antivirus export was imported (source, format, rows)"},
        {asset_threats_imported, "", "antivirus detections were imported (source, new detections)"},
        {asset_maintained, "", "a maintenance visit was recorded"},
        {asset_software_allowed, "", "a program was added to the approved software list"},
        {asset_software_checked, "", "a machine's installed software was checked (counts, unapproved)"},
        {asset_credential_added, "", "a shared device's password holder was recorded (never the password)"},
        {asset_credential_changed, "", "a shared device's password was recorded as changed, or its holder"},
        {training_session_added, "", "a training session or drill was recorded (date, kind, title, hours)"},
        {drill_step_done, "", "a step of a drill's plan was checked off (step, when, by whom, note)"},
        {drill_finished, "", "a drill was finished with what went wrong and its lessons"},
        {filing_added, "", "a filing was recorded: ICP, public security or MLPS (kind, system, number, level)"},
        {filing_changed, "", "a filing's fields changed, each from and to, with the reason"},
        {filing_retired, "", "a filing was retired (kept), with the reason"},
        {duty_patrolled, "", "the homepage was patrolled (URL, status, SHA-256, findings)"},
        {training_attended, "",
         "someone attended a training session (username, source: hand or sheet, sheet line, time signed)"},
        {training_class_counted, "",
         "a class's participation in a campaign or pupil lesson was counted (from and to when recounted)"},
        {duty_generated, "", "a month of the duty roster was generated (slots, those left empty, counts per person)"},
        {duty_swapped, "", "a duty slot was handed to someone else (both names, the reason)"},
        {duty_closed, "", "a room's closing check was recorded (each item, those not ok with their note)"},
    };
    return table;
}

bool follows_action_rule(std::string_view name) {
    auto dot = name.find('.');
    if (dot == std::string_view::npos || dot == 0 || dot + 1 == name.size()) return false;
    auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
    std::string_view reg = name.substr(0, dot), verb = name.substr(dot + 1);
    if (!std::all_of(reg.begin(), reg.end(), lower)) return false;
    if (!lower(verb.front()) || !lower(verb.back())) return false;
    if (!std::all_of(verb.begin(), verb.end(), [&](char c) { return lower(c) || c == '_'; })) return false;
    // The last word is the past participle: it ends in -ed, or is one of the irregular ones.
    std::string_view last = verb.substr(verb.rfind('_') == std::string_view::npos ? 0 : verb.rfind('_') + 1);
    static const std::vector<std::string_view> irregular = {"reset", "done", "run", "set", "kept", "made"};
    bool ed = last.size() > 2 && last.substr(last.size() - 2) == "ed";
    return ed || std::find(irregular.begin(), irregular.end(), last) != irregular.end();
}

std::string current_action(std::string_view name) {
    for (const auto& a : action_names())
        if (a.old_name == name) return std::string(a.name);
    return std::string(name);
}

std::vector<std::string> spellings(std::initializer_list<std::string_view> names) {
    std::vector<std::string> out;
    for (std::string_view given : names) {
        std::string now = current_action(given);
        out.push_back(now);
        for (const auto& a : action_names())
            if (a.name == now && !a.old_name.empty()) out.emplace_back(a.old_name);
    }
    return out;
}

} // namespace netsec::journal
