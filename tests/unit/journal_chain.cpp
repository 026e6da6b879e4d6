#include "netsec/core/error.hpp"
#include "netsec/core/paths.hpp"
#include "netsec/journal/heads.hpp"
#include "netsec/journal/journal.hpp"
#include "netsec/journal/policy_record.hpp"
#include "testutil.hpp"

#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace netsec;
using namespace netsec::journal;

namespace {

const Origin origin{"alice", "host1", "netsec-test"};

void add(store::Db& db, int n) {
    for (int i = 0; i < n; ++i) {
        store::Transaction tx(db);
        append(tx, origin, "test.add", "thing-" + std::to_string(i), {{"n", i}, {"名字", "张三"}});
        tx.commit();
    }
}

} // namespace

TEST_CASE("entries chain from the genesis hash, each over its fields") {
    test::TempDir tmp;
    store::Db db(tmp.file("j.db"), store::Access::read_write);
    add(db, 3);
    auto first = store::journal_row(db, 1);
    REQUIRE(first);
    CHECK(first->prev_hash == genesis_hash);
    CHECK(first->hash == entry_hash(*first));
    auto second = store::journal_row(db, 2);
    CHECK(second->prev_hash == first->hash);
    CHECK(second->details == R"({"n":1,"名字":"张三"})");
    auto v = verify_chain(db);
    CHECK(v.intact);
    CHECK(v.entries == 3);
    CHECK(v.head->seq == 3);
}

TEST_CASE("the entry hash is SHA-256 over the documented JSON array") {
    Entry e;
    e.seq = 1;
    e.time = "2026-01-01T00:00:00Z";
    e.operator_name = "a";
    e.host = "h";
    e.tool = "t";
    e.action = "x.y";
    e.subject = "s";
    e.details = "{}";
    e.prev_hash = genesis_hash;
    // printf '[1,"2026-01-01T00:00:00Z","a","h","t","x.y","s","{}","%s"]' $(printf '0%.0s' $(seq 64)) | sha256sum
    CHECK(entry_hash(e) == "68241118e005a1a01ac7aa4eb258239dad6b0dcad2b4e0335935eee40af0a170");
}

TEST_CASE("an edited entry is named") {
    test::TempDir tmp;
    store::Db db(tmp.file("j.db"), store::Access::read_write);
    add(db, 5);
    db.exec("UPDATE journal SET subject = 'forged' WHERE seq = 3");
    auto v = verify_chain(db);
    CHECK_FALSE(v.intact);
    CHECK(v.first_bad_seq == 3);
    CHECK(v.problem.find("entry 3 does not match its hash") != std::string::npos);
}

TEST_CASE("a deleted entry is named") {
    test::TempDir tmp;
    store::Db db(tmp.file("j.db"), store::Access::read_write);
    add(db, 5);
    db.exec("DELETE FROM journal WHERE seq = 2");
    auto v = verify_chain(db);
    CHECK_FALSE(v.intact);
    CHECK(v.first_bad_seq == 2);
    CHECK(v.problem.find("entry 2 is missing") != std::string::npos);
}

TEST_CASE("two swapped entries are named") {
    test::TempDir tmp;
    store::Db db(tmp.file("j.db"), store::Access::read_write);
    add(db, 5);
    // Swap the contents of entries 2 and 3, keeping their sequence numbers.
    db.exec("UPDATE journal SET seq = -2 WHERE seq = 2; UPDATE journal SET seq = 2 WHERE seq = 3;"
            "UPDATE journal SET seq = 3 WHERE seq = -2");
    auto v = verify_chain(db);
    CHECK_FALSE(v.intact);
    CHECK(v.first_bad_seq == 2);
}

TEST_CASE("a rewritten chain no longer extends a head written down earlier") {
    test::TempDir tmp;
    store::Db db(tmp.file("j.db"), store::Access::read_write);
    add(db, 3);
    Head written = *head(db);
    add(db, 2);
    CHECK(verify_chain(db, written).intact);
    // Rewrite everything from entry 3 on, recomputing hashes, as a forger with the database would.
    db.exec("DELETE FROM journal WHERE seq >= 3");
    {
        store::Transaction tx(db);
        append(tx, origin, "test.add", "other", {});
        tx.commit();
    }
    CHECK(verify_chain(db).intact);
    auto v = verify_chain(db, written);
    CHECK_FALSE(v.intact);
    CHECK(v.first_bad_seq == 3);
    CHECK(v.problem.find("rewritten") != std::string::npos);
}

TEST_CASE("a chain cut short before a head written down is caught") {
    test::TempDir tmp;
    store::Db db(tmp.file("j.db"), store::Access::read_write);
    add(db, 4);
    Head written = *head(db);
    db.exec("DELETE FROM journal WHERE seq = 4");
    auto v = verify_chain(db, written);
    CHECK_FALSE(v.intact);
    CHECK(v.problem.find("ends before entry 4") != std::string::npos);
}

TEST_CASE("heads read back as SEQ:HASH and bad ones are usage errors") {
    Head h = parse_head("12:" + std::string(64, 'A'));
    CHECK(h.seq == 12);
    CHECK(h.hash == std::string(64, 'a'));
    CHECK(format_head(h) == "12:" + std::string(64, 'a'));
    for (const std::string& bad : std::vector<std::string>{"", "12", ":abc", "x:" + std::string(64, 'a'),
                                                           "0:" + std::string(64, 'a'), "3:abc"}) {
        CAPTURE(bad);
        CHECK_THROWS_WITH_AS(
            parse_head(bad),
            ("invalid head '" + bad + "': expected SEQ:HASH as 'netsec-journal head' prints it").c_str(), Error);
    }
}

