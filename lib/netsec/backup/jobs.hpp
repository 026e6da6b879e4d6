// The policy's backup jobs: which are due, running one into its two destinations (a snapshot in
// the first reachable one, then a copy into the other, so the sources are read once), verifying
// and pruning their destinations, restore drills, their state for `status` and the audit, and
// recording every operation in the school's records with its journal entry. This is where
// netsec::backup meets the policy and the store; the repository code (backup.hpp) stays
// self-contained.
#pragma once
#include "netsec/backup/backup.hpp"
#include "netsec/core/time.hpp"
#include "netsec/journal/journal.hpp"
#include "netsec/policy/policy.hpp"
#include "netsec/store/backup_rows.hpp"

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace netsec::backup {

// The first line of `file`, without its line end. Throws Error(no_input) when it cannot be
// read and Error(data) when it is empty.
std::string read_passphrase_file(const std::string& file);

// How a job's repositories are opened: its passphrase_file. A job naming none refuses an
// encrypted repository (Error(config)).
PassphraseFn job_passphrase(const policy::BackupJob& job);

// Opens the repository of `job` in `dest` for reading (lock it to write). The repository must be
// encrypted as the job says: a job naming a passphrase_file refuses one that is not encrypted
// (it would keep the school's data in plaintext), and a job naming none refuses an encrypted
// one; both throw Error(config) naming the job and `dest`.
std::unique_ptr<Repository> open_job_repository(const policy::BackupJob& job, const std::string& dest);

// The slack around a schedule: a tenth of it, at most an hour. A nightly job is due again 23 h
// after its last snapshot (so cron's start a few seconds early still runs it) and stale 25 h
// after it.
timeutil::Duration schedule_slack(timeutil::Duration schedule);

// The exit status of two results together: 0 when both are 0; an error's own code (75: a
// repository was locked) over 1; of two such codes, the higher.
int worst_exit(int a, int b);

struct JobContext {
    store::Db* db = nullptr;
    journal::Origin origin;
    timeutil::Instant now{}; // when the work starts; the rows' times count from it
    bool force = false;      // run even when not due
    int lock_wait = 10;      // seconds to wait for another writer
    int stdin_fd = -1;       // >= 0: back up this stream instead of running the job's command
    std::string stdin_name;  // its name (the job's stdin_name when empty)
    ProgressFn progress;
    // A new progress for each step that reads, called as it starts with what it shows
    // ("documents: reading" for each job a command runs, "/mnt/usb: verifying" for each
    // destination verified); ctx.progress when unset.
    std::function<ProgressFn(const std::string& label)> start_progress;
    WarnFn warn; // unreadable files, unreachable destinations, broken locks
    // What a person is told as the work on each job ends ("job 'documents': snapshot ... saved"),
    // in order with the warnings; none when unset. Only the commands over jobs (run_jobs,
    // verify_jobs, prune_jobs, change_jobs_passphrase) tell it.
    WarnFn notice;
    // When each job of a command over jobs starts: its rows count from it (timeutil::now when
    // unset).
    std::function<timeutil::Instant()> clock;
    std::string zone = "UTC"; // the school's zone: the times in messages are local in it
};

// What a command over several jobs did: each job's outcome in the order worked, and the exit
// status of them all (worst_exit).
template <class Outcome>
struct JobsOutcome {
    std::vector<Outcome> jobs;
    int exit = 0;
};

// When a job is due, and for what. The destination a run snapshots into is the first reachable
// one (holding a repository before one that may be made one). A new snapshot is due when that
// destination has none of the job newer than the schedule less its slack (a failed attempt does
// not count, so it is tried again at the next run). Else a copy is due when another reachable
// destination lacks that newest snapshot (it was unreachable, its copy failed, or it is new): it
// is brought up to date without reading the sources. A destination that cannot be reached (its
// disk is unmounted) makes nothing due: each run records it failed. When none can be reached, the
// job is due once a schedule, to record that.
struct Due {
    bool due = true;
    bool copy_only = false;                // due only to bring `behind` up to date
    std::vector<std::string> behind;       // copy_only: the destinations to copy into
    std::optional<timeutil::Instant> next; // not due: when it will be
    std::vector<std::string> unreachable;  // why each destination that cannot be reached now cannot
};
// Reads the records of `job` and looks at its destinations' folders.
Due job_due(store::Db& db, const policy::BackupJob& job, timeutil::Instant now, const std::string& zone = "UTC");

struct JobOutcome {
    std::string job;
    bool ran = false; // false: not due (see next_due)
    std::optional<timeutil::Instant> next_due;
    std::vector<std::string> unreachable;  // not due: destinations that cannot be reached now, and why
    std::optional<RunResult> run;          // the snapshot made, when one was (none for a copy-only run)
    std::vector<store::BackupRunRow> rows; // what happened on each destination
    int exit = 0; // 0; 1 when a destination failed or files could not be read; else an error's code
};

// Runs `job` when due (or forced, or given a stream): a snapshot into the first reachable
// destination (created on first use, never re-created where one was before: an unmounted disk
// is reported, not filled), then a copy into every other; or, when only a copy is due, the
// copies alone. Records the rows and one journal entry (backup.run_recorded). Errors on one destination
// are recorded and reported in `exit`, not thrown; usage errors (a stream for a job of folders)
// throw.
JobOutcome run_job(const policy::BackupJob& job, JobContext& ctx);

// `netsec-backup run` of the policy's jobs `names` (all when empty; see select_jobs): run_job of
// each, a job's failure not stopping the next. For each: the progress "JOB: reading", then the
// notices of what it did (not due until when, and why a destination cannot be reached; the
// snapshot saved; each copy made), the times in the policy's zone.
JobsOutcome<JobOutcome> run_jobs(const policy::Policy& policy, const std::vector<std::string>& names, JobContext& ctx);

struct DestinationDamage {
    std::string destination;
    Damage damage;
};

// The rows of the destinations verified so far by one command, by destination.
using Verified = std::map<std::string, store::BackupRunRow>;

struct VerifyOutcome {
    std::string job;
    std::vector<store::BackupRunRow> rows;  // one for each destination, recorded
    std::vector<DestinationDamage> damaged; // the damaged files of the destinations read by this call
    int exit = 0;                           // 0; 1 when a destination is damaged or could not be read
};

// Verifies each destination of `job` (reading every byte with `read_data`), recording a row for
// each and one journal entry (backup.verified). Problems and failures go to ctx.warn as they are
// found. `verified` carries the rows across the jobs of one command: a destination that jobs
// share is read once, and its row recorded for each of them.
VerifyOutcome verify_job(const policy::BackupJob& job, bool read_data, JobContext& ctx, Verified& verified);

// `netsec-backup verify` of the policy's jobs `names` (all when empty): verify_job of each, a
// destination they share read once; a notice for each destination that passed.
JobsOutcome<VerifyOutcome> verify_jobs(const policy::Policy& policy, const std::vector<std::string>& names,
                                       bool read_data, JobContext& ctx);

struct PruneOutcome {
    std::string job;
    std::vector<store::BackupRunRow> rows; // one for each destination: what was kept and removed, or why it failed
    int exit = 0;                          // 0; 1 when a destination failed; 75 when one was locked
};

// Applies `job`'s keep to its snapshots in each destination, under the destination's lock
// (waiting ctx.lock_wait); records a row for each and one journal entry (backup.pruned). A
// destination that fails is in the rows, not thrown (nor warned: the rows say it).
PruneOutcome prune_job(const policy::BackupJob& job, JobContext& ctx);

// `netsec-backup prune` of the policy's jobs `names` (all when empty): prune_job of each; a
// notice of what each destination kept and removed, or a warning of why it failed.
JobsOutcome<PruneOutcome> prune_jobs(const policy::Policy& policy, const std::vector<std::string>& names,
                                     JobContext& ctx);

struct PassphraseChange {
    std::string destination;
    std::string result;  // changed; unchanged (the new passphrase opens it already); absent (no
                         // repository yet: made with the new one); failed
    std::string message; // why it failed
};
struct PassphraseOutcome {
    std::string job;
    std::vector<PassphraseChange> changes; // one for each destination
    int exit = 0;                          // 0; 1 when a destination failed; 75 when one was locked
};

// Changes the passphrase of the encrypted job's repositories in every destination from the one
// in its passphrase_file to `new_passphrase` (see change_passphrase), waiting ctx.lock_wait for
// each, and journals it (backup.passphrase_changed; no secret). A destination whose disk is unmounted fails
// and the others still change: a second run, when it is back, changes it and leaves the rest.
// Throws Error(usage) when the job is not encrypted.
PassphraseOutcome change_job_passphrase(const policy::BackupJob& job, const std::string& new_passphrase,
                                        JobContext& ctx);

// `netsec-backup passwd` of the policy's jobs `names` (every encrypted job when empty; a job
// named that is not encrypted is Error(usage)): change_job_passphrase of each; a warning for
// each destination that failed, then a notice saying where to write the new passphrase, or to
// run passwd again when a destination could not be changed.
JobsOutcome<PassphraseOutcome> change_jobs_passphrase(const policy::Policy& policy,
                                                      const std::vector<std::string>& names,
                                                      const std::string& new_passphrase, JobContext& ctx);

// Records the restore `r` of `snap` from `destination` into `to` (of `paths` paths; 0: all) as a
// restore drill of the snapshot's job (`job` when the snapshot names none), started at ctx.now
// and taking `took`, with one journal entry (backup.restored): ok, or failed when files were
// damaged. Returns the row recorded.
store::BackupRunRow record_restore(const JobContext& ctx, const std::string& job, const std::string& destination,
                                   const Snapshot& snap, const RestoreResult& r, const std::string& to,
                                   std::size_t paths, std::chrono::milliseconds took);

// One destination of one job, as the records show it.
struct DestinationStatus {
    std::string job, destination;
    timeutil::Duration schedule{};                    // the job's
    std::optional<store::BackupRunRow> last_snapshot; // newest backup or copy that succeeded
    std::optional<store::BackupRunRow> last_attempt;  // newest backup or copy, whatever its result
    std::optional<store::BackupRunRow> last_verify;   // newest verification that passed
    std::optional<store::BackupRunRow> last_restore;  // newest restore that succeeded (a drill)
    std::string state;                                // ok, never, failed, stale, unverified
    std::string problem;                              // what is wrong, for people; "" when ok
};

// Each destination of `job`; verifications count when they passed within `verify_within`. The
// times in `problem` are local in `zone`.
std::vector<DestinationStatus> job_status(store::Db& db, const policy::BackupJob& job, timeutil::Instant now,
                                          timeutil::Duration verify_within, const std::string& zone);

// job_status of each of `jobs` of the policy (all when none; Error(usage) naming an unknown one),
// verifications counting within the policy's thresholds.backup_verify_within.
std::vector<DestinationStatus> jobs_status(store::Db& db, const policy::Policy& policy,
                                           const std::vector<std::string>& jobs, timeutil::Instant now);

} // namespace netsec::backup
