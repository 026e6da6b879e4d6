// Reading the policy's `accounts` section: passwords, usernames for pupils, permission levels,
// the LDAP mapping and the text of the password slips.
#pragma once
#include "netsec/policy/checker.hpp"
#include "netsec/policy/policy.hpp"

namespace netsec::policy {

// The defaults: 56 letters and digits without 0 O o 1 l I.
inline constexpr const char* default_password_alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
inline constexpr const char* default_pupil_username = "s{year}{class}{seq}";

// Fills `out` from the `accounts` key of `root`, with defaults for what is absent.
void read_accounts(Checker& checker, const YAML::Node& root, Accounts& out);

// "" when `pattern` is a usable username pattern, else what is wrong with it.
std::string username_pattern_problem(const std::string& pattern);

} // namespace netsec::policy
