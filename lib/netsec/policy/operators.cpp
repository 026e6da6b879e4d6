#include "netsec/policy/operators.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"

#include <algorithm>

namespace netsec::policy {

const char* level_name(Level level) {
    switch (level) {
    case Level::viewer: return "viewer";
    case Level::operator_: return "operator";
    case Level::admin: return "admin";
    case Level::none: break;
    }
    return "none";
}

Level level_of(const Policy& policy, const Caller& caller) {
    if (caller.is_root) return Level::admin;
    Level best = Level::none;
    for (const auto& rule : policy.operators) {
        bool applies = (!rule.user.empty() && rule.user == caller.user) ||
                       (!rule.group.empty() &&
                        std::find(caller.groups.begin(), caller.groups.end(), rule.group) != caller.groups.end());
        if (applies && rule.level > best) best = rule.level;
    }
    return best;
}

void require_level(const Policy& policy, const Caller& caller, Level needed, const std::string& command) {
    Level have = level_of(policy, caller);
    if (have >= needed) return;
    if (have == Level::none)
        throw Error(Exit::no_perm, _f("'{}' needs the {} level; user '{}' has no level in '{}' (ask a school leader "
                                      "to add them under 'operators')",
                                      command, level_name(needed), caller.user, policy.file));
    throw Error(Exit::no_perm, _f("'{}' needs the {} level; user '{}' has only {} (see 'operators' in '{}')", command,
                                  level_name(needed), caller.user, level_name(have), policy.file));
}

} // namespace netsec::policy
