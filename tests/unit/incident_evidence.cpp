// Evidence: kept read-only with its hash, all or nothing, re-hashed, exported with SHA256SUMS.
#include "netsec/core/error.hpp"
#include "netsec/core/hash.hpp"
#include "netsec/core/paths.hpp"
#include "netsec/incident/evidence.hpp"
#include "netsec/journal/journal.hpp"
#include "netsec/store/incident_rows.hpp"
#include "netsec/store/journal_rows.hpp"
#include "school_fixture.hpp"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace netsec;
using netsec::test::incident_origin;
using netsec::test::utc;

namespace {

mode_t mode_of(const std::string& path) {
    struct stat st {};
    ::lstat(path.c_str(), &st);
    return st.st_mode & 07777;
}

const auto now = utc("2026-06-01T00:00:00Z");

} // namespace

TEST_CASE("evidence is copied read-only into a private folder with its SHA-256 and size") {
    test::School s;
    auto inc = s.open("MAL", "IV", "2026-03-01T00:00:00Z");
    test::write(s.tmp.file("a.log"), "abc");
    auto rows = incident::add_evidence(s.db, s.policy, incident_origin, inc.id, {s.tmp.file("a.log")}, now);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].name == "a.log");
    CHECK(rows[0].size == 3);
    CHECK(rows[0].sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    std::string kept = s.policy.state_dir + "/" + rows[0].stored;
    CHECK(paths::read_file(kept) == "abc");
    CHECK(mode_of(kept) == 0400);
    CHECK(mode_of(s.policy.state_dir + "/evidence/" + inc.id) == 0700);
    CHECK(store::last_journal_row(s.db)->action == "evidence.added");
}

TEST_CASE("a file given twice adds nothing") {
    test::School s;
    auto inc = s.open("MAL", "IV", "2026-03-01T00:00:00Z");
    test::write(s.tmp.file("a.log"), "abc");
    test::write(s.tmp.file("b.log"), "def");
    CHECK_THROWS_WITH_AS(incident::add_evidence(s.db, s.policy, incident_origin, inc.id,
                                                {s.tmp.file("a.log"), s.tmp.file("b.log"), s.tmp.file("./a.log")}, now),
                         doctest::Contains("is given twice"), Error);
    CHECK(store::evidence_of(s.db, inc.id).empty());
    CHECK(store::last_journal_row(s.db)->action == "incident.opened");
}

TEST_CASE("a missing file among good ones adds nothing and is exit 66") {
    test::School s;
    auto inc = s.open("MAL", "IV", "2026-03-01T00:00:00Z");
    test::write(s.tmp.file("a.log"), "abc");
    try {
        incident::add_evidence(s.db, s.policy, incident_origin, inc.id, {s.tmp.file("a.log"), s.tmp.file("gone")}, now);
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == Exit::no_input);
    }
    CHECK(store::evidence_of(s.db, inc.id).empty());
}

TEST_CASE("verify names a copy changed, missing or replaced by a symlink") {
    test::School s;
    auto inc = s.open("MAL", "IV", "2026-03-01T00:00:00Z");
    for (const char* name : {"a", "b", "c", "d"}) test::write(s.tmp.file(name), std::string("content ") + name);
    auto rows = incident::add_evidence(s.db, s.policy, incident_origin, inc.id,
                                       {s.tmp.file("a"), s.tmp.file("b"), s.tmp.file("c"), s.tmp.file("d")}, now);
    auto kept = [&](int i) { return s.policy.state_dir + "/" + rows[std::size_t(i)].stored; };
    ::chmod(kept(0).c_str(), 0600);
    test::write(kept(0), "forged");
    ::unlink(kept(1).c_str());
    ::unlink(kept(2).c_str());
    REQUIRE(::symlink(s.tmp.file("c").c_str(), kept(2).c_str()) == 0);
    auto checks = incident::verify_evidence(s.db, s.policy, incident_origin, inc.id);
    REQUIRE(checks.size() == 4);
    CHECK(checks[0].status == "changed");
    CHECK(checks[0].found_sha256 == hash::sha256_hex("forged"));
    CHECK(checks[1].status == "missing");
    CHECK(checks[2].status == "not_a_file");
    CHECK(checks[3].status == "ok");
    CHECK(store::last_journal_row(s.db)->details == R"({"checked":4,"bad":3})");
}

