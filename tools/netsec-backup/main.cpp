// netsec-backup: deduplicating, compressed, encrypted backups in self-contained repositories:
// init, run, snapshots, ls, diff, restore, export (tar), verify, copy, prune, passwd, status.
// Every command works on the policy's jobs (their two destinations, recorded and journaled) or,
// with --repo, on any repository without a policy.
#include "netsec/backup/job_selection.hpp"
#include "netsec/backup/jobs.hpp"
#include "netsec/backup/records.hpp"
#include "netsec/cli/command.hpp"
#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/io/progress.hpp"
#include "netsec/io/tty.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>

using namespace netsec;
using cli::Needs;
using policy::Level;

namespace {

void warn(const std::string& m) { cli::warn(m); }

// --repo DIR and --passphrase-file FILE, which every command but status takes.
struct Repo {
    std::string dir;
    std::string passphrase_file;

    void declare(CLI::App& c) {
        c.add_option("--repo", dir, _("work on this repository folder, without the policy"))->type_name("DIR");
        c.add_option("--passphrase-file", passphrase_file,
                     _("read the passphrase from the first line of FILE (else NETSEC_BACKUP_PASSPHRASE)"))
            ->type_name("FILE");
    }
    bool given() const { return !dir.empty(); }

    // With --repo a command reads and writes anything its user can: under sudo, that is anything
    // on the machine, so there it needs the policy's admin level, and no policy otherwise. The
    // refusal names "COMMAND --repo".
    cli::Preamble preamble(cli::Preamble declared) const {
        if (!given()) return declared;
        return {Level::admin, Needs::nothing, "--repo"};
    }

    std::string passphrase() const {
        if (!passphrase_file.empty()) return backup::read_passphrase_file(passphrase_file);
        if (const char* p = std::getenv("NETSEC_BACKUP_PASSPHRASE"); p && *p) return p;
        throw Error(
            Exit::usage,
            _f("the repository '{}' is encrypted: set NETSEC_BACKUP_PASSPHRASE or give --passphrase-file", dir));
    }

    // The repository, for reading (a RepositoryLock on it to write). A passphrase file given for
    // a repository that is not encrypted is refused: whoever gave it expects encryption.
    std::unique_ptr<backup::Repository> open() const {
        auto repo = std::make_unique<backup::Repository>(dir, [&] { return passphrase(); });
        if (!passphrase_file.empty() && !repo->encrypted())
            throw Error(Exit::usage,
                        _f("the repository '{}' is not encrypted, but --passphrase-file was given: nothing "
                           "was read or written; leave the option out to use it unencrypted",
                           dir));
        return repo;
    }
};

// --repo's repository, locked for writing: the lock reads its index again.
struct LockedRepo {
    std::unique_ptr<backup::Repository> repo;
    backup::RepositoryLock lock;

    LockedRepo(const Repo& r, int lock_wait) : repo(r.open()), lock(*repo, lock_wait, warn) {}
};

// A command that takes --repo: the options, and the preamble they adjust.
struct OnRepo {
    Repo repo;

    cli::Preamble preamble(cli::Preamble p) const { return repo.preamble(p); }
};

void add_lock_wait(CLI::App& c, int& seconds, const std::string& help) {
    c.add_option("--lock-wait", seconds, help)->type_name("SECONDS")->check(CLI::NonNegativeNumber);
}

backup::JobContext job_context(const cli::Session& s) {
    backup::JobContext ctx;
    ctx.db = s.db.get();
    ctx.origin = s.origin();
    ctx.now = timeutil::now();
    ctx.zone = s.policy.school.timezone;
    ctx.warn = warn;
    return ctx;
}

// The context of a command over the policy's jobs: the library's notices and warnings printed,
// and one progress line at a time, erased before either.
struct JobsContext {
    std::optional<io::Progress> progress;
    backup::JobContext ctx;

