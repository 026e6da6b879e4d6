#include "netsec/backup/jobs.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
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

// Why `dest` cannot take a snapshot of `job` now, or "" when it can (it holds a repository, or
// may be made one).
std::string unreachable(store::Db& db, const std::string& job, const std::string& dest) {
    if (is_repository(dest)) return "";
    if (auto last = store::last_backup_run(db, job, dest, "snapshot", true))
        return _f("'{}' held the snapshots of job '{}' until {} and is missing now: is its disk mounted?", dest, job,
                  last->finished_at);
    std::string parent = parent_of(dest);
    if (!is_dir(parent)) return _f("the folder '{}' does not exist: is the disk of '{}' mounted?", parent, dest);
    return "";
}

std::int64_t elapsed_ms(std::chrono::steady_clock::time_point since) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - since).count();
}

void finish_row(store::BackupRunRow& row, const Instant& started, std::chrono::steady_clock::time_point t0) {
    row.duration_ms = elapsed_ms(t0);
    row.finished_at = timeutil::format_rfc3339(started + std::chrono::duration_cast<Duration>(
                                                             std::chrono::milliseconds(row.duration_ms)));
}

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

bool is_repository(const std::string& dir) {
    struct stat st {};
    return ::stat((dir + "/config").c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

PassphraseFn job_passphrase(const policy::BackupJob& job) {
    return [file = job.passphrase_file, name = job.name]() -> std::string {
        if (!file.empty()) return read_passphrase_file(file);
        if (const char* p = std::getenv("NETSEC_BACKUP_PASSPHRASE"); p && *p) return p;
        throw Error(Exit::config, _f("the repositories of job '{}' are encrypted but the job names no passphrase_file "
                                     "(nor is NETSEC_BACKUP_PASSPHRASE set)", name));
    };
}

Duration schedule_slack(Duration schedule) { return std::min<Duration>(schedule / 10, std::chrono::hours(1)); }

Due job_due(store::Db& db, const policy::BackupJob& job, Instant now) {
    Due d;
    d.due = false;
    for (const auto& dest : job.destinations) {
        auto last = store::last_backup_run(db, job.name, dest, "snapshot", true);
        if (!last) return Due{true, std::nullopt};
        Instant next = parse_row_time(last->finished_at) + job.schedule - schedule_slack(job.schedule);
        if (next <= now) return Due{true, std::nullopt};
        if (!d.next || next < *d.next) d.next = next;
    }
    return d;
}

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

JobOutcome run_job(const policy::BackupJob& job, JobContext& ctx) {
    JobOutcome out;
    out.job = job.name;
    bool streamed = ctx.stdin_fd >= 0;
    if (streamed && !job.sources.empty())
        throw Error(Exit::usage, _f("job '{}' backs up folders: it reads no standard input", job.name));
    if (!streamed && !ctx.force) {
        Due d = job_due(*ctx.db, job, ctx.now);
        if (!d.due) {
            out.next_due = d.next;
            return out;
        }
    }
    out.ran = true;
    auto t0 = std::chrono::steady_clock::now();

    // Which destinations can be reached; the snapshot goes into the first holding a repository
    // (else the first that can be made one), the others are brought up to date from it.
    std::vector<std::string> reachable;
    for (const auto& dest : job.destinations) {
        std::string why = unreachable(*ctx.db, job.name, dest);
        if (why.empty()) {
            reachable.push_back(dest);
            continue;
        }
        auto row = new_row(ctx, job.name, dest, "backup");
        row.result = "failed";
        row.message = why;
        finish_row(row, ctx.now, t0);
        out.rows.push_back(row);
        if (ctx.warn) ctx.warn(why);
        out.exit = 1;
    }
    std::string primary;
    for (const auto& dest : reachable)
        if (is_repository(dest)) {
            primary = dest;
            break;
        }
    if (primary.empty() && !reachable.empty()) primary = reachable.front();

    std::unique_ptr<Repository> repo;
    std::unique_ptr<RepositoryLock> lock;
    if (!primary.empty()) {
        auto row = new_row(ctx, job.name, primary, "backup");
        try {
            if (!is_repository(primary)) {
                std::optional<std::string> pass;
                if (!job.passphrase_file.empty()) pass = read_passphrase_file(job.passphrase_file);
                init_repository(primary, pass);
            }
            repo = std::make_unique<Repository>(primary, job_passphrase(job));
            repo->compression = job.compression;
            lock = std::make_unique<RepositoryLock>(repo->storage(), ctx.lock_wait, ctx.warn ? ctx.warn : WarnFn([](auto&) {}));
            repo->storage().clean_unfinished();
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
        } catch (const Error& e) {
            row.result = "failed";
            row.message = e.what();
            if (ctx.warn) ctx.warn(_f("{}: {}", primary, e.what()));
            out.exit = e.code() == Exit::temp_fail ? int(Exit::temp_fail) : std::max(out.exit, 1);
        }
        finish_row(row, ctx.now, t0);
        out.rows.push_back(row);
    } else if (out.exit == 0) {
        out.exit = 1;
    }

    // The copies, when the snapshot was made.
    if (out.run) {
        for (const auto& dest : reachable) {
            if (dest == primary) continue;
            auto t1 = std::chrono::steady_clock::now();
            auto row = new_row(ctx, job.name, dest, "copy");
            try {
                CopyResult c = copy_repository(*repo, dest, ctx.lock_wait, ctx.warn ? ctx.warn : WarnFn([](auto&) {}),
                                               ctx.progress);
                row.snapshot = to_hex(out.run->snapshot.id);
                row.files = std::int64_t(c.files);
                row.bytes = std::int64_t(c.bytes);
                row.result = c.damaged.empty() ? "ok" : "warning";
                row.message = _f("copied from '{}'", primary);
                if (!c.damaged.empty()) {
                    row.message += _f("; {} damaged files of it were not copied", c.damaged.size());
                    out.exit = std::max(out.exit, 1);
                }
            } catch (const Error& e) {
                row.result = "failed";
                row.message = e.what();
                if (ctx.warn) ctx.warn(_f("{}: {}", dest, e.what()));
                out.exit = std::max(out.exit, 1);
            }
            row.duration_ms = elapsed_ms(t1);
            row.started_at = timeutil::format_rfc3339(ctx.now + std::chrono::duration_cast<Duration>(t1 - t0));
            row.finished_at = timeutil::format_rfc3339(ctx.now + std::chrono::duration_cast<Duration>(
                                                                      std::chrono::steady_clock::now() - t0));
            out.rows.push_back(row);
        }
    }
    lock.reset();
    record_rows(*ctx.db, ctx.origin, "backup.run", "job " + job.name, out.rows);
    return out;
}

std::vector<DestinationStatus> job_status(store::Db& db, const policy::BackupJob& job, Instant now,
                                          Duration verify_within) {
    std::vector<DestinationStatus> out;
    for (const auto& dest : job.destinations) {
        DestinationStatus s;
        s.job = job.name;
        s.destination = dest;
        s.last_snapshot = store::last_backup_run(db, job.name, dest, "snapshot", true);
        s.last_attempt = store::last_backup_run(db, job.name, dest, "snapshot", false);
        s.last_verify = store::last_backup_run(db, job.name, dest, "verify", true);
        s.last_restore = store::last_backup_run(db, job.name, dest, "restore", true);
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
