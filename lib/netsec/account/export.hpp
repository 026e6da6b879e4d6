// What the real directory reads: `chpasswd -e` lines and LDIF for ldapadd/ldapmodify. These are
// the only places a stored hash leaves the registry.
#pragma once
#include "netsec/account/account.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace netsec::account {

// "user:$y$..." a line for each account with a password; accounts that are not active get
// the hash behind '!' (locked, as passwd -l does). Accounts without a password are left out.
std::string export_chpasswd(const std::vector<Account>& accounts);

// How many of `accounts` have no password yet, and so no line in export_chpasswd.
std::size_t count_without_password(const std::vector<Account>& accounts);

// inetOrgPerson + posixAccount + shadowAccount entries under the policy's base DN.
// With `changed_since`, each account added since then is a "changetype: add" record and every
// other one a "changetype: modify" record replacing its attributes (for ldapmodify).
std::string export_ldif(const std::vector<Account>& accounts, const policy::Policy& policy,
                        const std::string& changed_since = "");

// The accounts `export` writes, with their hashes: those `filter` chooses (with
// changed_since, only those changed at or after it), by username.
std::vector<Account> export_accounts(store::Db& db, const AccountFilter& filter);

// The home directory of `username`: the policy's accounts.ldap.home with {username} replaced.
std::string home_directory(const policy::Policy& policy, const std::string& username);

// The DN of `username` under the policy's base DN.
std::string account_dn(const policy::Policy& policy, const std::string& username);

} // namespace netsec::account
