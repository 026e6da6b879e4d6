// The account checks: what in the registry and the login records breaks the regime — an
// account that looks lent (signed in from two places at once, from more places in a day than
// the policy allows, or at night), accounts unused past the stale age, people who have left
// with an active account, bursts of failed sign-ins (password guessing), service accounts
// nobody answers for, passwords never changed or too old, hashes not in yescrypt. Findings carry the audit's fields, so
// that `netsec-incident import -` opens an incident for each one that fails at its severity, once.
#pragma once
#include "netsec/account/account.hpp"
#include "netsec/core/finding.hpp"

#include <string>
#include <vector>

namespace netsec::account {

// One account check of the audit's catalogue, with the one severity its findings carry in
// netsec-account check and in netsec-audit alike (the audit reads this table: it sits above).
struct AccountCheck {
    std::string id;                    // ACCT-0101; stable, never reused
    finding::Severity severity;        // its findings' severity, unless the policy overrides it
    std::vector<std::string> problems; // the problems it reports
};

// ACCT-0101 stale, leaver, ownerless (medium); ACCT-0102 unchanged_password, old_password,
// weak_hash (low); ACCT-0103 lent (high); ACCT-0104 guessing (high).
const std::vector<AccountCheck>& account_checks();
// The check that reports `problem`; throws Error(software) for a problem the table lacks.
const AccountCheck& check_of(const std::string& problem);
// The severity of check `check_id`'s findings under `policy`: the table's, except that
// accounts.logins.lent_severity and guessing_severity set ACCT-0103's and ACCT-0104's.
// Throws Error(software) for an id the table lacks.
finding::Severity check_severity(const policy::Policy& policy, const std::string& check_id);

// A shared finding (check_id from account_checks(), severity from check_severity(); status
// "fail"; subject the username, or for guessing at unknown usernames the address; fingerprint
// CHECK:SUBJECT, the same on every run) with the rule it broke and the login records that show it.
struct Finding : finding::Finding {
    std::string problem;  // lent, guessing, stale, leaver, ownerless, unchanged_password, old_password, weak_hash
    std::string username; // the account, "" for guessing at unknown usernames
    std::string first_at, last_at;      // the span the evidence covers, "" when none
    std::vector<std::string> addresses; // lent: the places the account was used from; guessing: the guessers
    std::vector<std::string> sessions;  // lent: the sessions that show it
};

struct CheckOptions {
    Instant since{}; // login records from this time on are read for lent accounts and guessing
};

// Every finding, by check and username. Reads the registry and the login records; writes
// nothing.
std::vector<Finding> check_accounts(store::Db& db, const policy::Policy& policy, const CheckOptions& options,
                                    Instant now);

} // namespace netsec::account
