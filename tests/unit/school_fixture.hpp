// The one school the unit tests share: a policy, its state folder and an open database in a
// fresh temporary folder, with the helpers the registers' tests use on it (open an incident,
// run an audit). Tests that need only a folder or a policy text use testutil.hpp.
#pragma once
#include "netsec/audit/audit.hpp"
#include "netsec/incident/incident.hpp"
#include "netsec/journal/journal.hpp"
#include "netsec/policy/policy.hpp"
#include "netsec/store/db.hpp"
#include "testutil.hpp"

#include <string>
#include <sys/stat.h>
#include <vector>

namespace netsec::test {

inline const journal::Origin audit_origin{"alice", "host1", "netsec-audit"};
inline const journal::Origin incident_origin{"alice", "host1", "netsec-incident"};

// An RFC 3339 time read as UTC.
timeutil::Instant utc(const std::string& rfc3339);

// The school's deputy heads, in organization: (audit's ORG checks count them).
inline const std::string deputies = "  members: [{name: 李副校长}]\n";

// A school in `tmp`: policy.yaml (测试小学, zone Asia/Shanghai, operator alice admin and group
// teachers viewer, default deadlines, a two-step MAL playbook, and last one regulation, the
// emergency plan, present and reviewed, so a test may append regulations), with `extra` appended
// (top-level keys) and `members` in its organization; state/ and state/netsec.db open.
struct School {
    TempDir tmp;
    policy::Policy policy;
    store::Db db;

    explicit School(const std::string& extra = "", const std::string& members = deputies);
    // Reads policy.yaml again after a test changed it; the database stays open.
    void reload();
    std::string db_file() const; // state/netsec.db

    // Opens an incident of `category` and `grade` discovered at `discovered` (UTC), at `now`.
    incident::Incident open(const std::string& category, const std::string& grade, const std::string& discovered,
                            const std::string& now = "2026-06-01T00:00:00Z");
    // Runs the audit checks `checks` (all when empty) at `now`, host checks under `root`.
    audit::Run run(const std::vector<std::string>& checks, const std::string& now = "2026-06-01T00:00:00Z",
                   const std::string& root = "/");
    // The findings of one check.
    std::vector<audit::Finding> check(const std::string& id, const std::string& now = "2026-06-01T00:00:00Z",
                                      const std::string& root = "/");
};

// The status of the finding about `subject`, or "" when there is none.
std::string status_of(const std::vector<audit::Finding>& findings, const std::string& subject);

// A file under a prepared root, with its folders.
void put(const TempDir& root, const std::string& rel, const std::string& text, mode_t mode = 0644);

} // namespace netsec::test
