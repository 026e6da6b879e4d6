// netsec-backup: deduplicating, compressed, encrypted backups in self-contained repositories:
// init, run, snapshots, ls, diff, restore, export (tar), verify, copy, prune, status. Every command
// works on the policy's jobs (their two destinations, recorded and journaled) or, with --repo, on
// any repository without a policy.
#include "netsec/backup/backup.hpp"
#include "netsec/backup/jobs.hpp"
#include "netsec/cli/formats.hpp"
#include "netsec/cli/session.hpp"
#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/io/output.hpp"
#include "netsec/io/progress.hpp"
#include "netsec/io/tty.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <unistd.h>

using namespace netsec;
using json = nlohmann::ordered_json;
using policy::Level;

namespace {

struct RepoOptions {
    std::string repo;
    std::string passphrase_file;
};

void add_repo_options(CLI::App* cmd, RepoOptions& o) {
    cmd->add_option("--repo", o.repo, _("work on this repository folder, without the policy"))->type_name("DIR");
    cmd->add_option("--passphrase-file", o.passphrase_file,
                    _("read the passphrase from the first line of FILE (else NETSEC_BACKUP_PASSPHRASE)"))
        ->type_name("FILE");
}

std::string read_passphrase(const RepoOptions& o) {
    if (!o.passphrase_file.empty()) return backup::read_passphrase_file(o.passphrase_file);
    if (const char* p = std::getenv("NETSEC_BACKUP_PASSPHRASE"); p && *p) return p;
    throw Error(Exit::usage, _f("the repository '{}' is encrypted: set NETSEC_BACKUP_PASSPHRASE or give --passphrase-file",
                                o.repo));
}

// --repo's repository, for reading (a RepositoryLock on it to write). A passphrase file given
// for a repository that is not encrypted is refused: whoever gave it expects encryption.
std::unique_ptr<backup::Repository> open_repo(const RepoOptions& o) {
    auto repo = std::make_unique<backup::Repository>(o.repo, [&] { return read_passphrase(o); });
    if (!o.passphrase_file.empty() && !repo->encrypted())
        throw Error(Exit::usage, _f("the repository '{}' is not encrypted, but --passphrase-file was given: nothing was "
                                    "read or written; leave the option out to use it unencrypted",
                                    o.repo));
    return repo;
}

std::string rfc3339_seconds(const std::string& t) {
    auto dot = t.find('.');
    return dot == std::string::npos ? t : t.substr(0, dot) + "Z";
}

std::string mode_text(std::uint32_t mode) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04o", mode & 07777);
    return buf;
}

