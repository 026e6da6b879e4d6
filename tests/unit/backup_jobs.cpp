#include "netsec/backup/jobs.hpp"
#include "netsec/core/error.hpp"
#include "netsec/store/journal_rows.hpp"
#include "testutil.hpp"

#include <doctest/doctest.h>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

using namespace netsec;
using namespace netsec::backup;
using namespace std::chrono_literals;
using netsec::test::TempDir;

namespace {

std::string no_pass() { return "unused: the repositories are not encrypted"; }

const journal::Origin origin{"alice", "host1", "netsec-backup"};

timeutil::Instant at(const char* rfc3339) { return timeutil::parse_time(rfc3339, "UTC"); }

store::BackupRunRow row_of(const std::string& job, const std::string& dest, const std::string& operation,
                           const std::string& result, timeutil::Instant finished) {
    store::BackupRunRow r;
    r.job = job;
    r.destination = dest;
    r.operation = operation;
    r.result = result;
    r.started_at = r.finished_at = timeutil::format_rfc3339(finished);
    r.operator_name = "alice";
    r.host = "host1";
    if (operation == "verify") r.read_data = true;
    if (result == "failed") r.message = "the disk was full";
    return r;
}

void insert(store::Db& db, const store::BackupRunRow& r) {
    store::Transaction tx(db);
    store::insert_backup_run(tx, r);
    tx.commit();
}

policy::BackupJob a_job(const std::string& name, const std::vector<std::string>& destinations) {
    policy::BackupJob job;
    job.name = name;
    job.destinations = destinations;
    job.schedule = 24h;
    return job;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

std::vector<std::string> paths_in(Repository& repo, const Snapshot& s) {
    std::vector<std::string> out;
    walk_snapshot(repo, s, "", [&](const Entry& e) { out.push_back(e.path); });
    return out;
}

bool ends_with(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// A database, two destinations and a context for running jobs, all in one temporary folder.
struct JobFixture {
    TempDir tmp;
    store::Db db{tmp.file("netsec.db"), store::Access::read_write};
    std::string a = tmp.file("disk-a/backup"), b = tmp.file("disk-b/backup");
    std::vector<std::string> warnings;
    JobContext ctx;
    JobFixture() {
        std::filesystem::create_directories(tmp.file("disk-a"));
        std::filesystem::create_directories(tmp.file("disk-b"));
        ctx.db = &db;
        ctx.origin = origin;
        ctx.now = timeutil::now();
        ctx.lock_wait = 0;
        ctx.warn = [this](const std::string& w) { warnings.push_back(w); };
    }
};

// The job "documents" backing up one folder holding one small file into `destinations`.
policy::BackupJob one_file_job(JobFixture& f, const std::vector<std::string>& destinations) {
    std::string src = f.tmp.file("src");
    std::filesystem::create_directories(src);
    test::write(src + "/a.txt", "a");
    auto job = a_job("documents", destinations);
    job.sources = {src};
    return job;
}

} // namespace

TEST_CASE("job schedule slack is a tenth of the schedule, at most an hour") {
    CHECK(schedule_slack(24h) == 1h);
    CHECK(schedule_slack(std::chrono::hours(24 * 7)) == 1h);
    CHECK(schedule_slack(1h) == 6min);
    CHECK(schedule_slack(10h) == 1h);
    CHECK(schedule_slack(std::chrono::seconds(50)) == std::chrono::seconds(5));
}

TEST_CASE("job exit statuses merge: 0 only when both are, an error's code over 1, the higher of two codes") {
    CHECK(worst_exit(0, 0) == 0);
    CHECK(worst_exit(0, 1) == 1);
    CHECK(worst_exit(1, 0) == 1);
    CHECK(worst_exit(1, 1) == 1);
    CHECK(worst_exit(1, 75) == 75);
    CHECK(worst_exit(75, 1) == 75);
    CHECK(worst_exit(0, 75) == 75);
    CHECK(worst_exit(75, 77) == 77);
    CHECK(worst_exit(77, 75) == 77);
}

TEST_CASE("job due: the destination a snapshot goes into decides; another that missed it is due a copy") {
    JobFixture f;
    init_repository(f.a, std::nullopt);
    init_repository(f.b, std::nullopt);
    auto job = a_job("documents", {f.a, f.b});
    auto now = at("2026-03-10T12:00:00Z");

    auto d = job_due(f.db, job, now);
    CHECK(d.due);
    CHECK_FALSE(d.copy_only);
    CHECK_FALSE(d.next.has_value());
    CHECK(d.unreachable.empty());

    // a snapshot in the first only: the second is due a copy, not the job a new snapshot
    auto finished = now - 2h;
    insert(f.db, row_of("documents", f.a, "backup", "ok", finished));
    d = job_due(f.db, job, now);
    CHECK(d.due);
    CHECK(d.copy_only);
    CHECK(d.behind == std::vector<std::string>{f.b});

    // a failed copy leaves it behind; another job's copy does not count
    insert(f.db, row_of("documents", f.b, "copy", "failed", finished));
    insert(f.db, row_of("site", f.b, "copy", "ok", finished));
    d = job_due(f.db, job, now);
    CHECK(d.due);
    CHECK(d.copy_only);

    insert(f.db, row_of("documents", f.b, "copy", "ok", finished));
    d = job_due(f.db, job, now);
    CHECK_FALSE(d.due);
    CHECK_FALSE(d.copy_only);
    REQUIRE(d.next.has_value());
    CHECK(*d.next == finished + 23h);
    CHECK(timeutil::format_rfc3339(*d.next) == "2026-03-11T09:00:00Z");

    // due again 23 h after the snapshot, not before; then a new snapshot
    CHECK_FALSE(job_due(f.db, job, finished + 23h - 1s).due);
    d = job_due(f.db, job, finished + 23h);
    CHECK(d.due);
    CHECK_FALSE(d.copy_only);

    // a later failure on the second destination does not make the job due: its copy holds the newest snapshot
    insert(f.db, row_of("documents", f.b, "backup", "failed", now - 30min));
    CHECK_FALSE(job_due(f.db, job, now).due);

    // a newer snapshot in the first: the second is behind again, and due a copy
    insert(f.db, row_of("documents", f.a, "backup", "ok", now - 20min));
    d = job_due(f.db, job, now);
    CHECK(d.due);
    CHECK(d.copy_only);
    insert(f.db, row_of("documents", f.b, "copy", "ok", now - 19min));
    d = job_due(f.db, job, now);
    CHECK_FALSE(d.due);
    REQUIRE(d.next.has_value());
    CHECK(*d.next == now - 20min + 23h); // the first destination's snapshot sets the time
}

TEST_CASE("job due: a destination that cannot be reached makes nothing due; none reachable is due once a schedule") {
    JobFixture f;
    init_repository(f.a, std::nullopt);
    init_repository(f.b, std::nullopt);
    auto job = a_job("documents", {f.a, f.b});
    auto now = at("2026-03-10T12:00:00Z");
    insert(f.db, row_of("documents", f.a, "backup", "ok", now - 2h));
    insert(f.db, row_of("documents", f.b, "copy", "ok", now - 2h));
    REQUIRE_FALSE(job_due(f.db, job, now).due);

    // the second disk is unmounted, and it lacks the newest snapshot: still not due, its absence named
    std::filesystem::rename(f.b, f.b + ".away");
    insert(f.db, row_of("documents", f.b, "backup", "failed", now - 1h));
    insert(f.db, row_of("documents", f.a, "backup", "ok", now - 1h));
    auto d = job_due(f.db, job, now);
    CHECK_FALSE(d.due);
    REQUIRE(d.next.has_value());
    CHECK(*d.next == now - 1h + 23h);
    REQUIRE(d.unreachable.size() == 1);
    CHECK(contains(d.unreachable[0], f.b));
    CHECK(contains(d.unreachable[0], "mounted"));

    // mounted again: it is due a copy
    std::filesystem::rename(f.b + ".away", f.b);
    d = job_due(f.db, job, now);
    CHECK(d.due);
    CHECK(d.copy_only);
    CHECK(d.behind == std::vector<std::string>{f.b});
    CHECK(d.unreachable.empty());

    // the first disk unmounted: the second is where a snapshot would go, and its own newest decides
    std::filesystem::rename(f.a, f.a + ".away");
    d = job_due(f.db, job, now);
    CHECK_FALSE(d.due);
    REQUIRE(d.next.has_value());
    CHECK(*d.next == now - 2h + 23h);
    REQUIRE(d.unreachable.size() == 1);
    CHECK(contains(d.unreachable[0], f.a));
    d = job_due(f.db, job, now - 2h + 23h);
    CHECK(d.due);
    CHECK_FALSE(d.copy_only);

    // neither can be reached: due once a schedule after the last attempt, to record the failure
    std::filesystem::rename(f.b, f.b + ".away");
    d = job_due(f.db, job, now);
    CHECK_FALSE(d.due);
    CHECK(d.unreachable.size() == 2);
    REQUIRE(d.next.has_value());
    CHECK(*d.next == now - 1h + 23h);
    CHECK(job_due(f.db, job, now - 1h + 23h).due);

    // a first run whose disks are not there is due
    auto other = a_job("site", {f.tmp.file("not-mounted/backup"), f.tmp.file("nor-this/backup")});
    d = job_due(f.db, other, now);
    CHECK(d.due);
    CHECK(d.unreachable.size() == 2);
}

TEST_CASE("run job end to end: a snapshot in the first destination, copied into the second") {
    JobFixture f;
    std::string src = f.tmp.file("src");
    std::filesystem::create_directories(src + "/sub");
    test::write(src + "/report.txt", "the report");
    test::write(src + "/sub/notes.txt", "notes");
    test::write(src + "/scratch.tmp", "temporary");
    test::write(src + "/sub/more.tmp", "temporary too");
    auto job = a_job("documents", {f.a, f.b});
    job.sources = {src};
    job.exclude = {"*.tmp"};

    JobOutcome out = run_job(job, f.ctx);
    INFO((f.warnings.empty() ? std::string() : f.warnings.front()));
    CHECK(out.job == "documents");
    CHECK(out.ran);
    CHECK(out.exit == 0);
    REQUIRE(out.run.has_value());
    REQUIRE(out.rows.size() == 2);
    CHECK(out.rows[0].operation == "backup");
    CHECK(out.rows[0].destination == f.a);
    CHECK(out.rows[0].result == "ok");
    CHECK(out.rows[0].operator_name == "alice");
    CHECK(out.rows[0].host == "host1");
    CHECK(out.rows[0].files == 2);
    CHECK(out.rows[1].operation == "copy");
    CHECK(out.rows[1].destination == f.b);
    CHECK(out.rows[1].result == "ok");
    CHECK(contains(out.rows[1].message, f.a));
    std::string id = to_hex(out.run->snapshot.id);
    CHECK(out.rows[0].snapshot == id);
    CHECK(out.rows[1].snapshot == id);
    CHECK(out.rows[0].id > 0);
    CHECK(out.rows[1].id > out.rows[0].id);
    CHECK(out.run->excluded == 2);

    // both folders are repositories holding the same snapshot
    REQUIRE(is_repository(f.a));
    REQUIRE(is_repository(f.b));
    for (const auto& dest : {f.a, f.b}) {
        CAPTURE(dest);
        Repository repo(dest, no_pass);
        auto snaps = repo.snapshots();
        REQUIRE(snaps.size() == 1);
        CHECK(to_hex(snaps[0].id) == id);
        CHECK(snaps[0].job == "documents");
        auto paths = paths_in(repo, snaps[0]);
        int reports = 0, notes = 0;
        for (const auto& p : paths) {
            CHECK_FALSE(ends_with(p, ".tmp"));
            reports += ends_with(p, "/src/report.txt");
            notes += ends_with(p, "/src/sub/notes.txt");
        }
        CHECK(reports == 1);
        CHECK(notes == 1);
    }

    // the rows are in the records, with one journal entry naming both destinations
    auto rows = store::list_backup_runs(f.db, "documents");
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].id == out.rows[0].id);
    CHECK(rows[1].operation == "copy");
    auto v = journal::verify_chain(f.db);
    CHECK(v.intact);
    CHECK(v.entries == 1);
    auto entry = store::last_journal_row(f.db);
    REQUIRE(entry);
    CHECK(entry->action == "backup.run_recorded");
    CHECK(entry->subject == "job documents");
    CHECK(entry->operator_name == "alice");
    auto details = nlohmann::json::parse(entry->details);
    REQUIRE(details["destinations"].is_array());
    REQUIRE(details["destinations"].size() == 2);
    CHECK(details["destinations"][0]["destination"] == f.a);
    CHECK(details["destinations"][0]["operation"] == "backup");
    CHECK(details["destinations"][0]["result"] == "ok");
    CHECK(details["destinations"][0]["snapshot"] == id);
    CHECK(details["destinations"][0]["run"] == out.rows[0].id);
    CHECK(details["destinations"][1]["destination"] == f.b);
    CHECK(details["destinations"][1]["operation"] == "copy");
    CHECK(details["destinations"][1]["snapshot"] == id);

