// The policy's backup jobs: which are due, running one into its two destinations (a snapshot in
// the first reachable one, then a copy into the other, so the sources are read once), their
// state for `status` and the audit, and recording every operation in the school's records with
// its journal entry. This is where netsec::backup meets the policy and the store; the
// repository code (backup.hpp) stays self-contained.
#pragma once
#include "netsec/backup/backup.hpp"
#include "netsec/core/time.hpp"
#include "netsec/journal/journal.hpp"
#include "netsec/policy/policy.hpp"
#include "netsec/store/backup_rows.hpp"

#include <optional>
#include <string>
#include <vector>

namespace netsec::backup {

// The first line of `file`, without its line end. Throws Error(no_input) when it cannot be
// read and Error(data) when it is empty.
std::string read_passphrase_file(const std::string& file);

// Whether `dir` holds a repository (its config file).
bool is_repository(const std::string& dir);

// How a job's repositories are opened: its passphrase_file, else NETSEC_BACKUP_PASSPHRASE.
PassphraseFn job_passphrase(const policy::BackupJob& job);

// The slack around a schedule: a tenth of it, at most an hour. A nightly job is due again 23 h
// after its last snapshot (so cron's start a few seconds early still runs it) and stale 25 h
// after it.
timeutil::Duration schedule_slack(timeutil::Duration schedule);

struct JobContext {
    store::Db* db = nullptr;
    journal::Origin origin;
    timeutil::Instant now{};
    bool force = false;      // run even when not due
    int lock_wait = 10;      // seconds to wait for another writer
    int stdin_fd = -1;       // >= 0: back up this stream instead of running the job's command
    std::string stdin_name;  // its name (the job's stdin_name when empty)
    ProgressFn progress;
    WarnFn warn;             // unreadable files, unreachable destinations, broken locks
};

struct JobOutcome {
    std::string job;
    bool ran = false;                       // false: not due (see next_due)
    std::optional<timeutil::Instant> next_due;
    std::optional<RunResult> run;           // the snapshot made, when one was
    std::vector<store::BackupRunRow> rows;  // what happened on each destination
    int exit = 0; // 0; 1 when a destination failed or files could not be read; else an error's code
};

// Whether `job` is due at `now`: a destination has no snapshot yet, or its newest is older than
// the schedule less its slack. `next` is when it will be due otherwise.
struct Due {
    bool due = true;
    std::optional<timeutil::Instant> next;
};
Due job_due(store::Db& db, const policy::BackupJob& job, timeutil::Instant now);

// Runs `job` when due (or forced, or given a stream): a snapshot into the first reachable
// destination (created on first use, never re-created where one was before: an unmounted disk
// is reported, not filled), then a copy into every other; records the rows and one journal
// entry. Errors on one destination are recorded and reported in `exit`, not thrown; usage
// errors (a stream for a job of folders) throw.
JobOutcome run_job(const policy::BackupJob& job, JobContext& ctx);

// One destination of one job, as the records show it.
struct DestinationStatus {
    std::string job, destination;
    std::optional<store::BackupRunRow> last_snapshot; // newest backup or copy that succeeded
    std::optional<store::BackupRunRow> last_attempt;  // newest backup or copy, whatever its result
    std::optional<store::BackupRunRow> last_verify;   // newest verification that passed
    std::optional<store::BackupRunRow> last_restore;  // newest restore that succeeded (a drill)
    std::string state;   // ok, never, failed, stale, unverified
    std::string problem; // what is wrong, for people; "" when ok
};

// Each destination of `job`; verifications count when they passed within `verify_within`.
std::vector<DestinationStatus> job_status(store::Db& db, const policy::BackupJob& job, timeutil::Instant now,
                                          timeutil::Duration verify_within);

// Records `rows` (finished) and one journal entry `action` about `subject` in one transaction.
void record_rows(store::Db& db, const journal::Origin& origin, const std::string& action, const std::string& subject,
                 std::vector<store::BackupRunRow>& rows);

// A row for `job` on `destination` started at `started`, with the operator and host filled in.
store::BackupRunRow new_row(const JobContext& ctx, const std::string& job, const std::string& destination,
                            const std::string& operation);

} // namespace netsec::backup