std::string time_ns(std::int64_t sec, std::uint32_t nsec) {
    std::time_t t = std::time_t(sec);
    std::tm tm{};
    ::gmtime_r(&t, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    char ns[16];
    std::snprintf(ns, sizeof ns, ".%09uZ", nsec);
    return std::string(buf) + ns;
}

// --- init ------------------------------------------------------------------------------------

int init_cmd(const cli::SharedOptions& shared, const RepoOptions& o, bool encrypt) {
    std::optional<std::string> pass;
    if (!encrypt && !o.passphrase_file.empty())
        throw Error(Exit::usage, _("--passphrase-file goes with --encrypt: give both, or neither for a repository "
                                   "that is not encrypted"));
    if (encrypt) pass = read_passphrase(o);
    backup::init_repository(o.repo, pass);
    notice(shared, encrypt ? _f("created the encrypted repository '{}': keep its passphrase safe, it cannot be recovered",
                                o.repo)
                           : _f("created the repository '{}' (not encrypted)", o.repo));
    return 0;
}

// --- run -------------------------------------------------------------------------------------

struct RunOptions {
    std::vector<std::string> paths;
    std::string stdin_name;
    int lock_wait = 10;
};

int run_cmd(const cli::SharedOptions& shared, const RepoOptions& o, const RunOptions& ro) {
    if (ro.paths.empty() == ro.stdin_name.empty())
        throw Error(Exit::usage, ro.paths.empty() ? _("name the paths to back up, or give --stdin-name NAME")
                                                  : _("give either paths or --stdin-name, not both"));
    auto repo = open_repo(o);
    backup::RepositoryLock lock(*repo, ro.lock_wait, [&](const std::string& m) { cli::warn(m); }); // reads the index again
    io::Progress progress(_("reading"), !shared.quiet);
    backup::RunRequest req;
    req.paths = ro.paths;
    req.stdin_name = ro.stdin_name;
    req.progress = progress.callback();
    req.warn = [](const std::string& m) { cli::warn(m); };
    backup::RunResult r = backup::run_backup(*repo, req);
    progress.finish();
    const auto& s = r.snapshot;
    notice(shared, _f("snapshot {} saved: {} files ({} read, {} unchanged), {} bytes, {} bytes added", backup::short_id(s.id),
                      s.files, r.files_changed, r.files_unchanged, s.bytes, s.added_bytes));
    if (!shared.format_given) {
        if (!shared.quiet) std::cout << backup::short_id(s.id) << '\n';
    } else {
        io::Records out;
        out.columns = {{"id"}, {"time", io::Kind::time}, {"files", io::Kind::integer}, {"files_read", io::Kind::integer},
                       {"bytes", io::Kind::integer}, {"added_bytes", io::Kind::integer}};
        out.rows.push_back({{"id", backup::short_id(s.id)}, {"time", rfc3339_seconds(s.time)}, {"files", s.files},
                            {"files_read", r.files_changed}, {"bytes", s.bytes}, {"added_bytes", s.added_bytes}});
        cli::print(shared, out);
    }
    if (r.warnings) {
        cli::warn(_f("{} entries could not be read and are not in snapshot {}", r.warnings, backup::short_id(s.id)));
        return int(Exit::finding);
    }
    return 0;
}

// --- the policy's jobs -----------------------------------------------------------------------

// The jobs `names` names (all when empty); a name the policy lacks is a usage error.
std::vector<const policy::BackupJob*> select_jobs(const policy::Policy& p, const std::vector<std::string>& names) {
    if (p.backup.jobs.empty())
        throw Error(Exit::config, _f("the policy '{}' has no backup jobs: add them under 'backup: jobs:' (see "
                                     "netsec-policy(5)), or give --repo DIR",
                                     p.file));
    std::vector<const policy::BackupJob*> out;
    for (const auto& n : names) {
        auto it = std::find_if(p.backup.jobs.begin(), p.backup.jobs.end(), [&](const auto& j) { return j.name == n; });
        if (it == p.backup.jobs.end()) {
            std::string known;
            for (const auto& j : p.backup.jobs) known += (known.empty() ? "" : ", ") + j.name;
            throw Error(Exit::usage, _f("the policy has no backup job '{}' (its jobs: {})", n, known));
        }
        if (std::find(out.begin(), out.end(), &*it) == out.end()) out.push_back(&*it);
    }
    if (names.empty())
        for (const auto& j : p.backup.jobs) out.push_back(&j);
    return out;
}

backup::JobContext job_context(const cli::Session& s) {
    backup::JobContext ctx;
    ctx.db = s.db.get();
    ctx.origin = s.origin();
    ctx.now = timeutil::now();
    ctx.warn = [](const std::string& m) { cli::warn(m); };
    return ctx;
}

std::string short_hex(const std::string& hex) { return hex.substr(0, 8); }

// The fields of a snapshot in `snapshots`.
json snapshot_record(const backup::Snapshot& s) {
    return {{"id", backup::short_id(s.id)}, {"time", rfc3339_seconds(s.time)}, {"job", s.job}, {"paths", s.paths},
            {"files", s.files}, {"bytes", s.bytes}, {"added_bytes", s.added_bytes}, {"hostname", s.hostname},
            {"username", s.username}, {"full_id", backup::to_hex(s.id)}};
}

json row_record(const store::BackupRunRow& r) {
    json j;
    j["job"] = r.job;
    j["destination"] = r.destination;
    j["operation"] = r.operation;
    j["result"] = r.result;
    j["snapshot"] = short_hex(r.snapshot);
    j["files"] = r.files;
    j["bytes"] = r.bytes;
    j["bytes_read"] = r.bytes_read;
    j["bytes_added"] = r.bytes_added;
    j["duration_ms"] = r.duration_ms;
    j["started_at"] = r.started_at;
    j["message"] = r.message;
    j["run"] = r.id;
    return j;
}

io::Records rows_records(const std::vector<store::BackupRunRow>& rows) {
    io::Records out;
    out.columns = {{"job"}, {"destination"}, {"operation"}, {"result"}, {"snapshot"}, {"files", io::Kind::integer},
                   {"bytes", io::Kind::integer}, {"bytes_read", io::Kind::integer, false},
                   {"bytes_added", io::Kind::integer}, {"duration_ms", io::Kind::integer, false},
                   {"started_at", io::Kind::time, false}, {"message"}, {"run", io::Kind::integer, false}};
    for (const auto& r : rows) out.rows.push_back(row_record(r));
    return out;
}

struct JobRunOptions {
    std::vector<std::string> jobs;
    bool force = false;
};

int run_jobs(const cli::SharedOptions& shared, const JobRunOptions& jo, const RunOptions& ro) {
    cli::Session s = cli::open_command(shared, "run", Level::operator_);
    bool streamed = !ro.stdin_name.empty();
    if (streamed && jo.jobs.size() != 1)
        throw Error(Exit::usage, _("--stdin-name backs up standard input into one job: name it, e.g. "
                                   "'mysqldump school_site | netsec-backup run website --stdin-name site.sql'"));
    auto jobs = select_jobs(s.policy, jo.jobs);
    std::vector<store::BackupRunRow> all;
    int exit = 0;
    for (const auto* job : jobs) {
        backup::JobContext ctx = job_context(s);
        ctx.force = jo.force;
        ctx.lock_wait = ro.lock_wait;
        if (streamed) {
            ctx.stdin_fd = 0;
            ctx.stdin_name = ro.stdin_name;
        }
        io::Progress progress(_f("{}: reading", job->name), !shared.quiet);
        ctx.progress = progress.callback();
        backup::JobOutcome o = backup::run_job(*job, ctx);
        progress.finish();
        if (!o.ran) {
            s.notice(_f("job '{}' is not due until {} (--force runs it now)", job->name,
                        o.next_due ? s.local(*o.next_due) : std::string("?")));
            for (const auto& why : o.unreachable) s.notice(why);
            continue;
        }
        if (o.run) {
            const auto& snap = o.run->snapshot;
            s.notice(_f("job '{}': snapshot {} saved: {} files ({} read, {} unchanged{}), {} bytes, {} bytes added",
                        job->name, backup::short_id(snap.id), snap.files, o.run->files_changed, o.run->files_unchanged,
                        o.run->excluded ? _f(", {} left out", o.run->excluded) : std::string(), snap.bytes,
                        snap.added_bytes));
        }
        for (const auto& r : o.rows)
            if (r.operation == "copy" && r.result != "failed")
                s.notice(_f("job '{}': copied into '{}' ({} files, {} bytes)", job->name, r.destination, r.files, r.bytes));
        all.insert(all.end(), o.rows.begin(), o.rows.end());
        exit = backup::worst_exit(exit, o.exit);
    }
    if (shared.format_given) s.print(rows_records(all));
    return exit;
}

int status_cmd(const cli::SharedOptions& shared, const std::vector<std::string>& names) {
    cli::Session s = cli::open_command(shared, "status", Level::viewer, cli::Needs::store);
    auto jobs = select_jobs(s.policy, names);
    auto now = timeutil::now();
    io::Records out;
    out.columns = {{"job"}, {"destination"}, {"state"}, {"snapshot"}, {"snapshot_at", io::Kind::time},
                   {"schedule"}, {"verified_at", io::Kind::time}, {"verified_read_data", io::Kind::json, false},
                   {"restored_at", io::Kind::time, false}, {"problem"}};
    bool fine = true;
    for (const auto* job : jobs)
        for (const auto& d : backup::job_status(*s.db, *job, now, s.policy.thresholds.backup_verify_within)) {
            json j;
            j["job"] = d.job;
            j["destination"] = d.destination;
            j["state"] = d.state;
            j["snapshot"] = d.last_snapshot ? json(short_hex(d.last_snapshot->snapshot)) : json();
            j["snapshot_at"] = d.last_snapshot ? json(d.last_snapshot->finished_at) : json();
            j["schedule"] = timeutil::format_duration(job->schedule);
            j["verified_at"] = d.last_verify ? json(d.last_verify->finished_at) : json();
            j["verified_read_data"] = d.last_verify ? json(d.last_verify->read_data) : json();
            j["restored_at"] = d.last_restore ? json(d.last_restore->finished_at) : json();
            j["problem"] = d.problem;
            out.rows.push_back(std::move(j));
            fine = fine && d.state == "ok";
        }
    s.print(out);
    return fine ? 0 : int(Exit::finding);
}

// The destinations of `jobs`, each once, in the policy's order, with the first job using it.
std::vector<std::pair<std::string, const policy::BackupJob*>> destinations_of(
    const std::vector<const policy::BackupJob*>& jobs, const std::string& only) {
    std::vector<std::pair<std::string, const policy::BackupJob*>> out;
    for (const auto* j : jobs)
        for (const auto& d : j->destinations)
            if ((only.empty() || d == only) &&
                std::none_of(out.begin(), out.end(), [&](const auto& p) { return p.first == d; }))
                out.emplace_back(d, j);
    if (!only.empty() && out.empty())
        throw Error(Exit::usage, _f("'{}' is not a destination of the jobs asked for", only));
    return out;
}

struct JobSelect {
    std::string job;         // --job: snapshots of this job ("latest" is its newest)
    std::string destination; // --destination: read this destination only
};

void add_select_options(CLI::App* cmd, JobSelect& sel) {
    cmd->add_option("--job", sel.job, _("a job of the policy: 'latest' means its newest snapshot"))->type_name("JOB");
    cmd->add_option("--destination", sel.destination, _("read this destination of the jobs (default: the first that holds the snapshot)"))
        ->type_name("DIR");
}

// `ref` in `repo`: "latest" is the newest snapshot of `job` when one is named.
backup::Snapshot find_in(backup::Repository& repo, const std::string& ref, const std::string& job) {
    if (ref != "latest" || job.empty()) {
        backup::Snapshot s = repo.find_snapshot(ref);
        return s;
    }
    auto all = repo.snapshots();
    for (auto it = all.rbegin(); it != all.rend(); ++it)
        if (it->job == job) return *it;
    throw Error(Exit::no_input, _f("no snapshot of job '{}' yet", job));
}

struct Opened {
    std::unique_ptr<backup::Repository> repo;
    std::string dir;
    const policy::BackupJob* job = nullptr; // a job writing there
    std::vector<backup::Snapshot> snaps;    // the snapshots asked for, in order
};

// The first destination of the selected jobs that holds every snapshot of `refs`.
Opened open_for(const cli::Session& s, const JobSelect& sel, const std::vector<std::string>& refs) {
    auto jobs = select_jobs(s.policy, sel.job.empty() ? std::vector<std::string>{} : std::vector<std::string>{sel.job});
    std::string why;
    for (const auto& [dir, job] : destinations_of(jobs, sel.destination)) {
        if (!backup::is_repository(dir)) {
            why = _f("'{}' holds no repository (is its disk mounted?)", dir);
            continue;
        }
        try {
            Opened o;
            o.repo = backup::open_job_repository(*job, dir);
            for (const auto& r : refs) o.snaps.push_back(find_in(*o.repo, r, sel.job));
            o.dir = dir;
            o.job = job;
            return o;
        } catch (const Error& e) {
            if (e.code() != Exit::no_input) throw;
            why = _f("{}: {}", dir, e.what());
        }
    }
    throw Error(Exit::no_input, why.empty() ? _("no destination of the policy's jobs holds a repository yet: run 'netsec-backup run'")
                                            : why);
}

// --- snapshots of the jobs ------------------------------------------------------------------

int job_snapshots(const cli::SharedOptions& shared, const std::string& name, const std::string& only) {
    cli::Session s = cli::open_command(shared, "snapshots", Level::viewer, cli::Needs::policy);
    auto jobs = select_jobs(s.policy, name.empty() ? std::vector<std::string>{} : std::vector<std::string>{name});
    std::vector<std::string> order;
    std::map<std::string, json> rows;
    for (const auto& [dir, job] : destinations_of(jobs, only)) {
        if (!backup::is_repository(dir)) {
            s.notice(_f("'{}' holds no repository (is its disk mounted?)", dir));
            continue;
        }
        auto repo = backup::open_job_repository(*job, dir);
        for (const auto& snap : repo->snapshots()) {
            if (!name.empty() && snap.job != name) continue;
            std::string hex = backup::to_hex(snap.id);
            auto it = rows.find(hex);
            if (it == rows.end()) {
                json j = snapshot_record(snap);
                j["copies"] = 0;
                j["destinations"] = json::array();
                it = rows.emplace(hex, std::move(j)).first;
                order.push_back(hex);
            }
            it->second["copies"] = it->second["copies"].get<int>() + 1;
            it->second["destinations"].push_back(dir);
        }
    }
    io::Records out;
    out.columns = {{"id"}, {"time", io::Kind::time}, {"job"}, {"paths", io::Kind::json}, {"files", io::Kind::integer},
                   {"bytes", io::Kind::integer}, {"added_bytes", io::Kind::integer}, {"copies", io::Kind::integer},
                   {"destinations", io::Kind::json, false}, {"hostname", io::Kind::text, false},
                   {"username", io::Kind::text, false}, {"full_id", io::Kind::text, false}};
    std::sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
        return rows[a]["time"].template get<std::string>() < rows[b]["time"].template get<std::string>();
    });
    for (const auto& hex : order) out.rows.push_back(rows[hex]);
    s.print(out);
    return 0;
}