    // run again without force: not due
    JobOutcome again = run_job(job, f.ctx);
    CHECK_FALSE(again.ran);
    CHECK(again.rows.empty());
    CHECK(again.exit == 0);
    REQUIRE(again.next_due.has_value());
    CHECK(*again.next_due > f.ctx.now + 22h);
    CHECK(store::list_backup_runs(f.db).size() == 2);
    CHECK(journal::verify_chain(f.db).entries == 1);

    // forced: a second snapshot in both
    f.ctx.force = true;
    JobOutcome forced = run_job(job, f.ctx);
    CHECK(forced.ran);
    CHECK(forced.exit == 0);
    REQUIRE(forced.rows.size() == 2);
    CHECK(forced.rows[0].result == "ok");
    CHECK(forced.rows[1].result == "ok");
    CHECK(Repository(f.b, no_pass).snapshots().size() == 2);
    CHECK(journal::verify_chain(f.db).entries == 2);
    CHECK(journal::verify_chain(f.db).intact);
}

TEST_CASE("run job: a destination that held snapshots and is gone is reported, not re-created") {
    JobFixture f;
    auto job = one_file_job(f, {f.a, f.b});
    REQUIRE(run_job(job, f.ctx).exit == 0);
    REQUIRE(is_repository(f.b));

    std::filesystem::remove_all(f.b); // the disk is not mounted
    f.ctx.force = true;
    JobOutcome out = run_job(job, f.ctx);
    CHECK(out.ran);
    CHECK(out.exit == 1);
    REQUIRE(out.rows.size() == 2);
    const store::BackupRunRow* failed = nullptr;
    const store::BackupRunRow* ok = nullptr;
    for (const auto& r : out.rows) (r.destination == f.b ? failed : ok) = &r;
    REQUIRE(failed);
    REQUIRE(ok);
    CHECK(failed->result == "failed");
    CHECK(contains(failed->message, "mounted"));
    CHECK(contains(failed->message, f.b));
    CHECK(ok->destination == f.a);
    CHECK(ok->operation == "backup");
    CHECK(ok->result == "ok");
    CHECK_FALSE(std::filesystem::exists(f.b));
    CHECK(Repository(f.a, no_pass).snapshots().size() == 2);
    REQUIRE_FALSE(f.warnings.empty());
    CHECK(contains(f.warnings.back(), "mounted"));

    // the status shows it; the last snapshot there is still the first run's
    auto status = job_status(f.db, job, f.ctx.now, std::chrono::hours(24 * 30), "UTC");
    REQUIRE(status.size() == 2);
    CHECK(status[1].destination == f.b);
    CHECK(status[1].state == "failed");
    CHECK(contains(status[1].problem, "mounted"));
    REQUIRE(status[1].last_snapshot);
    CHECK(status[1].last_snapshot->operation == "copy");
    CHECK(journal::verify_chain(f.db).intact);
}

