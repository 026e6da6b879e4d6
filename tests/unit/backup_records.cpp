// The records netsec-backup prints (backup/records.hpp): field names of the vocabulary, and
// what fills them.
#include "netsec/backup/records.hpp"
#include "records_check.hpp"
#include "testutil.hpp"

#include <doctest/doctest.h>
#include <filesystem>
#include <optional>

using namespace netsec;
using namespace netsec::backup;
using netsec::test::TempDir;

namespace {

// One snapshot of `src` (holding the file f) in a new repository in `dir`.
RunResult one_snapshot(const std::string& dir, const std::string& src) {
    init_repository(dir, std::nullopt);
    std::filesystem::create_directories(src);
    netsec::test::write(src + "/f", "hello");
    Repository repo(dir, [] { return std::string(); });
    RepositoryLock lock(repo, 0, [](const std::string&) {});
    RunRequest req;
    req.paths = {src};
    req.job = "documents";
    return run_backup(repo, req);
}

} // namespace

TEST_CASE("backup records: the field tables keep the vocabulary") {
    CHECK(test::field_names(snapshot_fields()) == std::vector<std::string>{"snapshot_id", "saved_at", "job", "paths",
                                                                           "file_count", "size_bytes", "added_bytes",
                                                                           "host", "username", "full_id"});
    CHECK(test::field_names(snapshot_copies_fields()) ==
          std::vector<std::string>{"snapshot_id", "saved_at", "job", "paths", "file_count", "size_bytes", "added_bytes",
                                   "copy_count", "destinations", "host", "username", "full_id"});
    CHECK(test::field_names(run_row_fields()) == std::vector<std::string>{"job", "destination", "operation", "result",
                                                                          "snapshot_id", "file_count", "size_bytes",
                                                                          "read_bytes", "added_bytes", "duration_ms",
                                                                          "started_at", "message", "run_id"});
    CHECK(test::field_names(run_fields()) ==
          std::vector<std::string>{"job", "destination", "operation", "result", "snapshot_id", "file_count",
                                   "size_bytes", "read_bytes", "added_bytes", "duration_ms", "started_at", "message",
                                   "run_id", "saved_at", "read_file_count"});
    CHECK(test::field_names(entry_fields()) ==
          std::vector<std::string>{"path", "type", "mode", "size_bytes", "modified_at", "uid", "gid", "target"});
    CHECK(test::field_names(change_fields()) ==
          std::vector<std::string>{"change", "path", "type", "size_before_bytes", "size_after_bytes"});
    CHECK(test::field_names(backup_fields()) == std::vector<std::string>{"snapshot_id", "saved_at", "file_count",
                                                                         "read_file_count", "size_bytes",
                                                                         "added_bytes"});
    CHECK(test::field_names(destination_damage_fields()) ==
          std::vector<std::string>{"destination", "snapshot_id", "path", "problem"});
}

TEST_CASE("backup records: a --repo run's snapshot, its listing and the snapshots") {
    TempDir tmp;
    RunResult r = one_snapshot(tmp.file("repo"), tmp.file("src"));
    auto run = backup_record(r);
    REQUIRE(run.rows.size() == 1);
    CHECK(run.rows[0]["snapshot_id"] == short_id(r.snapshot.id));
    CHECK(run.rows[0]["file_count"] == 1);
    CHECK(run.rows[0]["read_file_count"] == 1);
    CHECK(run.rows[0]["size_bytes"] == 5);
    std::string saved = run.rows[0]["saved_at"];
    CHECK(saved.size() == 20); // to the second: 2026-09-01T00:00:00Z
    CHECK(saved.back() == 'Z');

    auto snaps = snapshot_records({r.snapshot});
    REQUIRE(snaps.rows.size() == 1);
    CHECK(snaps.rows[0]["job"] == "documents");
    CHECK(snaps.rows[0]["full_id"] == to_hex(r.snapshot.id));
    CHECK(snaps.rows[0]["host"] == r.snapshot.hostname);

    auto copies = snapshot_copies_records({{r.snapshot, {"/a", "/b"}}});
    CHECK(copies.rows[0]["copy_count"] == 2);
    CHECK(copies.rows[0]["destinations"] == nlohmann::ordered_json{"/a", "/b"});

    Repository repo(tmp.file("repo"), [] { return std::string(); });
    std::string file = tmp.file("src").substr(1) + "/f";
    auto entries = entry_records(repo, r.snapshot, file);
    REQUIRE(entries.rows.size() == 1);
    CHECK(entries.rows[0]["path"] == file);
    CHECK(entries.rows[0]["type"] == "file");
    CHECK(entries.rows[0]["size_bytes"] == 5);
    CHECK(entries.rows[0]["target"].is_null());
    std::string modified = entries.rows[0]["modified_at"];
    CHECK(modified.size() == 30); // with nanoseconds: 2026-09-01T00:00:00.123456789Z
    auto folder = entry_records(repo, r.snapshot, tmp.file("src").substr(1));
    REQUIRE(folder.rows.size() == 2);
    CHECK(folder.rows[0]["type"] == "dir");
    CHECK(folder.rows[0]["size_bytes"].is_null()); // a folder has no size, not 0
    CHECK(folder.rows[1]["size_bytes"] == 5);
}

