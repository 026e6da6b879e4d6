#include "netsec/core/error.hpp"
#include "netsec/core/hash.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/paths.hpp"
#include "netsec/core/width.hpp"
#include "netsec/policy/accounts.hpp"
#include "netsec/policy/assets.hpp"
#include "netsec/policy/sections.hpp"
#include "netsec/policy/audit.hpp"
#include "netsec/policy/backup.hpp"
#include "netsec/policy/checker.hpp"
#include "netsec/policy/incidents.hpp"
#include "netsec/policy/policy.hpp"

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <grp.h>
#include <set>

namespace netsec::policy {
namespace {

// Absolute, lexically normal form of `file` ("a/../a/p.yaml" is "a/p.yaml"), without
// resolving links: the journal knows one policy by one name, and messages stay readable.
std::string absolute(const std::string& file) {
    std::string full = file;
    if (file.empty() || file[0] != '/') {
        char cwd[PATH_MAX];
        if (!::getcwd(cwd, sizeof cwd)) return file;
        full = paths::resolve(cwd, file);
    }
    return std::filesystem::path(full).lexically_normal().string();
}

void read_school(Checker& c, const YAML::Node& root, School& school) {
    YAML::Node node = c.child(root, "school", Required::yes, "");
    if (!node.IsDefined() || !c.expect_map(node, "school")) return;
    c.known_keys(node, {"name", "name_en", "code", "county", "timezone"}, "school");
    if (auto v = c.text(node, "name", Required::yes, "school")) school.name = *v;
    if (auto v = c.text(node, "name_en", Required::no, "school")) school.name_en = *v;
    if (auto v = c.text(node, "code", Required::no, "school")) school.code = *v;
    if (auto v = c.text(node, "county", Required::no, "school")) school.county = *v;
    if (auto v = c.text(node, "timezone", Required::no, "school")) {
        if (timeutil::is_known_zone(*v))
            school.timezone = *v;
        else
            c.error(node["timezone"].Mark(),
                    _f("'school.timezone' expects a zone of the tz database such as Asia/Shanghai, found '{}'", *v));
    }
}

void read_person(Checker& c, const YAML::Node& node, const std::string& where, Person& person) {
    if (!c.expect_map(node, where)) return;
    c.known_keys(node, {"name", "title", "user", "phone"}, where);
    if (auto v = c.text(node, "name", Required::yes, where)) person.name = *v;
    if (auto v = c.text(node, "title", Required::no, where)) person.title = *v;
    if (auto v = c.text(node, "user", Required::no, where)) person.user = *v;
    if (auto v = c.text(node, "phone", Required::no, where)) person.phone = *v;
}

void read_people(Checker& c, const YAML::Node& map, const char* key, Required required, const std::string& where,
                 std::vector<Person>& out) {
    std::string path = where + "." + key;
    YAML::Node node = c.child(map, key, required, where);
    if (!node.IsDefined() || !c.expect_list(node, path)) return;
    if (required == Required::yes && node.size() == 0)
        c.error(node.Mark(), _f("'{}' must name at least one person", path));
    for (std::size_t i = 0; i < node.size(); ++i) {
        Person p;
        read_person(c, node[i], fmt::format("{}[{}]", path, i), p);
        out.push_back(std::move(p));
    }
}

void read_organization(Checker& c, const YAML::Node& root, Organization& org) {
    YAML::Node node = c.child(root, "organization", Required::yes, "");
    if (!node.IsDefined() || !c.expect_map(node, "organization")) return;
    c.known_keys(node, {"leader", "members", "network_administrators", "security_officers"}, "organization");
    YAML::Node leader = c.child(node, "leader", Required::yes, "organization");
    if (leader.IsDefined()) read_person(c, leader, "organization.leader", org.leader);
    read_people(c, node, "members", Required::no, "organization", org.members);
    read_people(c, node, "network_administrators", Required::yes, "organization", org.network_administrators);
    read_people(c, node, "security_officers", Required::yes, "organization", org.security_officers);
}

bool is_hex64(const std::string& s) {
    if (s.size() != 64) return false;
    for (char ch : s)
        if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'))) return false;
    return true;
}

void read_regulations(Checker& c, const YAML::Node& root, const std::string& dir, std::vector<Regulation>& out) {
    YAML::Node node = c.child(root, "regulations", Required::no, "");
    if (!node.IsDefined() || !c.expect_list(node, "regulations")) return;
    std::set<std::string> ids;
    for (std::size_t i = 0; i < node.size(); ++i) {
        std::string where = fmt::format("regulations[{}]", i);
        const YAML::Node item = node[i];
        if (!c.expect_map(item, where)) continue;
        c.known_keys(item, {"id", "title", "title_en", "document", "sha256", "reviewed"}, where);
        Regulation r;
        if (auto v = c.text(item, "id", Required::yes, where)) {
            r.id = *v;
            if (!ids.insert(r.id).second) c.error(item["id"].Mark(), _f("regulation id '{}' is given twice", r.id));
        }
        if (auto v = c.text(item, "title", Required::yes, where)) r.title = *v;
        if (auto v = c.text(item, "title_en", Required::no, where)) r.title_en = *v;
        if (auto v = c.text(item, "document", Required::no, where)) r.document = paths::resolve(dir, *v);
        if (auto v = c.text(item, "sha256", Required::no, where)) {
            if (is_hex64(*v))
                r.sha256 = *v;
            else
                c.error(item["sha256"].Mark(),
                        _f("'{}.sha256' expects 64 lowercase hex digits (sha256sum's output), found '{}'", where, *v));
        }
        if (auto v = c.date(item, "reviewed", Required::no, where)) r.reviewed = *v;
        out.push_back(std::move(r));
    }
}

std::optional<Level> parse_level(const std::string& s) {
    if (s == "viewer") return Level::viewer;
    if (s == "operator") return Level::operator_;
    if (s == "admin") return Level::admin;
    return std::nullopt;
}

void read_operators(Checker& c, const YAML::Node& root, std::vector<OperatorRule>& out) {
    YAML::Node node = c.child(root, "operators", Required::yes, "");
    if (!node.IsDefined() || !c.expect_list(node, "operators")) return;
    for (std::size_t i = 0; i < node.size(); ++i) {
        std::string where = fmt::format("operators[{}]", i);
        const YAML::Node item = node[i];
        if (!c.expect_map(item, where)) continue;
        c.known_keys(item, {"user", "group", "level"}, where);
        OperatorRule rule;
        if (auto v = c.text(item, "user", Required::no, where)) rule.user = *v;
        if (auto v = c.text(item, "group", Required::no, where)) rule.group = *v;
        if (rule.user.empty() == rule.group.empty())
            c.error(item.Mark(), _f("'{}' needs exactly one of 'user' and 'group'", where));
        if (auto v = c.text(item, "level", Required::yes, where)) {
            if (auto level = parse_level(*v))
                rule.level = *level;
            else
                c.error(item["level"].Mark(),
                        _f("'{}.level' expects viewer, operator or admin, found '{}'", where, *v));
        }
        out.push_back(std::move(rule));
    }
}

void read_reporting(Checker& c, const YAML::Node& root, Reporting& reporting) {
    reporting.deadlines = {{"I", std::chrono::hours(1)},
                           {"II", std::chrono::hours(1)},
                           {"III", std::chrono::hours(4)},
                           {"IV", std::chrono::hours(12)},
                           {"0", std::chrono::hours(24)}};
    YAML::Node node = c.child(root, "reporting", Required::no, "");
    if (!node.IsDefined() || !c.expect_map(node, "reporting")) return;
    c.known_keys(node, {"superior", "deadlines", "police_within"}, "reporting");
    if (auto v = c.text(node, "superior", Required::no, "reporting")) reporting.superior = *v;
    if (auto v = c.duration(node, "police_within", Required::no, "reporting")) reporting.police_within = *v;
    YAML::Node deadlines = c.child(node, "deadlines", Required::no, "reporting");
    if (!deadlines.IsDefined() || !c.expect_map(deadlines, "reporting.deadlines")) return;
    c.known_keys(deadlines, {"I", "II", "III", "IV", "0"}, "reporting.deadlines");
    for (const char* grade : {"I", "II", "III", "IV", "0"})
        if (auto v = c.duration(deadlines, grade, Required::no, "reporting.deadlines")) reporting.deadlines[grade] = *v;
}

void read_thresholds(Checker& c, const YAML::Node& root, Thresholds& t) {
    YAML::Node node = c.child(root, "thresholds", Required::no, "");
    if (!node.IsDefined() || !c.expect_map(node, "thresholds")) return;
    struct Field {
        const char* key;
        Duration* value;
    };
    const Field fields[] = {
        {"password_max_age", &t.password_max_age},
        {"password_grace", &t.password_grace},
        {"stale_account", &t.stale_account},
        {"antivirus_signature_age", &t.antivirus_signature_age},
        {"backup_verify_within", &t.backup_verify_within},
        {"restore_drill_within", &t.restore_drill_within},
        {"emergency_drill_within", &t.emergency_drill_within},
        {"log_retention", &t.log_retention},
        {"regulation_review", &t.regulation_review},
    };
    c.known_keys(node,
                 {"password_max_age", "password_grace", "stale_account", "antivirus_signature_age",
                  "backup_verify_within", "restore_drill_within", "emergency_drill_within", "log_retention",
                  "regulation_review"},
                 "thresholds");
    for (const auto& f : fields)
        if (auto v = c.duration(node, f.key, Required::no, "thresholds")) *f.value = *v;
}

void read_state(Checker& c, const YAML::Node& root, const std::string& dir, Policy& p) {
    p.state_dir = paths::resolve(dir, "state");
    if (auto v = c.text(root, "state_dir", Required::no, "")) {
        if (v->empty())
            c.error(root["state_dir"].Mark(), _("'state_dir' expects a folder, found an empty value"));
        else
            p.state_dir = paths::resolve(dir, *v);
    }
    if (auto v = c.text(root, "state_group", Required::no, "")) {
        if (::getgrnam(v->c_str()))
            p.state_group = *v;
        else
            c.error(root["state_group"].Mark(), _f("'state_group' names group '{}', which this machine does not have "
                                                   "(create it with groupadd)",
                                                   *v));
    }
}

void read_journal(Checker& c, const YAML::Node& root, const std::string& dir, Journal& journal) {
    YAML::Node node = c.child(root, "journal", Required::no, "");
    if (!node.IsDefined() || !c.expect_map(node, "journal")) return;
    c.known_keys(node, {"heads_file"}, "journal");
    if (auto v = c.text(node, "heads_file", Required::no, "journal")) {
        if (v->empty())
            c.error(node["heads_file"].Mark(), _("'journal.heads_file' expects a file, found an empty value"));
        else
            journal.heads_file = paths::resolve(dir, *v);
    }
}

} // namespace

Policy parse_policy(const std::string& text, const std::string& file) {
    Policy p;
    p.file = absolute(file);
    p.dir = paths::parent(p.file);
    p.sha256 = hash::sha256_hex(text);
    Checker c(file);
    if (!width::is_valid_utf8(text)) { // yaml-cpp passes such bytes through into names and reports
        YAML::Mark mark;
        for (std::size_t start = 0, nl = 0; nl != std::string::npos; start = nl + 1, ++mark.line) {
            nl = text.find('\n', start);
            if (!width::is_valid_utf8(std::string_view(text).substr(start, nl == std::string::npos ? nl : nl - start)))
                break;
        }
        c.error(mark,
                _("not valid UTF-8; save the policy as UTF-8 (an editor on Chinese Windows may have saved it as GBK)"));
        throw Error(Exit::config, c.problems().front());
    }
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::ParserException& e) {
        c.error(e.mark, _f("malformed YAML: {}", e.msg));
        throw Error(Exit::config, c.problems().front());
    }
    if (root.IsNull() || !root.IsDefined()) {
        c.error(YAML::Mark(), _("the policy is empty; 'netsec-policy init' writes a starting one"));
        throw Error(Exit::config, c.problems().front());
    }
    if (!c.expect_map(root, "the policy")) throw Error(Exit::config, c.problems().front());
    c.known_keys(root,
                 {"school", "state_dir", "state_group", "organization", "regulations", "operators", "reporting",
                  "incidents", "accounts", "thresholds", "audit", "backup", "journal", "assets", "calendar", "training", "duty", "website", "filing"},
                 "the policy");
    read_school(c, root, p.school);
    read_state(c, root, p.dir, p);
    read_organization(c, root, p.organization);
    read_regulations(c, root, p.dir, p.regulations);
    read_operators(c, root, p.operators);
    read_reporting(c, root, p.reporting);
    read_incidents(c, root, p.reporting, p.incidents);
    read_accounts(c, root, p.accounts);
    read_thresholds(c, root, p.thresholds);
    read_audit(c, root, p.audit);
    read_backup(c, root, p.dir, p.backup);
    read_journal(c, root, p.dir, p.journal);
    read_assets(c, root, p.assets);
    read_calendar(c, root, p.calendar);
    read_training(c, root, p.training);
    read_duty(c, root, p.duty);
    read_website(c, root, p.website, p.filing);
    if (!c.problems().empty()) {
        std::string all;
        for (const auto& line : c.problems()) all += (all.empty() ? "" : "\n") + line;
        throw Error(Exit::config, all);
    }
    return p;
}

Policy load_policy(const std::string& file) {
    if (!paths::exists(file))
        throw Error(Exit::config, _f("no policy at '{}'; write one with 'netsec-policy init {}', or name one with "
                                     "--policy or NETSEC_POLICY",
                                     file, file));
    // A school's policy is a few kilobytes; a huge file (a wrong path, /dev/zero, a planted one)
    // would cost the YAML parser gigabytes and minutes before any message.
    std::string text;
    try {
        text = paths::read_file(file, max_policy_bytes);
    } catch (const Error& e) {
        if (e.code() == Exit::data)
            throw Error(Exit::config, _f("the policy '{}' is larger than {} KiB, far more than a policy needs; is it "
                                         "the right file?",
                                         file, max_policy_bytes / 1024));
        throw Error(Exit::config, e.what());
    }
    return parse_policy(text, file);
}

} // namespace netsec::policy
