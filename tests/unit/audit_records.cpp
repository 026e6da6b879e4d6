// The record checks, each both ways, and not_applicable where their records do not exist.
#include "netsec/core/hash.hpp"
#include "netsec/incident/evidence.hpp"
#include "netsec/incident/incident.hpp"
#include "netsec/journal/heads.hpp"
#include "netsec/store/account_rows.hpp"
#include "netsec/store/backup_rows.hpp"
#include "school_fixture.hpp"

#include <doctest/doctest.h>

using namespace netsec;
using test::status_of;
using test::utc;

namespace {

store::AccountRow account(const std::string& user, const std::string& kind = "staff") {
    store::AccountRow a;
    a.username = user;
    a.full_name = user;
    a.kind = kind;
    a.level = "teacher";
    a.uid_number = 10000 + std::int64_t(std::hash<std::string>{}(user) % 1000);
    a.gid_number = a.uid_number;
    a.created_at = "2026-05-01T00:00:00Z";
    a.updated_at = a.created_at;
    return a;
}

void add(store::Db& db, const store::AccountRow& a, const std::string& hash = "") {
    store::Transaction tx(db);
    store::insert_account(tx, a);
    if (!hash.empty()) store::set_account_hash(tx, a.username, hash, a.issued_at.empty() ? a.created_at : a.issued_at);
    tx.commit();
}

} // namespace

TEST_CASE("ORG-0001 passes with a head, members and officers, and fails without members") {
    test::School good;
    auto f = good.check("ORG-0001");
    REQUIRE(f.size() == 1);
    CHECK(f[0].status == "pass");
    CHECK(f[0].subject == "organization");
    test::School bad("", "");
    f = bad.check("ORG-0001");
    CHECK(f[0].status == "fail");
    CHECK(f[0].detail.find("no members") != std::string::npos);
}

TEST_CASE("REG-0001 passes a present, pinned, reviewed document and names each problem") {
    test::School s;
    std::string sha = hash::sha256_file_hex(s.tmp.file("regulations/plan.md"));
    test::write(s.tmp.file("policy.yaml"),
                paths::read_file(s.tmp.file("policy.yaml")) +
                    "  - {id: pinned, title: 制度, document: regulations/plan.md, sha256: " + sha +
                    ", reviewed: 2026-01-01}\n"
                    "  - {id: missing, title: 缺失, document: regulations/none.md, "
                    "reviewed: 2026-01-01}\n"
                    "  - {id: old, title: 过期, document: regulations/plan.md, "
                    "reviewed: 2024-01-01}\n"
                    "  - {id: never, title: 未修订, document: regulations/plan.md}\n");
    s.reload();
    auto f = s.check("REG-0001");
    CHECK(status_of(f, "virus-emergency-plan") == "pass");
    CHECK(status_of(f, "pinned") == "pass");
    CHECK(status_of(f, "missing") == "fail");
    CHECK(status_of(f, "old") == "fail");
    CHECK(status_of(f, "never") == "fail");
    test::write(s.tmp.file("regulations/plan.md"), "edited\n");
    f = s.check("REG-0001");
    CHECK(status_of(f, "pinned") == "fail");
    CHECK(status_of(f, "virus-emergency-plan") == "pass"); // not pinned
}

TEST_CASE("checks whose records come from tools not built yet are not_applicable, never pass") {
    test::School s;
    for (const char* id : {"FIL-0001", "FIL-0002", "AV-0001", "DUTY-0001", "TRN-0001", "BKP-0001"}) { // BKP: no jobs
        auto f = s.check(id);
        REQUIRE(f.size() == 1);
        CHECK_MESSAGE(f[0].status == "not_applicable", id);
        CHECK(!f[0].detail.empty());
    }
}

namespace {

// A backup run row of job "docs" as netsec-backup records it.
void backup_row(store::Db& db, const std::string& dest, const std::string& operation, const std::string& at,
                const std::string& result = "ok", bool read_data = true) {
    store::BackupRunRow r;
    r.job = "docs";
    r.destination = dest;
    r.operation = operation;
    r.read_data = read_data;
    r.started_at = r.finished_at = at;
    r.result = result;
    r.snapshot = std::string(64, 'a');
    r.operator_name = "alice";
    r.host = "host1";
    store::Transaction tx(db);
    store::insert_backup_run(tx, r);
    tx.commit();
}

} // namespace

