#include "netsec/policy/checker.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/policy/policy.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <sys/stat.h>

namespace netsec::policy {

std::string kind_of(const YAML::Node& node) {
    switch (node.Type()) {
    case YAML::NodeType::Map: return _("a map");
    case YAML::NodeType::Sequence: return _("a list");
    case YAML::NodeType::Scalar: return _f("'{}'", node.Scalar());
    case YAML::NodeType::Null: return _("nothing");
    default: return _("an undefined value");
    }
}

void Checker::error(const YAML::Mark& mark, const std::string& message) {
    int line = mark.line >= 0 ? mark.line + 1 : 1;
    int column = mark.column >= 0 ? mark.column + 1 : 1;
    problems_.push_back(fmt::format("{}:{}:{}: {}", file_, line, column, message));
    positions_.emplace_back(line, column);
}

std::vector<std::string> Checker::problems() const {
    std::vector<std::size_t> order(problems_.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return positions_[a] < positions_[b]; });
    std::vector<std::string> sorted;
    for (std::size_t i : order) sorted.push_back(problems_[i]);
    return sorted;
}

bool Checker::expect_map(const YAML::Node& node, const std::string& where) {
    if (node.IsMap()) return true;
    error(node.Mark(), _f("'{}' expects a map of keys, found {}", where, kind_of(node)));
    return false;
}

bool Checker::expect_list(const YAML::Node& node, const std::string& where) {
    if (node.IsSequence()) return true;
    error(node.Mark(), _f("'{}' expects a list, found {}", where, kind_of(node)));
    return false;
}

void Checker::known_keys(const YAML::Node& map, std::initializer_list<std::string_view> known,
                         const std::string& where) {
    std::string expected;
    for (auto k : known) expected += (expected.empty() ? "" : ", ") + std::string(k);
    std::set<std::string> seen;
    for (const auto& kv : map) {
        const YAML::Node& key = kv.first;
        if (!key.IsScalar()) {
            error(key.Mark(), _f("'{}' has a key that is not a name", where));
            continue;
        }
        const std::string& name = key.Scalar();
        if (!seen.insert(name).second) error(key.Mark(), _f("key '{}' is given twice in '{}'", name, where));
        bool ok = false;
        for (auto k : known) ok = ok || k == name;
        if (!ok) error(key.Mark(), _f("unknown key '{}' in '{}'; expected one of: {}", name, where, expected));
    }
}

YAML::Node Checker::child(const YAML::Node& map, const char* key, Required required, const std::string& where) {
    YAML::Node node = map[key];
    if (!node.IsDefined() || node.IsNull()) {
        if (required == Required::yes) {
            std::string path = where.empty() ? key : where + "." + key;
            error(map.Mark(), _f("missing required key '{}'", path));
        }
        return YAML::Node(YAML::NodeType::Undefined);
    }
    return node;
}

std::optional<std::string> Checker::as_text(const YAML::Node& node, const std::string& where) {
    if (!node.IsScalar()) {
        error(node.Mark(), _f("'{}' expects a text value, found {}", where, kind_of(node)));
        return std::nullopt;
    }
    return node.Scalar();
}

std::optional<timeutil::Duration> Checker::as_duration(const YAML::Node& node, const std::string& where) {
    auto raw = as_text(node, where);
    if (!raw) return std::nullopt;
    try {
        auto d = timeutil::parse_duration(*raw);
        if (d.count() <= 0) {
            error(node.Mark(), _f("'{}' expects a duration above zero, found '{}'", where, *raw));
            return std::nullopt;
        }
        return d;
    } catch (const Error&) {
        error(node.Mark(), _f("'{}' expects a duration such as 90m, 12h, 7d or 2w, found '{}'", where, *raw));
        return std::nullopt;
    }
}

std::optional<std::string> Checker::text(const YAML::Node& map, const char* key, Required required,
                                         const std::string& where) {
    YAML::Node node = child(map, key, required, where);
    if (!node.IsDefined()) return std::nullopt;
    return as_text(node, where + "." + key);
}

std::optional<timeutil::Duration> Checker::duration(const YAML::Node& map, const char* key, Required required,
                                                    const std::string& where) {
    YAML::Node node = child(map, key, required, where);
    if (!node.IsDefined()) return std::nullopt;
    return as_duration(node, where + "." + key);
}

std::optional<std::string> Checker::date(const YAML::Node& map, const char* key, Required required,
                                         const std::string& where) {
    YAML::Node node = child(map, key, required, where);
    if (!node.IsDefined()) return std::nullopt;
    auto raw = as_text(node, where + "." + key);
    if (!raw) return std::nullopt;
    try {
        timeutil::parse_date(*raw, "UTC");
        return raw;
    } catch (const Error&) {
        error(node.Mark(), _f("'{}.{}' expects a date as YYYY-MM-DD, found '{}'", where, key, *raw));
        return std::nullopt;
    }
}

std::optional<finding::Severity> Checker::severity(const YAML::Node& map, const char* key, Required required,
                                                   const std::string& where) {
    auto raw = text(map, key, required, where);
    if (!raw) return std::nullopt;
    if (auto s = finding::severity_named(*raw)) return s;
    error(map[key].Mark(), _f("'{}.{}' expects low, medium, high or critical, found '{}'", where, key, *raw));
    return std::nullopt;
}

std::vector<std::string> file_mode_problems(const Policy& policy) {
    std::vector<std::string> out;
    std::set<std::string> seen;
    auto judge = [&](const std::string& file, const std::string& key, mode_t forbidden, bool secret) {
        if (file.empty() || !seen.insert(file).second) return;
        struct stat st;
        if (::stat(file.c_str(), &st) != 0) return;
        mode_t mode = st.st_mode & 07777;
        if (!(mode & forbidden)) return;
        out.push_back(secret ? _f("{}: '{}' names '{}', which has mode {:04o}: others may read the secret or change "
                                  "it; make it private with 'chmod 600 {}'",
                                  policy.file, key, file, mode, file)
                             : _f("{}: '{}' names '{}', which has mode {:04o}: others may change it; make it "
                                  "writable by its owner only with 'chmod go-w {}'",
                                  policy.file, key, file, mode, file));
    };
    for (std::size_t i = 0; i < policy.backup.jobs.size(); ++i)
        judge(policy.backup.jobs[i].passphrase_file, fmt::format("backup.jobs[{}].passphrase_file", i),
              S_IROTH | S_IWOTH | S_IXOTH | S_IWGRP, true);
    judge(policy.journal.heads_file, "journal.heads_file", S_IWGRP | S_IWOTH, false);
    return out;
}

bool is_check_id(const std::string& s) {
    auto dash = s.find('-');
    if (dash == std::string::npos || dash == 0 || s.size() != dash + 5) return false;
    for (std::size_t i = 0; i < dash; ++i)
        if (!std::isupper(static_cast<unsigned char>(s[i]))) return false;
    for (std::size_t i = dash + 1; i < s.size(); ++i)
        if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    return true;
}

} // namespace netsec::policy
