// Running a job: a snapshot into its first reachable destination, then copies into the others.
#include "netsec/backup/job_selection.hpp"
#include "netsec/backup/jobs.hpp"
#include "netsec/backup/jobs_records.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/process.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <map>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace netsec::backup {

using namespace detail;
using timeutil::Duration;
using timeutil::Instant;

using process::Command;

JobOutcome run_job(const policy::BackupJob& job, JobContext& ctx) {
    JobOutcome out;
    out.job = job.name;
    bool streamed = ctx.stdin_fd >= 0;
    if (streamed && !job.sources.empty())
        throw Error(Exit::usage, _f("job '{}' backs up folders: it reads no standard input", job.name));
    auto records = records_of(*ctx.db, job.name);
    Reach reach = reach_of(job, records, ctx.zone);
    Due due; // forced or streamed: a snapshot
    if (!streamed && !ctx.force) {
        due = due_of(job, records, reach, ctx.now);
        if (!due.due) {
            out.next_due = due.next;
            out.unreachable = due.unreachable;
            return out;
        }
    }
    out.ran = true;
    auto t0 = std::chrono::steady_clock::now();

    // The destinations that cannot be reached are on the record as failed, every run.
    for (const auto& [dest, why] : reach.unreachable) {
        auto row = new_row(ctx, job.name, dest, "backup");
        row.result = "failed";
        row.message = why;
        finish_row(row, ctx.now, t0);
        out.rows.push_back(row);
        if (ctx.warn) ctx.warn(why);
        out.exit = 1;
    }
    const std::string& primary = reach.primary;

    std::unique_ptr<Repository> repo;
    std::unique_ptr<RepositoryLock> lock;
    // Opens the snapshot's destination, under its lock (also while it is copied from).
    // The lock reads the index again once held: a prune before us is seen.
    auto open_primary = [&] {
        repo = open_job_repository(job, primary);
        repo->compression = job.compression;
        lock = std::make_unique<RepositoryLock>(*repo, ctx.lock_wait, warn_or_ignore(ctx));
    };
    std::vector<std::string> copy_into; // brought up to date from the primary
    std::string snapshot;               // the snapshot they are brought up to date with (hex)
    if (due.copy_only) {
        copy_into = due.behind;
        snapshot = records_for(records, primary).last_snapshot->snapshot;
        try {
            open_primary();
        } catch (const std::exception& e) {
            // Nothing could be copied, and the fault is the source's, not the destinations':
            // a lock is nobody's failure (75, the next run copies); anything else is on the
            // source's record, so that status and the audit name the right disk.
            if (ctx.warn) ctx.warn(_f("{}: {}", primary, e.what()));
            if (failure_exit(e) != int(Exit::temp_fail)) {
                auto row = new_row(ctx, job.name, primary, "copy");
                row.result = "failed";
                row.message = _f("cannot be copied from: {}", e.what());
                finish_row(row, ctx.now, t0);
                out.rows.push_back(row);
            }
            out.exit = worst_exit(out.exit, failure_exit(e));
            copy_into.clear();
        }
    } else if (!primary.empty()) {
        auto row = new_row(ctx, job.name, primary, "backup");
        try {
            if (!is_repository(primary)) {
                std::optional<std::string> pass;
                if (!job.passphrase_file.empty()) pass = read_passphrase_file(job.passphrase_file);
                init_repository(primary, pass);
            }
            open_primary();
            RunRequest req;
            req.job = job.name;
            req.exclude = job.exclude;
            req.progress = ctx.progress;
            req.warn = ctx.warn;
            std::unique_ptr<Command> command;
            if (streamed) {
                req.stdin_fd = ctx.stdin_fd;
                req.stdin_name = !ctx.stdin_name.empty() ? ctx.stdin_name : job.stdin_name;
            } else if (!job.command.empty()) {
                command = std::make_unique<Command>(job.command);
                req.stdin_fd = command->fd();
                req.stdin_name = job.stdin_name;
                req.before_save = [&] { command->finish(_("no snapshot was saved")); };
            } else {
                req.paths = job.sources;
            }
            RunResult r = run_backup(*repo, req);
            row.result = r.warnings ? "warning" : "ok";
            if (r.warnings) {
                row.message = _f("{} entries could not be read", r.warnings);
                out.exit = 1;
            }
            row.snapshot = to_hex(r.snapshot.id);
            row.files = std::int64_t(r.snapshot.files);
            row.bytes = std::int64_t(r.snapshot.bytes);
            row.bytes_read = std::int64_t(r.bytes_read);
            row.bytes_added = std::int64_t(r.snapshot.added_bytes);
            out.run = r;
        } catch (const std::exception& e) {
            row.result = "failed";
            row.message = e.what();
            if (ctx.warn) ctx.warn(_f("{}: {}", primary, e.what()));
            out.exit = worst_exit(out.exit, failure_exit(e));
        }
        finish_row(row, ctx.now, t0);
        out.rows.push_back(row);
        if (out.run) {
            snapshot = row.snapshot;
            for (const auto& dest : reach.reachable)
                if (dest != primary) copy_into.push_back(dest);
        }
    } else if (out.exit == 0) {
        out.exit = 1;
    }

    for (const auto& dest : copy_into) {
        auto t1 = std::chrono::steady_clock::now();
        auto row = new_row(ctx, job.name, dest, "copy");
        try {
            CopyResult c = copy_repository(*repo, dest, ctx.lock_wait, warn_or_ignore(ctx), ctx.progress);
            row.snapshot = snapshot;
            row.files = std::int64_t(c.files);
            row.bytes = std::int64_t(c.bytes);
            row.result = c.damaged.empty() ? "ok" : "warning";
            row.message = _f("copied from '{}'", primary);
            if (!c.damaged.empty()) {
                row.message += _f("; {} damaged files of it were not copied", c.damaged.size());
                out.exit = worst_exit(out.exit, 1);
            }
        } catch (const std::exception& e) {
            row.result = "failed";
            row.message = e.what();
            if (ctx.warn) ctx.warn(_f("{}: {}", dest, e.what()));
            out.exit = worst_exit(out.exit, failure_exit(e));
        }
        time_row(row, ctx.now, t0, t1);
        out.rows.push_back(row);
    }
    lock.reset();
    if (!out.rows.empty())
        record_rows(*ctx.db, ctx.origin, journal::action::backup_run_recorded, "job " + job.name, out.rows);
    return out;
}

