// netsec::audit — the audit's records as netsec-audit prints them: the findings of a run, the
// catalogue (`list`) and one check in full (`explain`), what changed between two runs (`diff`)
// and the stored runs (`history`). Each has its field table beside the function that fills it
// (the field vocabulary: netsec(7) FIELDS); the man page's OUTPUT FIELDS lists the same names.
#pragma once
#include "netsec/audit/audit.hpp"
#include "netsec/audit/ledger.hpp"
#include "netsec/io/output.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace netsec::audit {

// run_id, check_id, status, severity, title, title_zh, subject, detail, remediation,
// remediation_zh, basis, evidence, fingerprint, first_seen_at, checked_at, host, exception,
// last_fixed_at.
const std::vector<io::Column>& finding_fields();
nlohmann::ordered_json finding_record(const Finding& finding);
io::Records finding_records(const std::vector<Finding>& findings);

// The findings that make a run fail at `fail_on` (fail or error at or above it): what a run
// under cron prints and `netsec-incident import -` reads.
std::vector<Finding> failing_findings(const std::vector<Finding>& findings, Severity fail_on);

// "run N: 3 pass, 1 fail, ...; score 80/100 over the applicable checks", for standard error.
std::string summary_line(const Run& run);

// The files examined as stored and printed: [{path, sha256, copy}], sha256 and copy null
// when no evidence was kept.
nlohmann::ordered_json evidence_json(const std::vector<Evidence>& evidence);
// The policy exception applied, as the policy writes it: {check, subject, reason, approved_by, expires}.
nlohmann::ordered_json exception_json(const policy::AuditException& exception);

// check_id, severity, profile, title, title_zh, remediation, remediation_zh, basis: the catalogue.
const std::vector<io::Column>& check_fields();
io::Records check_records(const std::vector<Check>& checks);

// check_fields and examines, examines_zh: one check in full, as a document.
const std::vector<io::Column>& explained_check_fields();
nlohmann::ordered_json explained_check(const Check& check);
// The check `id`; throws Error(usage) naming it and 'netsec-audit list'.
const Check& check_named(const std::string& id);

// change, check_id, severity, subject, title, status_before, status_after, detail,
// fingerprint, before_run_id, after_run_id.
const std::vector<io::Column>& change_fields();
io::Records change_records(const Diff& diff);
// Whether a failing finding is new in the newer run (diff exits 1).
bool has_new(const Diff& diff);

// run_id, started_at, operator, host, profile, root, check_ids, fail_on, one <status>_count per
// status, score, journal_head.
const std::vector<io::Column>& run_fields();
io::Records run_records(const std::vector<store::AuditRunRow>& runs);

// fingerprint, check_id, subject, severity, title, title_zh, state, first_seen_at,
// last_seen_at, fixed_at, reopened_at, last_fixed_at, fixed_count, reopened_count, owner,
// plan, due_at, overdue, run_id: the rectification ledger (`findings`, `assign`, `overdue`).
const std::vector<io::Column>& ledger_fields();
io::Records ledger_records(const std::vector<LedgerItem>& items);

// The findings of `run` that are new or reopened in the ledger and fail at `fail_on`: what
// `run -q` prints under cron.
std::vector<Finding> raised_findings(const Run& run, Severity fail_on);

// Run `id`, or the newest when none is given; throws Error(no_input) when there is none.
Run load_run_or_newest(store::Db& db, std::optional<std::int64_t> id);

} // namespace netsec::audit
