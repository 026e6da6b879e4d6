#include "netsec/store/backup_rows.hpp"
#include "netsec/store/db.hpp"
#include "testutil.hpp"

#include <doctest/doctest.h>

using namespace netsec;
using namespace netsec::store;

namespace {

BackupRunRow a_row(const std::string& job, const std::string& dest, const std::string& operation,
                   const std::string& result, const std::string& finished) {
    BackupRunRow r;
    r.job = job;
    r.destination = dest;
    r.operation = operation;
    r.result = result;
    r.started_at = r.finished_at = finished;
    r.operator_name = "alice";
    r.host = "host1";
    return r;
}

std::int64_t insert(Db& db, const BackupRunRow& r) {
    Transaction tx(db);
    auto id = insert_backup_run(tx, r);
    tx.commit();
    return id;
}

} // namespace

TEST_CASE("backup runs: inserted rows read back with every field") {
    test::TempDir tmp;
    Db db(tmp.file("netsec.db"), Access::read_write);
    BackupRunRow r = a_row("documents", "/mnt/a", "verify", "warning", "2026-03-01T02:00:05Z");
    r.started_at = "2026-03-01T02:00:00Z";
    r.read_data = true;
    r.snapshot = std::string(64, 'a');
    r.files = 12;
    r.bytes = 3456;
    r.bytes_read = 789;
    r.bytes_added = 10;
    r.duration_ms = 5000;
    r.message = "2 entries could not be read：文件";
    auto id = insert(db, r);
    CHECK(id > 0);
    auto rows = list_backup_runs(db);
    REQUIRE(rows.size() == 1);
    const auto& b = rows[0];
    CHECK(b.id == id);
    CHECK(b.job == "documents");
    CHECK(b.destination == "/mnt/a");
    CHECK(b.operation == "verify");
    CHECK(b.read_data);
    CHECK(b.started_at == "2026-03-01T02:00:00Z");
    CHECK(b.finished_at == "2026-03-01T02:00:05Z");
    CHECK(b.result == "warning");
    CHECK(b.snapshot == std::string(64, 'a'));
    CHECK(b.files == 12);
    CHECK(b.bytes == 3456);
    CHECK(b.bytes_read == 789);
    CHECK(b.bytes_added == 10);
    CHECK(b.duration_ms == 5000);
    CHECK(b.message == r.message);
    CHECK(b.operator_name == "alice");
    CHECK(b.host == "host1");
}

TEST_CASE("backup runs: the table refuses an unknown operation or result") {
    test::TempDir tmp;
    Db db(tmp.file("netsec.db"), Access::read_write);
    CHECK_THROWS(insert(db, a_row("j", "/d", "snapshot", "ok", "2026-03-01T00:00:00Z")));
    CHECK_THROWS(insert(db, a_row("j", "/d", "backup", "fine", "2026-03-01T00:00:00Z")));
    CHECK(list_backup_runs(db).empty());
}