// --- verify and prune the jobs' destinations --------------------------------------------------

int job_verify(const cli::SharedOptions& shared, const std::vector<std::string>& names, bool read_data) {
    cli::Session s = cli::open_command(shared, "verify", Level::operator_);
    auto jobs = select_jobs(s.policy, names);
    io::Records damaged;
    damaged.columns = {{"destination"}, {"snapshot"}, {"path"}, {"problem"}};
    int exit = 0;
    std::map<std::string, store::BackupRunRow> verified; // for jobs sharing a destination
    for (const auto* job : jobs) {
        backup::JobContext ctx = job_context(s);
        std::optional<io::Progress> progress;
        ctx.destination_progress = [&](const std::string& dest) {
            progress.emplace(_f("{}: verifying", dest), !shared.quiet);
            return progress->callback();
        };
        ctx.warn = [&](const std::string& m) {
            if (progress) progress->finish();
            cli::warn(m);
        };
        backup::VerifyOutcome o = backup::verify_job(*job, read_data, ctx, verified);
        progress.reset();
        for (const auto& d : o.damaged)
            damaged.rows.push_back({{"destination", d.destination}, {"snapshot", d.damage.snapshot},
                                    {"path", d.damage.path}, {"problem", d.damage.problem}});
        for (const auto& r : o.rows)
            if (r.result == "ok")
                s.notice(_f("job '{}': '{}' verified{}: {}", job->name, r.destination,
                            read_data ? _(" reading every byte") : std::string(), r.message));
        exit = backup::worst_exit(exit, o.exit);
    }
    if (!damaged.rows.empty()) s.print(damaged);
    return exit;
}

