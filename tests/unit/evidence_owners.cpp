// The one evidence mechanism for every register: files and bytes kept per owner, verified
// against the journal, never mixed between owners.
#include "netsec/core/error.hpp"
#include "netsec/core/hash.hpp"
#include "netsec/core/paths.hpp"
#include "netsec/evidence/evidence.hpp"
#include "netsec/incident/evidence.hpp"
#include "netsec/store/evidence_rows.hpp"
#include "school_fixture.hpp"
#include "testutil.hpp"

#include <doctest/doctest.h>
#include <sys/stat.h>

using namespace netsec;
using netsec::test::incident_origin;
using netsec::test::utc;

namespace {
const auto now = utc("2026-12-07T08:00:00Z");

mode_t mode_of(const std::string& path) {
    struct stat st {};
    ::lstat(path.c_str(), &st);
    return st.st_mode & 07777;
}
} // namespace

TEST_CASE("bytes are kept read-only for their owner in the caller's transaction") {
    test::School s;
    store::EvidenceRow row;
    {
        store::Transaction tx(s.db);
        evidence::Written written;
        row = evidence::add_bytes(tx, s.policy, incident_origin, "PAT-1", "page.html.zst", "compressed page", now,
                                  written);
        tx.commit();
        written.keep();
    }
    CHECK(row.owner == "PAT-1");
    CHECK(row.sha256 == hash::sha256_hex("compressed page"));
    std::string file = s.policy.state_dir + "/" + row.stored;
    CHECK(paths::read_file(file, 1024) == "compressed page");
    CHECK(mode_of(file) == 0400);
    auto checks = evidence::verify(s.db, s.policy, incident_origin, "PAT-1");
    REQUIRE(checks.size() == 1);
    CHECK(checks[0].status == "ok");
}

TEST_CASE("bytes of a transaction rolled back leave no file behind") {
    test::School s;
    std::string file;
    {
        store::Transaction tx(s.db);
        evidence::Written written;
        auto row = evidence::add_bytes(tx, s.policy, incident_origin, "PAT-2", "page.html", "x", now, written);
        file = s.policy.state_dir + "/" + row.stored;
        CHECK(paths::exists(file));
        // no commit: the caller failed after keeping the page
    }
    CHECK_FALSE(paths::exists(file));
    CHECK(store::evidence_of(s.db, "PAT-2").empty());
}

TEST_CASE("the same content twice for one owner is refused; another owner may keep it") {
    test::School s;
    store::Transaction tx(s.db);
    evidence::Written written;
    evidence::add_bytes(tx, s.policy, incident_origin, "FIL-1", "cert.pdf", "scan", now, written);
    CHECK_THROWS_AS(evidence::add_bytes(tx, s.policy, incident_origin, "FIL-1", "again.pdf", "scan", now, written),
                    Error);
    evidence::add_bytes(tx, s.policy, incident_origin, "FIL-2", "cert.pdf", "scan", now, written);
    tx.commit();
    written.keep();
    CHECK(store::evidence_of(s.db, "FIL-1").size() == 1);
    CHECK(store::evidence_of(s.db, "FIL-2").size() == 1);
}

TEST_CASE("an incident's 'every evidence' check reads incidents' evidence only") {
    test::School s;
    auto inc = s.open("MAL", "IV", "2026-03-01T00:00:00Z");
    test::write(s.tmp.file("a.log"), "abc");
    incident::add_evidence(s.db, s.policy, incident_origin, inc.id, {s.tmp.file("a.log")}, now);
    test::write(s.tmp.file("slides.pdf"), "slides");
    evidence::add_files(s.db, s.policy, incident_origin, "TRN-1", {s.tmp.file("slides.pdf")}, now);
    auto incidents = incident::verify_evidence(s.db, s.policy, incident_origin, "");
    REQUIRE(incidents.size() == 1);
    CHECK(incidents[0].evidence.owner == inc.id);
    CHECK(evidence::verify(s.db, s.policy, incident_origin, "").size() == 2);
}

TEST_CASE("a name that is a path is kept by its last part, a dot name as 'evidence'") {
    test::School s;
    store::Transaction tx(s.db);
    evidence::Written written;
    auto a = evidence::add_bytes(tx, s.policy, incident_origin, "PAT-3", "../../etc/passwd", "a", now, written);
    auto b = evidence::add_bytes(tx, s.policy, incident_origin, "PAT-3", "..", "b", now, written);
    tx.commit();
    written.keep();
    CHECK(a.name == "passwd");
    CHECK(a.stored.find("evidence/PAT-3/") == 0);
    CHECK(b.name == "evidence");
}
