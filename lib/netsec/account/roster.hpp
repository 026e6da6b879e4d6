// Importing a class roster or staff list: columns found by their English or Chinese header,
// usernames from the roster or made by the policy's pattern, every bad row reported as
// source:line, and nothing written unless every row is good.
#pragma once
#include "netsec/account/account.hpp"

#include <set>
#include <string>
#include <vector>

namespace netsec::account {

struct RosterOptions {
    std::string kind;     // used when the roster has no kind column, "" for none
    bool dry_run = false; // check and return the accounts, write nothing
};

struct RosterResult {
    std::vector<Account> accounts;    // added (or, with dry_run, that would be)
    std::vector<std::string> ignored; // columns not understood, left out
    // Pupils of one name in one class without a student number, as "王芳 (2026级1班)": their
    // slips would differ only by username.
    std::vector<std::string> namesakes;
};

// Adds every row of `records` from `source` in one transaction, journaling each account.
// Throws Error(data) with one "source:line: reason" a line when any row is bad (nothing is
// written), Error(usage) when the roster says no kind and none is given.
RosterResult import_roster(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                           const std::vector<io::Record>& records, const std::string& source,
                           const RosterOptions& options, Instant now);

// A username by `pattern` for a pupil of `grade` and `class_name`, with the lowest {seq} from 1
// that is not in `taken`; throws Error(data) saying what the grade or class lacks.
std::string make_username(const std::string& pattern, const std::string& grade, const std::string& class_name,
                          const std::set<std::string>& taken);

} // namespace netsec::account
