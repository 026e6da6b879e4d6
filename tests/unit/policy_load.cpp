#include "netsec/core/error.hpp"
#include "netsec/policy/policy.hpp"
#include "testutil.hpp"

#include <doctest/doctest.h>

using namespace netsec;
using namespace netsec::policy;

namespace {
// The problems a policy text has, one a line, or "" when it loads.
std::string problems_of(const std::string& text) {
    try {
        parse_policy(text, "p.yaml");
        return "";
    } catch (const Error& e) {
        CHECK(e.code() == Exit::config);
        return e.what();
    }
}
} // namespace

TEST_CASE("a minimal policy loads with defaults filled in") {
    Policy p = parse_policy(test::minimal_policy(), "/srv/school/policy.yaml");
    CHECK(p.school.name == "测试小学");
    CHECK(p.school.timezone == "Asia/Shanghai");
    CHECK(p.state_dir == "/srv/school/state");
    CHECK(p.dir == "/srv/school");
    CHECK(p.reporting.deadlines.at("IV").count() == 12 * 3600);
    CHECK(p.reporting.deadlines.at("I").count() == 3600);
    CHECK(p.thresholds.log_retention.count() == 180 * 86400);
    CHECK(p.operators.size() == 2);
    CHECK(p.sha256.size() == 64);
}

TEST_CASE("the starting policy loads and names the first administrator") {
    Policy p = parse_policy(starting_policy("state", "zhao"), "/tmp/x/policy.yaml");
    CHECK(p.operators.at(0).user == "zhao");
    CHECK(p.operators.at(0).level == Level::admin);
    CHECK(p.organization.leader.title == "校长");
    CHECK(p.regulations.size() == 7);
    CHECK(p.regulations.at(0).document == "/tmp/x/regulations/machine-room.md");
    CHECK(p.reporting.deadlines.at("IV").count() == 12 * 3600);
}

TEST_CASE("starting policy quotes a state folder with spaces") {
    Policy p = parse_policy(starting_policy("/srv/my school/state", "a b"), "/tmp/policy.yaml");
    CHECK(p.state_dir == "/srv/my school/state");
    CHECK(p.operators.at(0).user == "a b");
}

TEST_CASE("state_dir resolves against the policy's folder") {
    Policy p = parse_policy(test::minimal_policy("state_dir: records\n"), "/etc/netsec/policy.yaml");
    CHECK(p.state_dir == "/etc/netsec/records");
    p = parse_policy(test::minimal_policy("state_dir: /var/lib/netsec\n"), "/etc/netsec/policy.yaml");
    CHECK(p.state_dir == "/var/lib/netsec");
}

TEST_CASE("an unknown key names file, line, column and the keys expected") {
    std::string out = problems_of(test::minimal_policy("schol: x\n"));
    CHECK(out ==
          "p.yaml:10:1: unknown key 'schol' in 'the policy'; expected one of: school, state_dir, state_group, "
          "organization, regulations, operators, reporting, incidents, accounts, thresholds, audit, backup, journal, "
          "assets, calendar, training, duty, website, filing");
}

TEST_CASE("every problem is reported in one run") {
    std::string text = "school:\n"
                       "  name: x\n"
                       "  timezone: Mars/Base\n"
                       "organization:\n"
                       "  leader: {name: a}\n"
                       "  network_administrators: []\n"
                       "  security_officers: [{name: b}]\n"
                       "operators:\n"
                       "  - {user: a, level: boss}\n"
                       "  - {user: a, group: g, level: admin}\n"
                       "thresholds:\n"
                       "  stale_account: soon\n"
                       "  password_max_age: 0d\n";
    std::string out = problems_of(text);
    CHECK(out.find("p.yaml:3:13: 'school.timezone' expects a zone") != std::string::npos);
    CHECK(out.find("p.yaml:6:27: 'organization.network_administrators' must name at least one person") !=
          std::string::npos);
    CHECK(out.find("p.yaml:9:22: 'operators[0].level' expects viewer, operator or admin, found 'boss'") !=
          std::string::npos);
    CHECK(out.find("p.yaml:10:5: 'operators[1]' needs exactly one of 'user' and 'group'") != std::string::npos);
    CHECK(out.find("p.yaml:12:18: 'thresholds.stale_account' expects a duration such as 90m, 12h, 7d or 2w, found "
                   "'soon'") != std::string::npos);
    CHECK(out.find("p.yaml:13:21: 'thresholds.password_max_age' expects a duration above zero") != std::string::npos);
    CHECK(std::count(out.begin(), out.end(), '\n') == 5);
}

