// The due rule: when a job's next snapshot or copy is due, from the records and reachability.
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

namespace detail {

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

} // namespace detail

Duration schedule_slack(Duration schedule) { return std::min<Duration>(schedule / 10, std::chrono::hours(1)); }

Due job_due(store::Db& db, const policy::BackupJob& job, Instant now, const std::string& zone) {
    auto records = records_of(db, job.name);
    return due_of(job, records, reach_of(job, records, zone), now);
}

} // namespace netsec::backup