    explicit JobsContext(const cli::Session& s) : ctx(job_context(s)) {
        ctx.start_progress = [this, &s](const std::string& label) {
            progress.emplace(label, !s.options.quiet);
            return progress->callback();
        };
        ctx.warn = [this](const std::string& m) {
            pause();
            warn(m);
        };
        ctx.notice = [this, &s](const std::string& m) {
            pause();
            s.notice(m);
        };
    }
    JobsContext(const JobsContext&) = delete;
    JobsContext& operator=(const JobsContext&) = delete;
    void pause() {
        if (progress) progress->finish();
    }
};

// --job and --destination of the commands that read snapshots, and the repository they read:
// --repo's, or the first destination of the policy's jobs holding the snapshots.
struct Source {
    Repo repo;
    std::string job;         // --job: snapshots of this job ("latest" is its newest)
    std::string destination; // --destination: read this destination only

    void declare(CLI::App& c) {
        repo.declare(c);
        c.add_option("--job", job, _("a job of the policy: 'latest' means its newest snapshot"))->type_name("JOB");
        c.add_option("--destination", destination,
                     _("read this destination of the jobs (default: the first that holds the snapshot)"))
            ->type_name("DIR");
    }
    backup::Located locate(const cli::Session& s, const std::vector<std::string>& refs) const {
        if (!repo.given()) return backup::locate_snapshots(s.policy, job, destination, refs);
        if (!destination.empty()) throw Error(Exit::usage, _("give either --repo or --destination, not both"));
        backup::Located l;
        l.repo = repo.open();
        l.dir = repo.dir;
        backup::find_snapshots(l, refs, job);
        return l;
    }
};

// A command that reads snapshots: Source's options, and the preamble --repo adjusts.
struct OnSource {
    Source source;

    cli::Preamble preamble(cli::Preamble p) const { return source.repo.preamble(p); }
};

// --- init ------------------------------------------------------------------------------------

struct Init : OnRepo {
    bool encrypt = false;

    void declare(CLI::App& c) {
        repo.declare(c);
        c.needs(c.get_option("--repo"));
        c.add_flag("--encrypt", encrypt, _("encrypt with AES-256-GCM under a passphrase"));
    }
    int run(cli::Session& s) {
        std::optional<std::string> pass;
        if (!encrypt && !repo.passphrase_file.empty())
            throw Error(Exit::usage, _("--passphrase-file goes with --encrypt: give both, or neither for a repository "
                                       "that is not encrypted"));
        if (encrypt) pass = repo.passphrase();
        backup::init_repository(repo.dir, pass);
        s.notice(encrypt ? _f("created the encrypted repository '{}': keep its passphrase safe, it cannot be recovered",
                              repo.dir)
                         : _f("created the repository '{}' (not encrypted)", repo.dir));
        return 0;
    }
};

// --- run -------------------------------------------------------------------------------------

struct Run : OnRepo {
    std::vector<std::string> args; // jobs, or with --repo the paths
    bool force = false;
    std::string stdin_name;
    int lock_wait = 10;

    void declare(CLI::App& c) {
        repo.declare(c);
        c.add_option("jobs", args, _("jobs of the policy (all due ones when none); with --repo, the paths to back up"))
            ->type_name("JOB|PATH");
        c.add_flag("--force", force, _("run the jobs even when they are not due"));
        c.add_option("--stdin-name", stdin_name, _("back up standard input as one file of this name"))
            ->type_name("NAME");
        add_lock_wait(c, lock_wait, _("seconds to wait for another run to finish (default 10)"));
    }
    int run(cli::Session& s) { return repo.given() ? into_repo(s) : jobs(s); }