TEST_CASE("a wrong type names what was expected") {
    std::string out = problems_of(test::minimal_policy("regulations: {id: x}\n"));
    CHECK(out.find("p.yaml:10:14: 'regulations' expects a list, found a map") != std::string::npos);
    out = problems_of(test::minimal_policy("reporting: {deadlines: {IV: [1, 2]}}\n"));
    CHECK(out.find("'reporting.deadlines.IV' expects a text value, found a list") != std::string::npos);
}

TEST_CASE("missing required sections are named at the map that lacks them") {
    std::string out = problems_of("school: {name: x}\n");
    CHECK(out.find("p.yaml:1:1: missing required key 'organization'") != std::string::npos);
    CHECK(out.find("p.yaml:1:1: missing required key 'operators'") != std::string::npos);
}

TEST_CASE("malformed YAML names the place the parser stopped") {
    std::string out = problems_of("school: {name: x\norganization: [\n");
    CHECK(out.rfind("p.yaml:", 0) == 0);
    CHECK(out.find("malformed YAML") != std::string::npos);
}

TEST_CASE("an empty policy says how to write one") {
    CHECK(problems_of("").find("netsec-policy init") != std::string::npos);
    CHECK(problems_of("# only a comment\n").find("netsec-policy init") != std::string::npos);
}

TEST_CASE("a key given twice is reported") {
    std::string out = problems_of(test::minimal_policy("thresholds:\n  stale_account: 9d\n  stale_account: 10d\n"));
    CHECK(out.find("key 'stale_account' is given twice in 'thresholds'") != std::string::npos);
}

TEST_CASE("regulation hashes and dates are checked") {
    std::string out = problems_of(test::minimal_policy("regulations:\n"
                                                       "  - {id: a, title: A, sha256: abc, reviewed: 2026-02-30}\n"
                                                       "  - {id: a, title: B}\n"));
    CHECK(out.find("'regulations[0].sha256' expects 64 lowercase hex digits") != std::string::npos);
    CHECK(out.find("'regulations[0].reviewed' expects a date as YYYY-MM-DD, found '2026-02-30'") != std::string::npos);
    CHECK(out.find("regulation id 'a' is given twice") != std::string::npos);
}

TEST_CASE("state_group must exist on this machine") {
    CHECK(problems_of(test::minimal_policy("state_group: no-such-group-netsec\n"))
              .find("'state_group' names group 'no-such-group-netsec'") != std::string::npos);
    CHECK(problems_of(test::minimal_policy("state_group: root\n")).empty());
}

TEST_CASE("a missing policy file is a policy error that says how to write one") {
    try {
        load_policy("/nonexistent/policy.yaml");
        FAIL("accepted");
    } catch (const Error& e) {
        CHECK(e.code() == Exit::config);
        CHECK(std::string(e.what()).find("netsec-policy init /nonexistent/policy.yaml") != std::string::npos);
    }
}

TEST_CASE("the policy is found by option, then NETSEC_POLICY, then /etc") {
    ::unsetenv("NETSEC_POLICY");
    CHECK(locate_policy("") == "/etc/netsec/policy.yaml");
    ::setenv("NETSEC_POLICY", "/srv/p.yaml", 1);
    CHECK(locate_policy("") == "/srv/p.yaml");
    CHECK(locate_policy("mine.yaml") == "mine.yaml");
    ::unsetenv("NETSEC_POLICY");
}

TEST_CASE("the effective policy as JSON carries every default") {
    auto j = to_json(parse_policy(test::minimal_policy(), "/x/p.yaml"));
    CHECK(j["school"]["timezone"] == "Asia/Shanghai");
    CHECK(j["reporting"]["deadlines"]["IV"] == "12h");
    CHECK(j["thresholds"]["stale_account"] == "180d");
    CHECK(j["operators"][1]["group"] == "teachers");
    CHECK(j["state_dir"] == "/x/state");
}

TEST_CASE("a policy larger than 1 MiB is refused before it is parsed, naming the file") {
    test::TempDir tmp;
    std::string file = tmp.file("policy.yaml");
    test::write(file, test::minimal_policy("# " + std::string(max_policy_bytes, 'x') + "\n"));
    try {
        load_policy(file);
        FAIL("accepted");
    } catch (const Error& e) {
        CHECK(e.code() == Exit::config);
        CHECK(std::string(e.what()).find(file) != std::string::npos);
        CHECK(std::string(e.what()).find("1024 KiB") != std::string::npos);
    }
    // a device that never ends is bounded too
    CHECK_THROWS_WITH_AS(
        load_policy("/dev/zero"),
        "the policy '/dev/zero' is larger than 1024 KiB, far more than a policy needs; is it the right file?", Error);
}

