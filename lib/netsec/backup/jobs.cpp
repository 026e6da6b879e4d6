#include "netsec/backup/jobs.hpp"

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

extern char** environ;

namespace netsec::backup {
namespace {

using timeutil::Duration;
using timeutil::Instant;

Instant parse_row_time(const std::string& t) { return timeutil::parse_time(t, "UTC"); }

bool is_dir(const std::string& p) {
    struct stat st {};
    return ::stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::string parent_of(const std::string& p) {
    auto slash = p.find_last_of('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : p.substr(0, slash);
}

// A job's command, its standard output read by the backup; waited for before the snapshot is
// saved, killed when the backup fails first.
class Command {
public:
    explicit Command(const std::string& command) : command_(command) {
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) != 0) throw Error(Exit::software, _f("cannot make a pipe: {}", std::strerror(errno)));
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
        const char* argv[] = {"/bin/sh", "-c", command.c_str(), nullptr};
        int rc = ::posix_spawn(&pid_, "/bin/sh", &actions, nullptr, const_cast<char**>(argv), environ);
        posix_spawn_file_actions_destroy(&actions);
        ::close(fds[1]);
        if (rc != 0) {
            ::close(fds[0]);
            throw Error(Exit::unavailable, _f("cannot run '{}': {}", command, std::strerror(rc)));
        }
        fd_ = fds[0];
    }
    ~Command() {
        if (fd_ >= 0) ::close(fd_);
        if (pid_ > 0) {
            ::kill(pid_, SIGTERM);
            int status = 0;
            ::waitpid(pid_, &status, 0);
        }
    }
    int fd() const { return fd_; }

    // Waits for the command; throws when it did not exit 0.
    void finish() {
        ::close(fd_);
        fd_ = -1;
        int status = 0;
        while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
        }
        pid_ = 0;
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return;
        std::string how = WIFEXITED(status) ? _f("exit status {}", WEXITSTATUS(status))
                                            : _f("signal {}", WIFSIGNALED(status) ? WTERMSIG(status) : 0);
        throw Error(Exit::unavailable, _f("the command '{}' failed ({}): no snapshot was saved", command_, how));
    }

private:
    std::string command_;
    pid_t pid_ = 0;
    int fd_ = -1;
};

// What the records say of one destination of a job.
struct Records {
    std::optional<store::BackupRunRow> last_snapshot; // newest backup or copy that succeeded
    std::optional<store::BackupRunRow> last_attempt;  // newest backup or copy, whatever its result
    std::optional<store::BackupRunRow> last_verify;   // newest verification that passed
    std::optional<store::BackupRunRow> last_restore;  // newest restore that succeeded
};

// The records of each destination of `job`, from one query.
std::map<std::string, Records> records_of(store::Db& db, const std::string& job) {
    std::map<std::string, Records> out;
    for (auto& row : store::latest_backup_runs(db, job)) { // oldest first: the newest stays
        Records& r = out[row.destination];
        bool succeeded = row.result != "failed";
        if (row.operation == "backup" || row.operation == "copy") {
            if (succeeded) r.last_snapshot = row;
            r.last_attempt = std::move(row);
        } else if (succeeded && row.operation == "verify") {
            r.last_verify = std::move(row);
        } else if (succeeded && row.operation == "restore") {
            r.last_restore = std::move(row);
        }
    }
    return out;
}

const Records& records_for(const std::map<std::string, Records>& records, const std::string& dest) {
    static const Records none;
    auto it = records.find(dest);
    return it == records.end() ? none : it->second;
}

// Why `dest` cannot take a snapshot of `job` now, or "" when it can (it holds a repository, or
// may be made one).
std::string unreachable(const std::string& job, const std::string& dest, const Records& records) {
    if (is_repository(dest)) return "";
    if (records.last_snapshot)
        return _f("'{}' held the snapshots of job '{}' until {} and is missing now: is its disk mounted?", dest, job,
                  records.last_snapshot->finished_at);
    std::string parent = parent_of(dest);
    if (!is_dir(parent)) return _f("the folder '{}' does not exist: is the disk of '{}' mounted?", parent, dest);
    return "";
}

// Which destinations of a job can be written now, and the one a snapshot goes into: the first
// holding a repository, else the first that can be made one.
struct Reach {
    std::vector<std::string> reachable;
    std::vector<std::pair<std::string, std::string>> unreachable; // destination, why
    std::string primary; // "" when none can be reached
};

Reach reach_of(const policy::BackupJob& job, const std::map<std::string, Records>& records) {
    Reach r;
    for (const auto& dest : job.destinations) {
        std::string why = unreachable(job.name, dest, records_for(records, dest));
        if (why.empty()) r.reachable.push_back(dest);
        else r.unreachable.emplace_back(dest, std::move(why));
    }
    for (const auto& dest : r.reachable)
        if (is_repository(dest)) {
            r.primary = dest;
            break;
        }
    if (r.primary.empty() && !r.reachable.empty()) r.primary = r.reachable.front();
    return r;
}

// The rule of job_due (see jobs.hpp), on records and reachability already read.
Due due_of(const policy::BackupJob& job, const std::map<std::string, Records>& records, const Reach& reach,
           Instant now) {
    Due d;
    for (const auto& u : reach.unreachable) d.unreachable.push_back(u.second);
    Duration every = job.schedule - schedule_slack(job.schedule);
    if (reach.primary.empty()) {
        // Nothing can be written: due once a schedule, so that the failure is on the record.
        std::optional<Instant> last;
        for (const auto& dest : job.destinations)
            if (const auto& a = records_for(records, dest).last_attempt) {
                Instant t = parse_row_time(a->finished_at);
                if (!last || t > *last) last = t;
            }
        if (!last || *last + every <= now) return d;
        d.due = false;
        d.next = *last + every;
        return d;
    }
    const auto& newest = records_for(records, reach.primary).last_snapshot;
    if (!newest) return d;
    Instant next = parse_row_time(newest->finished_at) + every;
    if (next <= now) return d;
    for (const auto& dest : reach.reachable) {
        if (dest == reach.primary) continue;
        const auto& there = records_for(records, dest).last_snapshot;
        if (!there || there->id < newest->id) d.behind.push_back(dest);
    }
    if (!d.behind.empty()) {
        d.copy_only = true;
        return d;
    }
    d.due = false;
    d.next = next;
    return d;
}

std::int64_t elapsed_ms(std::chrono::steady_clock::time_point since) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - since).count();
}

