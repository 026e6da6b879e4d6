// Looking after a job's destinations: verifying, changing the passphrase, pruning, restore drills.
#include "netsec/backup/job_selection.hpp"
#include "netsec/backup/jobs.hpp"
#include "netsec/backup/jobs_records.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"

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

VerifyOutcome verify_job(const policy::BackupJob& job, bool read_data, JobContext& ctx,
                         std::map<std::string, store::BackupRunRow>& verified) {
    VerifyOutcome out;
    out.job = job.name;
    auto t0 = std::chrono::steady_clock::now();
    for (const auto& dest : job.destinations) {
        if (auto it = verified.find(dest); it != verified.end()) { // read already for another job
            auto row = it->second;
            row.job = job.name;
            if (row.result != "ok") out.exit = 1;
            out.rows.push_back(std::move(row));
            continue;
        }
        auto t1 = std::chrono::steady_clock::now();
        auto row = new_row(ctx, job.name, dest, "verify");
        row.read_data = read_data;
        try {
            if (!is_repository(dest))
                throw Error(Exit::no_input, _f("'{}' holds no repository (is its disk mounted?)", dest));
            auto opened = open_job_repository(job, dest);
            Repository& repo = *opened;
            ProgressFn progress = ctx.start_progress ? ctx.start_progress(_f("{}: verifying", dest)) : ctx.progress;
            auto r = verify_repository(repo, read_data, 0, progress);
            for (const auto& p : r.problems)
                if (ctx.warn) ctx.warn(_f("{}: {}", dest, p));
            for (const auto& d : r.damaged) out.damaged.push_back({dest, d});
            row.files = std::int64_t(r.blobs);
            row.bytes_read = std::int64_t(r.bytes_read);
            row.result = r.ok() ? "ok" : "failed";
            row.message = r.ok() ? _f("{} snapshots, {} packs, {} blobs", r.snapshots, r.packs, r.blobs)
                                 : _f("{} problems, {} damaged files", r.problems.size(), r.damaged.size());
        } catch (const std::exception& e) {
            row.result = "failed";
            row.message = e.what();
            if (ctx.warn) ctx.warn(_f("{}: {}", dest, e.what()));
        }
        time_row(row, ctx.now, t0, t1);
        if (row.result != "ok") out.exit = 1;
        verified[dest] = row;
        out.rows.push_back(std::move(row));
    }
    record_rows(*ctx.db, ctx.origin, journal::action::backup_verified, "job " + job.name, out.rows);
    return out;
}

PassphraseOutcome change_job_passphrase(const policy::BackupJob& job, const std::string& new_passphrase,
                                        JobContext& ctx) {
    if (job.passphrase_file.empty())
        throw Error(
            Exit::usage,
            _f("job '{}' is not encrypted (it names no passphrase_file): it has no passphrase to change", job.name));
    std::string old_passphrase = read_passphrase_file(job.passphrase_file);
    PassphraseOutcome out;
    out.job = job.name;
    auto records = records_of(*ctx.db, job.name);
    Reach reach = reach_of(job, records, ctx.zone);
    for (const auto& dest : job.destinations) {
        PassphraseChange c{dest, "failed", {}};
        auto gone = std::find_if(reach.unreachable.begin(), reach.unreachable.end(),
                                 [&](const auto& u) { return u.first == dest; });
        try {
            if (gone != reach.unreachable.end()) throw Error(Exit::no_input, gone->second);
            if (!is_repository(dest))
                c.result = "absent";
            else
                c.result = change_passphrase(dest, old_passphrase, new_passphrase, ctx.lock_wait, warn_or_ignore(ctx))
                               ? "changed"
                               : "unchanged";
        } catch (const std::exception& e) {
            c.message = e.what();
            out.exit = worst_exit(out.exit, failure_exit(e));
        }
        out.changes.push_back(std::move(c));
    }
    store::Transaction tx(*ctx.db);
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& c : out.changes) {
        nlohmann::ordered_json one;
        one["destination"] = c.destination;
        one["result"] = c.result;
        if (!c.message.empty()) one["message"] = c.message;
        list.push_back(std::move(one));
    }
    nlohmann::ordered_json details;
    details["passphrase_file"] = job.passphrase_file;
    details["destinations"] = std::move(list);
    journal::append(tx, ctx.origin, journal::action::backup_passphrase_changed, "job " + job.name, details);
    tx.commit();
    return out;
}