TEST_CASE("run job: a destination whose disk folder is missing is reported, the other still gets the snapshot") {
    JobFixture f;
    std::string src = f.tmp.file("src");
    std::filesystem::create_directories(src);
    test::write(src + "/a.txt", "a");
    std::string missing = f.tmp.file("not-mounted/backup");
    auto job = a_job("documents", {missing, f.b});
    job.sources = {src};
    JobOutcome out = run_job(job, f.ctx);
    CHECK(out.ran);
    CHECK(out.exit == 1);
    REQUIRE(out.rows.size() == 2);
    CHECK(out.rows[0].destination == missing);
    CHECK(out.rows[0].result == "failed");
    CHECK(contains(out.rows[0].message, "mounted"));
    CHECK(out.rows[1].destination == f.b);
    CHECK(out.rows[1].operation == "backup");
    CHECK(out.rows[1].result == "ok");
    CHECK_FALSE(std::filesystem::exists(f.tmp.file("not-mounted")));
    CHECK(is_repository(f.b));
}

TEST_CASE("run job of a command: its output is the snapshot's one file") {
    JobFixture f;
    auto job = a_job("site", {f.a, f.b});
    job.command = "printf abc";
    job.stdin_name = "x.txt";
    JobOutcome out = run_job(job, f.ctx);
    INFO((f.warnings.empty() ? std::string() : f.warnings.front()));
    CHECK(out.ran);
    CHECK(out.exit == 0);
    REQUIRE(out.run.has_value());
    REQUIRE(out.rows.size() == 2);
    CHECK(out.rows[0].result == "ok");
    CHECK(out.rows[1].result == "ok");
    int n = 0;
    for (const auto& dest : {f.a, f.b}) {
        CAPTURE(dest);
        Repository repo(dest, no_pass);
        auto snaps = repo.snapshots();
        REQUIRE(snaps.size() == 1);
        CHECK(snaps[0].paths == std::vector<std::string>{"x.txt"});
        CHECK(paths_in(repo, snaps[0]) == std::vector<std::string>{"x.txt"});
        std::string to = f.tmp.file("restored-" + std::to_string(n++));
        auto r = restore_snapshot(repo, snaps[0], {}, to, {});
        CHECK(r.files == 1);
        CHECK(read_file(to + "/x.txt") == "abc");
    }
}

TEST_CASE("run job of a command that fails: no snapshot, a failed row, exit 1") {
    JobFixture f;
    auto job = a_job("site", {f.a, f.b});
    job.command = "printf partial; exit 3";
    job.stdin_name = "x.txt";
    JobOutcome out = run_job(job, f.ctx);
    CHECK(out.ran);
    CHECK(out.exit == 1);
    CHECK_FALSE(out.run.has_value());
    REQUIRE(out.rows.size() == 1); // no copy without a snapshot
    CHECK(out.rows[0].destination == f.a);
    CHECK(out.rows[0].operation == "backup");
    CHECK(out.rows[0].result == "failed");
    CHECK(out.rows[0].snapshot.empty());
    CHECK(contains(out.rows[0].message, "exit status 3"));
    if (is_repository(f.a)) CHECK(Repository(f.a, no_pass).snapshots().empty());
    CHECK_FALSE(is_repository(f.b));
    // recorded, and still due
    auto rows = store::list_backup_runs(f.db, "site");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].result == "failed");
    CHECK(journal::verify_chain(f.db).entries == 1);
    CHECK(job_due(f.db, job, f.ctx.now).due);
}

TEST_CASE("run job: a stream for a job of folders is a usage error") {
    JobFixture f;
    auto job = a_job("documents", {f.a, f.b});
    job.sources = {f.tmp.file("src")};
    f.ctx.stdin_fd = 0;
    try {
        run_job(job, f.ctx);
        FAIL("ran");
    } catch (const Error& e) {
        CHECK(e.code() == Exit::usage);
    }
    CHECK(store::list_backup_runs(f.db).empty());
}