// Times `row` of work that started at `t1`, `t1 - t0` after ctx.now (at `t0`).
void time_row(store::BackupRunRow& row, const Instant& now, std::chrono::steady_clock::time_point t0,
              std::chrono::steady_clock::time_point t1) {
    auto since = [&](std::chrono::steady_clock::time_point t) {
        return now + std::chrono::duration_cast<Duration>(t - t0);
    };
    row.duration_ms = elapsed_ms(t1);
    row.started_at = timeutil::format_rfc3339(since(t1));
    row.finished_at = timeutil::format_rfc3339(since(std::chrono::steady_clock::now()));
}

void finish_row(store::BackupRunRow& row, const Instant& started, std::chrono::steady_clock::time_point t0) {
    row.duration_ms = elapsed_ms(t0);
    row.finished_at = timeutil::format_rfc3339(started + std::chrono::duration_cast<Duration>(
                                                             std::chrono::milliseconds(row.duration_ms)));
}

// The exit status an error on one destination gives: a locked repository its own (75), any
// other 1, since the other destinations went on.
// The exit status a destination's failure gives: 75 for a lock (try later), 78 for a
// repository that does not fit the policy (encrypted otherwise than the job says), 1 for a
// failure of the destination, 70 for anything that is not one of ours (out of memory, a bug).
int failure_exit(const std::exception& e) {
    auto* ours = dynamic_cast<const Error*>(&e);
    if (!ours) return int(Exit::software);
    return ours->code() == Exit::temp_fail || ours->code() == Exit::config ? int(ours->code()) : 1;
}