int job_prune(const cli::SharedOptions& shared, const std::vector<std::string>& names, int lock_wait) {
    cli::Session s = cli::open_command(shared, "prune", Level::admin);
    auto jobs = select_jobs(s.policy, names);
    int exit = 0;
    for (const auto* job : jobs) {
        backup::JobContext ctx = job_context(s);
        ctx.lock_wait = lock_wait;
        backup::PruneOutcome o = backup::prune_job(*job, ctx);
        for (const auto& r : o.rows) {
            if (r.result == "ok") s.notice(_f("job '{}': '{}': {}", job->name, r.destination, r.message));
            else cli::warn(_f("{}: {}", r.destination, r.message));
        }
        exit = backup::worst_exit(exit, o.exit);
    }
    return exit;
}

// --- commands reading snapshots: from --repo, or from the jobs' destinations -----------------

// The repository and snapshots a command reads: --repo's, or the first destination of the
// policy's jobs holding them (opening the session the command needs).
struct Target {
    std::optional<cli::Session> session; // job mode only
    Opened opened;
};

Target open_target(const cli::SharedOptions& shared, const RepoOptions& o, const JobSelect& sel,
                   const std::vector<std::string>& refs, const char* command, Level level, cli::Needs needs) {
    Target t;
    if (!o.repo.empty()) {
        if (!sel.destination.empty()) throw Error(Exit::usage, _("give either --repo or --destination, not both"));
        t.opened.repo = open_repo(o);
        t.opened.dir = o.repo;
        for (const auto& r : refs) t.opened.snaps.push_back(find_in(*t.opened.repo, r, sel.job));
        return t;
    }
    t.session.emplace(cli::open_command(shared, command, level, needs));
    t.opened = open_for(*t.session, sel, refs);
    return t;
}

