#include "school_fixture.hpp"

#include "netsec/core/paths.hpp"

#include <filesystem>
#include <sys/stat.h>

namespace netsec::test {
namespace {

// Writes the school's files into `tmp` and reads its policy, with the state folder made.
policy::Policy write_school(const TempDir& tmp, const std::string& extra, const std::string& members) {
    std::filesystem::create_directories(tmp.path / "regulations");
    write(tmp.file("regulations/plan.md"), "# 计算机病毒爆发应急预案\n");
    write(tmp.file("policy.yaml"),
          "school:\n  name: 测试小学\nstate_dir: state\n"
          "organization:\n  leader: {name: 张校长, title: 校长}\n" +
              members +
              "  network_administrators: [{name: 赵老师}]\n"
              "  security_officers: [{name: 王主任}]\n"
              "operators:\n"
              "  - {user: alice, level: admin}\n"
              "  - {group: teachers, level: viewer}\n"
              "incidents:\n"
              "  playbooks:\n"
              "    MAL: [isolate the room, scan every machine]\n"
              "regulations:\n"
              "  - {id: virus-emergency-plan, title: 计算机病毒爆发应急预案, document: regulations/plan.md, "
              "reviewed: 2026-03-01}\n" +
              extra);
    policy::Policy p = policy::load_policy(tmp.file("policy.yaml"));
    paths::make_private_dir(p.state_dir, {});
    return p;
}

} // namespace

timeutil::Instant utc(const std::string& rfc3339) { return timeutil::parse_time(rfc3339, "UTC"); }

School::School(const std::string& extra, const std::string& members)
    : policy(write_school(tmp, extra, members)), db(policy.state_dir + "/netsec.db", store::Access::read_write) {}

void School::reload() { policy = policy::load_policy(tmp.file("policy.yaml")); }

std::string School::db_file() const { return policy.state_dir + "/netsec.db"; }

incident::Incident School::open(const std::string& category, const std::string& grade, const std::string& discovered,
                                const std::string& now) {
    incident::OpenRequest req;
    req.category = category;
    req.grade = grade;
    req.title = category + " " + grade;
    req.discovered_at = utc(discovered);
    return incident::open_incident(db, policy, incident_origin, req, utc(now));
}

audit::Run School::run(const std::vector<std::string>& checks, const std::string& now, const std::string& root) {
    audit::RunOptions o;
    o.checks = checks;
    o.root = root;
    return audit::run_audit(db, policy, audit_origin, o, utc(now));
}

std::vector<audit::Finding> School::check(const std::string& id, const std::string& now, const std::string& root) {
    return run({id}, now, root).findings;
}

std::string status_of(const std::vector<audit::Finding>& findings, const std::string& subject) {
    for (const auto& f : findings)
        if (f.subject == subject) return f.status;
    return "";
}

void put(const TempDir& root, const std::string& rel, const std::string& text, mode_t mode) {
    std::filesystem::create_directories((root.path / rel).parent_path());
    write(root.file(rel), text);
    ::chmod(root.file(rel).c_str(), mode);
}

} // namespace netsec::test