    int into_repo(cli::Session& s) {
        if (args.empty() == stdin_name.empty())
            throw Error(Exit::usage, args.empty() ? _("name the paths to back up, or give --stdin-name NAME")
                                                  : _("give either paths or --stdin-name, not both"));
        LockedRepo locked(repo, lock_wait);
        io::Progress progress(_("reading"), !s.options.quiet);
        backup::RunRequest req;
        req.paths = args;
        req.stdin_name = stdin_name;
        req.progress = progress.callback();
        req.warn = warn;
        backup::RunResult result = backup::run_backup(*locked.repo, req);
        progress.finish();
        const auto& snap = result.snapshot;
        s.notice(_f("snapshot {} saved: {} files ({} read, {} unchanged), {} bytes, {} bytes added",
                    backup::short_id(snap.id), snap.files, result.files_changed, result.files_unchanged, snap.bytes,
                    snap.added_bytes));
        if (!s.options.format_given) {
            if (!s.options.quiet) std::cout << backup::short_id(snap.id) << '\n';
        } else {
            s.print(backup::backup_record(result));
        }
        if (result.warnings) {
            warn(_f("{} entries could not be read and are not in snapshot {}", result.warnings,
                    backup::short_id(snap.id)));
            return int(Exit::finding);
        }
        return 0;
    }

    int jobs(cli::Session& s) {
        if (force && !stdin_name.empty())
            throw Error(Exit::usage, _("--stdin-name always runs: --force is not needed"));
        bool streamed = !stdin_name.empty();
        if (streamed && args.size() != 1)
            throw Error(Exit::usage, _("--stdin-name backs up standard input into one job: name it, e.g. "
                                       "'mysqldump school_site | netsec-backup run website --stdin-name site.sql'"));
        JobsContext jobs(s);
        jobs.ctx.force = force;
        jobs.ctx.lock_wait = lock_wait;
        if (streamed) {
            jobs.ctx.stdin_fd = 0;
            jobs.ctx.stdin_name = stdin_name;
        }
        auto all = backup::run_jobs(s.policy, args, jobs.ctx);
        jobs.pause();
        if (s.options.format_given) s.print(backup::run_row_records(all.jobs));
        return all.exit;
    }
};

// --- status and snapshots --------------------------------------------------------------------

struct Status {
    std::vector<std::string> jobs;

    void declare(CLI::App& c) { c.add_option("jobs", jobs, _("jobs of the policy (all when none)"))->type_name("JOB"); }
    int run(cli::Session& s) {
        auto all = backup::jobs_status(*s.db, s.policy, jobs, timeutil::now());
        s.print(backup::status_records(all));
        bool fine = std::all_of(all.begin(), all.end(), [](const auto& d) { return d.state == "ok"; });
        return fine ? 0 : int(Exit::finding);
    }
};

struct Snapshots : OnRepo {
    std::string job, destination;

    void declare(CLI::App& c) {
        repo.declare(c);
        c.add_option("job", job, _("only this job's snapshots"))->type_name("JOB");
        c.add_option("--destination", destination, _("only this destination of the jobs"))->type_name("DIR");
    }
    int run(cli::Session& s) {
        if (!repo.given()) {
            s.print(backup::snapshot_copies_records(
                backup::snapshot_copies(s.policy, job, destination, [&](const std::string& m) { s.notice(m); })));
            return 0;
        }
        s.print(backup::snapshot_records(backup::snapshots_of_job(*repo.open(), job)));
        return 0;
    }
};

// --- commands reading snapshots: from --repo, or from the jobs' destinations -----------------

struct Ls : OnSource {
    std::string snap, path;

    void declare(CLI::App& c) {
        source.declare(c);
        c.add_option("snapshot", snap, _("snapshot id prefix or 'latest'"))->type_name("SNAP")->required();
        c.add_option("path", path, _("only this path and what is below it"))->type_name("PATH");
    }
    int run(cli::Session& s) {
        auto l = source.locate(s, {snap});
        s.print(backup::entry_records(*l.repo, l.snapshots[0], path));
        return 0;
    }
};

struct Diff : OnSource {
    std::string from, to;

    void declare(CLI::App& c) {
        source.declare(c);
        c.add_option("from", from, _("the older snapshot"))->type_name("SNAP")->required();
        c.add_option("to", to, _("the newer snapshot, or 'latest'"))->type_name("SNAP")->required();
    }
    int run(cli::Session& s) {
        auto l = source.locate(s, {from, to});
        auto out = backup::change_records(backup::diff_snapshots(*l.repo, l.snapshots[0], l.snapshots[1]));
        s.print(out);
        return out.rows.empty() ? 0 : int(Exit::finding);
    }
};

struct Restore : OnSource {
    std::string snap, to;
    std::vector<std::string> paths;