// A row for `job` on `destination` started at ctx.now, with the operator and host filled in.
store::BackupRunRow new_row(const JobContext& ctx, const std::string& job, const std::string& destination,
                            const std::string& operation) {
    store::BackupRunRow row;
    row.job = job;
    row.destination = destination;
    row.operation = operation;
    row.started_at = row.finished_at = timeutil::format_rfc3339(ctx.now);
    row.operator_name = ctx.origin.operator_name;
    row.host = ctx.origin.host;
    return row;
}

// Records `rows` (finished, their ids set) and one journal entry `action` about `subject` in
// one transaction.
void record_rows(store::Db& db, const journal::Origin& origin, const std::string& action, const std::string& subject,
                 std::vector<store::BackupRunRow>& rows) {
    store::Transaction tx(db);
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (auto& r : rows) {
        r.id = store::insert_backup_run(tx, r);
        nlohmann::ordered_json one;
        one["run"] = r.id;
        one["destination"] = r.destination;
        one["operation"] = r.operation;
        one["result"] = r.result;
        if (!r.snapshot.empty()) one["snapshot"] = r.snapshot;
        if (r.operation == "backup" || r.operation == "copy" || r.operation == "restore") {
            one["files"] = r.files;
            one["bytes"] = r.bytes;
        }
        if (r.operation == "backup") one["bytes_added"] = r.bytes_added;
        if (r.operation == "verify") one["read_data"] = r.read_data;
        if (!r.message.empty()) one["message"] = r.message;
        list.push_back(std::move(one));
    }
    nlohmann::ordered_json details;
    details["destinations"] = std::move(list);
    journal::append(tx, origin, action, subject, details);
    tx.commit();
}

WarnFn warn_or_ignore(const JobContext& ctx) { return ctx.warn ? ctx.warn : WarnFn([](const std::string&) {}); }

} // namespace

std::string read_passphrase_file(const std::string& file) {
    std::ifstream in(file);
    if (!in) throw Error(Exit::no_input, _f("cannot read the passphrase file '{}'", file));
    std::string line;
    std::getline(in, line);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) throw Error(Exit::data, _f("the passphrase file '{}' is empty", file));
    return line;
}

PassphraseFn job_passphrase(const policy::BackupJob& job) {
    return [file = job.passphrase_file, name = job.name]() -> std::string {
        if (!file.empty()) return read_passphrase_file(file);
        throw Error(Exit::config, _f("the repositories of job '{}' are encrypted but the job names no passphrase_file",
                                     name));
    };
}

std::unique_ptr<Repository> open_job_repository(const policy::BackupJob& job, const std::string& dest) {
    PassphraseFn pass = job_passphrase(job);
    if (job.passphrase_file.empty())
        pass = [&]() -> std::string {
            throw Error(Exit::config, _f("'{}' holds an encrypted repository but job '{}' names no passphrase_file: "
                                         "nothing was read or written; name the job's passphrase_file",
                                         dest, job.name));
        };
    auto repo = std::make_unique<Repository>(dest, pass);
    if (!job.passphrase_file.empty() && !repo->encrypted())
        throw Error(Exit::config, _f("'{}' holds a repository that is not encrypted but job '{}' names a passphrase_file: "
                                     "nothing was written; give the job a new or empty destination",
                                     dest, job.name));
    return repo;
}

Duration schedule_slack(Duration schedule) { return std::min<Duration>(schedule / 10, std::chrono::hours(1)); }

int worst_exit(int a, int b) {
    if (a == 0 || b == 0) return a | b;
    if (a == 1) return b;
    if (b == 1) return a;
    return std::max(a, b);
}