TEST_CASE("recipients carry a role; the old form reads police, bureau and internal by code") {
    Policy defaults = parse_policy(test::minimal_policy(), "/srv/p.yaml");
    CHECK(defaults.incidents.recipients.at("bureau").role == RecipientRole::superior);
    CHECK(defaults.incidents.recipients.at("police").role == RecipientRole::police);
    CHECK(defaults.incidents.recipients.at("leadership").role == RecipientRole::internal);

    Policy old = parse_policy(test::minimal_policy() + "incidents:\n  recipients:\n    bureau: 县教育局\n"
                                                       "    police: 县公安局\n    principal: 校长室\n",
                              "/srv/p.yaml");
    CHECK(old.incidents.recipients.at("bureau").name == "县教育局");
    CHECK(old.incidents.recipients.at("bureau").role == RecipientRole::superior);
    CHECK(old.incidents.recipients.at("principal").role == RecipientRole::internal);

    Policy p = parse_policy(test::minimal_policy() + "incidents:\n  recipients:\n"
                                                     "    county: {name: 县教育局, role: superior}\n"
                                                     "    police: {name: 县公安局, role: police}\n",
                            "/srv/p.yaml");
    CHECK(p.incidents.recipients.at("county").role == RecipientRole::superior);
    CHECK(to_json(p)["incidents"]["recipients"]["county"]["role"] == "superior");
}

TEST_CASE("recipients must include a superior and the police, and roles are named") {
    std::string text = test::minimal_policy() + "incidents:\n  recipients:\n"
                                                "    county: {name: 县教育局, role: boss}\n"
                                                "    leadership: 领导小组\n";
    std::string problems = problems_of(text);
    CHECK(problems.find("'incidents.recipients.county.role' expects superior, police or internal, found 'boss'") !=
          std::string::npos);
    CHECK(problems.find("must have one with role police") != std::string::npos);
    CHECK(problems.find("must have one with role superior") != std::string::npos);
}

TEST_CASE("incident events are check ids, never the incident register's own checks") {
    Policy defaults = parse_policy(test::minimal_policy(), "/srv/p.yaml");
    CHECK(is_event(defaults.incidents, "ACCT-0103"));
    CHECK(is_event(defaults.incidents, "ACCT-0104"));
    CHECK_FALSE(is_event(defaults.incidents, "ACCT-0102"));
    CHECK(defaults.incidents.reopen_after.count() == 30 * 86400);

    Policy p =
        parse_policy(test::minimal_policy() + "incidents:\n  events: [AV-0002]\n  reopen_after: 7d\n", "/srv/p.yaml");
    CHECK(p.incidents.events == std::vector<std::string>{"AV-0002"});
    CHECK(p.incidents.reopen_after.count() == 7 * 86400);
    CHECK(parse_policy(test::minimal_policy() + "incidents:\n  events: []\n", "/srv/p.yaml").incidents.events.empty());

    std::string problems = problems_of(test::minimal_policy() + "incidents:\n  events: [INC-0001, virus]\n");
    CHECK(problems.find("'incidents.events[0]' names INC-0001, a check of the incident register itself") !=
          std::string::npos);
    CHECK(problems.find("'incidents.events[1]' expects a check id such as ACCT-0103") != std::string::npos);
}

TEST_CASE("audit.due gives each severity its time to rectify, defaults kept for those left out") {
    Policy defaults = parse_policy(test::minimal_policy(), "/srv/p.yaml");
    CHECK(defaults.audit.due.at(finding::Severity::critical).count() == 86400);
    CHECK(defaults.audit.due.at(finding::Severity::low).count() == 90 * 86400);
    Policy p = parse_policy(test::minimal_policy() + "audit:\n  due: {high: 3d}\n", "/srv/p.yaml");
    CHECK(p.audit.due.at(finding::Severity::high).count() == 3 * 86400);
    CHECK(p.audit.due.at(finding::Severity::medium).count() == 30 * 86400);
    CHECK(to_json(p)["audit"]["due"]["high"] == "3d");
    CHECK(problems_of(test::minimal_policy() + "audit:\n  due: {urgent: 1d}\n").find("urgent") != std::string::npos);
}