    void declare(CLI::App& c) {
        source.declare(c);
        c.add_option("snapshot", snap, _("snapshot id prefix or 'latest'"))->type_name("SNAP")->required();
        c.add_option("paths", paths, _("only these paths"))->type_name("PATH");
        c.add_option("--to", to, _("the folder to restore into"))->type_name("DIR")->required();
    }
    int run(cli::Session& s) {
        auto l = source.locate(s, {snap});
        const backup::Snapshot& snapshot = l.snapshots[0];
        auto t0 = std::chrono::steady_clock::now();
        // A restore from a job's destination is its restore drill, on the record.
        std::optional<backup::JobContext> drill;
        if (!source.repo.given()) drill = job_context(s);
        io::Progress progress(_("restoring"), !s.options.quiet);
        auto r = backup::restore_snapshot(*l.repo, snapshot, paths, to, progress.callback());
        progress.finish();
        for (const auto& w : r.warnings) warn(w);
        for (const auto& d : r.damaged)
            warn(_f("'{}' is damaged in snapshot {}: restored with holes where its data was lost", d,
                    backup::short_id(snapshot.id)));
        if (drill)
            backup::record_restore(
                *drill, l.job->name, l.dir, snapshot, r, to, paths.size(),
                std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0));
        s.notice(_f("restored {} files ({} bytes) of snapshot {} to '{}'", r.files, r.bytes,
                    backup::short_id(snapshot.id), to));
        return r.damaged.empty() ? 0 : int(Exit::finding);
    }
};

struct Export : OnSource {
    std::string snap;

    void declare(CLI::App& c) {
        source.declare(c);
        c.add_option("snapshot", snap, _("snapshot id prefix or 'latest'"))->type_name("SNAP")->required();
    }
    int run(cli::Session& s) {
        if (io::is_terminal(1))
            throw Error(Exit::usage, _("export writes a tar stream: send it to a file or a pipe, e.g. 'netsec-backup "
                                       "export latest | tar -tvf -'"));
        auto l = source.locate(s, {snap});
        static char buffer[1 << 20];
        std::setvbuf(stdout, buffer, _IOFBF, sizeof buffer);
        auto cannot_write = [] { return Error(Exit::io, _("cannot write the tar stream to standard output")); };
        backup::export_tar(*l.repo, l.snapshots[0], [&](std::string_view data) {
            if (std::fwrite(data.data(), 1, data.size(), stdout) != data.size()) throw cannot_write();
        });
        if (std::fflush(stdout) != 0) throw cannot_write();
        return 0;
    }
};

// --- copy, prune, passwd, verify -------------------------------------------------------------

struct Copy : OnRepo {
    std::string to;
    int lock_wait = 10;

    void declare(CLI::App& c) {
        repo.declare(c);
        c.add_option("--to", to, _("the second repository (created when missing or empty)"))
            ->type_name("DIR")
            ->required();
        add_lock_wait(c, lock_wait, _("seconds to wait for another writer of either repository (default 10)"));
    }
    int run(cli::Session& s) {
        if (!repo.given())
            throw Error(
                Exit::usage,
                _("copy needs --repo SRC and --to DEST (a job's run copies into its second destination itself)"));
        // Under the source's lock too: a prune of it while it is listed and read would leave the
        // copy naming data it lacks.
        LockedRepo from(repo, lock_wait);
        io::Progress progress(_("copying"), !s.options.quiet);
        auto r = backup::copy_repository(*from.repo, to, lock_wait, warn, progress.callback());
        progress.finish();
        for (const auto& d : r.damaged)
            warn(_f("'{}/{}' is damaged and was not copied: run 'netsec-backup verify --repo {} --read-data'", repo.dir,
                    d, repo.dir));
        s.notice(_f("copied {} files ({} bytes) from '{}' to '{}'{}", r.files, r.bytes, repo.dir, to,
                    r.created ? _(", a new copy with the same passphrase") : std::string()));
        return r.damaged.empty() ? 0 : int(Exit::finding);
    }
};