Due job_due(store::Db& db, const policy::BackupJob& job, Instant now) {
    auto records = records_of(db, job.name);
    return due_of(job, records, reach_of(job, records), now);
}

JobOutcome run_job(const policy::BackupJob& job, JobContext& ctx) {
    JobOutcome out;
    out.job = job.name;
    bool streamed = ctx.stdin_fd >= 0;
    if (streamed && !job.sources.empty())
        throw Error(Exit::usage, _f("job '{}' backs up folders: it reads no standard input", job.name));
    auto records = records_of(*ctx.db, job.name);
    Reach reach = reach_of(job, records);
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
                req.before_save = [&] { command->finish(); };
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
    if (!out.rows.empty()) record_rows(*ctx.db, ctx.origin, journal::action::backup_run_recorded, "job " + job.name, out.rows);
    return out;
}

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
            ProgressFn progress = ctx.destination_progress ? ctx.destination_progress(dest) : ctx.progress;
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

PassphraseOutcome change_job_passphrase(const policy::BackupJob& job, const std::string& new_passphrase, JobContext& ctx) {
    if (job.passphrase_file.empty())
        throw Error(Exit::usage, _f("job '{}' is not encrypted (it names no passphrase_file): it has no passphrase to change",
                                    job.name));
    std::string old_passphrase = read_passphrase_file(job.passphrase_file);
    PassphraseOutcome out;
    out.job = job.name;
    auto records = records_of(*ctx.db, job.name);
    Reach reach = reach_of(job, records);
    for (const auto& dest : job.destinations) {
        PassphraseChange c{dest, "failed", {}};
        auto gone = std::find_if(reach.unreachable.begin(), reach.unreachable.end(),
                                 [&](const auto& u) { return u.first == dest; });
        try {
            if (gone != reach.unreachable.end()) throw Error(Exit::no_input, gone->second);
            if (!is_repository(dest)) c.result = "absent";
            else c.result = change_passphrase(dest, old_passphrase, new_passphrase, ctx.lock_wait, warn_or_ignore(ctx))
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

std::vector<DestinationStatus> job_status(store::Db& db, const policy::BackupJob& job, Instant now,
                                          Duration verify_within) {
    auto records = records_of(db, job.name);
    std::vector<DestinationStatus> out;
    for (const auto& dest : job.destinations) {
        const Records& r = records_for(records, dest);
        DestinationStatus s;
        s.job = job.name;
        s.destination = dest;
        s.last_snapshot = r.last_snapshot;
        s.last_attempt = r.last_attempt;
        s.last_verify = r.last_verify;
        s.last_restore = r.last_restore;
        s.state = "ok";
        if (!s.last_snapshot) {
            s.state = "never";
            s.problem = s.last_attempt ? _f("no snapshot yet: the last attempt failed: {}", s.last_attempt->message)
                                       : _("no snapshot yet: run 'netsec-backup run'");
        } else if (s.last_attempt->result == "failed") {
            s.state = "failed";
            s.problem = _f("the last run failed at {}: {}", s.last_attempt->finished_at, s.last_attempt->message);
        } else if (parse_row_time(s.last_snapshot->finished_at) + job.schedule + schedule_slack(job.schedule) < now) {
            s.state = "stale";
            s.problem = _f("the newest snapshot is from {}, older than the schedule ({})", s.last_snapshot->finished_at,
                           timeutil::format_duration(job.schedule));
        } else if (!s.last_verify || parse_row_time(s.last_verify->finished_at) + verify_within < now) {
            s.state = "unverified";
            s.problem = s.last_verify ? _f("last verified at {}, longer ago than {}", s.last_verify->finished_at,
                                           timeutil::format_duration(verify_within))
                                      : _("never verified: run 'netsec-backup verify --read-data'");
        }
        out.push_back(std::move(s));
    }
    return out;
}

} // namespace netsec::backup
