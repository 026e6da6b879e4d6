#include "netsec/backup/jobs.hpp"
#include "netsec/core/error.hpp"
#include "netsec/store/journal_rows.hpp"
#include "testutil.hpp"

#include <doctest/doctest.h>
#include <filesystem>
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

} // namespace

TEST_CASE("job schedule slack is a tenth of the schedule, at most an hour") {
    CHECK(schedule_slack(24h) == 1h);
    CHECK(schedule_slack(std::chrono::hours(24 * 7)) == 1h);
    CHECK(schedule_slack(1h) == 6min);
    CHECK(schedule_slack(10h) == 1h);
    CHECK(schedule_slack(std::chrono::seconds(50)) == std::chrono::seconds(5));
}

TEST_CASE("job due: without rows, with snapshots on both destinations, on one, and after a failure") {
    TempDir tmp;
    store::Db db(tmp.file("netsec.db"), store::Access::read_write);
    auto job = a_job("documents", {"/mnt/a/backup", "/mnt/b/backup"});
    auto now = at("2026-03-10T12:00:00Z");

    auto d = job_due(db, job, now);
    CHECK(d.due);
    CHECK_FALSE(d.next.has_value());

    // on one destination only: the other has none yet
    auto finished = now - 2h;
    insert(db, row_of("documents", "/mnt/a/backup", "backup", "ok", finished));
    CHECK(job_due(db, job, now).due);

    // a failed row does not count as a snapshot
    insert(db, row_of("documents", "/mnt/b/backup", "copy", "failed", finished));
    CHECK(job_due(db, job, now).due);

    // another job's snapshot does not count either
    insert(db, row_of("site", "/mnt/b/backup", "copy", "ok", finished));
    CHECK(job_due(db, job, now).due);

    insert(db, row_of("documents", "/mnt/b/backup", "copy", "ok", finished));
    d = job_due(db, job, now);
    CHECK_FALSE(d.due);
    REQUIRE(d.next.has_value());
    CHECK(*d.next == finished + 23h);
    CHECK(timeutil::format_rfc3339(*d.next) == "2026-03-11T09:00:00Z");

    // due again 23 h after the snapshot, not before
    CHECK_FALSE(job_due(db, job, finished + 23h - 1s).due);
    CHECK(job_due(db, job, finished + 23h).due);

    // the next due is the earliest of the destinations
    insert(db, row_of("documents", "/mnt/a/backup", "backup", "ok", now - 1h));
    d = job_due(db, job, now);
    CHECK_FALSE(d.due);
    REQUIRE(d.next.has_value());
    CHECK(*d.next == finished + 23h);

    // a later failure on a destination does not make it due (its last snapshot still counts)
    insert(db, row_of("documents", "/mnt/b/backup", "backup", "failed", now - 30min));
    CHECK_FALSE(job_due(db, job, now).due);
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
    CHECK(entry->action == "backup.run");
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
    std::string src = f.tmp.file("src");
    std::filesystem::create_directories(src);
    test::write(src + "/a.txt", "a");
    auto job = a_job("documents", {f.a, f.b});
    job.sources = {src};
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
    auto status = job_status(f.db, job, f.ctx.now, std::chrono::hours(24 * 30));
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
        auto s = job_status(db, job, now, within);
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
        auto s = job_status(db, job, now, within);
        REQUIRE(s.size() == 2);
        CHECK(s[0].state == "ok");
        CHECK(s[1].state == "never");
    }
}