TEST_CASE("backup records: a change's sizes are null where there is no file: before an addition, after a removal") {
    auto changes = change_records({{"a", "added", NodeType::file, 0, 5},
                                   {"b", "removed", NodeType::file, 7, 0},
                                   {"c", "modified", NodeType::file, 0, 3},
                                   {"d", "added", NodeType::dir, 0, 0},
                                   {"e", "modified", NodeType::symlink, 0, 0}});
    REQUIRE(changes.rows.size() == 5);
    CHECK(changes.rows[0]["size_before_bytes"].is_null());
    CHECK(changes.rows[0]["size_after_bytes"] == 5);
    CHECK(changes.rows[1]["size_before_bytes"] == 7);
    CHECK(changes.rows[1]["size_after_bytes"].is_null());
    CHECK(changes.rows[2]["size_before_bytes"] == 0); // an empty file that grew
    CHECK(changes.rows[2]["size_after_bytes"] == 3);
    for (int i : {3, 4}) {
        CHECK(changes.rows[i]["size_before_bytes"].is_null());
        CHECK(changes.rows[i]["size_after_bytes"].is_null());
    }
}

TEST_CASE("backup records: a job's rows; a missing snapshot, message or problem is null") {
    store::BackupRunRow row;
    row.id = 7;
    row.job = "documents";
    row.destination = "/mnt/usb";
    row.operation = "backup";
    row.result = "warning";
    row.files = 3;
    row.bytes_read = 10;
    row.bytes_added = 4;
    auto rows = run_row_records({row});
    CHECK(rows.rows[0]["run_id"] == 7);
    CHECK(rows.rows[0]["snapshot_id"].is_null());
    CHECK(rows.rows[0]["message"].is_null());
    CHECK(rows.rows[0]["file_count"] == 3);
    CHECK(rows.rows[0]["read_bytes"] == 10);
    CHECK(rows.rows[0]["added_bytes"] == 4);
    row.snapshot = std::string(64, 'a');
    row.message = "copied from /mnt/nas";
    rows = run_row_records({row});
    CHECK(rows.rows[0]["snapshot_id"] == "aaaaaaaa");
    CHECK(rows.rows[0]["message"] == "copied from /mnt/nas");
    row.result = "failed"; // nothing was saved, read or added: null, not 0
    row.files = row.bytes = row.bytes_read = row.bytes_added = 0;
    rows = run_row_records({row});
    for (const char* count : {"file_count", "size_bytes", "read_bytes", "added_bytes"}) {
        CAPTURE(count);
        CHECK(rows.rows[0][count].is_null());
    }
    CHECK(rows.rows[0]["result"] == "failed");

    DestinationStatus never;
    never.job = "documents";
    never.destination = "/mnt/usb";
    never.schedule = std::chrono::hours(24);
    never.state = "never";
    never.problem = "no snapshot yet";
    DestinationStatus ok = never;
    ok.state = "ok";
    ok.problem = "";
    ok.last_snapshot = row;
    ok.last_snapshot->finished_at = "2026-09-01T00:00:00Z";
    auto status = status_records({never, ok});
    CHECK(status.rows[0]["snapshot_id"].is_null());
    CHECK(status.rows[0]["snapshot_at"].is_null());
    CHECK(status.rows[0]["problem"] == "no snapshot yet");
    CHECK(status.rows[0]["schedule"] == "1d");
    CHECK(status.rows[1]["snapshot_id"] == "aaaaaaaa");
    CHECK(status.rows[1]["snapshot_at"] == "2026-09-01T00:00:00Z");
    CHECK(status.rows[1]["problem"].is_null());
}

TEST_CASE("backup records: damaged files, of one repository or named by destination; passphrase changes") {
    Damage d{"1a2b3c4d", "data/f", "a chunk is damaged"};
    auto one = damage_records({d});
    CHECK(one.rows[0] ==
          nlohmann::ordered_json{{"snapshot_id", "1a2b3c4d"}, {"path", "data/f"}, {"problem", "a chunk is damaged"}});
    auto of_jobs = destination_damage_records({{"/mnt/usb", d}});
    CHECK(of_jobs.rows[0]["destination"] == "/mnt/usb");
    CHECK(of_jobs.rows[0]["snapshot_id"] == "1a2b3c4d");

    PassphraseOutcome o;
    o.job = "documents";
    o.changes = {{"/mnt/usb", "changed", ""}, {"/mnt/nas", "failed", "'/mnt/nas' holds no repository"}};
    auto changes = passphrase_records({o});
    REQUIRE(changes.rows.size() == 2);
    CHECK(changes.rows[0]["job"] == "documents");
    CHECK(changes.rows[0]["message"].is_null());
    CHECK(changes.rows[1]["result"] == "failed");
}