TEST_CASE("BKP-0001 fails jobs never run, passes both destinations current, verified and drilled") {
    test::School s("backup:\n  jobs:\n    - {name: docs, sources: [docs], destinations: [usb, nas]}\n");
    REQUIRE(s.policy.backup.jobs.size() == 1);
    std::string usb = s.policy.backup.jobs[0].destinations[0], nas = s.policy.backup.jobs[0].destinations[1];
    auto f = s.check("BKP-0001");
    REQUIRE(f.size() == 3);
    CHECK(status_of(f, "docs:" + usb) == "fail");
    CHECK(status_of(f, "docs:" + nas) == "fail");
    CHECK(status_of(f, "docs:restore_drill") == "fail");

    backup_row(s.db, usb, "backup", "2026-05-31T18:00:00Z");
    backup_row(s.db, nas, "copy", "2026-05-31T18:01:00Z");
    backup_row(s.db, usb, "verify", "2026-05-20T00:00:00Z");
    backup_row(s.db, nas, "verify", "2026-05-20T00:00:00Z");
    backup_row(s.db, usb, "restore", "2026-01-10T00:00:00Z");
    f = s.check("BKP-0001");
    for (const auto& x : f) CHECK_MESSAGE(x.status == "pass", std::string(x.subject + ": " + x.detail));

    SUBCASE("a snapshot older than the schedule is stale") {
        f = s.check("BKP-0001", "2026-06-03T00:00:00Z");
        CHECK(status_of(f, "docs:" + usb) == "fail");
    }
    SUBCASE("a failed copy into the second destination fails it") {
        backup_row(s.db, nas, "copy", "2026-05-31T23:00:00Z", "failed");
        f = s.check("BKP-0001");
        CHECK(status_of(f, "docs:" + usb) == "pass");
        CHECK(status_of(f, "docs:" + nas) == "fail");
    }
    SUBCASE("no verification within thresholds.backup_verify_within") {
        f = s.check("BKP-0001", "2026-06-25T00:00:00Z");
        CHECK(status_of(f, "docs:" + usb) == "fail");
    }
    SUBCASE("a restore drill older than a year") {
        f = s.check("BKP-0001", "2027-01-11T00:00:00Z");
        CHECK(status_of(f, "docs:restore_drill") == "fail");
    }
}

TEST_CASE("ACCT-0101 is not_applicable on an empty registry, passes fresh accounts, fails stale, leavers, "
          "ownerless") {
    test::School s;
    CHECK(s.check("ACCT-0101")[0].status == "not_applicable");
    auto fresh = account("fresh");
    fresh.last_seen_at = "2026-05-30T00:00:00Z";
    add(s.db, fresh);
    auto f = s.check("ACCT-0101");
    REQUIRE(f.size() == 1);
    CHECK(f[0].status == "pass");
    CHECK(f[0].detail.find("none of a leaver") != std::string::npos);
    CHECK(s.check("ACCT-0103")[0].status == "pass");
    CHECK(s.check("ACCT-0104")[0].status == "pass");
    auto stale = account("stale");
    stale.created_at = "2025-01-01T00:00:00Z";
    stale.last_seen_at = "2025-06-01T00:00:00Z";
    add(s.db, stale);
    auto leaver = account("leaver");
    leaver.left_at = "2026-04-01T00:00:00Z";
    add(s.db, leaver);
    add(s.db, account("svc", "service"));
    auto gone = account("gone");
    gone.status = "disabled";
    gone.created_at = "2020-01-01T00:00:00Z";
    add(s.db, gone);
    f = s.check("ACCT-0101");
    CHECK(status_of(f, "stale") == "fail");
    CHECK(status_of(f, "leaver") == "fail");
    CHECK(status_of(f, "svc") == "fail");
    CHECK(status_of(f, "fresh") == "");
    CHECK(status_of(f, "gone") == "");
    CHECK(status_of(f, "accounts") == "");
    for (const auto& x : f) CHECK(x.severity == audit::Severity::medium); // account::check_severity's
}

TEST_CASE("ACCT-0102 passes changed yescrypt passwords and fails unchanged, old and non-yescrypt ones") {
    test::School s;
    CHECK(s.check("ACCT-0102")[0].status == "not_applicable");
    auto good = account("good");
    good.issued_at = "2026-05-01T00:00:00Z";
    add(s.db, good, "$y$j9T$salt$hash");
    {
        auto changed = *store::find_account(s.db, "good");
        changed.password_set_at = "2026-05-03T00:00:00Z";
        store::Transaction tx(s.db);
        store::update_account(tx, changed);
        tx.commit();
    }
    CHECK(s.check("ACCT-0102")[0].status == "pass");
    auto unchanged = account("unchanged");
    unchanged.issued_at = "2026-05-01T00:00:00Z";
    add(s.db, unchanged, "$y$j9T$salt$hash");
    auto md5 = account("md5");
    md5.issued_at = "2026-05-30T00:00:00Z";
    add(s.db, md5, "$1$salt$hash");
    auto old = account("old");
    old.issued_at = "2025-01-01T00:00:00Z";
    add(s.db, old, "$y$j9T$salt$hash");
    auto f = s.check("ACCT-0102");
    CHECK(status_of(f, "good") == "");
    CHECK(status_of(f, "unchanged") == "fail");
    CHECK(status_of(f, "md5") == "fail");
    CHECK(status_of(f, "old") == "fail");
    CHECK(status_of(f, "accounts") == "");
}

