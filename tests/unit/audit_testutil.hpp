// Fixtures for the audit unit tests: a school (policy, state folder, database) in a fresh
// temporary folder, a prepared host root, and helpers to run one check and read its findings.
#pragma once
#include "netsec/audit/audit.hpp"
#include "netsec/core/paths.hpp"
#include "netsec/store/db.hpp"
#include "testutil.hpp"

#include <filesystem>
#include <memory>
#include <sys/stat.h>

namespace netsec::test {

inline const journal::Origin audit_origin{"alice", "host1", "netsec-audit"};

inline timeutil::Instant at(const std::string& rfc3339) { return timeutil::parse_time(rfc3339, "UTC"); }

// A school whose regulations (one, the emergency plan) are present and reviewed.
struct AuditSchool {
    TempDir tmp;
    policy::Policy policy;
    std::unique_ptr<store::Db> db;
    explicit AuditSchool(const std::string& extra = "",
                         const std::string& members = "  members: [{name: 李副校长}]\n") {
        std::filesystem::create_directories(tmp.path / "regulations");
        write(tmp.file("regulations/plan.md"), "# 计算机病毒爆发应急预案\n");
        write(tmp.file("policy.yaml"),
              "school:\n  name: 测试小学\nstate_dir: state\n"
              "organization:\n  leader: {name: 张校长, title: 校长}\n" +
                  members +
                  "  network_administrators: [{name: 赵老师}]\n"
                  "  security_officers: [{name: 王主任}]\n"
                  "operators:\n  - {user: alice, level: admin}\n"
                  "regulations:\n"
                  "  - {id: virus-emergency-plan, title: 计算机病毒爆发应急预案, document: regulations/plan.md, "
                  "reviewed: 2026-03-01}\n" +
                  extra);
        reload();
    }
    void reload() {
        policy = policy::load_policy(tmp.file("policy.yaml"));
        paths::make_private_dir(policy.state_dir, {});
        if (!db) db = std::make_unique<store::Db>(policy.state_dir + "/netsec.db", store::Access::read_write);
    }
    audit::Run run(const std::vector<std::string>& checks, const std::string& now = "2026-06-01T00:00:00Z",
                   const std::string& root = "/") {
        audit::RunOptions o;
        o.checks = checks;
        o.root = root;
        return audit::run_audit(*db, policy, audit_origin, o, at(now));
    }
    // The findings of one check at `now`, with `root` for host checks.
    std::vector<audit::Finding> check(const std::string& id, const std::string& now = "2026-06-01T00:00:00Z",
                                      const std::string& root = "/") {
        return run({id}, now, root).findings;
    }
};

// The status of the finding about `subject`, or "" when there is none.
inline std::string status_of(const std::vector<audit::Finding>& findings, const std::string& subject) {
    for (const auto& f : findings)
        if (f.subject == subject) return f.status;
    return "";
}

// A file under a prepared root, with its folders.
inline void put(const TempDir& root, const std::string& rel, const std::string& text, mode_t mode = 0644) {
    std::filesystem::create_directories((root.path / rel).parent_path());
    write(root.file(rel), text);
    ::chmod(root.file(rel).c_str(), mode);
}

} // namespace netsec::test
