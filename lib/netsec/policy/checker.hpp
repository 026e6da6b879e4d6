// The reader the policy loader walks the YAML with: it converts values, and instead of
// stopping at the first problem it records each one as "file:line:column: message".
// Later sections of the policy (accounts, incidents, backup) use it the same way.
#pragma once
#include "netsec/core/finding.hpp"
#include "netsec/core/time.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>
#include <yaml-cpp/yaml.h>

namespace netsec::policy {

enum class Required { no, yes };

class Checker {
public:
    explicit Checker(std::string file) : file_(std::move(file)) {}

    // Records a problem at `mark` (yaml-cpp's 0-based line and column).
    void error(const YAML::Mark& mark, const std::string& message);

    // True when `node` is a map; otherwise records what `where` expected.
    bool expect_map(const YAML::Node& node, const std::string& where);
    bool expect_list(const YAML::Node& node, const std::string& where);

    // Records every key of `map` not in `known`, and every key given twice.
    void known_keys(const YAML::Node& map, std::initializer_list<std::string_view> known, const std::string& where);

    // The child `key` of `map`; records a missing required key at the map.
    YAML::Node child(const YAML::Node& map, const char* key, Required required, const std::string& where);

    // Scalars. Each returns nothing (and records why) when the value is missing but required,
    // or of the wrong kind; absent optional keys return nothing without a record.
    std::optional<std::string> text(const YAML::Node& map, const char* key, Required required,
                                    const std::string& where);
    std::optional<timeutil::Duration> duration(const YAML::Node& map, const char* key, Required required,
                                               const std::string& where);
    std::optional<std::string> date(const YAML::Node& map, const char* key, Required required,
                                    const std::string& where);
    std::optional<finding::Severity> severity(const YAML::Node& map, const char* key, Required required,
                                              const std::string& where);

    // Conversions of a scalar node already found.
    std::optional<std::string> as_text(const YAML::Node& node, const std::string& where);
    std::optional<timeutil::Duration> as_duration(const YAML::Node& node, const std::string& where);

    // Every problem, in the order they appear in the file.
    std::vector<std::string> problems() const;
    const std::string& file() const { return file_; }

private:
    std::string file_;
    std::vector<std::string> problems_;
    std::vector<std::pair<int, int>> positions_; // (line, column) of each problem
};

// Whether `s` has the form of an audit check id, "ABC-0001": capital letters, a dash, four digits.
bool is_check_id(const std::string& s);

// "a map", "a list", "a text value" — the kind of a node, for messages.
std::string kind_of(const YAML::Node& node);

} // namespace netsec::policy