TEST_CASE("backup runs: listed oldest first, filtered by job and operation, limited to the newest") {
    test::TempDir tmp;
    Db db(tmp.file("netsec.db"), Access::read_write);
    std::vector<std::int64_t> ids;
    ids.push_back(insert(db, a_row("docs", "/a", "backup", "ok", "2026-03-01T02:00:00Z")));     // 0
    ids.push_back(insert(db, a_row("docs", "/b", "copy", "ok", "2026-03-01T02:01:00Z")));       // 1
    ids.push_back(insert(db, a_row("site", "/a", "backup", "ok", "2026-03-01T03:00:00Z")));     // 2
    ids.push_back(insert(db, a_row("docs", "/a", "verify", "ok", "2026-03-01T04:00:00Z")));     // 3
    ids.push_back(insert(db, a_row("docs", "/a", "backup", "failed", "2026-03-02T02:00:00Z"))); // 4
    ids.push_back(insert(db, a_row("site", "/b", "prune", "ok", "2026-03-02T05:00:00Z")));      // 5

    auto all = list_backup_runs(db);
    REQUIRE(all.size() == 6);
    for (std::size_t i = 0; i < all.size(); ++i) CHECK(all[i].id == ids[i]);

    auto docs = list_backup_runs(db, "docs");
    REQUIRE(docs.size() == 4);
    CHECK(docs[0].id == ids[0]);
    CHECK(docs[1].id == ids[1]);
    CHECK(docs[2].id == ids[3]);
    CHECK(docs[3].id == ids[4]);

    auto backups = list_backup_runs(db, "", "backup");
    REQUIRE(backups.size() == 3);
    CHECK(backups[0].id == ids[0]);
    CHECK(backups[1].id == ids[2]);
    CHECK(backups[2].id == ids[4]);

    auto docs_backups = list_backup_runs(db, "docs", "backup");
    REQUIRE(docs_backups.size() == 2);
    CHECK(docs_backups[0].id == ids[0]);
    CHECK(docs_backups[1].id == ids[4]);

    // "snapshot" is no operation of its own in the list
    CHECK(list_backup_runs(db, "docs", "snapshot").empty());
    CHECK(list_backup_runs(db, "nobody").empty());

    auto newest2 = list_backup_runs(db, "", "", 2);
    REQUIRE(newest2.size() == 2);
    CHECK(newest2[0].id == ids[4]); // still oldest first
    CHECK(newest2[1].id == ids[5]);

    auto docs_newest3 = list_backup_runs(db, "docs", "", 3);
    REQUIRE(docs_newest3.size() == 3);
    CHECK(docs_newest3[0].id == ids[1]);
    CHECK(docs_newest3[2].id == ids[4]);

    CHECK(list_backup_runs(db, "", "", 100).size() == 6);
    CHECK(list_backup_runs(db, "", "", 0).size() == 6);
}

TEST_CASE("backup runs: the last run, 'snapshot' meaning a backup or a copy, succeeded or not") {
    test::TempDir tmp;
    Db db(tmp.file("netsec.db"), Access::read_write);
    CHECK_FALSE(last_backup_run(db, "docs", "/a", "snapshot", false).has_value());

    auto backup_a = insert(db, a_row("docs", "/a", "backup", "ok", "2026-03-01T02:00:00Z"));
    auto copy_b = insert(db, a_row("docs", "/b", "copy", "ok", "2026-03-01T02:01:00Z"));
    auto verify_a = insert(db, a_row("docs", "/a", "verify", "ok", "2026-03-01T04:00:00Z"));
    auto other_job = insert(db, a_row("site", "/a", "backup", "ok", "2026-03-01T05:00:00Z"));

    auto s = last_backup_run(db, "docs", "/a", "snapshot", true);
    REQUIRE(s);
    CHECK(s->id == backup_a); // not the newer verify, nor the other job's backup
    auto c = last_backup_run(db, "docs", "/b", "snapshot", true);
    REQUIRE(c);
    CHECK(c->id == copy_b);
    CHECK(c->operation == "copy");
    CHECK_FALSE(last_backup_run(db, "docs", "/b", "backup", false).has_value()); // only a copy there
    REQUIRE(last_backup_run(db, "docs", "/b", "copy", false));
    REQUIRE(last_backup_run(db, "docs", "/a", "verify", true));
    CHECK(last_backup_run(db, "docs", "/a", "verify", true)->id == verify_a);
    CHECK(last_backup_run(db, "site", "/a", "snapshot", true)->id == other_job);
    CHECK_FALSE(last_backup_run(db, "docs", "/c", "snapshot", false).has_value());

    // a failed run is the last attempt, not the last success
    auto failed_a = insert(db, a_row("docs", "/a", "backup", "failed", "2026-03-02T02:00:00Z"));
    CHECK(last_backup_run(db, "docs", "/a", "snapshot", false)->id == failed_a);
    CHECK(last_backup_run(db, "docs", "/a", "snapshot", true)->id == backup_a);
    CHECK(last_backup_run(db, "docs", "/a", "backup", true)->id == backup_a);

    // a warning counts as succeeded
    auto warning_a = insert(db, a_row("docs", "/a", "backup", "warning", "2026-03-03T02:00:00Z"));
    CHECK(last_backup_run(db, "docs", "/a", "snapshot", true)->id == warning_a);
    CHECK(last_backup_run(db, "docs", "/a", "snapshot", false)->id == warning_a);

    // a failed copy: a copy is a snapshot too
    auto failed_copy = insert(db, a_row("docs", "/a", "copy", "failed", "2026-03-04T02:00:00Z"));
    CHECK(last_backup_run(db, "docs", "/a", "snapshot", false)->id == failed_copy);
    CHECK(last_backup_run(db, "docs", "/a", "snapshot", true)->id == warning_a);

    // a failed verification is not the last verification that passed
    insert(db, a_row("docs", "/a", "verify", "failed", "2026-03-05T02:00:00Z"));
    CHECK(last_backup_run(db, "docs", "/a", "verify", true)->id == verify_a);
}

