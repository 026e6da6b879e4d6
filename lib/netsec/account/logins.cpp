// Login records: the formats by name and by their look, reading a log with the reader of its
// format (login_read.hpp), importing what was read, and the login's output record.
#include "netsec/account/logins.hpp"
#include "netsec/account/login_read.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/hash.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/paths.hpp"
#include "netsec/core/problems.hpp"
#include "netsec/core/syslog_time.hpp"
#include "netsec/core/text.hpp"
#include "netsec/journal/import.hpp"

#include <algorithm>
#include <cctype>
#include <unistd.h>
#include <map>
#include <regex>
#include <set>
#include <sys/stat.h>

namespace netsec::account {

using json = nlohmann::ordered_json;

using detail::ctime_re;
using detail::read_csv;
using detail::read_journal;
using detail::read_last;
using detail::read_radius;
using detail::read_syslog;
using detail::read_utmpdump;
using detail::split_lines;
using text::trim;

LoginFormat parse_login_format(const std::string& name) {
    static const std::map<std::string, LoginFormat> all = {
        {"auto", LoginFormat::automatic}, {"syslog", LoginFormat::syslog},     {"journal", LoginFormat::journal},
        {"last", LoginFormat::last},      {"utmpdump", LoginFormat::utmpdump}, {"radius", LoginFormat::radius},
        {"csv", LoginFormat::csv}};
    auto it = all.find(name);
    if (it == all.end())
        throw Error(Exit::usage, _f("unknown login format '{}': expected auto, syslog, journal, last, utmpdump, radius "
                                    "or csv",
                                    name));
    return it->second;
}

const char* login_format_name(LoginFormat f) {
    switch (f) {
    case LoginFormat::syslog: return "syslog";
    case LoginFormat::journal: return "journal";
    case LoginFormat::last: return "last";
    case LoginFormat::utmpdump: return "utmpdump";
    case LoginFormat::radius: return "radius";
    case LoginFormat::csv: return "csv";
    default: return "auto";
    }
}

std::optional<LoginFormat> detect_login_format(const std::string& data) {
    static const std::regex utmp_re(R"(^\[\d+\] \[)");
    static const std::regex iso_re(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\S* \S+ \S)");
    static const std::regex header_re(
        R"(^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\d{1,2} \d\d:\d\d:\d\d \d{4}\s*$)");
    for (const auto& line : split_lines(data)) {
        std::string t = trim(line);
        if (t.empty()) continue;
        std::smatch m;
        if (t[0] == '{') return LoginFormat::journal;
        if (std::regex_search(line, m, utmp_re)) return LoginFormat::utmpdump;
        if (std::regex_match(line, m, header_re)) return LoginFormat::radius;
        auto stamp = timeutil::read_syslog_stamp(line);
        if (stamp && line.size() > stamp->length + 1 && line[stamp->length] == ' ' &&
            !std::isspace(static_cast<unsigned char>(line[stamp->length + 1])))
            return LoginFormat::syslog;
        if (std::regex_search(line, m, iso_re) && line.find(',') == std::string::npos) return LoginFormat::syslog;
        if (t.rfind("wtmp begins", 0) == 0 || std::regex_search(line, m, ctime_re)) return LoginFormat::last;
        if (line.find(',') != std::string::npos) return LoginFormat::csv;
        return std::nullopt;
    }
    return std::nullopt;
}

LoginsRead read_logins(const std::string& data, const std::string& file, const LoginReadOptions& o) {
    LoginsRead read;
    read.format = o.format;
    if (read.format == LoginFormat::automatic) {
        auto found = detect_login_format(data);
        if (!found) {
            if (data.find_first_not_of(" \t\r\n") == std::string::npos) {
                read.format = LoginFormat::csv;
                return read;
            }
            throw Error(Exit::data,
                        _f("cannot tell the format of '{}'; name it with --input-format syslog, journal, last, "
                           "utmpdump, radius or csv",
                           file));
        }
        read.format = *found;
    }
    Problems problems(file);
    auto lines = split_lines(data);
    read.lines = lines.size();
    try {
        switch (read.format) {
        case LoginFormat::syslog: read_syslog(lines, o, problems, read.logins); break;
        case LoginFormat::journal: read_journal(lines, problems, read.logins); break;
        case LoginFormat::last: read_last(lines, o, problems, read.logins); break;
        case LoginFormat::utmpdump: read_utmpdump(lines, o, problems, read.logins); break;
        case LoginFormat::radius: read_radius(lines, o, problems, read.logins); break;
        default: read_csv(data, o, problems, read.logins); break;
        }
    } catch (const std::out_of_range&) { // a count, time or duration with more digits than any real one
        throw Error(Exit::data, _f("'{}' holds a number too large for a login record; nothing was imported", file));
    }
    problems.throw_if_any(_("nothing was imported"));
    for (auto& l : read.logins) {
        l.source = o.source.empty() ? file : o.source;
        l.format = login_format_name(read.format);
    }
    std::stable_sort(read.logins.begin(), read.logins.end(),
                     [](const Login& a, const Login& b) { return a.started_at < b.started_at; });
    return read;
}

LoginImport import_logins(store::Db& db, const journal::Origin& origin, const LoginsRead& read, const std::string& file,
                          Instant now) {
    LoginImport result;
    std::string at = timeutil::format_rfc3339(now);
    // Phase 1 was read_logins, which named every bad line; phase 2 stores every session in the
    // import's one transaction, with one summary entry rather than one entry a session.
    journal::Import<const Login*> import(db, file);
    for (const auto& l : read.logins) import.accept(0, &l);
    auto known = store::all_usernames(db);
    std::map<std::string, std::string> latest;
    import.write([&](store::Transaction& tx, const Login* read_login, std::size_t) {
        Login l = *read_login;
    l.imported_at = at;
    if (l.result == store::LoginResult::failure) {
        if (store::store_login(tx, l) == store::LoginStored::added)
            ++result.failed_added;
        else
            ++result.failed_already;
        return;
    }
    switch (store::store_login(tx, l)) {
    case store::LoginStored::added:
        ++result.added;
        result.added_rows.push_back(l);
        break;
    case store::LoginStored::ended: ++result.ended; break;
    case store::LoginStored::already: ++result.already; break;
    }
    if (!known.count(l.username)) {
        ++result.unknown_users;
        return;
    }
    std::string seen = std::max(l.started_at, l.ended_at);
    if (seen > at) seen = at; // a clock ahead in a log does not make an account seen in the future
    auto& best = latest[l.username];
    best = std::max(best, seen);
});
store::Transaction& tx = import.transaction();
for (const auto& [user, seen] : latest) result.seen_updated += store::raise_last_seen(tx, user, seen);
if (result.added + result.ended + result.seen_updated + result.failed_added == 0)
    return result; // nothing changed: no entry
std::string source = read.logins.empty() ? file : read.logins.front().source;
json details = {{"file", file},
                {"format", login_format_name(read.format)},
                {"sessions", read.logins.size() - result.failed_added - result.failed_already},
                {"added", result.added},
                {"ended", result.ended},
                {"already", result.already},
                {"last_seen_updated", result.seen_updated},
                {"failed", result.failed_added + result.failed_already},
                {"failed_added", result.failed_added}};
journal::append(tx, origin, journal::action::account_logins_imported, source, details);
import.commit();
return result;
} // namespace netsec::account

LoginsRead read_login_file(const std::string& file, LoginReadOptions options) {
    std::string data;
    std::string name = file == "-" ? "<stdin>" : file;
    if (file == "-") {
        data = paths::read_fd(STDIN_FILENO, name); // bounded as a file is, before it is held
    } else {
        data = paths::read_file(file);
        struct stat st {};
        if (::stat(file.c_str(), &st) == 0) options.reference = Instant{std::chrono::seconds{st.st_mtime}};
    }
    if (options.source.empty()) options.source = name;
    return read_logins(data, name, options);
}

std::vector<Login> list_logins(store::Db& db, const std::string& username, const std::string& since, bool failed) {
    return store::list_logins(db, username, since, failed ? store::LoginResult::failure : store::LoginResult::success);
}

} // namespace netsec::account
