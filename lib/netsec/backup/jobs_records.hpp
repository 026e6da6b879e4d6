// Inside the backup module: what the job functions (job_*.cpp, jobs.cpp) share: what the records
// say of each destination of a job, which destinations can be reached, and the rows a job writes.
#pragma once
#include "netsec/backup/jobs.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace netsec::backup::detail {

using timeutil::Duration;
using timeutil::Instant;

// A time the store wrote (RFC 3339 UTC).
Instant parse_row_time(const std::string& t);

// What the records say of one destination of a job.
struct Records {
    std::optional<store::BackupRunRow> last_snapshot; // newest backup or copy that succeeded
    std::optional<store::BackupRunRow> last_attempt;  // newest backup or copy, whatever its result
    std::optional<store::BackupRunRow> last_verify;   // newest verification that passed
    std::optional<store::BackupRunRow> last_restore;  // newest restore that succeeded
};

// The records of each destination of `job`, from one query.
std::map<std::string, Records> records_of(store::Db& db, const std::string& job);
// The records of `dest` (none when it has none).
const Records& records_for(const std::map<std::string, Records>& records, const std::string& dest);
// Why `dest` cannot take a snapshot of `job` now, or "" when it can (it holds a repository, or
// may be made one). Times in it are local in `zone`.
std::string unreachable(const std::string& job, const std::string& dest, const Records& records,
                        const std::string& zone);

// Which destinations of a job can be written now, and the one a snapshot goes into: the first
// holding a repository, else the first that can be made one.
struct Reach {
    std::vector<std::string> reachable;
    std::vector<std::pair<std::string, std::string>> unreachable; // destination, why
    std::string primary;                                          // "" when none can be reached
};

Reach reach_of(const policy::BackupJob& job, const std::map<std::string, Records>& records, const std::string& zone);

// The rule of job_due (see jobs.hpp), on records and reachability already read.
Due due_of(const policy::BackupJob& job, const std::map<std::string, Records>& records, const Reach& reach,
           Instant now);

// Times `row` of work that started at `t1`, `t1 - t0` after ctx.now (at `t0`).
void time_row(store::BackupRunRow& row, const Instant& now, std::chrono::steady_clock::time_point t0,
              std::chrono::steady_clock::time_point t1);
// Sets the end and duration of `row`, started at `started` (at `t0`).
void finish_row(store::BackupRunRow& row, const Instant& started, std::chrono::steady_clock::time_point t0);
// The exit status a destination's failure gives: 75 for a lock (try later), 78 for a
// repository that does not fit the policy (encrypted otherwise than the job says), 1 for a
// failure of the destination, 70 for anything that is not one of ours (out of memory, a bug).
int failure_exit(const std::exception& e);
// A row for `job` on `destination` started at ctx.now, with the operator and host filled in.
store::BackupRunRow new_row(const JobContext& ctx, const std::string& job, const std::string& destination,
                            const std::string& operation);
// Records `rows` (finished, their ids set) and one journal entry `action` about `subject` in
// one transaction.
void record_rows(store::Db& db, const journal::Origin& origin, const std::string& action, const std::string& subject,
                 std::vector<store::BackupRunRow>& rows);
// ctx.warn, or a function that drops the warning.
WarnFn warn_or_ignore(const JobContext& ctx);
// Tells `message` through `fn` (ctx.warn or ctx.notice) when it is set.
void tell(const WarnFn& fn, const std::string& message);
// The context of one job of a command over jobs: `ctx` with `now` when the job starts (ctx.clock).
JobContext job_start(const JobContext& ctx);

} // namespace netsec::backup::detail
