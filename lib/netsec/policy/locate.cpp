#include "netsec/policy/policy.hpp"

#include <cstdlib>

namespace netsec::policy {

std::string locate_policy(const std::string& option) {
    if (!option.empty()) return option;
    if (const char* env = std::getenv("NETSEC_POLICY"); env && *env) return env;
    return "/etc/netsec/policy.yaml";
}

} // namespace netsec::policy
