// What the login readers share, inside the account module only: the lines of a log, the times
// logs write, the plausible-time check, fingerprints and the wtmp login; and the reader of each
// format, one file each (login_sshd, login_last, login_utmpdump, login_radius, login_csv).
// logins.cpp picks the reader.
#pragma once
#include "netsec/account/logins.hpp"
#include "netsec/core/problems.hpp"

#include <chrono>
#include <optional>
#include <regex>
#include <string>
#include <vector>

namespace netsec::account::detail {

// The lines of `data`, without a UTF-8 BOM and without '\r' at line ends.
std::vector<std::string> split_lines(const std::string& data);
// Local civil fields in `zone` as an instant; nothing when they are not a real time.
std::optional<Instant> local_time(int y, int mo, int d, int h, int mi, int s, const std::string& zone);
// "Wed Nov 25 08:01:02 2026" (ctime, as last -F and FreeRADIUS write it).
extern const std::regex ctime_re;
// A ctime_re match in `zone` as an instant; nothing when it is not a real time.
std::optional<Instant> ctime_of(const std::smatch& m, const std::string& zone);
// An RFC 3339 time (',' or '.' before the fraction) of any year; nothing when it is not one.
std::optional<Instant> rfc3339_of(std::string text);

// The times a login may have: from 1970 (no log is older than the Unix epoch) to the end of 9999
// (the last year RFC 3339 writes; the store keeps times as RFC 3339 text, and a time beyond it
// would neither read back nor sort). Sessions are at most ten years long. A line outside these
// is malformed: a damaged log or a wrong number.
constexpr Instant earliest_login{std::chrono::seconds{0}};               // 1970-01-01T00:00:00Z
constexpr Instant latest_login{std::chrono::seconds{253402300799}};      // 9999-12-31T23:59:59Z
constexpr std::chrono::seconds longest_session{std::chrono::days{3653}}; // ten years

bool plausible(Instant t);
// The SHA-256 of the parts, one a line: the same login read twice has the same fingerprint.
std::string fingerprint_of(const std::vector<std::string>& parts);
// False, and a problem at `line` naming `text`, when `t` is not a plausible login time.
bool check_time(Problems& problems, std::size_t line, Instant t, const std::string& text);
// A wtmp session (last, utmpdump) as a login.
Login wtmp_login(const std::string& user, const std::string& tty, const std::string& address, Instant start,
                 const std::string& format);

// The readers: each adds what it reads to `out` and each bad line to `problems`.
void read_syslog(const std::vector<std::string>& lines, const LoginReadOptions& o, Problems& problems,
                 std::vector<Login>& out);
void read_journal(const std::vector<std::string>& lines, Problems& problems, std::vector<Login>& out);
void read_last(const std::vector<std::string>& lines, const LoginReadOptions& o, Problems& problems,
               std::vector<Login>& out);
void read_utmpdump(const std::vector<std::string>& lines, const LoginReadOptions& o, Problems& problems,
                   std::vector<Login>& out);
void read_radius(const std::vector<std::string>& lines, const LoginReadOptions& o, Problems& problems,
                 std::vector<Login>& out);
void read_csv(const std::string& data, const LoginReadOptions& o, Problems& problems, std::vector<Login>& out);

} // namespace netsec::account::detail
