// netsec-backup's SQL: one row per operation on one destination of a policy job (a backup, the
// copy into the second destination, a verification, a restore, a prune), written once and never
// changed. The repositories themselves stay self-contained; these rows are what the audit and
// `netsec-backup status` read without opening the disks. Times are RFC 3339 UTC text.
#pragma once
#include "netsec/store/db.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace netsec::store {

struct BackupRunRow {
    std::int64_t id = 0;
    std::string job, destination;
    std::string operation;  // backup, copy, verify, restore, prune
    bool read_data = false; // verify: every byte was read back
    std::string started_at, finished_at;
    std::string result;   // ok, warning (done, but some files could not be read), failed
    std::string snapshot; // full id (hex) written or read; "" when none
    std::int64_t files = 0, bytes = 0, bytes_read = 0, bytes_added = 0, duration_ms = 0;
    std::string message; // why it failed, or what it did ("copied from …")
    std::string operator_name, host;
};

// Inserts `row` inside the caller's transaction and returns its id.
std::int64_t insert_backup_run(Transaction& tx, const BackupRunRow& row);

// Rows, oldest first, filtered by job and operation when those are non-empty; `limit` > 0 keeps
// the newest `limit`.
std::vector<BackupRunRow> list_backup_runs(Db& db, const std::string& job = "", const std::string& operation = "",
                                           std::int64_t limit = 0);

// The newest row of `job` on `destination` with `operation` (either of "backup"/"copy" when
// `operation` is "snapshot"), counting only `result` "ok"/"warning" when `succeeded`.
std::optional<BackupRunRow> last_backup_run(Db& db, const std::string& job, const std::string& destination,
                                            const std::string& operation, bool succeeded);

// The newest row of `job` for each destination, operation and outcome (succeeded: "ok" or
// "warning"; or "failed"), oldest first: what the schedule and `status` read, in one query.
std::vector<BackupRunRow> latest_backup_runs(Db& db, const std::string& job);

} // namespace netsec::store