TEST_CASE("backup runs: the latest of a job, one row per destination, operation and outcome") {
    test::TempDir tmp;
    Db db(tmp.file("netsec.db"), Access::read_write);
    CHECK(latest_backup_runs(db, "docs").empty());

    insert(db, a_row("docs", "/a", "backup", "ok", "2026-03-01T02:00:00Z"));
    auto copy_b = insert(db, a_row("docs", "/b", "copy", "ok", "2026-03-01T02:01:00Z"));
    auto backup_a = insert(db, a_row("docs", "/a", "backup", "warning", "2026-03-02T02:00:00Z")); // replaces the first
    auto failed_a = insert(db, a_row("docs", "/a", "backup", "failed", "2026-03-03T02:00:00Z"));
    auto failed_b = insert(db, a_row("docs", "/b", "copy", "failed", "2026-03-03T02:01:00Z"));
    insert(db, a_row("docs", "/a", "verify", "failed", "2026-03-03T03:00:00Z"));
    auto verify_a = insert(db, a_row("docs", "/a", "verify", "ok", "2026-03-03T04:00:00Z"));
    auto verify_failed_a = insert(db, a_row("docs", "/a", "verify", "failed", "2026-03-03T05:00:00Z"));
    auto restore_b = insert(db, a_row("docs", "/b", "restore", "ok", "2026-03-04T02:00:00Z"));
    insert(db, a_row("site", "/a", "backup", "ok", "2026-03-05T02:00:00Z")); // another job

    auto rows = latest_backup_runs(db, "docs");
    std::vector<std::int64_t> ids;
    for (const auto& r : rows) ids.push_back(r.id);
    CHECK(ids == std::vector<std::int64_t>{copy_b, backup_a, failed_a, failed_b, verify_a, verify_failed_a, restore_b});
    for (const auto& r : rows) CHECK(r.job == "docs");
    REQUIRE(rows.size() == 7);
    CHECK(rows[1].result == "warning");
    CHECK(rows[1].finished_at == "2026-03-02T02:00:00Z");
    CHECK(latest_backup_runs(db, "site").size() == 1);
    CHECK(latest_backup_runs(db, "nobody").empty());
}

TEST_CASE("backup runs: a read-only database written before the table existed reads as having none") {
    test::TempDir tmp;
    std::string file = tmp.file("netsec.db");
    {
        Db db(file, Access::read_write);
        insert(db, a_row("docs", "/a", "backup", "ok", "2026-03-01T02:00:00Z"));
        // as written by a version before migration 5 (backup runs)
        db.exec("DROP TABLE backup_runs; DELETE FROM schema_migrations WHERE version >= 5");
    }
    Db db(file, Access::read_only);
    CHECK_FALSE(table_exists(db, "backup_runs"));
    CHECK(list_backup_runs(db).empty());
    CHECK(list_backup_runs(db, "docs", "backup", 5).empty());
    CHECK_FALSE(last_backup_run(db, "docs", "/a", "snapshot", false).has_value());
    CHECK_FALSE(last_backup_run(db, "docs", "/a", "backup", true).has_value());
    CHECK(latest_backup_runs(db, "docs").empty());
}