// --keep-last ... --keep-yearly: how many snapshots of each span prune keeps with --repo.
void add_keep_options(CLI::App& c, backup::KeepRules& keep) {
    const struct {
        const char* name;
        int& n;
        std::string help;
    } options[] = {
        {"--keep-last", keep.last, _("keep the newest N snapshots")},
        {"--keep-daily", keep.daily, _("keep the newest snapshot of each of the last N days that have one")},
        {"--keep-weekly", keep.weekly, _("likewise for N weeks")},
        {"--keep-monthly", keep.monthly, _("likewise for N months")},
        {"--keep-yearly", keep.yearly, _("likewise for N years")},
    };
    for (const auto& o : options) c.add_option(o.name, o.n, o.help)->type_name("N")->check(CLI::NonNegativeNumber);
}

struct Prune : OnRepo {
    std::vector<std::string> jobs;
    backup::KeepRules keep;
    int lock_wait = 10;

    void declare(CLI::App& c) {
        repo.declare(c);
        c.add_option("jobs", jobs, _("jobs of the policy, pruned by their 'keep' (all when none)"))->type_name("JOB");
        add_keep_options(c, keep);
        add_lock_wait(c, lock_wait, _("seconds to wait for another writer (default 10)"));
    }
    int run(cli::Session& s) {
        bool rules = keep.last + keep.daily + keep.weekly + keep.monthly + keep.yearly > 0;
        if (!repo.given()) {
            if (rules)
                throw Error(Exit::usage, _("the jobs keep what the policy's 'keep' says: --keep-* goes with --repo"));
            return of_jobs(s);
        }
        if (jobs.size() > 1) throw Error(Exit::usage, _("with --repo, name at most one job"));
        if (!jobs.empty()) keep.job = jobs[0];
        LockedRepo locked(repo, lock_wait);
        auto result = backup::prune_repository(*locked.repo, keep);
        s.notice(_f("kept {} snapshots, removed {}; removed {} packs ({} bytes), repacked {} blobs",
                    result.snapshots_kept, result.snapshots_removed, result.packs_removed, result.bytes_freed,
                    result.blobs_repacked));
        return 0;
    }
    int of_jobs(cli::Session& s) {
        JobsContext context(s);
        context.ctx.lock_wait = lock_wait;
        return backup::prune_jobs(s.policy, jobs, context.ctx).exit;
    }
};

// passwd: the jobs' repositories in every destination, or --repo's, from the old passphrase to
// the one in --new-passphrase-file.
struct Passwd : OnRepo {
    std::vector<std::string> jobs;
    std::string new_file;
    int lock_wait = 10;

    void declare(CLI::App& c) {
        repo.declare(c);
        c.add_option("jobs", jobs, _("jobs of the policy (every encrypted job when none)"))->type_name("JOB");
        c.add_option("--new-passphrase-file", new_file, _("the new passphrase, on the first line of FILE"))
            ->type_name("FILE")
            ->required();
        add_lock_wait(c, lock_wait, _("seconds to wait for another writer (default 10)"));
    }
    int run(cli::Session& s) {
        std::string new_passphrase = backup::read_passphrase_file(new_file);
        if (repo.given()) {
            if (!jobs.empty()) throw Error(Exit::usage, _("with --repo, name no job"));
            bool changed = backup::change_passphrase(repo.dir, repo.passphrase(), new_passphrase, lock_wait, warn);
            s.notice(changed ? _f("the passphrase of '{}' is changed: the old one no longer opens it", repo.dir)
                             : _f("the new passphrase opens '{}' already: nothing was changed", repo.dir));
            return 0;
        }
        JobsContext context(s);
        context.ctx.lock_wait = lock_wait;
        auto all = backup::change_jobs_passphrase(s.policy, jobs, new_passphrase, context.ctx);
        if (s.options.format_given) s.print(backup::passphrase_records(all.jobs));
        return all.exit;
    }
};

