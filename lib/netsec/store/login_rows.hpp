// The login records' SQL: one row per session, or per failed sign-in, read from a log (sshd,
// journald, wtmp, FreeRADIUS, CSV), keyed by a fingerprint of the lines it came from, so that reading the same
// lines again adds nothing. Times are RFC 3339 UTC text; ended_at is "" when no end was seen.
#pragma once
#include "netsec/store/db.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace netsec::store {

// A session (success) or a refused sign-in (failure: a wrong password, an unknown user).
enum class LoginResult { success, failure };

struct LoginRow {
    std::string fingerprint; // SHA-256 hex of the format and the lines that started the session
    std::string username;
    std::string address; // where the person sat: an IP address, a MAC address or a machine name
    std::string service; // sshd, radius, login (wtmp), csv
    std::string host;    // the machine that wrote the record, "" when unknown
    std::string started_at;
    std::string ended_at; // "" when no end was seen
    std::string source;   // the log it was read from (--source, else the file name)
    std::string format;   // syslog, journal, last, utmpdump, radius, csv
    std::string imported_at;
    LoginResult result = LoginResult::success; // a failure has started_at only: when it was refused
};

// What storing one row did.
enum class LoginStored { added, ended, already };

// Adds `row`, or gives a stored row without an end the end `row` has; else changes nothing.
LoginStored store_login(Transaction& tx, const LoginRow& row);

// The sessions (or, with LoginResult::failure, the failed sign-ins) of `username` ("" for
// everyone) that started at or after `since` ("" for all), by start time.
std::vector<LoginRow> list_logins(Db& db, const std::string& username, const std::string& since,
                                  LoginResult result = LoginResult::success);

// Sets last_seen_at of `username` to `at` when that is later than what is stored; false when
// the account is not in the registry or was already seen later. updated_at is left alone.
bool raise_last_seen(Transaction& tx, const std::string& username, const std::string& at);

} // namespace netsec::store
