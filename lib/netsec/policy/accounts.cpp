#include "netsec/policy/accounts.hpp"

#include "netsec/core/i18n.hpp"

#include <algorithm>
#include <cctype>
#include <set>

namespace netsec::policy {
namespace {

void set_defaults(Accounts& a) {
    a.password_length = 12;
    a.password_alphabet = default_password_alphabet;
    a.pupil_username = default_pupil_username;
    a.levels = {"pupil", "teacher", "leader", "admin"};
    a.default_level = {{"pupil", "pupil"}, {"staff", "teacher"}, {"service", "teacher"}};
    a.slip_text = "此账号只限本人使用，不得转借他人；账号的一切使用由本人负责。"
                  "首次登录后请立即修改密码，密码不要告诉任何人。";
    a.ldap = Ldap{};
    a.logins = Logins{};
}

std::optional<std::int64_t> integer(Checker& c, const YAML::Node& map, const char* key, const std::string& where,
                                    std::int64_t low, std::int64_t high) {
    YAML::Node node = c.child(map, key, Required::no, where);
    if (!node.IsDefined()) return std::nullopt;
    auto raw = c.as_text(node, where + "." + key);
    if (!raw) return std::nullopt;
    std::int64_t value = 0;
    bool ok = !raw->empty() && raw->size() < 12;
    for (char ch : *raw) ok = ok && ch >= '0' && ch <= '9';
    if (ok) value = std::stoll(*raw);
    if (!ok || value < low || value > high) {
        c.error(node.Mark(),
                _f("'{}.{}' expects a whole number from {} to {}, found '{}'", where, key, low, high, *raw));
        return std::nullopt;
    }
    return value;
}

bool is_name_char(char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '.' || ch == '-';
}

void read_ldap(Checker& c, const YAML::Node& accounts, Ldap& ldap) {
    YAML::Node node = c.child(accounts, "ldap", Required::no, "accounts");
    if (!node.IsDefined() || !c.expect_map(node, "accounts.ldap")) return;
    const std::string where = "accounts.ldap";
    c.known_keys(node, {"base_dn", "uid_start", "gid_start", "home", "shell"}, where);
    if (auto v = c.text(node, "base_dn", Required::no, where)) {
        if (v->find('=') == std::string::npos || v->front() == ',' || v->back() == ',')
            c.error(node["base_dn"].Mark(),
                    _f("'accounts.ldap.base_dn' expects a DN such as ou=people,dc=school,dc=cn, found '{}'", *v));
        else
            ldap.base_dn = *v;
    }
    // Below 1000 are the system's own users and groups.
    if (auto v = integer(c, node, "uid_start", where, 1000, 2000000000)) ldap.uid_start = *v;
    if (auto v = integer(c, node, "gid_start", where, 1000, 2000000000)) ldap.gid_start = *v;
    if (auto v = c.text(node, "home", Required::no, where)) {
        if (v->empty() || v->front() != '/' || v->find("{username}") == std::string::npos)
            c.error(node["home"].Mark(),
                    _f("'accounts.ldap.home' expects an absolute path with {{username}}, such as /home/{{username}}, "
                       "found '{}'",
                       *v));
        else
            ldap.home = *v;
    }
    if (auto v = c.text(node, "shell", Required::no, where)) {
        if (v->empty() || v->front() != '/')
            c.error(node["shell"].Mark(),
                    _f("'accounts.ldap.shell' expects an absolute path such as /bin/bash, found '{}'", *v));
        else
            ldap.shell = *v;
    }
}

// "HH:MM-HH:MM" as minutes of the day; false when it is not.
bool parse_hours(const std::string& text, int& from, int& until) {
    auto minute = [](const std::string& s, int& out) {
        if (s.size() != 5 || s[2] != ':' || !std::isdigit((unsigned char)s[0]) || !std::isdigit((unsigned char)s[1]) ||
            !std::isdigit((unsigned char)s[3]) || !std::isdigit((unsigned char)s[4]))
            return false;
        int h = std::stoi(s.substr(0, 2)), m = std::stoi(s.substr(3, 2));
        if (h > 24 || m > 59 || (h == 24 && m != 0)) return false;
        out = h * 60 + m;
        return true;
    };
    std::size_t dash = text.find('-');
    return dash != std::string::npos && minute(text.substr(0, dash), from) && minute(text.substr(dash + 1), until) &&
           from != until;
}

void read_logins(Checker& c, const YAML::Node& accounts, Logins& logins) {
    YAML::Node node = c.child(accounts, "logins", Required::no, "accounts");
    if (!node.IsDefined() || !c.expect_map(node, "accounts.logins")) return;
    const std::string where = "accounts.logins";
    c.known_keys(
        node, {"max_machines_per_day", "hours", "lent_severity", "failed_burst", "failed_window", "guessing_severity"},
        where);
    if (auto v = integer(c, node, "max_machines_per_day", where, 1, 1000)) logins.max_machines_per_day = int(*v);
    if (auto v = c.text(node, "hours", Required::no, where)) {
        int from = 0, until = 0;
        if (!parse_hours(*v, from, until))
            c.error(
                node["hours"].Mark(),
                _f("'accounts.logins.hours' expects the hours sign-ins are expected, such as 06:00-22:00, found '{}'",
                   *v));
        else {
            logins.day_from = from;
            logins.day_until = until;
        }
    }
    if (auto v = c.severity(node, "lent_severity", Required::no, where)) logins.lent_severity = *v;
    if (auto v = integer(c, node, "failed_burst", where, 2, 100000)) logins.failed_burst = int(*v);
    if (auto v = c.duration(node, "failed_window", Required::no, where)) logins.failed_window = *v;
    if (auto v = c.severity(node, "guessing_severity", Required::no, where)) logins.guessing_severity = *v;
}

} // namespace

std::string username_pattern_problem(const std::string& pattern) {
    bool seq = false;
    for (std::size_t i = 0; i < pattern.size();) {
        if (pattern[i] == '{') {
            std::size_t close = pattern.find('}', i);
            if (close == std::string::npos) return _("a '{' is not closed");
            std::string name = pattern.substr(i + 1, close - i - 1);
            if (name != "year" && name != "yy" && name != "class" && name != "seq")
                return _f("unknown placeholder '{{{}}}'; expected {{year}}, {{yy}}, {{class}} or {{seq}}", name);
            seq = seq || name == "seq";
            i = close + 1;
        } else {
            if (!is_name_char(pattern[i]))
                return _f("'{}' is not allowed in a username; use a-z, 0-9, '_', '.' and '-'", pattern.substr(i, 1));
            ++i;
        }
    }
    if (!seq) return _("it needs {seq}, or two pupils of one class would get the same name");
    if (pattern.empty() || !((pattern[0] >= 'a' && pattern[0] <= 'z') || pattern[0] == '_'))
        return _(
            "it must start with a letter, since useradd refuses names made only of digits (e.g. s{year}{class}{seq})");
    return "";
}

void read_accounts(Checker& c, const YAML::Node& root, Accounts& a) {
    set_defaults(a);
    YAML::Node node = c.child(root, "accounts", Required::no, "");
    if (!node.IsDefined() || !c.expect_map(node, "accounts")) return;
    const std::string where = "accounts";
    c.known_keys(node,
                 {"password_length", "password_alphabet", "pupil_username", "levels", "default_level", "slip_text",
                  "ldap", "logins"},
                 where);
    if (auto v = integer(c, node, "password_length", where, 8, 64)) a.password_length = int(*v);
    if (auto v = c.text(node, "password_alphabet", Required::no, where)) {
        std::set<char> seen;
        std::string problem;
        for (char ch : *v) {
            if (!problem.empty()) break;
            if (ch <= ' ' || ch > '~' || ch == ':')
                problem = _("only printable ASCII without spaces or ':'");
            else if (!seen.insert(ch).second)
                problem = _f("'{}' is given twice", std::string(1, ch));
        }
        if (problem.empty() && seen.size() < 10) problem = _("at least 10 different characters");
        if (!problem.empty())
            c.error(node["password_alphabet"].Mark(),
                    _f("'accounts.password_alphabet' expects the characters passwords are made of: {}", problem));
        else
            a.password_alphabet = *v;
    }
    if (auto v = c.text(node, "pupil_username", Required::no, where)) {
        std::string problem = username_pattern_problem(*v);
        if (!problem.empty())
            c.error(node["pupil_username"].Mark(), _f("'accounts.pupil_username' cannot be '{}': {}", *v, problem));
        else
            a.pupil_username = *v;
    }
    YAML::Node levels = c.child(node, "levels", Required::no, where);
    if (levels.IsDefined() && c.expect_list(levels, "accounts.levels")) {
        std::vector<std::string> out;
        for (std::size_t i = 0; i < levels.size(); ++i) {
            auto v = c.as_text(levels[i], fmt::format("accounts.levels[{}]", i));
            if (!v) continue;
            bool word = !v->empty();
            for (char ch : *v) word = word && is_name_char(ch);
            if (!word)
                c.error(levels[i].Mark(),
                        _f("'accounts.levels[{}]' expects a word of a-z, 0-9 and '_', found '{}'", i, *v));
            else if (std::find(out.begin(), out.end(), *v) != out.end())
                c.error(levels[i].Mark(), _f("level '{}' is given twice", *v));
            else
                out.push_back(*v);
        }
        if (levels.size() == 0)
            c.error(levels.Mark(), _("'accounts.levels' must name at least one level"));
        else
            a.levels = out;
    }
    YAML::Node defaults = c.child(node, "default_level", Required::no, where);
    if (defaults.IsDefined() && c.expect_map(defaults, "accounts.default_level")) {
        c.known_keys(defaults, {"staff", "pupil", "service"}, "accounts.default_level");
        for (const char* kind : {"staff", "pupil", "service"})
            if (auto v = c.text(defaults, kind, Required::no, "accounts.default_level")) a.default_level[kind] = *v;
    }
    // Every default must be a level, whether both came from the file or one is a default.
    for (const auto& [kind, level] : a.default_level)
        if (std::find(a.levels.begin(), a.levels.end(), level) == a.levels.end()) {
            YAML::Mark mark = defaults.IsDefined() && defaults.IsMap() && defaults[kind].IsDefined()
                                  ? defaults[kind].Mark()
                                  : node.Mark();
            std::string list;
            for (const auto& l : a.levels) list += (list.empty() ? "" : ", ") + l;
            c.error(mark, _f("'accounts.default_level.{}' is '{}', which is not one of accounts.levels: {}", kind,
                             level, list));
        }
    if (auto v = c.text(node, "slip_text", Required::no, where)) a.slip_text = *v;
    read_ldap(c, node, a.ldap);
    read_logins(c, node, a.logins);
}

} // namespace netsec::policy