struct Verify : OnRepo {
    std::vector<std::string> jobs;
    bool read_data = false;

    void declare(CLI::App& c) {
        repo.declare(c);
        c.add_option("jobs", jobs, _("jobs of the policy (all when none)"))->type_name("JOB");
        c.add_flag("--read-data", read_data, _("read back and check every byte"));
    }
    int run(cli::Session& s) { return repo.given() ? one(s) : of_jobs(s); }

    int one(cli::Session& s) {
        if (!jobs.empty()) throw Error(Exit::usage, _("give either jobs or --repo, not both"));
        auto r = repo.open();
        io::Progress progress(_("verifying"), !s.options.quiet);
        auto v = backup::verify_repository(*r, read_data, 0, progress.callback());
        progress.finish();
        for (const auto& p : v.problems) warn(p);
        if (!v.damaged.empty()) s.print(backup::damage_records(v.damaged));
        if (v.unreferenced_packs)
            s.notice(_f("{} packs are not in any index (left by an interrupted run): they are harmless",
                        v.unreferenced_packs));
        if (!v.ok()) {
            warn(_f("the repository '{}' is damaged: {} problems, {} damaged files in the snapshots above", repo.dir,
                    v.problems.size(), v.damaged.size()));
            return int(Exit::finding);
        }
        s.notice(read_data ? _f("no problems: {} snapshots, {} packs, {} blobs, {} bytes read", v.snapshots, v.packs,
                                v.blobs, v.bytes_read)
                           : _f("no problems in the structure: {} snapshots, {} packs, {} blobs (add --read-data to "
                                "read every byte)",
                                v.snapshots, v.packs, v.blobs));
        return 0;
    }

    int of_jobs(cli::Session& s) {
        JobsContext context(s);
        auto all = backup::verify_jobs(s.policy, jobs, read_data, context.ctx);
        context.pause();
        auto damaged = backup::destination_damage_records(all.jobs);
        if (!damaged.rows.empty()) s.print(damaged);
        return all.exit;
    }
};

} // namespace

int main(int argc, char** argv) {
    return cli::run_tool(argc, argv, "netsec-backup", [] {
        using cli::command;
        auto records = cli::records();
        const Level viewer = Level::viewer, op = Level::operator_, admin = Level::admin;
        const Needs nothing = Needs::nothing, policy = Needs::policy, read = Needs::store, write = Needs::store_write;
        return cli::Tool{
            _("Deduplicating, verified backups kept in two places."),
            {
                command<Init>("init", _("create a repository (jobs create theirs on their first run)"), admin, nothing),
                command<Run>("run", _("run the due jobs into both destinations, or back up paths into --repo"), op,
                             write, records, backup::run_fields()),
                command<Snapshots>("snapshots", _("list the snapshots, oldest first"), viewer, policy, records,
                                   backup::snapshot_copies_fields()),
                command<Ls>("ls", _("list the entries of a snapshot"), op, policy, records, backup::entry_fields()),
                command<Diff>("diff", _("what changed between two snapshots; exit 1 when anything did"), op, policy,
                              records, backup::change_fields()),
                command<Restore>("restore", _("restore a snapshot, or paths of it, into a folder"), admin, write),
                command<Export>("export", _("write a snapshot as a tar stream to standard output"), admin, policy),
                command<Copy>("copy",
                              _("bring a second repository up to date with this one, without reading the sources"),
                              admin, nothing),
                command<Prune>("prune", _("forget snapshots the rules do not keep and free the space only they used"),
                               admin, write, records),
                command<Passwd>("passwd", _("change the passphrase of encrypted repositories, in every destination"),
                                admin, write, records, backup::passphrase_fields()),
                command<Verify>("verify", _("check the repositories; exit 1 naming damaged files"), op, write, records,
                                backup::destination_damage_fields()),
                command<Status>("status",
                                _("each job's destinations: last snapshot, its age, last verification; exit 1 "
                                  "when any is stale or failed"),
                                viewer, read, records, backup::status_fields()),
            }};
    });
}