TEST_CASE("job status: never, ok, stale, unverified and failed") {
    TempDir tmp;
    store::Db db(tmp.file("netsec.db"), store::Access::read_write);
    auto now = at("2026-03-10T12:00:00Z");
    auto within = std::chrono::hours(24 * 30);
    auto status_of = [&](const std::string& dest) {
        auto job = a_job("documents", {dest});
        auto s = job_status(db, job, now, within, "UTC");
        REQUIRE(s.size() == 1);
        CHECK(s[0].job == "documents");
        CHECK(s[0].destination == dest);
        return s[0];
    };

    SUBCASE("never: no rows") {
        auto s = status_of("/never");
        CHECK(s.state == "never");
        CHECK_FALSE(s.last_snapshot);
        CHECK_FALSE(s.last_attempt);
        CHECK(contains(s.problem, "no snapshot yet"));
    }
    SUBCASE("never: only a failed attempt, named") {
        insert(db, row_of("documents", "/never", "backup", "failed", now - 1h));
        auto s = status_of("/never");
        CHECK(s.state == "never");
        CHECK_FALSE(s.last_snapshot);
        REQUIRE(s.last_attempt);
        CHECK(contains(s.problem, "the disk was full"));
    }
    SUBCASE("ok: a recent snapshot, verified lately") {
        insert(db, row_of("documents", "/ok", "backup", "ok", now - 2h));
        insert(db, row_of("documents", "/ok", "verify", "ok", now - 1h));
        insert(db, row_of("documents", "/ok", "restore", "ok", now - 30min));
        auto s = status_of("/ok");
        CHECK(s.state == "ok");
        CHECK(s.problem.empty());
        REQUIRE(s.last_snapshot);
        REQUIRE(s.last_verify);
        REQUIRE(s.last_restore);
        CHECK(s.last_restore->operation == "restore");
    }
    SUBCASE("ok: a copy counts as a snapshot") {
        insert(db, row_of("documents", "/ok", "copy", "ok", now - 2h));
        insert(db, row_of("documents", "/ok", "verify", "ok", now - 1h));
        CHECK(status_of("/ok").state == "ok");
    }
    SUBCASE("stale: the newest snapshot is older than the schedule and its slack") {
        insert(db, row_of("documents", "/stale", "backup", "ok", now - 26h));
        insert(db, row_of("documents", "/stale", "verify", "ok", now - 1h));
        auto s = status_of("/stale");
        CHECK(s.state == "stale");
        CHECK(contains(s.problem, "1d"));
    }
    SUBCASE("not yet stale within the slack") {
        insert(db, row_of("documents", "/slack", "backup", "ok", now - 24h - 59min));
        insert(db, row_of("documents", "/slack", "verify", "ok", now - 1h));
        CHECK(status_of("/slack").state == "ok");
    }
    SUBCASE("unverified: never verified") {
        insert(db, row_of("documents", "/unv", "backup", "ok", now - 2h));
        auto s = status_of("/unv");
        CHECK(s.state == "unverified");
        CHECK(contains(s.problem, "never verified"));
    }
    SUBCASE("unverified: verified too long ago, or the last verification failed") {
        insert(db, row_of("documents", "/unv", "verify", "ok", now - std::chrono::hours(24 * 31)));
        insert(db, row_of("documents", "/unv", "backup", "ok", now - 2h));
        insert(db, row_of("documents", "/unv", "verify", "failed", now - 1h));
        auto s = status_of("/unv");
        CHECK(s.state == "unverified");
        CHECK(contains(s.problem, "last verified at"));
    }
    SUBCASE("failed: the last attempt failed after a snapshot") {
        insert(db, row_of("documents", "/failed", "backup", "ok", now - 3h));
        insert(db, row_of("documents", "/failed", "verify", "ok", now - 2h));
        insert(db, row_of("documents", "/failed", "backup", "failed", now - 1h));
        auto s = status_of("/failed");
        CHECK(s.state == "failed");
        CHECK(contains(s.problem, "the disk was full"));
        REQUIRE(s.last_snapshot);
        CHECK(s.last_snapshot->result == "ok");
        REQUIRE(s.last_attempt);
        CHECK(s.last_attempt->result == "failed");
    }
    SUBCASE("failed beats stale") {
        insert(db, row_of("documents", "/failed", "backup", "ok", now - 72h));
        insert(db, row_of("documents", "/failed", "copy", "failed", now - 1h));
        CHECK(status_of("/failed").state == "failed");
    }
    SUBCASE("each destination on its own") {
        insert(db, row_of("documents", "/a", "backup", "ok", now - 2h));
        insert(db, row_of("documents", "/a", "verify", "ok", now - 1h));
        insert(db, row_of("documents", "/b", "copy", "failed", now - 2h));
        auto job = a_job("documents", {"/a", "/b"});
        auto s = job_status(db, job, now, within, "UTC");
        REQUIRE(s.size() == 2);
        CHECK(s[0].state == "ok");
        CHECK(s[1].state == "never");
    }
}

namespace {

// `n` bytes that do not compress, so that the data packs are big enough to damage.
std::string noise(std::size_t n, unsigned seed) {
    std::string out(n, '\0');
    std::uint32_t x = seed * 2654435761u + 1;
    for (auto& c : out) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        c = char(x & 0xff);
    }
    return out;
}

std::size_t snapshots_in(const std::string& dir) { return Repository(dir, no_pass).snapshots().size(); }

std::string last_action(store::Db& db) {
    auto entry = store::last_journal_row(db);
    return entry ? entry->action + " " + entry->subject : std::string();
}

} // namespace

TEST_CASE("run job: a destination whose disk is not there is recorded failed, and makes no snapshot due before the "
          "schedule") {
    JobFixture f;
    std::string src = f.tmp.file("src");
    std::filesystem::create_directories(src);
    test::write(src + "/a.txt", "a");
    std::string nas = f.tmp.file("nas/backup"); // its disk is not mounted: no folder "nas"
    auto job = a_job("documents", {f.a, nas});
    job.sources = {src};
    auto first = at("2026-03-10T01:30:00Z");
    f.ctx.now = first;

    JobOutcome out = run_job(job, f.ctx);
    CHECK(out.ran);
    CHECK(out.exit == 1);
    REQUIRE(out.run.has_value());
    REQUIRE(out.rows.size() == 2);
    CHECK(out.rows[0].destination == nas);
    CHECK(out.rows[0].result == "failed");
    CHECK(contains(out.rows[0].message, "mounted"));
    CHECK(out.rows[1].destination == f.a);
    CHECK(out.rows[1].operation == "backup");
    CHECK(out.rows[1].result == "ok");
    CHECK(snapshots_in(f.a) == 1);
    std::string id = to_hex(out.run->snapshot.id);

    // an hourly cron an hour later: not due, no second snapshot, the missing disk still named
    f.ctx.now = first + 1h;
    f.warnings.clear();
    JobOutcome again = run_job(job, f.ctx);
    CHECK_FALSE(again.ran);
    CHECK(again.exit == 0);
    CHECK(again.rows.empty());
    REQUIRE(again.next_due.has_value());
    CHECK(*again.next_due >= first + 23h);
    CHECK(*again.next_due < first + 24h);
    REQUIRE(again.unreachable.size() == 1);
    CHECK(contains(again.unreachable[0], nas));
    CHECK(contains(again.unreachable[0], "mounted"));
    CHECK(snapshots_in(f.a) == 1);
    CHECK(store::list_backup_runs(f.db).size() == 2);
    CHECK(journal::verify_chain(f.db).entries == 1);
    // and `status` still shows it: never a snapshot there, the failure named
    auto status = job_status(f.db, job, f.ctx.now, std::chrono::hours(24 * 30), "UTC");
    REQUIRE(status.size() == 2);
    CHECK(status[1].destination == nas);
    CHECK(status[1].state == "never");
    CHECK(contains(status[1].problem, "mounted"));

    // the disk is mounted: the next cron copies the snapshot there, reading no source
    std::filesystem::create_directories(f.tmp.file("nas"));
    f.ctx.now = first + 2h;
    JobOutcome caught = run_job(job, f.ctx);
    INFO((f.warnings.empty() ? std::string() : f.warnings.front()));
    CHECK(caught.ran);
    CHECK(caught.exit == 0);
    CHECK_FALSE(caught.run.has_value());
    REQUIRE(caught.rows.size() == 1);
    CHECK(caught.rows[0].destination == nas);
    CHECK(caught.rows[0].operation == "copy");
    CHECK(caught.rows[0].result == "ok");
    CHECK(caught.rows[0].snapshot == id);
    CHECK(contains(caught.rows[0].message, f.a));
    REQUIRE(is_repository(nas));
    REQUIRE(snapshots_in(nas) == 1);
    CHECK(to_hex(Repository(nas, no_pass).snapshots()[0].id) == id);
    CHECK(snapshots_in(f.a) == 1);
    CHECK(last_action(f.db) == "backup.run_recorded job documents");
    CHECK(journal::verify_chain(f.db).entries == 2);

    // then nothing is due until the schedule, and then a snapshot into both
    f.ctx.now = first + 3h;
    CHECK_FALSE(run_job(job, f.ctx).ran);
    f.ctx.now = first + 23h + 5min;
    JobOutcome next = run_job(job, f.ctx);
    CHECK(next.ran);
    CHECK(next.exit == 0);
    REQUIRE(next.run.has_value());
    REQUIRE(next.rows.size() == 2);
    CHECK(next.rows[0].operation == "backup");
    CHECK(next.rows[1].operation == "copy");
    CHECK(snapshots_in(f.a) == 2);
    CHECK(snapshots_in(nas) == 2);
    CHECK(journal::verify_chain(f.db).intact);
}

