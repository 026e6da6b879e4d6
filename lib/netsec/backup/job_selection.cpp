#include "netsec/backup/job_selection.hpp"

#include "netsec/backup/jobs.hpp"
#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"

#include <algorithm>
#include <map>

namespace netsec::backup {

namespace {

std::vector<std::string> one_or_none(const std::string& name) {
    return name.empty() ? std::vector<std::string>{} : std::vector<std::string>{name};
}

std::string no_repository(const std::string& dir) { return _f("'{}' holds no repository (is its disk mounted?)", dir); }

} // namespace

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

std::vector<JobDestination> destinations_of(const std::vector<const policy::BackupJob*>& jobs,
                                            const std::string& only) {
    std::vector<JobDestination> out;
    for (const auto* j : jobs)
        for (const auto& d : j->destinations)
            if ((only.empty() || d == only) &&
                std::none_of(out.begin(), out.end(), [&](const auto& p) { return p.dir == d; }))
                out.push_back({d, j});
    if (!only.empty() && out.empty())
        throw Error(Exit::usage, _f("'{}' is not a destination of the jobs asked for", only));
    return out;
}

std::vector<Snapshot> snapshots_of_job(Repository& repo, const std::string& job) {
    auto all = repo.snapshots();
    if (!job.empty()) std::erase_if(all, [&](const Snapshot& s) { return s.job != job; });
    return all;
}

Snapshot find_snapshot_of(Repository& repo, const std::string& ref, const std::string& job) {
    if (ref != "latest" || job.empty()) return repo.find_snapshot(ref);
    if (auto mine = snapshots_of_job(repo, job); !mine.empty()) return mine.back();
    throw Error(Exit::no_input, _f("no snapshot of job '{}' yet", job));
}

void find_snapshots(Located& located, const std::vector<std::string>& refs, const std::string& job) {
    for (const auto& r : refs) located.snapshots.push_back(find_snapshot_of(*located.repo, r, job));
}

Located locate_snapshots(const policy::Policy& policy, const std::string& job, const std::string& destination,
                         const std::vector<std::string>& refs) {
    auto jobs = select_jobs(policy, one_or_none(job));
    std::string why;
    for (const auto& d : destinations_of(jobs, destination)) {
        if (!is_repository(d.dir)) {
            why = no_repository(d.dir);
            continue;
        }
        try {
            Located l;
            l.repo = open_job_repository(*d.job, d.dir);
            find_snapshots(l, refs, job);
            l.dir = d.dir;
            l.job = d.job;
            return l;
        } catch (const Error& e) {
            if (e.code() != Exit::no_input) throw;
            why = _f("{}: {}", d.dir, e.what());
        }
    }
    throw Error(Exit::no_input,
                why.empty() ? _("no destination of the policy's jobs holds a repository yet: run 'netsec-backup run'")
                            : why);
}

std::vector<SnapshotCopies> snapshot_copies(const policy::Policy& policy, const std::string& job,
                                            const std::string& destination, const WarnFn& skipped) {
    auto jobs = select_jobs(policy, one_or_none(job));
    std::vector<SnapshotCopies> out;
    std::map<std::string, std::size_t> by_id; // full hex id -> index in out
    for (const auto& d : destinations_of(jobs, destination)) {
        if (!is_repository(d.dir)) {
            if (skipped) skipped(no_repository(d.dir));
            continue;
        }
        auto repo = open_job_repository(*d.job, d.dir);
        for (const auto& snap : repo->snapshots()) {
            if (!job.empty() && snap.job != job) continue;
            auto [it, added] = by_id.emplace(to_hex(snap.id), out.size());
            if (added) out.push_back({snap, {}});
            out[it->second].destinations.push_back(d.dir);
        }
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const auto& a, const auto& b) { return saved_at(a.snapshot) < saved_at(b.snapshot); });
    return out;
}

std::vector<DestinationStatus> jobs_status(store::Db& db, const policy::Policy& policy,
                                           const std::vector<std::string>& jobs, timeutil::Instant now) {
    std::vector<DestinationStatus> all;
    for (const auto* job : select_jobs(policy, jobs))
        for (auto& d : job_status(db, *job, now, policy.thresholds.backup_verify_within, policy.school.timezone))
            all.push_back(std::move(d));
    return all;
}

} // namespace netsec::backup