TEST_CASE("export writes the copies and a SHA256SUMS of them") {
    test::School s;
    auto inc = s.open("MAL", "IV", "2026-03-01T00:00:00Z");
    test::write(s.tmp.file("a.log"), "abc");
    incident::add_evidence(s.db, s.policy, incident_origin, inc.id, {s.tmp.file("a.log")}, now);
    auto written = incident::export_evidence(s.db, s.policy, incident_origin, inc.id, s.tmp.file("out"));
    CHECK(written.size() == 2);
    CHECK(paths::read_file(s.tmp.file("out/a.log")) == "abc");
    CHECK(paths::read_file(s.tmp.file("out/SHA256SUMS")) ==
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  a.log\n");
    CHECK(store::last_journal_row(s.db)->action == "evidence.exported");
}

TEST_CASE("a record whose hash was rewritten with its file is tampered: verify compares with the journal") {
    test::School s;
    auto inc = s.open("MAL", "IV", "2026-03-01T00:00:00Z");
    test::write(s.tmp.file("av.log"), "Worm.Autorun.gen on LAB-012");
    auto rows = incident::add_evidence(s.db, s.policy, incident_origin, inc.id, {s.tmp.file("av.log")}, now);
    std::string kept = s.policy.state_dir + "/" + rows[0].stored;
    ::chmod(kept.c_str(), 0600);
    test::write(kept, "nothing found");
    s.db.exec(("UPDATE evidence SET sha256 = '" + hash::sha256_hex("nothing found") + "'").c_str());
    auto checks = incident::verify_evidence(s.db, s.policy, incident_origin, inc.id);
    REQUIRE(checks.size() == 1);
    CHECK(checks[0].status == "tampered");
    CHECK(checks[0].journal_sha256 == hash::sha256_hex("Worm.Autorun.gen on LAB-012"));
    CHECK_THROWS_WITH_AS(incident::export_evidence(s.db, s.policy, incident_origin, inc.id, s.tmp.file("out")),
                         "evidence #1 ('av.log') of 'INC-2026-0001' no longer matches its hash; run 'netsec-incident "
                         "evidence verify INC-2026-0001'",
                         Error);
    CHECK_FALSE(paths::exists(s.tmp.file("out/av.log")));
}

TEST_CASE("a later journal entry for the same evidence does not bless a swapped file: the first one counts") {
    test::School s;
    auto inc = s.open("MAL", "IV", "2026-03-01T00:00:00Z");
    test::write(s.tmp.file("av.log"), "Worm.Autorun.gen on LAB-012");
    auto rows = incident::add_evidence(s.db, s.policy, incident_origin, inc.id, {s.tmp.file("av.log")}, now);
    std::string kept = s.policy.state_dir + "/" + rows[0].stored;
    ::chmod(kept.c_str(), 0600);
    test::write(kept, "nothing found");
    s.db.exec(("UPDATE evidence SET sha256 = '" + hash::sha256_hex("nothing found") + "'").c_str());
    {
        store::Transaction tx(s.db);
        journal::append(tx, incident_origin, "incident.evidence.add", inc.id,
                        {{"evidence", rows[0].id}, {"name", "av.log"}, {"sha256", hash::sha256_hex("nothing found")}});
        tx.commit();
    }
    auto checks = incident::verify_evidence(s.db, s.policy, incident_origin, inc.id);
    REQUIRE(checks.size() == 1);
    CHECK(checks[0].status == "tampered");
}

TEST_CASE("evidence journaled under the old name incident.evidence.add is verified against that entry's hash") {
    test::School s;
    auto inc = s.open("MAL", "IV", "2026-03-01T00:00:00Z");
    test::write(s.tmp.file("a.log"), "abc");
    incident::add_evidence(s.db, s.policy, incident_origin, inc.id, {s.tmp.file("a.log")}, now);
    // Kept by a netsec of before the rename: the row, the file and an incident.evidence.add entry.
    store::EvidenceRow old{0,
                           inc.id,
                           "av.log",
                           "evidence/" + inc.id + "/old-av.log",
                           hash::sha256_hex("Worm"),
                           4,
                           "alice",
                           "2026-03-02T00:00:00Z"};
    std::string kept = s.policy.state_dir + "/" + old.stored;
    test::write(kept, "Worm");
    {
        store::Transaction tx(s.db);
        old.id = store::insert_evidence(tx, old);
        journal::append(tx, incident_origin, "incident.evidence.add", inc.id,
                        {{"evidence", old.id}, {"name", old.name}, {"sha256", old.sha256}, {"size", old.size}});
        tx.commit();
    }
    auto checks = incident::verify_evidence(s.db, s.policy, incident_origin, inc.id);
    REQUIRE(checks.size() == 2);
    CHECK(checks[0].status == "ok");
    CHECK(checks[1].status == "ok");
    CHECK(checks[1].journal_sha256 == old.sha256);
    // Swapped together with its record: the old entry's hash still tells.
    test::write(kept, "nothing found");
    s.db.exec(("UPDATE evidence SET sha256 = '" + hash::sha256_hex("nothing found") +
               "' WHERE id = " + std::to_string(old.id))
                  .c_str());
    checks = incident::verify_evidence(s.db, s.policy, incident_origin, inc.id);
    CHECK(checks[0].status == "ok");
    CHECK(checks[1].status == "tampered");
    CHECK(checks[1].journal_sha256 == old.sha256);
    CHECK(journal::verify_chain(s.db).intact);
}

TEST_CASE("evidence read from /proc records the bytes copied, not st_size") {
    test::School s;
    auto inc = s.open("MAL", "IV", "2026-03-01T00:00:00Z");
    auto rows = incident::add_evidence(s.db, s.policy, incident_origin, inc.id, {"/proc/version"}, now);
    std::string kept = paths::read_file(s.policy.state_dir + "/" + rows[0].stored);
    CHECK(rows[0].size > 0);
    CHECK(rows[0].size == std::int64_t(kept.size()));
    CHECK(rows[0].sha256 == hash::sha256_hex(kept));
}

TEST_CASE("export never lets evidence take the sums file's name, and escapes names as sha256sum does") {
    test::School s;
    auto inc = s.open("MAL", "IV", "2026-03-01T00:00:00Z");
    ::mkdir(s.tmp.file("in").c_str(), 0700);
    test::write(s.tmp.file("in/SHA256SUMS"), "ORIGINAL");
    test::write(s.tmp.file("in/a\nb"), "x");
    test::write(s.tmp.file("in/c\\d"), "y");
    auto rows =
        incident::add_evidence(s.db, s.policy, incident_origin, inc.id,
                               {s.tmp.file("in/SHA256SUMS"), s.tmp.file("in/a\nb"), s.tmp.file("in/c\\d")}, now);
    auto written = incident::export_evidence(s.db, s.policy, incident_origin, inc.id, s.tmp.file("out"));
    CHECK(written.size() == 4);
    std::string renamed = std::to_string(rows[0].id) + "-SHA256SUMS";
    CHECK(paths::read_file(s.tmp.file("out/" + renamed)) == "ORIGINAL");
    CHECK(paths::read_file(s.tmp.file("out/SHA256SUMS")) == hash::sha256_hex("ORIGINAL") + "  " + renamed + "\n" +
                                                                "\\" + hash::sha256_hex("x") + "  a\\nb\n" + "\\" +
                                                                hash::sha256_hex("y") + "  c\\\\d\n");
}

TEST_CASE("export refuses a folder where a file or symlink stands at a name it would write, writing nothing") {
    test::School s;
    auto inc = s.open("MAL", "IV", "2026-03-01T00:00:00Z");
    test::write(s.tmp.file("a.log"), "abc");
    test::write(s.tmp.file("victim"), "IMPORTANT");
    incident::add_evidence(s.db, s.policy, incident_origin, inc.id, {s.tmp.file("a.log")}, now);
    ::mkdir(s.tmp.file("out").c_str(), 0755);
    REQUIRE(::symlink(s.tmp.file("victim").c_str(), s.tmp.file("out/SHA256SUMS").c_str()) == 0);
    try {
        incident::export_evidence(s.db, s.policy, incident_origin, inc.id, s.tmp.file("out"));
        FAIL("accepted");
    } catch (const Error& e) {
        CHECK(e.code() == Exit::cant_create);
    }
    CHECK(paths::read_file(s.tmp.file("victim")) == "IMPORTANT");
    CHECK_FALSE(paths::exists(s.tmp.file("out/a.log")));
}