TEST_CASE("run job: an unmounted destination is recorded failed once a schedule and shown failed until it is back") {
    JobFixture f;
    auto job = one_file_job(f, {f.a, f.b});
    auto first = at("2026-03-10T01:30:00Z");
    f.ctx.now = first;
    REQUIRE(run_job(job, f.ctx).exit == 0);
    std::filesystem::rename(f.b, f.b + ".away"); // the NAS is down

    f.ctx.now = first + 1h;
    JobOutcome hourly = run_job(job, f.ctx);
    CHECK_FALSE(hourly.ran);
    REQUIRE(hourly.unreachable.size() == 1);
    CHECK(contains(hourly.unreachable[0], "is missing now"));

    // the schedule's run: a snapshot in the first, the second on the record as failed
    f.ctx.now = first + 23h;
    JobOutcome nightly = run_job(job, f.ctx);
    CHECK(nightly.ran);
    CHECK(nightly.exit == 1);
    REQUIRE(nightly.rows.size() == 2);
    CHECK(nightly.rows[0].destination == f.b);
    CHECK(nightly.rows[0].result == "failed");
    CHECK(nightly.rows[1].destination == f.a);
    CHECK(nightly.rows[1].result == "ok");
    CHECK(snapshots_in(f.a) == 2);

    // the second is behind now, but cannot be reached: the hourly runs make nothing
    for (auto h : {24h, 30h, 40h}) {
        f.ctx.now = first + h;
        JobOutcome o = run_job(job, f.ctx);
        CHECK_FALSE(o.ran);
        CHECK(o.unreachable.size() == 1);
    }
    CHECK(snapshots_in(f.a) == 2);
    CHECK(store::list_backup_runs(f.db).size() == 4);
    auto status = job_status(f.db, job, f.ctx.now, std::chrono::hours(24 * 30), "UTC");
    REQUIRE(status.size() == 2);
    CHECK(status[1].state == "failed");
    CHECK(contains(status[1].problem, "mounted"));

    // back: brought up to date by a copy, without a new snapshot
    std::filesystem::rename(f.b + ".away", f.b);
    f.ctx.now = first + 41h;
    JobOutcome back = run_job(job, f.ctx);
    CHECK(back.ran);
    CHECK(back.exit == 0);
    CHECK_FALSE(back.run.has_value());
    REQUIRE(back.rows.size() == 1);
    CHECK(back.rows[0].operation == "copy");
    CHECK(back.rows[0].destination == f.b);
    CHECK(back.rows[0].snapshot == nightly.rows[1].snapshot);
    CHECK(snapshots_in(f.a) == 2);
    CHECK(snapshots_in(f.b) == 2);
    status = job_status(f.db, job, f.ctx.now, std::chrono::hours(24 * 30), "UTC");
    CHECK(status[1].state == "unverified");
    CHECK_FALSE(run_job(job, f.ctx).ran);
}

TEST_CASE("run job: a copy that is due while the first destination is locked fails with 75 and makes no snapshot") {
    JobFixture f;
    auto job = one_file_job(f, {f.a, f.b});
    f.ctx.now = at("2026-03-10T01:30:00Z");
    REQUIRE(run_job(job, f.ctx).exit == 0);
    std::filesystem::rename(f.b, f.b + ".away");
    f.ctx.force = true;
    REQUIRE(run_job(job, f.ctx).exit == 1); // a second snapshot the second destination lacks
    f.ctx.force = false;
    std::filesystem::rename(f.b + ".away", f.b);

    Repository held(f.a, no_pass);
    RepositoryLock lock(held.storage(), 0, [](const std::string&) {});
    f.ctx.now += 1h;
    auto entries = journal::verify_chain(f.db).entries;
    JobOutcome out = run_job(job, f.ctx);
    CHECK(out.ran);
    CHECK(out.exit == 75);
    CHECK_FALSE(out.run.has_value());
    CHECK(out.rows.empty()); // neither disk failed: nothing on the record, the next run copies
    CHECK(journal::verify_chain(f.db).entries == entries);
    REQUIRE_FALSE(f.warnings.empty());
    CHECK(contains(f.warnings.back(), "locked"));
    CHECK(snapshots_in(f.a) == 2);
    CHECK(snapshots_in(f.b) == 1);
}

TEST_CASE("run job: a copy whose source cannot be opened puts the failure on the source's record") {
    JobFixture f;
    auto job = one_file_job(f, {f.a, f.b});
    f.ctx.now = at("2026-03-10T01:30:00Z");
    REQUIRE(run_job(job, f.ctx).exit == 0);
    std::filesystem::rename(f.b, f.b + ".away");
    f.ctx.force = true;
    REQUIRE(run_job(job, f.ctx).exit == 1);
    f.ctx.force = false;
    std::filesystem::rename(f.b + ".away", f.b);
    test::write(f.a + "/config", "not a configuration"); // the source's configuration is damaged

    f.ctx.now += 1h;
    JobOutcome out = run_job(job, f.ctx);
    CHECK(out.ran);
    CHECK(out.exit == 1);
    REQUIRE(out.rows.size() == 1);
    CHECK(out.rows[0].destination == f.a);
    CHECK(out.rows[0].operation == "copy");
    CHECK(out.rows[0].result == "failed");
    CHECK(contains(out.rows[0].message, "cannot be copied from"));
    CHECK(snapshots_in(f.b) == 1);
}

