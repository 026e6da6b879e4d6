#include "netsec/policy/policy.hpp"

namespace netsec::policy {

// Generated at build time from share/netsec/policy.yaml.in (see CMakeLists.txt).
extern const char* const policy_template_text;

namespace {

void replace_all(std::string& s, const std::string& from, const std::string& to) {
    for (std::size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size())
        s.replace(pos, from.size(), to);
}

// A YAML scalar for `s`: plain when safe, double-quoted otherwise.
std::string yaml_scalar(const std::string& s) {
    bool plain = !s.empty();
    for (char ch : s)
        if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '/' || ch == '.' || ch == '_' || ch == '-'))
            plain = false;
    if (plain) return s;
    std::string out = "\"";
    for (char ch : s) {
        if (ch == '"' || ch == '\\') out += '\\';
        out += ch;
    }
    return out + "\"";
}

} // namespace

std::string starting_policy(const std::string& state_dir, const std::string& admin_user) {
    std::string text = policy_template_text;
    replace_all(text, "@STATE_DIR@", yaml_scalar(state_dir));
    replace_all(text, "@ADMIN_USER@", yaml_scalar(admin_user));
    return text;
}

} // namespace netsec::policy
