// Login records: who signed in to which account, from where, and when, read from the logs the
// real programs write — sshd lines in syslog files (RFC 3164 and RFC 3339 timestamps) and in
// `journalctl -o json`, `last -F -w` and `utmpdump` output, FreeRADIUS accounting detail
// files, and CSV — and stored once each, however often the same lines are read. Failed sshd
// sign-ins (a wrong password, an unknown user) are kept beside the sessions, as failures.
#pragma once
#include "netsec/account/account.hpp"
#include "netsec/store/login_rows.hpp"

#include <optional>
#include <string>
#include <vector>

namespace netsec::account {

using Login = store::LoginRow;

enum class LoginFormat { automatic, syslog, journal, last, utmpdump, radius, csv };

// "auto", "syslog", "journal", "last", "utmpdump", "radius", "csv"; throws Error(usage).
LoginFormat parse_login_format(const std::string& name);
const char* login_format_name(LoginFormat format);

struct LoginReadOptions {
    LoginFormat format = LoginFormat::automatic;
    std::string zone = "UTC"; // for times written without an offset (syslog, last, detail headers, CSV)
    int year = 0;             // for year-less syslog times; 0: the year of `reference`
    Instant reference{};      // the file's modification time: a year-less time is at most a day after it
    std::string source;       // names the log in the stored rows (--source, else the file)
};

struct LoginsRead {
    LoginFormat format = LoginFormat::automatic; // as detected or named
    std::vector<Login> logins;                   // sessions and failed sign-ins, by start time
    std::size_t lines = 0;                       // lines read
};

// The format of `data` by its first lines, or nothing when it cannot tell.
std::optional<LoginFormat> detect_login_format(const std::string& data);

// The sessions in `data`, named `file` in messages. Throws Error(data) with one
// "file:line: reason" a line (the first 20, then a count) when any line is malformed, and
// when the format cannot be told (naming --format).
LoginsRead read_logins(const std::string& data, const std::string& file, const LoginReadOptions& options);

struct LoginImport {
    std::size_t added = 0, ended = 0, already = 0;
    std::size_t unknown_users = 0;                    // sessions of usernames not in the registry (stored all the same)
    std::size_t seen_updated = 0;                     // accounts whose last_seen_at moved
    std::vector<Login> added_rows;                    // the sessions added, as stored
    std::size_t failed_added = 0, failed_already = 0; // failed sign-ins
};

// Stores the sessions and failures in one transaction, moves each account's last_seen_at to its latest
// session, and journals "account.logins_imported" (source, format and the counts).
LoginImport import_logins(store::Db& db, const journal::Origin& origin, const LoginsRead& read, const std::string& file,
                          Instant now);

// The sessions in `file` ("-": standard input, named <stdin>), as read_logins reads them. For a
// file, `options.reference` becomes its modification time (standard input keeps the one given)
// and `options.source` defaults to its name; throws as paths::read_file and read_logins do.
LoginsRead read_login_file(const std::string& file, LoginReadOptions options);

// The stored sessions of `username` ("" for all) that started at or after `since` (RFC 3339,
// "" for all), by start time; with `failed`, the failed sign-ins instead.
std::vector<Login> list_logins(store::Db& db, const std::string& username, const std::string& since, bool failed);

} // namespace netsec::account
