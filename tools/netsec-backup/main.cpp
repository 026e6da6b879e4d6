// netsec-backup: deduplicating, compressed, encrypted backups in self-contained repositories:
// init, run, snapshots, ls, restore, export (tar), verify, copy, prune. This step works on a repository
// named with --repo; policy jobs come next.
#include "netsec/backup/backup.hpp"
#include "netsec/cli/session.hpp"
#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/io/output.hpp"
#include "netsec/io/progress.hpp"
#include "netsec/io/tty.hpp"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <unistd.h>

using namespace netsec;
using json = nlohmann::ordered_json;

namespace {

struct RepoOptions {
    std::string repo;
    std::string passphrase_file;
};

void add_repo_options(CLI::App* cmd, RepoOptions& o) {
    cmd->add_option("--repo", o.repo, _("the repository folder"))->type_name("DIR")->required();
    cmd->add_option("--passphrase-file", o.passphrase_file,
                    _("read the passphrase from the first line of FILE (else NETSEC_BACKUP_PASSPHRASE)"))
        ->type_name("FILE");
}

std::string read_passphrase(const RepoOptions& o) {
    if (!o.passphrase_file.empty()) {
        std::ifstream in(o.passphrase_file);
        if (!in) throw Error(Exit::no_input, _f("cannot read the passphrase file '{}'", o.passphrase_file));
        std::string line;
        std::getline(in, line);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) throw Error(Exit::data, _f("the passphrase file '{}' is empty", o.passphrase_file));
        return line;
    }
    if (const char* p = std::getenv("NETSEC_BACKUP_PASSPHRASE"); p && *p) return p;
    throw Error(Exit::usage, _f("the repository '{}' is encrypted: set NETSEC_BACKUP_PASSPHRASE or give --passphrase-file",
                                o.repo));
}

std::unique_ptr<backup::Repository> open_repo(const RepoOptions& o) {
    return std::make_unique<backup::Repository>(o.repo, [&] { return read_passphrase(o); });
}

