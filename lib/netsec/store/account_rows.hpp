// The account registry's SQL: one row per account, keyed by username. Times are RFC 3339 UTC
// text, "" when not yet. The yescrypt hash is read only by the functions that say so.
#pragma once
#include "netsec/store/db.hpp"

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace netsec::store {

struct AccountRow {
    std::string username;
    std::string full_name;
    std::string student_no;        // pupils: the roster's 学号, unique when given
    std::string kind;              // staff, pupil, service
    std::string grade;             // pupils: the year group, e.g. 2020级
    std::string class_name;        // pupils: e.g. 2020级3班
    std::string department;        // staff
    std::string owner;             // service accounts: who answers for it
    std::string level;             // the permission level (policy accounts.levels)
    std::string status = "active"; // active, disabled, expired, archived
    std::int64_t uid_number = 0;
    std::int64_t gid_number = 0;
    std::string created_at, updated_at;
    std::string issued_at, password_set_at, last_seen_at, left_at;
    std::string hash; // filled only by the *_with_hash readers
};

struct AccountFilter {
    std::string kind;          // "": any
    std::string class_glob;    // shell pattern on class, "": any
    std::string status;        // "": any
    std::string changed_since; // updated_at >= this, "": any
    std::string name_contains; // full_name holds this text, "": any
    std::string student_no;    // exactly this student number, "": any
};

void insert_account(Transaction& tx, const AccountRow& row);
// Writes every column but username, uid/gid numbers, created_at and the hash.
void update_account(Transaction& tx, const AccountRow& row);
// Stores a new hash with the times it was issued and set.
void set_account_hash(Transaction& tx, const std::string& username, const std::string& hash, const std::string& at);

std::optional<AccountRow> find_account(Db& db, const std::string& username);
// The same row with its hash, for issuing: the hash tells whether a password changed meanwhile.
std::optional<AccountRow> find_account_with_hash(Db& db, const std::string& username);
std::vector<AccountRow> list_accounts(Db& db, const AccountFilter& filter);
// The same rows with their hashes, for export only.
std::vector<AccountRow> list_accounts_with_hash(Db& db, const AccountFilter& filter);

// The accounts whose full name or student number is exactly `text`, by username.
std::vector<AccountRow> find_accounts_by_person(Db& db, const std::string& text);
// The account holding student number `student_no` ("" finds none).
std::optional<AccountRow> find_account_by_student_no(Db& db, const std::string& student_no);

// Every username in the registry.
std::set<std::string> all_usernames(Db& db);
// The next free uid offset: max(uid_number - uid_start) + 1, or 0 for the first account.
std::int64_t next_uid_offset(Transaction& tx, std::int64_t uid_start);

} // namespace netsec::store