TEST_CASE("run job: a second destination locked by another writer makes the run exit 75, as the first would") {
    JobFixture f;
    auto job = one_file_job(f, {f.a, f.b});
    REQUIRE(run_job(job, f.ctx).exit == 0);
    Repository held(f.b, no_pass);
    RepositoryLock lock(held.storage(), 0, [](const std::string&) {});
    f.ctx.force = true;
    JobOutcome out = run_job(job, f.ctx);
    CHECK(out.exit == 75);
    REQUIRE(out.rows.size() == 2);
    CHECK(out.rows[0].result == "ok");
    CHECK(out.rows[1].operation == "copy");
    CHECK(out.rows[1].result == "failed");
    CHECK(contains(out.rows[1].message, "locked"));
}

TEST_CASE(
    "verify job: each destination read, recorded and journaled; a shared one read once; damage named by destination") {
    JobFixture f;
    std::string src = f.tmp.file("src");
    std::filesystem::create_directories(src);
    test::write(src + "/big.bin", noise(300000, 7));
    auto job = a_job("documents", {f.a, f.b});
    job.sources = {src};
    REQUIRE(run_job(job, f.ctx).exit == 0);

    std::vector<std::string> read;
    f.ctx.start_progress = [&](const std::string& label) {
        read.push_back(label);
        return ProgressFn{};
    };
    std::map<std::string, store::BackupRunRow> verified;
    VerifyOutcome v = verify_job(job, true, f.ctx, verified);
    CHECK(v.job == "documents");
    CHECK(v.exit == 0);
    CHECK(v.damaged.empty());
    CHECK(f.warnings.empty());
    CHECK(read == std::vector<std::string>{f.a + ": verifying", f.b + ": verifying"});
    REQUIRE(v.rows.size() == 2);
    for (const auto& r : v.rows) {
        CAPTURE(r.destination);
        CHECK(r.operation == "verify");
        CHECK(r.result == "ok");
        CHECK(r.read_data);
        CHECK(r.id > 0);
        CHECK(r.bytes_read > 0);
        CHECK(contains(r.message, "1 snapshots"));
    }
    CHECK(v.rows[0].destination == f.a);
    CHECK(v.rows[1].destination == f.b);
    CHECK(last_action(f.db) == "backup.verified job documents");
    auto details = nlohmann::json::parse(store::last_journal_row(f.db)->details);
    REQUIRE(details["destinations"].size() == 2);
    CHECK(details["destinations"][1]["destination"] == f.b);
    CHECK(details["destinations"][1]["read_data"] == true);
    CHECK(details["destinations"][1]["run"] == v.rows[1].id);
    for (const auto& s : job_status(f.db, job, f.ctx.now, std::chrono::hours(24 * 30), "UTC")) CHECK(s.state == "ok");

    // another job sharing both destinations: recorded for it too, not read again
    auto other = a_job("site", {f.b, f.a});
    VerifyOutcome v2 = verify_job(other, true, f.ctx, verified);
    CHECK(v2.exit == 0);
    CHECK(read.size() == 2);
    REQUIRE(v2.rows.size() == 2);
    CHECK(v2.rows[0].job == "site");
    CHECK(v2.rows[0].destination == f.b);
    CHECK(v2.rows[0].result == "ok");
    CHECK(v2.rows[0].id > v.rows[1].id);
    CHECK(store::list_backup_runs(f.db, "site", "verify").size() == 2);
    CHECK(last_action(f.db) == "backup.verified job site");

    // damaged data in the second: named with its destination, recorded failed, exit 1
    for (const auto& e : std::filesystem::recursive_directory_iterator(f.b + "/data")) {
        if (!e.is_regular_file() || e.file_size() < 100000) continue; // the data pack, not the folder listings
        std::fstream io(e.path(), std::ios::in | std::ios::out | std::ios::binary);
        io.seekp(200);
        io.write("\xff\xff\xff\xff", 4);
    }
    verified.clear();
    VerifyOutcome bad = verify_job(job, true, f.ctx, verified);
    CHECK(bad.exit == 1);
    REQUIRE(bad.rows.size() == 2);
    CHECK(bad.rows[0].result == "ok");
    CHECK(bad.rows[1].result == "failed");
    REQUIRE_FALSE(bad.damaged.empty());
    for (const auto& d : bad.damaged) CHECK(d.destination == f.b);
    INFO(bad.damaged[0].damage.path, " ", bad.damaged[0].damage.problem);
    CHECK(contains(bad.damaged[0].damage.path, "big.bin"));
    REQUIRE_FALSE(f.warnings.empty());
    CHECK(contains(f.warnings[0], f.b));

    // a destination that is gone: failed, and the warning says why
    std::filesystem::rename(f.b, f.b + ".away");
    verified.clear();
    f.warnings.clear();
    VerifyOutcome gone = verify_job(job, false, f.ctx, verified);
    CHECK(gone.exit == 1);
    REQUIRE(gone.rows.size() == 2);
    CHECK(gone.rows[0].result == "ok");
    CHECK_FALSE(gone.rows[0].read_data);
    CHECK(gone.rows[1].result == "failed");
    CHECK(contains(gone.rows[1].message, "mounted"));
    REQUIRE(f.warnings.size() == 1);
    CHECK(contains(f.warnings[0], "mounted"));
    CHECK(journal::verify_chain(f.db).intact);
}

TEST_CASE("prune job: the job's keep in each destination, recorded and journaled; a locked one is 75, the other still "
          "pruned") {
    JobFixture f;
    std::string src = f.tmp.file("src");
    std::filesystem::create_directories(src);
    auto job = a_job("documents", {f.a, f.b});
    job.sources = {src};
    job.keep = {};
    job.keep.last = 1;
    f.ctx.force = true;
    std::string newest;
    for (int i = 0; i < 3; ++i) {
        test::write(src + "/a.txt", "version " + std::to_string(i));
        auto o = run_job(job, f.ctx);
        REQUIRE(o.exit == 0);
        newest = to_hex(o.run->snapshot.id);
    }
    REQUIRE(snapshots_in(f.a) == 3);
    REQUIRE(snapshots_in(f.b) == 3);

    PruneOutcome p = prune_job(job, f.ctx);
    CHECK(p.job == "documents");
    CHECK(p.exit == 0);
    REQUIRE(p.rows.size() == 2);
    for (const auto& r : p.rows) {
        CAPTURE(r.destination);
        CHECK(r.operation == "prune");
        CHECK(r.result == "ok");
        CHECK(r.files == 2);
        CHECK(r.id > 0);
        CHECK(contains(r.message, "kept 1 snapshots, removed 2"));
    }
    for (const auto& dest : {f.a, f.b}) {
        CAPTURE(dest);
        auto snaps = Repository(dest, no_pass).snapshots();
        REQUIRE(snaps.size() == 1);
        CHECK(to_hex(snaps[0].id) == newest);
    }
    CHECK(last_action(f.db) == "backup.pruned job documents");
    auto details = nlohmann::json::parse(store::last_journal_row(f.db)->details);
    REQUIRE(details["destinations"].size() == 2);
    CHECK(details["destinations"][0]["operation"] == "prune");

    // another writer holds the second: 75, recorded failed; the first is pruned all the same
    test::write(src + "/a.txt", "version 3");
    REQUIRE(run_job(job, f.ctx).exit == 0);
    f.warnings.clear();
    {
        Repository held(f.b, no_pass);
        RepositoryLock lock(held.storage(), 0, [](const std::string&) {});
        PruneOutcome locked = prune_job(job, f.ctx);
        CHECK(locked.exit == 75);
        REQUIRE(locked.rows.size() == 2);
        CHECK(locked.rows[0].result == "ok");
        CHECK(locked.rows[1].result == "failed");
        CHECK(contains(locked.rows[1].message, "locked"));
    }
    CHECK(f.warnings.empty()); // the rows say it; the tool prints them
    CHECK(snapshots_in(f.a) == 1);
    CHECK(snapshots_in(f.b) == 2);

    // a destination that is gone: failed, exit 1
    std::filesystem::rename(f.a, f.a + ".away");
    PruneOutcome gone = prune_job(job, f.ctx);
    CHECK(gone.exit == 1);
    CHECK(gone.rows[0].result == "failed");
    CHECK(contains(gone.rows[0].message, "mounted"));
    CHECK(gone.rows[1].result == "ok");
    CHECK(snapshots_in(f.b) == 1);
    CHECK(journal::verify_chain(f.db).entries == 7);
}