void notice(const cli::SharedOptions& shared, const std::string& message) {
    if (!shared.quiet) cli::warn(message);
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
    backup::RepositoryLock lock(repo->storage(), ro.lock_wait, [&](const std::string& m) { cli::warn(m); });
    repo->storage().clean_unfinished();
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

// --- snapshots, ls ---------------------------------------------------------------------------

int snapshots_cmd(const cli::SharedOptions& shared, const RepoOptions& o) {
    auto repo = open_repo(o);
    io::Records out;
    out.columns = {{"id"}, {"time", io::Kind::time}, {"job"}, {"paths", io::Kind::json},
                   {"files", io::Kind::integer}, {"bytes", io::Kind::integer}, {"added_bytes", io::Kind::integer},
                   {"hostname", io::Kind::text, false}, {"username", io::Kind::text, false},
                   {"full_id", io::Kind::text, false}};
    for (const auto& s : repo->snapshots())
        out.rows.push_back({{"id", backup::short_id(s.id)}, {"time", rfc3339_seconds(s.time)}, {"job", s.job},
                            {"paths", s.paths}, {"files", s.files}, {"bytes", s.bytes}, {"added_bytes", s.added_bytes},
                            {"hostname", s.hostname}, {"username", s.username}, {"full_id", backup::to_hex(s.id)}});
    cli::print(shared, out);
    return 0;
}

int ls_cmd(const cli::SharedOptions& shared, const RepoOptions& o, const std::string& snap, const std::string& path) {
    auto repo = open_repo(o);
    backup::Snapshot s = repo->find_snapshot(snap);
    io::Records out;
    out.columns = {{"path"}, {"type"}, {"mode"}, {"size", io::Kind::integer}, {"mtime"},
                   {"uid", io::Kind::integer, false}, {"gid", io::Kind::integer, false}, {"target", io::Kind::text, false}};
    backup::walk_snapshot(*repo, s, path, [&](const backup::Entry& e) {
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
    cli::print(shared, out);
    return 0;
}

// --- restore, export -------------------------------------------------------------------------

int restore_cmd(const cli::SharedOptions& shared, const RepoOptions& o, const std::string& snap,
                const std::vector<std::string>& paths, const std::string& to) {
    auto repo = open_repo(o);
    backup::Snapshot s = repo->find_snapshot(snap);
    io::Progress progress(_("restoring"), !shared.quiet);
    auto r = backup::restore_snapshot(*repo, s, paths, to, progress.callback());
    progress.finish();
    for (const auto& w : r.warnings) cli::warn(w);
    for (const auto& d : r.damaged)
        cli::warn(_f("'{}' is damaged in snapshot {}: restored with holes where its data was lost", d, backup::short_id(s.id)));
    notice(shared, _f("restored {} files ({} bytes) of snapshot {} to '{}'", r.files, r.bytes, backup::short_id(s.id), to));
    return r.damaged.empty() ? 0 : int(Exit::finding);
}

int export_cmd(const RepoOptions& o, const std::string& snap) {
    if (io::is_terminal(1))
        throw Error(Exit::usage, _("export writes a tar stream: send it to a file or a pipe, e.g. 'netsec-backup export latest --repo DIR | tar -tvf -'"));
    auto repo = open_repo(o);
    backup::Snapshot s = repo->find_snapshot(snap);
    static char buffer[1 << 20];
    std::setvbuf(stdout, buffer, _IOFBF, sizeof buffer);
    backup::export_tar(*repo, s, [](std::string_view data) {
        if (std::fwrite(data.data(), 1, data.size(), stdout) != data.size())
            throw Error(Exit::io, _("cannot write the tar stream to standard output"));
    });
    if (std::fflush(stdout) != 0) throw Error(Exit::io, _("cannot write the tar stream to standard output"));
    return 0;
}

// --- copy ----------------------------------------------------------------------------------

int copy_cmd(const cli::SharedOptions& shared, const RepoOptions& o, const std::string& to, int lock_wait) {
    auto repo = open_repo(o);
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

int prune_cmd(const cli::SharedOptions& shared, const RepoOptions& o, const backup::KeepRules& keep, int lock_wait) {
    auto repo = open_repo(o);
    backup::RepositoryLock lock(repo->storage(), lock_wait, [&](const std::string& m) { cli::warn(m); });
    repo->storage().clean_unfinished();
    auto r = backup::prune_repository(*repo, keep);
    notice(shared, _f("kept {} snapshots, removed {}; removed {} packs ({} bytes), repacked {} blobs", r.snapshots_kept,
                      r.snapshots_removed, r.packs_removed, r.bytes_freed, r.blobs_repacked));
    return 0;
}

// --- verify ----------------------------------------------------------------------------------

int verify_cmd(const cli::SharedOptions& shared, const RepoOptions& o, bool read_data) {
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

    RepoOptions init_o, run_o, snaps_o, ls_o, restore_o, export_o, verify_o;
    bool encrypt = false;
    auto* init = app.add_subcommand("init", _("create a repository"));
    add_repo_options(init, init_o);
    init->add_flag("--encrypt", encrypt, _("encrypt with AES-256-GCM under a passphrase"));

    RunOptions ro;
    auto* run = app.add_subcommand("run", _("back up paths (stored as given, like tar) or standard input"));
    add_repo_options(run, run_o);
    run->add_option("paths", ro.paths, _("files and folders to back up"))->type_name("PATH");
    run->add_option("--stdin-name", ro.stdin_name, _("back up standard input as one file of this name"))->type_name("NAME");
    run->add_option("--lock-wait", ro.lock_wait, _("seconds to wait for another run to finish (default 10)"))
        ->type_name("SECONDS")->check(CLI::NonNegativeNumber);

    auto* snaps = app.add_subcommand("snapshots", _("list the snapshots, oldest first"));
    add_repo_options(snaps, snaps_o);

    std::string ls_snap, ls_path;
    auto* ls = app.add_subcommand("ls", _("list the entries of a snapshot"));
    add_repo_options(ls, ls_o);
    ls->add_option("snapshot", ls_snap, _("snapshot id prefix or 'latest'"))->type_name("SNAP")->required();
    ls->add_option("path", ls_path, _("only this path and what is below it"))->type_name("PATH");

    std::string restore_snap, to;
    std::vector<std::string> restore_paths;
    auto* restore = app.add_subcommand("restore", _("restore a snapshot, or paths of it, into a folder"));
    add_repo_options(restore, restore_o);
    restore->add_option("snapshot", restore_snap, _("snapshot id prefix or 'latest'"))->type_name("SNAP")->required();
    restore->add_option("paths", restore_paths, _("only these paths"))->type_name("PATH");
    restore->add_option("--to", to, _("the folder to restore into"))->type_name("DIR")->required();

    std::string export_snap;
    auto* exp = app.add_subcommand("export", _("write a snapshot as a tar stream to standard output"));
    add_repo_options(exp, export_o);
    exp->add_option("snapshot", export_snap, _("snapshot id prefix or 'latest'"))->type_name("SNAP")->required();

    std::string copy_to;
    int copy_lock_wait = 10;
    RepoOptions copy_o;
    auto* copy = app.add_subcommand("copy", _("bring a second repository up to date with this one, without reading the sources"));
    add_repo_options(copy, copy_o);
    copy->add_option("--to", copy_to, _("the second repository (created when missing or empty)"))->type_name("DIR")->required();
    copy->add_option("--lock-wait", copy_lock_wait, _("seconds to wait for another writer of the second repository (default 10)"))
        ->type_name("SECONDS")->check(CLI::NonNegativeNumber);

    backup::KeepRules keep;
    int prune_lock_wait = 10;
    RepoOptions prune_o;
    auto* prune = app.add_subcommand("prune", _("forget snapshots the rules do not keep and free the space only they used"));
    add_repo_options(prune, prune_o);
    prune->add_option("--keep-last", keep.last, _("keep the newest N snapshots"))->type_name("N")->check(CLI::NonNegativeNumber);
    prune->add_option("--keep-daily", keep.daily, _("keep the newest snapshot of each of the last N days that have one"))
        ->type_name("N")->check(CLI::NonNegativeNumber);
    prune->add_option("--keep-weekly", keep.weekly, _("likewise for N weeks"))->type_name("N")->check(CLI::NonNegativeNumber);
    prune->add_option("--keep-monthly", keep.monthly, _("likewise for N months"))->type_name("N")->check(CLI::NonNegativeNumber);
    prune->add_option("--keep-yearly", keep.yearly, _("likewise for N years"))->type_name("N")->check(CLI::NonNegativeNumber);
    prune->add_option("--lock-wait", prune_lock_wait, _("seconds to wait for another writer (default 10)"))
        ->type_name("SECONDS")->check(CLI::NonNegativeNumber);

    bool read_data = false;
    auto* verify = app.add_subcommand("verify", _("check the repository; exit 1 naming damaged files"));
    add_repo_options(verify, verify_o);
    verify->add_flag("--read-data", read_data, _("read back and check every byte"));

    return cli::run_main(app, argc, argv, [&] {
        if (*init) return init_cmd(shared, init_o, encrypt);
        if (*run) return run_cmd(shared, run_o, ro);
        if (*snaps) return snapshots_cmd(shared, snaps_o);
        if (*ls) return ls_cmd(shared, ls_o, ls_snap, ls_path);
        if (*restore) return restore_cmd(shared, restore_o, restore_snap, restore_paths, to);
        if (*exp) return export_cmd(export_o, export_snap);
        if (*copy) return copy_cmd(shared, copy_o, copy_to, copy_lock_wait);
        if (*prune) return prune_cmd(shared, prune_o, keep, prune_lock_wait);
        return verify_cmd(shared, verify_o, read_data);
    });
}
