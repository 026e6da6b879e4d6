// netsec::backup — deduplicating, verified backups: the repository format (repository.hpp,
// crypto.hpp, chunker.hpp, tree.hpp, storage.hpp) and the operations on it below. Needs no
// policy and no store: a repository and its passphrase are all it takes (jobs.hpp is where
// backups meet the policy and the store). Prints nothing; reports progress and warnings
// through callbacks.
#pragma once
#include "netsec/backup/repository.hpp"
#include "netsec/backup/tree.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace netsec::backup {

using ProgressFn = std::function<void(std::uint64_t done, std::uint64_t total)>;
using WarnFn = std::function<void(const std::string&)>;

struct RunRequest {
    std::vector<std::string> paths; // as given; stored without a leading '/'
    std::string stdin_name;         // non-empty: back up standard input as this one file
    int stdin_fd = 0;
    std::string job;
    // Glob patterns (fnmatch) of entries to leave out: a pattern without '/' is matched against
    // each entry's name ("*.tmp", "~$*"), one with '/' against its whole path as walked
    // ("/srv/documents/cache/*"). A left-out folder is not descended into.
    std::vector<std::string> exclude;
    // Called after every byte is stored and before the snapshot is saved; throwing from it
    // leaves no snapshot (e.g. the command whose output was read failed).
    std::function<void()> before_save;
    unsigned threads = 0; // 0: one per core
    ProgressFn progress;  // bytes read so far
    WarnFn warn;          // a file that could not be read (the snapshot goes on without it)
};

struct RunResult {
    Snapshot snapshot;
    std::uint64_t files_changed = 0, files_unchanged = 0, warnings = 0, excluded = 0;
    std::uint64_t bytes_read = 0; // read from the sources (unchanged files are not read)
    double seconds = 0;           // how long the run took
};

// Backs up into `repo` (whose lock the caller holds: a RepositoryLock on `repo`, taken before
// anything of it is read for writing) and saves the snapshot last. Throws Error(no_input) when a
// path is missing, Error(usage) for a path with "..", Error(software) when `repo` is not locked.
RunResult run_backup(Repository& repo, const RunRequest& request);

// An entry of a snapshot and its path inside it ("data/a.txt").
struct Entry {
    std::string path;
    Node node;
};

// Calls `visit` for every entry under `path` (the whole snapshot when empty), parents first.
// Throws Error(no_input) when `path` is not in the snapshot.
void walk_snapshot(Repository& repo, const Snapshot& snap, const std::string& path,
                   const std::function<void(const Entry&)>& visit);

struct RestoreResult {
    std::uint64_t files = 0, bytes = 0;
    std::vector<std::string> damaged; // paths not restored (or partly) because data is damaged
    std::vector<std::string> warnings;
};

// Restores the entries under `paths` (all when empty) into folder `to`, created when missing.
// Owners are set when running as root.
RestoreResult restore_snapshot(Repository& repo, const Snapshot& snap, const std::vector<std::string>& paths,
                               const std::string& to, const ProgressFn& progress);

// Writes `snap` as a POSIX tar stream (pax headers for long or non-ASCII names and nanosecond
// times) to `sink`. Throws Error(data) on damaged data, after what was written so far.
void export_tar(Repository& repo, const Snapshot& snap, const std::function<void(std::string_view)>& sink);

struct Damage {
    std::string snapshot; // short id
    std::string path;
    std::string problem;
};

struct VerifyResult {
    std::uint64_t snapshots = 0, trees = 0, packs = 0, blobs = 0, bytes_read = 0;
    std::uint64_t unreferenced_packs = 0; // left by killed runs: harmless
    std::vector<std::string> problems;    // what is wrong with the repository's files
    std::vector<Damage> damaged;          // the files and folders those problems touch
    bool ok() const { return problems.empty() && damaged.empty(); }
};

// Checks that every snapshot's trees and chunks are indexed and present; with `read_data`,
// reads every pack and checks every blob's hash.
VerifyResult verify_repository(Repository& repo, bool read_data, unsigned threads, const ProgressFn& progress);

struct CopyResult {
    bool created = false;               // the destination was made as a clone of the source
    std::uint64_t files = 0, bytes = 0; // files copied
    std::vector<std::string> damaged;   // source files whose bytes no longer match their names
};

// Brings the repository in `to` up to date with `from` (whose lock the caller holds, so that no
// prune changes it while it is listed and read): creates it (a clone: same key and id) when
// missing or empty, then copies the packs, indexes and snapshots it lacks, byte for byte,
// under its lock. Throws Error(data) when `to` is another repository or one encrypted
// otherwise, Error(temp_fail) when locked, Error(software) when `from` is not locked.
CopyResult copy_repository(Repository& from, const std::string& to, int lock_wait, const WarnFn& notice,
                           const ProgressFn& progress);

// How many snapshots to keep: the newest `last`, and the newest of each of the newest `daily`
// days, `weekly` ISO weeks, `monthly` months and `yearly` years (local time) holding one. The
// rules count within each group of snapshots: those of one job, or (ad hoc runs) of the same
// paths. With `job` set, only that job's snapshots are considered and every other is kept.
struct KeepRules {
    int last = 0, daily = 0, weekly = 0, monthly = 0, yearly = 0;
    std::string job;
};

// The snapshots of `all` (oldest first) that `keep` keeps, oldest first.
std::vector<Snapshot> snapshots_to_keep(const std::vector<Snapshot>& all, const KeepRules& keep);

struct PruneResult {
    std::uint64_t snapshots_kept = 0, snapshots_removed = 0, packs_removed = 0, blobs_repacked = 0, bytes_freed = 0;
};

// Deletes the snapshots `keep` does not keep and the data only they used (the caller holds a
// RepositoryLock on `repo`; Error(software) otherwise). Throws Error(usage) when no rule is given, Error(data) when a
// kept snapshot is damaged (then nothing is deleted).
PruneResult prune_repository(Repository& repo, const KeepRules& keep);

// One difference between two snapshots. A folder added or removed lists everything below it
// too; an entry whose type changed is removed and added.
struct Change {
    std::string path;
    std::string change; // added, removed, modified (content), metadata (mode, owner or time only)
    NodeType type = NodeType::file;
    std::uint64_t size_before = 0, size_after = 0;
};

// What changed from snapshot `a` to snapshot `b`, parents first, by name.
std::vector<Change> diff_snapshots(Repository& repo, const Snapshot& a, const Snapshot& b);

// The short form of an id shown to people (8 hex digits).
std::string short_id(const Id& id);

} // namespace netsec::backup