PruneOutcome prune_job(const policy::BackupJob& job, JobContext& ctx) {
    PruneOutcome out;
    out.job = job.name;
    KeepRules keep{job.keep.last, job.keep.daily, job.keep.weekly, job.keep.monthly, job.keep.yearly, job.name};
    auto t0 = std::chrono::steady_clock::now();
    for (const auto& dest : job.destinations) {
        auto t1 = std::chrono::steady_clock::now();
        auto row = new_row(ctx, job.name, dest, "prune");
        try {
            if (!is_repository(dest))
                throw Error(Exit::no_input, _f("'{}' holds no repository (is its disk mounted?)", dest));
            auto repo = open_job_repository(job, dest);
            RepositoryLock lock(*repo, ctx.lock_wait, warn_or_ignore(ctx));
            auto r = prune_repository(*repo, keep);
            row.result = "ok";
            row.files = std::int64_t(r.snapshots_removed);
            row.bytes = std::int64_t(r.bytes_freed);
            row.message = _f("kept {} snapshots, removed {}; removed {} packs ({} bytes), repacked {} blobs",
                             r.snapshots_kept, r.snapshots_removed, r.packs_removed, r.bytes_freed, r.blobs_repacked);
        } catch (const std::exception& e) {
            row.result = "failed";
            row.message = e.what();
            out.exit = worst_exit(out.exit, failure_exit(e));
        }
        time_row(row, ctx.now, t0, t1);
        out.rows.push_back(std::move(row));
    }
    record_rows(*ctx.db, ctx.origin, journal::action::backup_pruned, "job " + job.name, out.rows);
    return out;
}

JobsOutcome<VerifyOutcome> verify_jobs(const policy::Policy& policy, const std::vector<std::string>& names,
                                       bool read_data, JobContext& ctx) {
    JobsOutcome<VerifyOutcome> all;
    Verified verified; // for jobs sharing a destination
    for (const auto* job : select_jobs(policy, names)) {
        JobContext one = job_start(ctx);
        VerifyOutcome o = verify_job(*job, read_data, one, verified);
        for (const auto& r : o.rows)
            if (r.result == "ok")
                tell(ctx.notice, _f("job '{}': '{}' verified{}: {}", job->name, r.destination,
                                    read_data ? _(" reading every byte") : std::string(), r.message));
        all.exit = worst_exit(all.exit, o.exit);
        all.jobs.push_back(std::move(o));
    }
    return all;
}

JobsOutcome<PruneOutcome> prune_jobs(const policy::Policy& policy, const std::vector<std::string>& names,
                                     JobContext& ctx) {
    JobsOutcome<PruneOutcome> all;
    for (const auto* job : select_jobs(policy, names)) {
        JobContext one = job_start(ctx);
        PruneOutcome o = prune_job(*job, one);
        for (const auto& r : o.rows) {
            if (r.result == "ok")
                tell(ctx.notice, _f("job '{}': '{}': {}", job->name, r.destination, r.message));
            else
                tell(ctx.warn, _f("{}: {}", r.destination, r.message));
        }
        all.exit = worst_exit(all.exit, o.exit);
        all.jobs.push_back(std::move(o));
    }
    return all;
}

JobsOutcome<PassphraseOutcome> change_jobs_passphrase(const policy::Policy& policy,
                                                      const std::vector<std::string>& names,
                                                      const std::string& new_passphrase, JobContext& ctx) {
    JobsOutcome<PassphraseOutcome> all;
    for (const auto* job : select_jobs(policy, names)) {
        if (names.empty() && job->passphrase_file.empty()) continue; // not encrypted: nothing to change
        JobContext one = job_start(ctx);
        PassphraseOutcome o = change_job_passphrase(*job, new_passphrase, one);
        for (const auto& c : o.changes)
            if (c.result == "failed") tell(ctx.warn, _f("{}: {}", c.destination, c.message));
        if (o.exit == 0) // no destination failed
            tell(ctx.notice, _f("job '{}': every destination opens with the new passphrase now; write it into '{}', "
                                "where the job reads it, before the next run",
                                job->name, job->passphrase_file));
        else
            tell(ctx.notice, _f("job '{}': run passwd again when every destination can be reached; those changed "
                                "already are left as they are",
                                job->name));
        all.exit = worst_exit(all.exit, o.exit);
        all.jobs.push_back(std::move(o));
    }
    return all;
}

store::BackupRunRow record_restore(const JobContext& ctx, const std::string& job, const std::string& destination,
                                   const Snapshot& snap, const RestoreResult& r, const std::string& to,
                                   std::size_t paths, std::chrono::milliseconds took) {
    auto row = new_row(ctx, snap.job.empty() ? job : snap.job, destination, "restore");
    row.result = r.damaged.empty() ? "ok" : "failed";
    row.snapshot = to_hex(snap.id);
    row.files = std::int64_t(r.files);
    row.bytes = std::int64_t(r.bytes);
    row.duration_ms = took.count();
    row.finished_at = timeutil::format_rfc3339(ctx.now + std::chrono::duration_cast<Duration>(took));
    row.message = _f("into '{}'", to) + (paths == 0 ? std::string() : _f(" ({} paths)", paths));
    std::vector<store::BackupRunRow> rows{row};
    record_rows(*ctx.db, ctx.origin, journal::action::backup_restored, "job " + row.job, rows);
    return rows.front();
}

} // namespace netsec::backup