JobsOutcome<JobOutcome> run_jobs(const policy::Policy& policy, const std::vector<std::string>& names, JobContext& ctx) {
    JobsOutcome<JobOutcome> all;
    for (const auto* job : select_jobs(policy, names)) {
        JobContext one = job_start(ctx);
        if (ctx.start_progress) one.progress = ctx.start_progress(_f("{}: reading", job->name));
        JobOutcome o = run_job(*job, one);
        if (!o.ran) {
            tell(ctx.notice,
                 _f("job '{}' is not due until {} (--force runs it now)", job->name,
                    o.next_due ? timeutil::format_local(*o.next_due, policy.school.timezone) : std::string("?")));
            for (const auto& why : o.unreachable) tell(ctx.notice, why);
            continue;
        }
        if (o.run) {
            const auto& snap = o.run->snapshot;
            tell(ctx.notice,
                 _f("job '{}': snapshot {} saved: {} files ({} read, {} unchanged{}), {} bytes, {} bytes added",
                    job->name, short_id(snap.id), snap.files, o.run->files_changed, o.run->files_unchanged,
                    o.run->excluded ? _f(", {} left out", o.run->excluded) : std::string(), snap.bytes,
                    snap.added_bytes));
        }
        for (const auto& r : o.rows)
            if (r.operation == "copy" && r.result != "failed")
                tell(ctx.notice,
                     _f("job '{}': copied into '{}' ({} files, {} bytes)", job->name, r.destination, r.files, r.bytes));
        all.exit = worst_exit(all.exit, o.exit);
        all.jobs.push_back(std::move(o));
    }
    return all;
}

} // namespace netsec::backup