TEST_CASE("record restore: a restore drill on the record with its journal entry; damaged files make it failed") {
    JobFixture f;
    auto job = one_file_job(f, {f.a, f.b});
    REQUIRE(run_job(job, f.ctx).exit == 0);

    Repository repo(f.b, no_pass);
    Snapshot snap = repo.snapshots().at(0);
    std::string to = f.tmp.file("drill");
    RestoreResult r = restore_snapshot(repo, snap, {}, to, {});
    REQUIRE(r.files == 1);
    f.ctx.now = at("2026-03-10T12:00:00Z");
    auto row = record_restore(f.ctx, "other", f.b, snap, r, to, 0, 1500ms);
    CHECK(row.id > 0);
    CHECK(row.job == "documents"); // the snapshot's own job
    CHECK(row.destination == f.b);
    CHECK(row.operation == "restore");
    CHECK(row.result == "ok");
    CHECK(row.snapshot == to_hex(snap.id));
    CHECK(row.files == 1);
    CHECK(row.bytes == 1);
    CHECK(row.duration_ms == 1500);
    CHECK(row.started_at == "2026-03-10T12:00:00Z");
    CHECK(row.finished_at == "2026-03-10T12:00:01Z");
    CHECK(row.message == "into '" + to + "'");
    CHECK(row.operator_name == "alice");
    CHECK(last_action(f.db) == "backup.restored job documents");
    auto details = nlohmann::json::parse(store::last_journal_row(f.db)->details);
    REQUIRE(details["destinations"].size() == 1);
    CHECK(details["destinations"][0]["operation"] == "restore");
    CHECK(details["destinations"][0]["run"] == row.id);
    CHECK(details["destinations"][0]["files"] == 1);
    auto status = job_status(f.db, job, f.ctx.now, std::chrono::hours(24 * 30), "UTC");
    REQUIRE(status[1].last_restore);
    CHECK(status[1].last_restore->id == row.id);

    // a snapshot naming no job is the destination's job's; damaged files make the drill failed
    Snapshot anonymous = snap;
    anonymous.job.clear();
    RestoreResult damaged = r;
    damaged.damaged = {"src/a.txt"};
    auto bad = record_restore(f.ctx, "documents", f.b, anonymous, damaged, to, 2, 0ms);
    CHECK(bad.job == "documents");
    CHECK(bad.result == "failed");
    CHECK(bad.message == "into '" + to + "' (2 paths)");
    status = job_status(f.db, job, f.ctx.now, std::chrono::hours(24 * 30), "UTC");
    CHECK(status[1].last_restore->id == row.id); // a failed drill is not the last drill
    CHECK(journal::verify_chain(f.db).entries == 3);
}

TEST_CASE("passwd job: every destination changes; an unmounted one fails, and a second run changes it alone") {
    JobFixture f;
    std::string old_file = f.tmp.file("old.key"), new_file = f.tmp.file("new.key");
    test::write(old_file, "the old passphrase\n");
    test::write(new_file, "the new passphrase\n");
    auto job = one_file_job(f, {f.a, f.b});
    job.passphrase_file = old_file;
    f.ctx.now = at("2026-03-10T01:30:00Z");
    REQUIRE(run_job(job, f.ctx).exit == 0);
    auto opens = [](const std::string& dir, const std::string& pass) {
        try {
            Repository repo(dir, [&] { return pass; });
            return repo.snapshots().size() == 1;
        } catch (const Error& e) {
            CHECK(e.code() == Exit::no_perm);
            return false;
        }
    };
    REQUIRE(opens(f.a, "the old passphrase"));

    std::filesystem::rename(f.b, f.b + ".away"); // the second disk is not mounted
    PassphraseOutcome first = change_job_passphrase(job, "the new passphrase", f.ctx);
    CHECK(first.exit == 1);
    REQUIRE(first.changes.size() == 2);
    CHECK(first.changes[0].result == "changed");
    CHECK(first.changes[1].result == "failed");
    CHECK(contains(first.changes[1].message, "mounted"));
    CHECK(opens(f.a, "the new passphrase"));
    CHECK_FALSE(opens(f.a, "the old passphrase"));
    auto last = store::last_journal_row(f.db);
    REQUIRE(last.has_value());
    CHECK(last->action == "backup.passphrase_changed");
    CHECK(last->details.find("the new passphrase") == std::string::npos); // no secret on the record
    CHECK(last->details.find("the old passphrase") == std::string::npos);

    std::filesystem::rename(f.b + ".away", f.b);
    PassphraseOutcome second = change_job_passphrase(job, "the new passphrase", f.ctx);
    CHECK(second.exit == 0);
    REQUIRE(second.changes.size() == 2);
    CHECK(second.changes[0].result == "unchanged");
    CHECK(second.changes[1].result == "changed");
    CHECK(opens(f.b, "the new passphrase"));
    CHECK(journal::verify_chain(f.db).intact);

    job.passphrase_file.clear();
    CHECK_THROWS_WITH_AS(
        change_job_passphrase(job, "x", f.ctx),
        "job 'documents' is not encrypted (it names no passphrase_file): it has no passphrase to change", Error);
}

namespace {

// What a command over jobs told its user, in order: "progress: ", "warning: " and "notice: "
// lines, with a clock that starts each job an hour after the one before.
struct Told {
    std::vector<std::string> lines;
    timeutil::Instant next = at("2026-03-10T01:30:00Z");

    void listen(JobContext& ctx) {
        ctx.start_progress = [this](const std::string& label) {
            lines.push_back("progress: " + label);
            return ProgressFn{};
        };
        ctx.warn = [this](const std::string& m) { lines.push_back("warning: " + m); };
        ctx.notice = [this](const std::string& m) { lines.push_back("notice: " + m); };
        ctx.clock = [this] {
            auto t = next;
            next += 1h;
            return t;
        };
    }
};

// A policy with `jobs`, in that order.
policy::Policy policy_of(const std::vector<policy::BackupJob>& jobs) {
    policy::Policy p;
    p.school.timezone = "Asia/Shanghai";
    p.backup.jobs = jobs;
    return p;
}

} // namespace

