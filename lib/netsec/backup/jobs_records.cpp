// What the job functions share: the records of a job's destinations, which can be reached, and
// the rows a job writes with their journal entry.
#include "netsec/backup/jobs_records.hpp"
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

namespace netsec::backup::detail {

namespace {

bool is_dir(const std::string& p) {
    struct stat st {};
    return ::stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::string parent_of(const std::string& p) {
    auto slash = p.find_last_of('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : p.substr(0, slash);
}

} // namespace

Instant parse_row_time(const std::string& t) { return timeutil::parse_time(t, "UTC"); }

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
std::string unreachable(const std::string& job, const std::string& dest, const Records& records,
                        const std::string& zone) {
    if (is_repository(dest)) return "";
    if (records.last_snapshot)
        return _f("'{}' held the snapshots of job '{}' until {} and is missing now: is its disk mounted?", dest, job,
                  timeutil::format_local(parse_row_time(records.last_snapshot->finished_at), zone));
    std::string parent = parent_of(dest);
    if (!is_dir(parent)) return _f("the folder '{}' does not exist: is the disk of '{}' mounted?", parent, dest);
    return "";
}

Reach reach_of(const policy::BackupJob& job, const std::map<std::string, Records>& records, const std::string& zone) {
    Reach r;
    for (const auto& dest : job.destinations) {
        std::string why = unreachable(job.name, dest, records_for(records, dest), zone);
        if (why.empty())
            r.reachable.push_back(dest);
        else
            r.unreachable.emplace_back(dest, std::move(why));
    }
    for (const auto& dest : r.reachable)
        if (is_repository(dest)) {
            r.primary = dest;
            break;
        }
    if (r.primary.empty() && !r.reachable.empty()) r.primary = r.reachable.front();
    return r;
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
    row.finished_at = timeutil::format_rfc3339(
        started + std::chrono::duration_cast<Duration>(std::chrono::milliseconds(row.duration_ms)));
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

WarnFn warn_or_ignore(const JobContext& ctx) {
    return ctx.warn ? ctx.warn : WarnFn([](const std::string&) {});
}

void tell(const WarnFn& fn, const std::string& message) {
    if (fn) fn(message);
}

JobContext job_start(const JobContext& ctx) {
    JobContext one = ctx;
    one.now = ctx.clock ? ctx.clock() : timeutil::now();
    return one;
}

} // namespace netsec::backup::detail
