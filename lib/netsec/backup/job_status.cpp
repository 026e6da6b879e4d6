// The state of each destination of a job, for `status` and the audit.
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

std::vector<DestinationStatus> job_status(store::Db& db, const policy::BackupJob& job, Instant now,
                                          Duration verify_within, const std::string& zone) {
    auto local = [&](const std::string& t) { return timeutil::format_local(parse_row_time(t), zone); };
    auto records = records_of(db, job.name);
    std::vector<DestinationStatus> out;
    for (const auto& dest : job.destinations) {
        const Records& r = records_for(records, dest);
        DestinationStatus s;
        s.job = job.name;
        s.destination = dest;
        s.schedule = job.schedule;
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
            s.problem =
                _f("the last run failed at {}: {}", local(s.last_attempt->finished_at), s.last_attempt->message);
        } else if (parse_row_time(s.last_snapshot->finished_at) + job.schedule + schedule_slack(job.schedule) < now) {
            s.state = "stale";
            s.problem = _f("the newest snapshot is from {}, older than the schedule ({})",
                           local(s.last_snapshot->finished_at), timeutil::format_duration(job.schedule));
        } else if (!s.last_verify || parse_row_time(s.last_verify->finished_at) + verify_within < now) {
            s.state = "unverified";
            s.problem = s.last_verify ? _f("last verified at {}, longer ago than {}", local(s.last_verify->finished_at),
                                           timeutil::format_duration(verify_within))
                                      : _("never verified: run 'netsec-backup verify --read-data'");
        }
        out.push_back(std::move(s));
    }
    return out;
}

} // namespace netsec::backup