TEST_CASE("INC-0001 passes an empty register and fails an overdue incident and changed evidence") {
    test::School s;
    auto f = s.check("INC-0001");
    CHECK(f[0].status == "pass");
    incident::OpenRequest req;
    req.category = "MAL";
    req.grade = "IV";
    req.title = "virus";
    req.discovered_at = utc("2026-05-31T00:00:00Z");
    auto inc = incident::open_incident(s.db, s.policy, test::audit_origin, req, utc("2026-05-31T00:00:00Z"));
    CHECK(s.check("INC-0001", "2026-05-31T01:00:00Z")[0].status == "pass");
    f = s.check("INC-0001", "2026-06-01T00:00:00Z");
    CHECK(status_of(f, inc.id + "/report") == "fail");
    test::write(s.tmp.file("orig.log"), "original\n");
    auto ev = incident::add_evidence(s.db, s.policy, test::audit_origin, inc.id, {s.tmp.file("orig.log")},
                                     utc("2026-05-31T00:30:00Z"));
    std::string stored = s.policy.state_dir + "/" + ev[0].stored;
    ::chmod(stored.c_str(), 0600);
    test::write(stored, "tampered\n");
    f = s.check("INC-0001", "2026-05-31T01:00:00Z");
    CHECK(status_of(f, inc.id + "#" + std::to_string(ev[0].id)) == "fail");
}

TEST_CASE("INC-0001 fails evidence whose file and record were swapped together, against the journal's hash") {
    test::School s;
    incident::OpenRequest req;
    req.category = "MAL";
    req.grade = "IV";
    req.title = "virus";
    req.discovered_at = utc("2026-05-31T00:00:00Z");
    auto inc = incident::open_incident(s.db, s.policy, test::audit_origin, req, utc("2026-05-31T00:00:00Z"));
    test::write(s.tmp.file("orig.log"), "Worm.Autorun.gen on LAB-012\n");
    auto ev = incident::add_evidence(s.db, s.policy, test::audit_origin, inc.id, {s.tmp.file("orig.log")},
                                     utc("2026-05-31T00:30:00Z"));
    std::string stored = s.policy.state_dir + "/" + ev[0].stored;
    ::chmod(stored.c_str(), 0600);
    test::write(stored, "nothing found\n");
    s.db.exec(("UPDATE evidence SET sha256 = '" + hash::sha256_hex("nothing found\n") + "'").c_str());
    auto f = s.check("INC-0001", "2026-05-31T01:00:00Z");
    std::string subject = inc.id + "#" + std::to_string(ev[0].id);
    CHECK(status_of(f, subject) == "fail");
    for (const auto& x : f)
        if (x.subject == subject)
            CHECK(x.detail.find(hash::sha256_hex("Worm.Autorun.gen on LAB-012\n")) != std::string::npos);
}

TEST_CASE("INC-0002 passes a present plan, leaves the drill manual, and fails without a plan") {
    test::School s;
    auto f = s.check("INC-0002");
    CHECK(status_of(f, "plan") == "pass");
    CHECK(status_of(f, "drill") == "manual");
    std::filesystem::remove(s.tmp.file("regulations/plan.md"));
    CHECK(status_of(s.check("INC-0002"), "plan") == "fail");
}

TEST_CASE("JRNL-0001 passes an intact chain and private records, and fails an edited entry or open modes") {
    test::School s;
    auto f = s.check("JRNL-0001");
    CHECK(status_of(f, "journal") == "pass");
    CHECK(status_of(f, "state_dir") == "pass");
    CHECK(status_of(f, "database") == "pass");
    ::chmod(s.policy.state_dir.c_str(), 0755);
    ::chmod(s.db.file().c_str(), 0644);
    f = s.check("JRNL-0001");
    CHECK(status_of(f, "state_dir") == "fail");
    CHECK(status_of(f, "database") == "fail");
    s.db.exec("UPDATE journal SET subject = 'forged' WHERE seq = 1");
    f = s.check("JRNL-0001");
    CHECK(status_of(f, "journal") == "fail");
}

TEST_CASE("JRNL-0001 checks against the newest head of the heads file and names it; a rewritten chain fails") {
    test::School s;
    s.policy.journal.heads_file = s.tmp.file("heads");
    auto f = s.check("JRNL-0001");
    CHECK(status_of(f, "journal") == "pass");
    auto h = journal::head(s.db);
    REQUIRE(h);
    journal::record_head(s.policy.journal.heads_file, *h, utc("2026-06-01T00:00:00Z"));
    f = s.check("JRNL-0001");
    CHECK(status_of(f, "journal") == "pass");
    for (const auto& x : f)
        if (x.subject == "journal")
            CHECK(x.detail.find("head " + journal::format_head(*h) + " recorded at") != std::string::npos);
    // A consistent rewrite of the whole chain: every entry replaced, every hash recomputed.
    s.db.exec("DELETE FROM journal; DELETE FROM audit_findings; DELETE FROM audit_runs");
    {
        store::Transaction tx(s.db);
        for (std::int64_t i = 0; i < h->seq + 1; ++i) journal::append(tx, test::audit_origin, "test.forged", "x", {});
        tx.commit();
    }
    CHECK(journal::verify_chain(s.db).intact);
    f = s.check("JRNL-0001");
    CHECK(status_of(f, "journal") == "fail");
}