void print_with(const Target& t, const cli::SharedOptions& shared, const io::Records& out) {
    if (t.session) t.session->print(out);
    else cli::print(shared, out);
}

int snapshots_cmd(const cli::SharedOptions& shared, const RepoOptions& o, const std::string& job, const std::string& dest) {
    if (o.repo.empty()) return job_snapshots(shared, job, dest);
    auto repo = open_repo(o);
    io::Records out;
    out.columns = {{"id"}, {"time", io::Kind::time}, {"job"}, {"paths", io::Kind::json},
                   {"files", io::Kind::integer}, {"bytes", io::Kind::integer}, {"added_bytes", io::Kind::integer},
                   {"hostname", io::Kind::text, false}, {"username", io::Kind::text, false},
                   {"full_id", io::Kind::text, false}};
    for (const auto& s : repo->snapshots()) {
        if (!job.empty() && s.job != job) continue;
        out.rows.push_back(snapshot_record(s));
    }
    cli::print(shared, out);
    return 0;
}

int ls_cmd(const cli::SharedOptions& shared, const RepoOptions& o, const JobSelect& sel, const std::string& snap,
           const std::string& path) {
    Target t = open_target(shared, o, sel, {snap}, "ls", Level::operator_, cli::Needs::policy);
    io::Records out;
    out.columns = {{"path"}, {"type"}, {"mode"}, {"size", io::Kind::integer}, {"mtime"},
                   {"uid", io::Kind::integer, false}, {"gid", io::Kind::integer, false}, {"target", io::Kind::text, false}};
    backup::walk_snapshot(*t.opened.repo, t.opened.snaps[0], path, [&](const backup::Entry& e) {
        json row;
        row["path"] = e.path;
        row["type"] = backup::type_name(e.node.type);
        row["mode"] = mode_text(e.node.mode);
        row["size"] = e.node.size;
        row["mtime"] = time_ns(e.node.mtime_sec, e.node.mtime_nsec);
        row["uid"] = e.node.uid;
        row["gid"] = e.node.gid;
        row["target"] = e.node.type == backup::NodeType::symlink ? json(e.node.target) : json();
        out.rows.push_back(std::move(row));
    });
    print_with(t, shared, out);
    return 0;
}

int diff_cmd(const cli::SharedOptions& shared, const RepoOptions& o, const JobSelect& sel, const std::string& a,
             const std::string& b) {
    Target t = open_target(shared, o, sel, {a, b}, "diff", Level::operator_, cli::Needs::policy);
    io::Records out;
    out.columns = {{"change"}, {"path"}, {"type"}, {"size_before", io::Kind::integer}, {"size_after", io::Kind::integer}};
    for (const auto& c : backup::diff_snapshots(*t.opened.repo, t.opened.snaps[0], t.opened.snaps[1]))
        out.rows.push_back({{"change", c.change}, {"path", c.path}, {"type", backup::type_name(c.type)},
                            {"size_before", c.size_before}, {"size_after", c.size_after}});
    print_with(t, shared, out);
    return out.rows.empty() ? 0 : int(Exit::finding);
}

int restore_cmd(const cli::SharedOptions& shared, const RepoOptions& o, const JobSelect& sel, const std::string& snap,
                const std::vector<std::string>& paths, const std::string& to) {
    Target t = open_target(shared, o, sel, {snap}, "restore", Level::admin, cli::Needs::store_write);
    const backup::Snapshot& s = t.opened.snaps[0];
    std::optional<backup::JobContext> drill; // a restore from a job's destination is its restore drill, on the record
    if (t.session) drill = job_context(*t.session);
    auto t0 = std::chrono::steady_clock::now();
    io::Progress progress(_("restoring"), !shared.quiet);
    auto r = backup::restore_snapshot(*t.opened.repo, s, paths, to, progress.callback());
    progress.finish();
    for (const auto& w : r.warnings) cli::warn(w);
    for (const auto& d : r.damaged)
        cli::warn(_f("'{}' is damaged in snapshot {}: restored with holes where its data was lost", d, backup::short_id(s.id)));
    if (drill)
        backup::record_restore(*drill, t.opened.job->name, t.opened.dir, s, r, to, paths.size(),
                               std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0));
    notice(shared, _f("restored {} files ({} bytes) of snapshot {} to '{}'", r.files, r.bytes, backup::short_id(s.id), to));
    return r.damaged.empty() ? 0 : int(Exit::finding);
}

int export_cmd(const cli::SharedOptions& shared, const RepoOptions& o, const JobSelect& sel, const std::string& snap) {
    if (io::is_terminal(1))
        throw Error(Exit::usage, _("export writes a tar stream: send it to a file or a pipe, e.g. 'netsec-backup export latest | tar -tvf -'"));
    Target t = open_target(shared, o, sel, {snap}, "export", Level::admin, cli::Needs::policy);
    static char buffer[1 << 20];
    std::setvbuf(stdout, buffer, _IOFBF, sizeof buffer);
    backup::export_tar(*t.opened.repo, t.opened.snaps[0], [](std::string_view data) {
        if (std::fwrite(data.data(), 1, data.size(), stdout) != data.size())
            throw Error(Exit::io, _("cannot write the tar stream to standard output"));
    });
    if (std::fflush(stdout) != 0) throw Error(Exit::io, _("cannot write the tar stream to standard output"));
    return 0;
}

