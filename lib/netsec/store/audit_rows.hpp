// The audit's SQL: runs (who ran which checks, where, with what outcome) and their findings,
// one row per run and fingerprint. Rows are written once and never changed. Times are
// RFC 3339 UTC text.
#pragma once
#include "netsec/store/db.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace netsec::store {

struct AuditRunRow {
    std::int64_t id = 0;
    std::string started_at, finished_at;
    std::string operator_name, host;
    std::string root = "/";      // where host checks read
    std::string profile = "all"; // records, host, all
    std::string checks;          // the ids asked for with --check, space-separated; "" for the profile's
    std::string fail_on = "high";
    std::string counts = "{}";         // JSON object: status -> number of findings
    std::optional<std::int64_t> score; // 0..100, none when no check was applicable
    std::string journal_head;          // "SEQ:HASH" verified by this run, "" when none
};

struct AuditFindingRow {
    std::int64_t run_id = 0;
    std::string check_id, status, severity, title, title_zh, subject, detail, remediation, remediation_zh, basis;
    std::string evidence = "[]"; // JSON array of {path, sha256, copy}
    std::string exception;       // JSON object of the policy exception applied, "" when none
    std::string fingerprint, first_seen, checked_at, host;
    std::string last_fixed_at; // when the ledger last saw it fixed before this failure, "" when never
};

// The next run's id, then its row and its findings, inside the caller's transaction.
std::int64_t next_audit_run_id(Transaction& tx);
void insert_audit_run(Transaction& tx, const AuditRunRow& row);
void insert_audit_finding(Transaction& tx, const AuditFindingRow& row);

// Runs, oldest first; `limit` > 0 keeps only the newest `limit`.
std::vector<AuditRunRow> list_audit_runs(Db& db, std::int64_t limit = 0);
std::optional<AuditRunRow> find_audit_run(Db& db, std::int64_t id);
// The findings of run `id`, in the order they were checked.
std::vector<AuditFindingRow> findings_of_run(Db& db, std::int64_t id);
// The newest stored finding carrying `fingerprint`, from any run.
std::optional<AuditFindingRow> last_finding(Db& db, const std::string& fingerprint);

} // namespace netsec::store
