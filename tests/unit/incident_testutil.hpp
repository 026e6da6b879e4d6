// Fixtures for the incident unit tests: a school policy (with a MAL playbook) and its database
// in a fresh temporary folder.
#pragma once
#include "netsec/incident/incident.hpp"
#include "netsec/store/db.hpp"
#include "testutil.hpp"

#include <memory>

namespace netsec::test {

inline const journal::Origin incident_origin{"alice", "host1", "netsec-incident"};

inline timeutil::Instant utc(const std::string& rfc3339) { return timeutil::parse_time(rfc3339, "UTC"); }

// A school in `tmp`: its policy (zone Asia/Shanghai, default deadlines, a two-step MAL
// playbook) and an open database.
struct School {
    TempDir tmp;
    policy::Policy policy;
    std::unique_ptr<store::Db> db;
    School() {
        write(tmp.file("policy.yaml"),
              minimal_policy("state_dir: state\n"
                             "incidents:\n"
                             "  playbooks:\n"
                             "    MAL: [isolate the room, scan every machine]\n"));
        policy = policy::load_policy(tmp.file("policy.yaml"));
        paths::make_private_dir(policy.state_dir, {});
        db = std::make_unique<store::Db>(policy.state_dir + "/netsec.db", store::Access::read_write);
    }
    // Opens an incident of `category` and `grade` discovered at `discovered` (UTC), at `now`.
    incident::Incident open(const std::string& category, const std::string& grade, const std::string& discovered,
                            const std::string& now = "2026-06-01T00:00:00Z") {
        incident::OpenRequest req;
        req.category = category;
        req.grade = grade;
        req.title = category + " " + grade;
        req.discovered_at = utc(discovered);
        return incident::open_incident(*db, policy, incident_origin, req, utc(now));
    }
};

} // namespace netsec::test
