// netsec::backup — which jobs and destinations a command works on: the jobs named (or all),
// their destinations each once, the first destination holding the snapshots asked for, and the
// snapshots of the jobs with every destination holding a copy of each.
#pragma once
#include "netsec/backup/backup.hpp"
#include "netsec/backup/records.hpp"
#include "netsec/policy/policy.hpp"

#include <memory>
#include <string>
#include <vector>

namespace netsec::backup {

// The jobs of `policy` that `names` names, each once, in the order named (all, in the policy's
// order, when `names` is empty). Throws Error(config) when the policy has no backup jobs and
// Error(usage) naming a job it lacks.
std::vector<const policy::BackupJob*> select_jobs(const policy::Policy& policy, const std::vector<std::string>& names);

// A destination of the jobs, and the first of them writing there.
struct JobDestination {
    std::string dir;
    const policy::BackupJob* job = nullptr;
};

// The destinations of `jobs`, each once, in their order; only `only` when it is not empty.
// Throws Error(usage) when `only` is not a destination of `jobs`.
std::vector<JobDestination> destinations_of(const std::vector<const policy::BackupJob*>& jobs, const std::string& only);

// The snapshots in `repo` of `job` (all of them when `job` is empty), oldest first.
std::vector<Snapshot> snapshots_of_job(Repository& repo, const std::string& job);

// The snapshot `ref` names in `repo` (an id prefix or "latest"); "latest" is the newest of `job`
// when `job` is not empty. Throws Error(no_input) when there is none.
Snapshot find_snapshot_of(Repository& repo, const std::string& ref, const std::string& job);

// A repository and the snapshots asked of it, in the order asked.
struct Located {
    std::unique_ptr<Repository> repo;
    std::string dir;
    const policy::BackupJob* job = nullptr; // a job writing there; none for --repo
    std::vector<Snapshot> snapshots;
};

// The first destination of the jobs (`job`, or all when empty; `destination` only when not
// empty) that holds every snapshot of `refs`. Throws Error(no_input) naming why the last
// destination tried did not hold them, or that none holds a repository yet.
Located locate_snapshots(const policy::Policy& policy, const std::string& job, const std::string& destination,
                         const std::vector<std::string>& refs);

// The snapshots in `repo`'s of `located` as `refs` names them (--repo: `job` narrows "latest").
void find_snapshots(Located& located, const std::vector<std::string>& refs, const std::string& job);

// The snapshots of the jobs (`job`, or all when empty) in their destinations (`destination`
// only when not empty), oldest first, each once with every destination holding it. A
// destination holding no repository is passed to `skipped` with why, and left out.
std::vector<SnapshotCopies> snapshot_copies(const policy::Policy& policy, const std::string& job,
                                            const std::string& destination, const WarnFn& skipped);

} // namespace netsec::backup