TEST_CASE("run jobs: a job whose first destination is missing records a failure, and the next job still runs") {
    JobFixture f;
    Told told;
    told.listen(f.ctx);
    std::string missing = f.tmp.file("not-mounted/backup");
    auto documents = one_file_job(f, {missing, f.a});
    auto site = a_job("site", {f.a, f.b});
    site.sources = documents.sources;
    auto p = policy_of({documents, site});

    auto all = run_jobs(p, {}, f.ctx);
    CHECK(all.exit == 1);
    REQUIRE(all.jobs.size() == 2);
    CHECK(all.jobs[0].job == "documents");
    CHECK(all.jobs[0].exit == 1);
    REQUIRE(all.jobs[0].rows.size() == 2);
    CHECK(all.jobs[0].rows[0].destination == missing);
    CHECK(all.jobs[0].rows[0].result == "failed");
    CHECK(all.jobs[0].rows[0].started_at == "2026-03-10T01:30:00Z");
    CHECK(all.jobs[0].rows[1].destination == f.a);
    CHECK(all.jobs[0].rows[1].result == "ok");
    CHECK(all.jobs[1].job == "site");
    CHECK(all.jobs[1].exit == 0);
    REQUIRE(all.jobs[1].rows.size() == 2);
    CHECK(all.jobs[1].rows[0].started_at == "2026-03-10T02:30:00Z"); // each job's rows from its own start
    CHECK(all.jobs[1].rows[1].operation == "copy");
    CHECK(all.jobs[1].rows[1].result == "ok");

    const auto& d = all.jobs[0].run->snapshot;
    const auto& s = all.jobs[1].run->snapshot;
    const auto& copy = all.jobs[1].rows[1];
    CHECK(told.lines ==
          std::vector<std::string>{
              "progress: documents: reading",
              "warning: the folder '" + f.tmp.file("not-mounted") + "' does not exist: is the disk of '" + missing +
                  "' mounted?",
              fmt::format("notice: job 'documents': snapshot {} saved: 1 files (1 read, 0 unchanged), 1 bytes, {} "
                          "bytes added",
                          short_id(d.id), d.added_bytes),
              "progress: site: reading",
              fmt::format("notice: job 'site': snapshot {} saved: 1 files (1 read, 0 unchanged), 1 bytes, {} bytes "
                          "added",
                          short_id(s.id), s.added_bytes),
              fmt::format("notice: job 'site': copied into '{}' ({} files, {} bytes)", f.b, copy.files, copy.bytes)});

    // named jobs only, in the order named; one not due says until when, in the policy's zone
    told.lines.clear();
    told.next = at("2026-03-10T04:00:00Z");
    auto again = run_jobs(p, {"site"}, f.ctx);
    CHECK(again.exit == 0);
    CHECK(again.jobs.empty());
    REQUIRE(told.lines.size() == 2);
    CHECK(told.lines[0] == "progress: site: reading");
    CHECK(told.lines[1] == "notice: job 'site' is not due until " +
                               timeutil::format_local(at("2026-03-10T02:30:00Z") + 23h, "Asia/Shanghai") +
                               " (--force runs it now)");
    CHECK_THROWS_WITH_AS(run_jobs(p, {"nope"}, f.ctx), doctest::Contains("nope"), Error);
}

TEST_CASE("verify, prune and passwd of jobs: each job in turn, a failed destination warned, the notices in order") {
    JobFixture f;
    std::string key = f.tmp.file("old.key");
    test::write(key, "the old passphrase\n");
    auto documents = one_file_job(f, {f.a, f.b});
    auto site = a_job("site", {f.b, f.a});
    site.sources = documents.sources;
    auto p = policy_of({documents, site});
    REQUIRE(run_jobs(p, {}, f.ctx).exit == 0);
    Told told;
    told.listen(f.ctx);

    // verify: a destination the jobs share is read once, and passes for each
    auto verified = verify_jobs(p, {}, true, f.ctx);
    CHECK(verified.exit == 0);
    REQUIRE(verified.jobs.size() == 2);
    CHECK(verified.jobs[1].rows.size() == 2);
    std::string passed = verified.jobs[0].rows[0].message;
    CHECK(told.lines == std::vector<std::string>{
                            "progress: " + f.a + ": verifying",
                            "progress: " + f.b + ": verifying",
                            "notice: job 'documents': '" + f.a + "' verified reading every byte: " + passed,
                            "notice: job 'documents': '" + f.b + "' verified reading every byte: " + passed,
                            "notice: job 'site': '" + f.b + "' verified reading every byte: " + passed,
                            "notice: job 'site': '" + f.a + "' verified reading every byte: " + passed,
                        });

    // prune: the second disk is not mounted: warned and exit 1, the first still pruned, and the
    // next job too
    told.lines.clear();
    std::filesystem::rename(f.b, f.b + ".away");
    auto pruned = prune_jobs(p, {}, f.ctx);
    CHECK(pruned.exit == 1);
    REQUIRE(pruned.jobs.size() == 2);
    std::string kept = pruned.jobs[0].rows[0].message;
    CHECK(kept == "kept 2 snapshots, removed 0; removed 0 packs (0 bytes), repacked 0 blobs");
    std::string gone = "warning: " + f.b + ": '" + f.b + "' holds no repository (is its disk mounted?)";
    CHECK(told.lines == std::vector<std::string>{"notice: job 'documents': '" + f.a + "': " + kept, gone, gone,
                                                 "notice: job 'site': '" + f.a + "': " + kept});
    std::filesystem::rename(f.b + ".away", f.b);

    // passwd: only the encrypted jobs when none is named; one named that is not is refused
    told.lines.clear();
    CHECK(change_jobs_passphrase(p, {}, "new", f.ctx).jobs.empty());
    CHECK(told.lines.empty());
    CHECK_THROWS_WITH_AS(change_jobs_passphrase(p, {"site"}, "new", f.ctx),
                         "job 'site' is not encrypted (it names no passphrase_file): it has no passphrase to change",
                         Error);

    auto secret = a_job("secret", {f.tmp.file("disk-a/secret"), f.tmp.file("not-mounted/secret")});
    secret.sources = documents.sources;
    secret.passphrase_file = key;
    p.backup.jobs.push_back(secret);
    REQUIRE(run_jobs(p, {"secret"}, f.ctx).exit == 1);
    told.lines.clear();
    auto changed = change_jobs_passphrase(p, {}, "the new passphrase", f.ctx);
    CHECK(changed.exit == 1);
    REQUIRE(changed.jobs.size() == 1);
    CHECK(changed.jobs[0].changes[0].result == "changed");
    CHECK(changed.jobs[0].changes[1].result == "failed");
    REQUIRE(told.lines.size() == 2);
    CHECK(told.lines[0] == "warning: " + f.tmp.file("not-mounted/secret") + ": " + changed.jobs[0].changes[1].message);
    CHECK(told.lines[1] == "notice: job 'secret': run passwd again when every destination can be reached; those "
                           "changed already are left as they are");
}