// --- copy ----------------------------------------------------------------------------------

int copy_cmd(const cli::SharedOptions& shared, const RepoOptions& o, const std::string& to, int lock_wait) {
    if (o.repo.empty())
        throw Error(Exit::usage, _("copy needs --repo SRC and --to DEST (a job's run copies into its second destination itself)"));
    auto repo = open_repo(o);
    // Under the source's lock too: a prune of it while it is listed and read would leave the
    // copy naming data it lacks.
    backup::RepositoryLock lock(*repo, lock_wait, [](const std::string& m) { cli::warn(m); });
    io::Progress progress(_("copying"), !shared.quiet);
    auto r = backup::copy_repository(*repo, to, lock_wait, [](const std::string& m) { cli::warn(m); }, progress.callback());
    progress.finish();
    for (const auto& d : r.damaged)
        cli::warn(_f("'{}/{}' is damaged and was not copied: run 'netsec-backup verify --repo {} --read-data'", o.repo, d, o.repo));
    notice(shared, _f("copied {} files ({} bytes) from '{}' to '{}'{}", r.files, r.bytes, o.repo, to,
                      r.created ? _(", a new copy with the same passphrase") : std::string()));
    return r.damaged.empty() ? 0 : int(Exit::finding);
}

// --- prune ---------------------------------------------------------------------------------

// passwd: the jobs' repositories in every destination, or --repo's, from the old passphrase to
// the one in --new-passphrase-file.
int passwd_cmd(const cli::SharedOptions& shared, const RepoOptions& o, const std::vector<std::string>& names,
               const std::string& new_file, int lock_wait) {
    std::string new_passphrase = backup::read_passphrase_file(new_file);
    if (!o.repo.empty()) {
        if (!names.empty()) throw Error(Exit::usage, _("with --repo, name no job"));
        std::string old_passphrase = read_passphrase(o);
        bool changed = backup::change_passphrase(o.repo, old_passphrase, new_passphrase, lock_wait,
                                                 [&](const std::string& m) { cli::warn(m); });
        notice(shared, changed ? _f("the passphrase of '{}' is changed: the old one no longer opens it", o.repo)
                               : _f("the new passphrase opens '{}' already: nothing was changed", o.repo));
        return 0;
    }
    cli::Session s = cli::open_command(shared, "passwd", Level::admin);
    auto jobs = select_jobs(s.policy, names);
    int exit = 0;
    io::Records out;
    out.columns = {{"job"}, {"destination"}, {"result"}, {"message"}};
    for (const auto* job : jobs) {
        if (names.empty() && job->passphrase_file.empty()) continue; // not encrypted: nothing to change
        backup::JobContext ctx = job_context(s);
        ctx.lock_wait = lock_wait;
        backup::PassphraseOutcome o = backup::change_job_passphrase(*job, new_passphrase, ctx);
        for (const auto& c : o.changes) {
            out.rows.push_back({{"job", job->name}, {"destination", c.destination}, {"result", c.result}, {"message", c.message}});
            if (c.result == "failed") cli::warn(_f("{}: {}", c.destination, c.message));
        }
        if (o.exit == 0) // no destination failed
            s.notice(_f("job '{}': every destination opens with the new passphrase now; write it into '{}', where the job "
                        "reads it, before the next run",
                        job->name, job->passphrase_file));
        else
            s.notice(_f("job '{}': run passwd again when every destination can be reached; those changed already are left "
                        "as they are",
                        job->name));
        exit = backup::worst_exit(exit, o.exit);
    }
    if (shared.format_given) s.print(out);
    return exit;
}

int prune_cmd(const cli::SharedOptions& shared, const RepoOptions& o, const std::vector<std::string>& jobs,
              backup::KeepRules keep, int lock_wait) {
    bool rules = keep.last + keep.daily + keep.weekly + keep.monthly + keep.yearly > 0;
    if (o.repo.empty()) {
        if (rules) throw Error(Exit::usage, _("the jobs keep what the policy's 'keep' says: --keep-* goes with --repo"));
        return job_prune(shared, jobs, lock_wait);
    }
    if (jobs.size() > 1) throw Error(Exit::usage, _("with --repo, name at most one job"));
    if (!jobs.empty()) keep.job = jobs[0];
    auto repo = open_repo(o);
    backup::RepositoryLock lock(*repo, lock_wait, [&](const std::string& m) { cli::warn(m); }); // reads the index again
    auto r = backup::prune_repository(*repo, keep);
    notice(shared, _f("kept {} snapshots, removed {}; removed {} packs ({} bytes), repacked {} blobs", r.snapshots_kept,
                      r.snapshots_removed, r.packs_removed, r.bytes_freed, r.blobs_repacked));
    return 0;
}

// --- verify ----------------------------------------------------------------------------------

