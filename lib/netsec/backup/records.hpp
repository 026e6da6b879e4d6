// netsec::backup — the records netsec-backup prints: snapshots (of one repository, or of the
// jobs with the destinations holding each), the entries of a snapshot, the changes between
// two, a --repo run's snapshot, the rows a job's operations recorded, each destination's
// status, damaged files and passphrase changes. Each has its field table beside the function
// that fills it (the field vocabulary: netsec(7) FIELDS). Machine formats only: the repository's
// own files keep their format (repository.hpp).
#pragma once
#include "netsec/backup/backup.hpp"
#include "netsec/backup/jobs.hpp"
#include "netsec/io/output.hpp"

#include <string>
#include <vector>

namespace netsec::backup {

// A snapshot's time as the records show it: RFC 3339 UTC to the second.
std::string saved_at(const Snapshot& s);

// snapshot_id, saved_at, job, paths, file_count, size_bytes, added_bytes, host, username, full_id.
const std::vector<io::Column>& snapshot_fields();
io::Records snapshot_records(const std::vector<Snapshot>& snapshots);

// A snapshot of the jobs and the destinations holding it (in the policy's order).
struct SnapshotCopies {
    Snapshot snapshot;
    std::vector<std::string> destinations;
};

// The fields of snapshot_fields with copy_count and destinations.
const std::vector<io::Column>& snapshot_copies_fields();
io::Records snapshot_copies_records(const std::vector<SnapshotCopies>& snapshots);

// path, type, mode, size_bytes (null but for a file), modified_at, uid, gid, target.
const std::vector<io::Column>& entry_fields();
// The entries of `snap` under `path` (all when empty), parents first; as walk_snapshot throws.
io::Records entry_records(Repository& repo, const Snapshot& snap, const std::string& path);

// change, path, type, size_before_bytes, size_after_bytes (null but for a file, and on the side
// where it is missing: before an addition, after a removal).
const std::vector<io::Column>& change_fields();
io::Records change_records(const std::vector<Change>& changes);

// snapshot_id, saved_at, file_count, read_file_count, size_bytes, added_bytes: a --repo run.
const std::vector<io::Column>& backup_fields();
io::Records backup_record(const RunResult& r);

// job, destination, operation, result, snapshot_id, file_count, size_bytes, read_bytes, added_bytes,
// duration_ms, started_at, message, run_id: the rows the runs of jobs recorded, in order.
const std::vector<io::Column>& run_row_fields();
io::Records run_row_records(const std::vector<store::BackupRunRow>& rows);
io::Records run_row_records(const std::vector<JobOutcome>& outcomes);

// run_row_fields, then those of backup_fields it lacks: every field `run` may print.
const std::vector<io::Column>& run_fields();

// job, destination, state, snapshot_id, snapshot_at, schedule, verified_at, verified_read_data,
// restored_at, problem.
const std::vector<io::Column>& status_fields();
io::Records status_records(const std::vector<DestinationStatus>& statuses);

// snapshot_id, path, problem: the damaged files of one repository.
const std::vector<io::Column>& damage_fields();
io::Records damage_records(const std::vector<Damage>& damaged);

// destination, snapshot_id, path, problem: the damaged files of the jobs' destinations.
const std::vector<io::Column>& destination_damage_fields();
io::Records destination_damage_records(const std::vector<DestinationDamage>& damaged);
io::Records destination_damage_records(const std::vector<VerifyOutcome>& outcomes);

// job, destination, result, message: one row for each destination of each job.
const std::vector<io::Column>& passphrase_fields();
io::Records passphrase_records(const std::vector<PassphraseOutcome>& outcomes);

} // namespace netsec::backup