TEST_CASE("an entry not committed leaves the journal as it was") {
    test::TempDir tmp;
    store::Db db(tmp.file("j.db"), store::Access::read_write);
    add(db, 1);
    {
        store::Transaction tx(db);
        append(tx, origin, "test.add", "never", {});
    }
    CHECK(head(db)->seq == 1);
    CHECK(verify_chain(db).intact);
}

TEST_CASE("processes appending at once keep one unbroken chain") {
    test::TempDir tmp;
    std::string file = tmp.file("j.db");
    { store::Db db(file, store::Access::read_write); }
    std::vector<pid_t> children;
    for (int p = 0; p < 4; ++p) {
        pid_t pid = ::fork();
        if (pid == 0) {
            store::Db db(file, store::Access::read_write);
            add(db, 25);
            ::_exit(0);
        }
        children.push_back(pid);
    }
    for (pid_t pid : children) {
        int status = 0;
        ::waitpid(pid, &status, 0);
        CHECK(WEXITSTATUS(status) == 0);
    }
    store::Db db(file, store::Access::read_write);
    auto v = verify_chain(db);
    CHECK(v.intact);
    CHECK(v.entries == 100);
}

TEST_CASE("a changed policy is journaled once with its new hash") {
    test::TempDir tmp;
    store::Db db(tmp.file("j.db"), store::Access::read_write);
    policy::Policy p = policy::parse_policy(test::minimal_policy(), tmp.file("p.yaml"));
    record_policy(db, origin, p, PolicyEvent::init);
    CHECK_FALSE(record_policy_if_changed(db, origin, p));
    policy::Policy changed = policy::parse_policy(test::minimal_policy("state_dir: other\n"), tmp.file("p.yaml"));
    CHECK(record_policy_if_changed(db, origin, changed));
    CHECK_FALSE(record_policy_if_changed(db, origin, changed));
    auto last = store::last_journal_row(db);
    CHECK(last->action == "policy.changed");
    CHECK(last->details.find(changed.sha256) != std::string::npos);
    CHECK(last->details.find(p.sha256) != std::string::npos); // previous_sha256
}

TEST_CASE("heads recorded in the heads file read back, the newest by sequence number") {
    test::TempDir tmp;
    store::Db db(tmp.file("j.db"), store::Access::read_write);
    std::string file = tmp.file("heads");
    CHECK_FALSE(newest_recorded_head(file));
    add(db, 2);
    Head first = *head(db);
    record_head(file, first, timeutil::parse_time("2026-03-01T00:00:00Z", "UTC"));
    add(db, 3);
    Head second = *head(db);
    record_head(file, second, timeutil::parse_time("2026-03-02T00:00:00Z", "UTC"));
    CHECK(paths::read_file(file) ==
          format_head(first) + " 2026-03-01T00:00:00Z\n" + format_head(second) + " 2026-03-02T00:00:00Z\n");
    auto newest = newest_recorded_head(file);
    REQUIRE(newest);
    CHECK(newest->head.seq == 5);
    CHECK(newest->line == 2);
    CHECK(newest->time == "2026-03-02T00:00:00Z");
}

TEST_CASE("a whole chain rewritten consistently is caught against the heads file") {
    test::TempDir tmp;
    store::Db db(tmp.file("j.db"), store::Access::read_write);
    add(db, 3);
    record_head(tmp.file("heads"), *head(db), timeutil::parse_time("2026-03-01T00:00:00Z", "UTC"));
    // The forger rewrites every entry with recomputed hashes: the chain alone is intact.
    db.exec("DELETE FROM journal");
    {
        store::Transaction tx(db);
        for (int i = 0; i < 4; ++i) append(tx, origin, "test.add", "forged", {});
        tx.commit();
    }
    CHECK(verify_chain(db).intact);
    auto v = verify_chain(db, std::vector<Head>{newest_recorded_head(tmp.file("heads"))->head});
    CHECK_FALSE(v.intact);
    CHECK(v.first_bad_seq == 3);
    CHECK(v.problem.find("rewritten") != std::string::npos);
}

TEST_CASE("a heads file line that is not SEQ:HASH TIME is bad data naming file and line") {
    test::TempDir tmp;
    test::write(tmp.file("heads"), "1:" + std::string(64, 'a') + " 2026-03-01T00:00:00Z\nforged\n");
    try {
        newest_recorded_head(tmp.file("heads"));
        FAIL("accepted");
    } catch (const Error& e) {
        CHECK(e.code() == Exit::data);
        CHECK(std::string(e.what()).find(tmp.file("heads") + ":2:") != std::string::npos);
    }
}

TEST_CASE("the head is never recorded through a symlink at the heads file") {
    test::TempDir tmp;
    store::Db db(tmp.file("j.db"), store::Access::read_write);
    add(db, 1);
    test::write(tmp.file("victim"), "IMPORTANT");
    REQUIRE(::symlink(tmp.file("victim").c_str(), tmp.file("heads").c_str()) == 0);
    CHECK_THROWS_WITH_AS(
        record_head(tmp.file("heads"), *head(db), timeutil::now()),
        ("cannot write the heads file '" + tmp.file("heads") + "': Too many levels of symbolic links").c_str(), Error);
    CHECK(paths::read_file(tmp.file("victim")) == "IMPORTANT");
}