int verify_cmd(const cli::SharedOptions& shared, const RepoOptions& o, const std::vector<std::string>& jobs, bool read_data) {
    if (o.repo.empty()) return job_verify(shared, jobs, read_data);
    if (!jobs.empty()) throw Error(Exit::usage, _("give either jobs or --repo, not both"));
    auto repo = open_repo(o);
    io::Progress progress(_("verifying"), !shared.quiet);
    auto r = backup::verify_repository(*repo, read_data, 0, progress.callback());
    progress.finish();
    for (const auto& p : r.problems) cli::warn(p);
    if (!r.damaged.empty()) {
        io::Records out;
        out.columns = {{"snapshot"}, {"path"}, {"problem"}};
        for (const auto& d : r.damaged) out.rows.push_back({{"snapshot", d.snapshot}, {"path", d.path}, {"problem", d.problem}});
        cli::print(shared, out);
    }
    if (r.unreferenced_packs)
        notice(shared, _f("{} packs are not in any index (left by an interrupted run): they are harmless", r.unreferenced_packs));
    if (!r.ok()) {
        cli::warn(_f("the repository '{}' is damaged: {} problems, {} damaged files in the snapshots above", o.repo,
                     r.problems.size(), r.damaged.size()));
        return int(Exit::finding);
    }
    notice(shared, read_data ? _f("no problems: {} snapshots, {} packs, {} blobs, {} bytes read", r.snapshots, r.packs,
                                  r.blobs, r.bytes_read)
                             : _f("no problems in the structure: {} snapshots, {} packs, {} blobs (add --read-data to read every byte)",
                                  r.snapshots, r.packs, r.blobs));
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    cli::start("netsec-backup");
    CLI::App app{_("Deduplicating, verified backups kept in two places."), "netsec-backup"};
    app.set_version_flag("--version", "netsec-backup " NETSEC_VERSION);
    cli::SharedOptions shared;
    cli::add_shared_options(app, shared);
    app.require_subcommand(1);

    RepoOptions init_o, run_o, snaps_o, ls_o, diff_o, restore_o, export_o, verify_o, copy_o, prune_o, passwd_o;
    bool encrypt = false;
    auto* init = app.add_subcommand("init", _("create a repository (jobs create theirs on their first run)"));
    add_repo_options(init, init_o);
    init->needs(init->get_option("--repo"));
    init->add_flag("--encrypt", encrypt, _("encrypt with AES-256-GCM under a passphrase"));

    RunOptions ro;
    JobRunOptions jo;
    auto* run = app.add_subcommand("run", _("run the due jobs into both destinations, or back up paths into --repo"));
    cli::declare_formats(*run, cli::records());
    add_repo_options(run, run_o);
    run->add_option("jobs", ro.paths, _("jobs of the policy (all due ones when none); with --repo, the paths to back up"))
        ->type_name("JOB|PATH");
    run->add_flag("--force", jo.force, _("run the jobs even when they are not due"));
    run->add_option("--stdin-name", ro.stdin_name, _("back up standard input as one file of this name"))->type_name("NAME");
    run->add_option("--lock-wait", ro.lock_wait, _("seconds to wait for another run to finish (default 10)"))
        ->type_name("SECONDS")->check(CLI::NonNegativeNumber);

    std::string snaps_job, snaps_dest;
    auto* snaps = app.add_subcommand("snapshots", _("list the snapshots, oldest first"));
    cli::declare_formats(*snaps, cli::records());
    add_repo_options(snaps, snaps_o);
    snaps->add_option("job", snaps_job, _("only this job's snapshots"))->type_name("JOB");
    snaps->add_option("--destination", snaps_dest, _("only this destination of the jobs"))->type_name("DIR");

    JobSelect ls_sel, diff_sel, restore_sel, export_sel;
    std::string ls_snap, ls_path;
    auto* ls = app.add_subcommand("ls", _("list the entries of a snapshot"));
    cli::declare_formats(*ls, cli::records());
    add_repo_options(ls, ls_o);
    add_select_options(ls, ls_sel);
    ls->add_option("snapshot", ls_snap, _("snapshot id prefix or 'latest'"))->type_name("SNAP")->required();
    ls->add_option("path", ls_path, _("only this path and what is below it"))->type_name("PATH");

    std::string diff_a, diff_b;
    auto* diff = app.add_subcommand("diff", _("what changed between two snapshots; exit 1 when anything did"));
    cli::declare_formats(*diff, cli::records());
    add_repo_options(diff, diff_o);
    add_select_options(diff, diff_sel);
    diff->add_option("from", diff_a, _("the older snapshot"))->type_name("SNAP")->required();
    diff->add_option("to", diff_b, _("the newer snapshot, or 'latest'"))->type_name("SNAP")->required();

    std::string restore_snap, to;
    std::vector<std::string> restore_paths;
    auto* restore = app.add_subcommand("restore", _("restore a snapshot, or paths of it, into a folder"));
    add_repo_options(restore, restore_o);
    add_select_options(restore, restore_sel);
    restore->add_option("snapshot", restore_snap, _("snapshot id prefix or 'latest'"))->type_name("SNAP")->required();
    restore->add_option("paths", restore_paths, _("only these paths"))->type_name("PATH");
    restore->add_option("--to", to, _("the folder to restore into"))->type_name("DIR")->required();

    std::string export_snap;
    auto* exp = app.add_subcommand("export", _("write a snapshot as a tar stream to standard output"));
    add_repo_options(exp, export_o);
    add_select_options(exp, export_sel);
    exp->add_option("snapshot", export_snap, _("snapshot id prefix or 'latest'"))->type_name("SNAP")->required();

    std::string copy_to;
    int copy_lock_wait = 10;
    auto* copy = app.add_subcommand("copy", _("bring a second repository up to date with this one, without reading the sources"));
    add_repo_options(copy, copy_o);
    copy->add_option("--to", copy_to, _("the second repository (created when missing or empty)"))->type_name("DIR")->required();
    copy->add_option("--lock-wait", copy_lock_wait, _("seconds to wait for another writer of either repository (default 10)"))
        ->type_name("SECONDS")->check(CLI::NonNegativeNumber);

    backup::KeepRules keep;
    int prune_lock_wait = 10;
    std::vector<std::string> prune_jobs;
    auto* prune = app.add_subcommand("prune", _("forget snapshots the rules do not keep and free the space only they used"));
    cli::declare_formats(*prune, cli::records());
    add_repo_options(prune, prune_o);
    prune->add_option("jobs", prune_jobs, _("jobs of the policy, pruned by their 'keep' (all when none)"))->type_name("JOB");
    prune->add_option("--keep-last", keep.last, _("keep the newest N snapshots"))->type_name("N")->check(CLI::NonNegativeNumber);
    prune->add_option("--keep-daily", keep.daily, _("keep the newest snapshot of each of the last N days that have one"))
        ->type_name("N")->check(CLI::NonNegativeNumber);
    prune->add_option("--keep-weekly", keep.weekly, _("likewise for N weeks"))->type_name("N")->check(CLI::NonNegativeNumber);
    prune->add_option("--keep-monthly", keep.monthly, _("likewise for N months"))->type_name("N")->check(CLI::NonNegativeNumber);
    prune->add_option("--keep-yearly", keep.yearly, _("likewise for N years"))->type_name("N")->check(CLI::NonNegativeNumber);
    prune->add_option("--lock-wait", prune_lock_wait, _("seconds to wait for another writer (default 10)"))
        ->type_name("SECONDS")->check(CLI::NonNegativeNumber);

    std::vector<std::string> passwd_jobs;
    std::string new_passphrase_file;
    int passwd_lock_wait = 10;
    auto* passwd = app.add_subcommand("passwd", _("change the passphrase of encrypted repositories, in every destination"));
    cli::declare_formats(*passwd, cli::records());
    add_repo_options(passwd, passwd_o);
    passwd->add_option("jobs", passwd_jobs, _("jobs of the policy (every encrypted job when none)"))->type_name("JOB");
    passwd->add_option("--new-passphrase-file", new_passphrase_file, _("the new passphrase, on the first line of FILE"))
        ->type_name("FILE")
        ->required();
    passwd->add_option("--lock-wait", passwd_lock_wait, _("seconds to wait for another writer (default 10)"))
        ->type_name("SECONDS")
        ->check(CLI::NonNegativeNumber);

    bool read_data = false;
    std::vector<std::string> verify_jobs;
    auto* verify = app.add_subcommand("verify", _("check the repositories; exit 1 naming damaged files"));
    cli::declare_formats(*verify, cli::records());
    add_repo_options(verify, verify_o);
    verify->add_option("jobs", verify_jobs, _("jobs of the policy (all when none)"))->type_name("JOB");
    verify->add_flag("--read-data", read_data, _("read back and check every byte"));

    std::vector<std::string> status_jobs;
    auto* status = app.add_subcommand("status", _("each job's destinations: last snapshot, its age, last verification; exit 1 when any is stale or failed"));
    cli::declare_formats(*status, cli::records());
    status->add_option("jobs", status_jobs, _("jobs of the policy (all when none)"))->type_name("JOB");

    return cli::run_main(app, argc, argv, [&] {
        // With --repo a command reads and writes anything its user can: under sudo, that is
        // anything on the machine, so there it needs the policy's admin level.
        const std::pair<CLI::App*, const RepoOptions*> repo_commands[] = {
            {init, &init_o},       {run, &run_o},     {snaps, &snaps_o}, {ls, &ls_o},       {diff, &diff_o}, {restore, &restore_o},
            {exp, &export_o},      {copy, &copy_o},   {prune, &prune_o}, {passwd, &passwd_o}, {verify, &verify_o}};
        for (auto [cmd, o] : repo_commands)
            if (*cmd && !o->repo.empty()) cli::require_level_if_elevated(shared, cmd->get_name() + " --repo", Level::admin);
        if (*init) return init_cmd(shared, init_o, encrypt);
        if (*run) {
            if (!run_o.repo.empty()) return run_cmd(shared, run_o, ro);
            if (jo.force && !ro.stdin_name.empty()) throw Error(Exit::usage, _("--stdin-name always runs: --force is not needed"));
            jo.jobs = ro.paths;
            return run_jobs(shared, jo, ro);
        }
        if (*snaps) return snapshots_cmd(shared, snaps_o, snaps_job, snaps_dest);
        if (*ls) return ls_cmd(shared, ls_o, ls_sel, ls_snap, ls_path);
        if (*diff) return diff_cmd(shared, diff_o, diff_sel, diff_a, diff_b);
        if (*restore) return restore_cmd(shared, restore_o, restore_sel, restore_snap, restore_paths, to);
        if (*exp) return export_cmd(shared, export_o, export_sel, export_snap);
        if (*copy) return copy_cmd(shared, copy_o, copy_to, copy_lock_wait);
        if (*prune) return prune_cmd(shared, prune_o, prune_jobs, keep, prune_lock_wait);
        if (*status) return status_cmd(shared, status_jobs);
        if (*passwd) return passwd_cmd(shared, passwd_o, passwd_jobs, new_passphrase_file, passwd_lock_wait);
        return verify_cmd(shared, verify_o, verify_jobs, read_data);
    });
}
