// The checks that look at the host: configuration files and /proc, read only under the
// context's root so that tests (and an inspector with a copy of a server's /etc) can point
// them at a prepared folder. Nothing here runs a program or asks a service.
#include "netsec/audit/checks.hpp"
#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/paths.hpp"
#include "netsec/core/syslog_time.hpp"
#include "netsec/core/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <dirent.h>
#include <fnmatch.h>
#include <fstream>
#include <glob.h>
#include <map>
#include <set>
#include <sstream>
#include <sys/stat.h>
#include <zlib.h>
#include <functional>

namespace netsec::audit {
namespace {

using timeutil::Duration;
using timeutil::format_duration;

using text::lower_ascii;
using text::trim;

// The lines of a file with # comments and blank lines removed.
std::vector<std::string> config_lines(const std::string& file) {
    std::vector<std::string> out;
    std::istringstream in(paths::read_file(file));
    for (std::string line; std::getline(in, line);) {
        auto hash = line.find('#');
        if (hash != std::string::npos) line.erase(hash);
        line = trim(line);
        if (!line.empty()) out.push_back(line);
    }
    return out;
}

std::vector<std::string> words(const std::string& line) {
    std::istringstream in(line);
    std::vector<std::string> out;
    for (std::string w; in >> w;) out.push_back(w);
    return out;
}

bool is_dir(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// Regular files in `dir` whose names match `pattern`, sorted.
std::vector<std::string> files_in(const std::string& dir, const char* pattern = "*") {
    std::vector<std::string> out;
    DIR* d = ::opendir(dir.c_str());
    if (!d) return out;
    while (dirent* e = ::readdir(d)) {
        std::string name = e->d_name;
        if (name == "." || name == ".." || ::fnmatch(pattern, name.c_str(), 0) != 0) continue;
        struct stat st {};
        std::string full = dir + "/" + name;
        if (::stat(full.c_str(), &st) == 0 && S_ISREG(st.st_mode)) out.push_back(full);
    }
    ::closedir(d);
    std::sort(out.begin(), out.end());
    return out;
}

// systemd's time spans: "180d", "6month", "1y", "3600" (seconds), "2w 3d".
std::optional<Duration> systemd_span(const std::string& text) {
    static const std::map<std::string, long long> units = {
        {"", 1},           {"s", 1},           {"sec", 1},          {"second", 1},     {"seconds", 1},
        {"m", 60},         {"min", 60},        {"minute", 60},      {"minutes", 60},   {"h", 3600},
        {"hr", 3600},      {"hour", 3600},     {"hours", 3600},     {"d", 86400},      {"day", 86400},
        {"days", 86400},   {"w", 604800},      {"week", 604800},    {"weeks", 604800}, {"month", 2629800},
        {"months", 2629800}, {"M", 2629800},   {"y", 31557600},     {"year", 31557600}, {"years", 31557600}};
    long long total = 0;
    std::size_t i = 0;
    bool any = false;
    while (i < text.size()) {
        while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
        if (i == text.size()) break;
        std::size_t start = i;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
        if (start == i) return std::nullopt;
        long long n = std::stoll(text.substr(start, i - start));
        std::size_t ustart = i;
        while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
        auto it = units.find(text.substr(ustart, i - ustart));
        if (it == units.end()) return std::nullopt;
        total += n * it->second;
        any = true;
    }
    if (!any) return std::nullopt;
    return Duration(total);
}

// --- LOG-0001 ---------------------------------------------------------------------------------

void check_journald(Context& ctx, std::vector<Outcome>& out) {
    std::string main = under(ctx, "etc/systemd/journald.conf");
    std::vector<std::string> files;
    if (paths::exists(main)) files.push_back(main);
    for (const auto& f : files_in(under(ctx, "etc/systemd/journald.conf.d"), "*.conf")) files.push_back(f);
    if (files.empty() && !is_dir(under(ctx, "etc/systemd"))) return; // no systemd here
    std::map<std::string, std::string> set;
    for (const auto& f : files) {
        bool in_journal = false;
        for (const auto& line : config_lines(f)) {
            if (line.front() == '[') {
                in_journal = line == "[Journal]";
                continue;
            }
            auto eq = line.find('=');
            if (in_journal && eq != std::string::npos) set[trim(line.substr(0, eq))] = trim(line.substr(eq + 1));
        }
    }
    Duration want = ctx.policy.thresholds.log_retention;
    std::string storage = set.count("Storage") ? lower_ascii(set["Storage"]) : "auto";
    std::vector<std::string> problems;
    if (storage == "volatile" || storage == "none")
        problems.push_back(_f("Storage={}: the journal is not kept on disk", storage));
    else if (storage == "auto" && !is_dir(under(ctx, "var/log/journal")))
        problems.push_back(_("Storage=auto and var/log/journal does not exist: the journal is lost at every reboot"));
    std::string retention = _("no MaxRetentionSec, so no time limit (size limits may still cut it short)");
    if (set.count("MaxRetentionSec") && !set["MaxRetentionSec"].empty()) {
        auto span = systemd_span(set["MaxRetentionSec"]);
        if (!span) problems.push_back(_f("MaxRetentionSec={} is not a time span", set["MaxRetentionSec"]));
        else if (span->count() > 0 && *span < want)
            problems.push_back(_f("MaxRetentionSec={} keeps less than {}", set["MaxRetentionSec"], format_duration(want)));
        else retention = _f("MaxRetentionSec={}", set["MaxRetentionSec"]);
    }
    if (problems.empty()) out.push_back({"journald", "pass", _f("Storage={}; {}", storage, retention), files});
    else {
        std::string all;
        for (const auto& p : problems) all += (all.empty() ? "" : "; ") + p;
        out.push_back({"journald", "fail", all, files});
    }
}

struct Stanza {
    std::string file;
    std::vector<std::string> logs;
    std::optional<Duration> period;
    std::optional<long long> rotate;
};

std::optional<Duration> rotate_period(const std::string& word) {
    if (word == "hourly") return Duration(3600);
    if (word == "daily") return Duration(86400);
    if (word == "weekly") return Duration(7 * 86400);
    if (word == "monthly") return Duration(30 * 86400);
    if (word == "yearly") return Duration(365 * 86400);
    return std::nullopt;
}

// Global settings go into `global`, each { } block into `stanzas`.
void parse_logrotate(const std::string& file, Stanza& global, std::vector<Stanza>& stanzas) {
    Stanza* current = nullptr;
    std::vector<std::string> pending_logs;
    bool in_script = false;
    for (const auto& line : config_lines(file)) {
        auto w = words(line);
        if (in_script) {
            if (w[0] == "endscript") in_script = false;
            continue;
        }
        if (w[0] == "postrotate" || w[0] == "prerotate" || w[0] == "firstaction" || w[0] == "lastaction" ||
            w[0] == "preremove") {
            in_script = true;
            continue;
        }
        if (!current && line.back() == '{') {
            Stanza s;
            s.file = file;
            for (const auto& x : w)
                if (x != "{") s.logs.push_back(x.back() == '{' ? x.substr(0, x.size() - 1) : x);
            for (const auto& x : pending_logs) s.logs.insert(s.logs.begin(), x);
            pending_logs.clear();
            stanzas.push_back(s);
            current = &stanzas.back();
            continue;
        }
        if (current && w[0] == "}") {
            current = nullptr;
            continue;
        }
        Stanza& target = current ? *current : global;
        if (auto p = rotate_period(w[0])) target.period = p;
        else if (w[0] == "rotate" && w.size() > 1) {
            try {
                target.rotate = std::stoll(w[1]);
            } catch (const std::exception&) {
            }
        } else if (!current && (w[0].front() == '/' || w[0].front() == '"')) {
            for (const auto& x : w) pending_logs.push_back(x); // a list of logs before a lone {
        }
    }
}

void check_logrotate(Context& ctx, std::vector<Outcome>& out, bool& any_config) {
    std::string main = under(ctx, "etc/logrotate.conf");
    std::vector<std::string> files;
    if (paths::exists(main)) files.push_back(main);
    for (const auto& f : files_in(under(ctx, "etc/logrotate.d"))) files.push_back(f);
    bool rsyslog = paths::exists(under(ctx, "etc/rsyslog.conf"));
    if (files.empty() && !rsyslog) return;
    any_config = true;
    Stanza global;
    std::vector<Stanza> stanzas;
    if (paths::exists(main)) parse_logrotate(main, global, stanzas);
    for (std::size_t i = paths::exists(main) ? 1 : 0; i < files.size(); ++i) {
        Stanza ignored = global; // settings outside braces in logrotate.d apply to what follows
        parse_logrotate(files[i], ignored, stanzas);
    }
    Duration want = ctx.policy.thresholds.log_retention;
    std::size_t failed = 0;
    bool rotates_syslog = false;
    for (const auto& s : stanzas) {
        if (s.logs.empty()) continue;
        for (const auto& l : s.logs)
            if (l.find("syslog") != std::string::npos || l.find("messages") != std::string::npos) rotates_syslog = true;
        Duration period = s.period.value_or(global.period.value_or(Duration(7 * 86400)));
        long long rotate = s.rotate.value_or(global.rotate.value_or(0));
        Duration kept = period * rotate;
        if (kept < want) {
            ++failed;
            out.push_back({"logrotate:" + s.logs.front(), "fail",
                           _f("{}: rotate {} × {} keeps {} of logs, less than {}", s.file, rotate,
                              format_duration(period), format_duration(kept), format_duration(want)),
                           {s.file}});
        }
    }
    if (!files.empty() && failed == 0)
        out.push_back({"logrotate", "pass",
                       _f("logrotate stanzas: {}; each keeps at least {}", stanzas.size(), format_duration(want)), files});
    if (rsyslog) {
        std::string conf = under(ctx, "etc/rsyslog.conf");
        if (rotates_syslog) out.push_back({"rsyslog", "pass", _("rsyslog's files are rotated by logrotate"), {conf}});
        else out.push_back({"rsyslog", "fail",
                            _("rsyslog writes logs, but no logrotate stanza rotates its files (syslog, messages)"),
                            {conf}});
    }
}

// Calls `visit` with every regular file under `dir`, `depth` folders deep, at most 20,000 of them.
void each_file(const std::string& dir, int depth, std::size_t& seen,
               const std::function<void(const std::string& full, const std::string& name, const struct stat&)>& visit) {
    DIR* d = ::opendir(dir.c_str());
    if (!d) return;
    while (dirent* e = ::readdir(d)) {
        std::string name = e->d_name;
        if (name == "." || name == ".." || seen > 20000) continue;
        std::string full = dir + "/" + name;
        struct stat st {};
        if (::lstat(full.c_str(), &st) != 0) continue;
        if (S_ISDIR(st.st_mode)) {
            if (depth > 0) each_file(full, depth - 1, seen, visit);
        } else if (S_ISREG(st.st_mode)) {
            ++seen;
            visit(full, name, st);
        }
    }
    ::closedir(d);
}

void readable_logs(const std::string& dir, int depth, std::vector<std::string>& found, std::size_t& seen) {
    each_file(dir, depth, seen, [&](const std::string& full, const std::string& name, const struct stat& st) {
        // wtmp and lastlog are meant to be read by last(1) and lastlog(8).
        if (name.rfind("wtmp", 0) == 0 || name.rfind("lastlog", 0) == 0) return;
        if (st.st_mode & S_IROTH) found.push_back(full);
    });
}

void check_log_modes(Context& ctx, std::vector<Outcome>& out) {
    std::string dir = under(ctx, "var/log");
    if (!is_dir(dir)) return;
    std::vector<std::string> found;
    std::size_t seen = 0;
    readable_logs(dir, 3, found, seen);
    std::sort(found.begin(), found.end());
    if (found.empty()) {
        out.push_back({"var/log", "pass", _f("log files: {}; none is readable by everyone", seen), {}});
        return;
    }
    std::string list;
    for (std::size_t i = 0; i < found.size() && i < 5; ++i) list += (list.empty() ? "" : ", ") + found[i];
    if (found.size() > 5) list += ", …";
    out.push_back({"var/log", "fail", _f("log files readable by everyone: {}: {}", found.size(), list), {}});
}

// --- LOG-0001: the oldest entries -------------------------------------------------------------

// Times before 2000 come from a clock that was never set (1970 on a board without a real-time
// clock) or from a packaged file; they say nothing about how long logs are kept.
constexpr Instant sane_since{std::chrono::seconds(946684800)};

Instant mtime_of(const struct stat& st) { return Instant(std::chrono::seconds(st.st_mtim.tv_sec)); }

unsigned byte_at(const std::string& s, std::size_t i) { return static_cast<unsigned char>(s[i]); }

// Up to `limit` bytes from the start of `file`; "" when it cannot be read.
std::string read_head(const std::string& file, std::size_t limit) {
    std::ifstream in(file, std::ios::binary);
    std::string out(limit, '\0');
    in.read(out.data(), std::streamsize(limit));
    out.resize(std::size_t(std::max<std::streamsize>(in.gcount(), 0)));
    return out;
}

// The first `limit` bytes of what the gzip data `in` (RFC 1952) holds, through zlib; less when
// the data ends early (a rotation read only in part). nullopt: not gzip, or damaged.
std::optional<std::string> gunzip_head(const std::string& in, std::size_t limit) {
    z_stream z{};
    if (::inflateInit2(&z, 15 + 16) != Z_OK) return std::nullopt; // 16: a gzip header, not zlib's
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = uInt(std::min<std::size_t>(in.size(), UINT32_MAX));
    std::string out(limit, '\0');
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = uInt(limit);
    int rc = Z_OK;
    while (z.avail_out > 0 && rc == Z_OK) rc = ::inflate(&z, Z_NO_FLUSH);
    std::size_t got = limit - z.avail_out;
    ::inflateEnd(&z);
    // Z_BUF_ERROR: the input ended before the stream did (only its head was read) or out is full.
    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) return std::nullopt;
    if (got == 0 && rc != Z_STREAM_END) return std::nullopt;
    out.resize(got);
    return out;
}

// The time a syslog line starts with: RFC 3339 as rsyslog's RSYSLOG_FileFormat writes it
// ("2026-11-25T02:18:11.123456+08:00"), or the traditional "Nov 25 02:18:11" read in `zone`,
// in the year timeutil::syslog_year gives it for a file last written at `mtime`.
std::optional<Instant> line_time(const std::string& line, Instant mtime, const std::string& zone) {
    if (!line.empty() && std::isdigit(static_cast<unsigned char>(line[0]))) {
        std::string word = line.substr(0, line.find_first_of(" \t"));
        if (word.size() < 20 || word[10] != 'T') return std::nullopt;
        try {
            return timeutil::parse_time(word, zone);
        } catch (const Error&) {
            return std::nullopt;
        }
    }
    auto stamp = timeutil::read_syslog_stamp(line);
    if (!stamp) return std::nullopt;
    auto year = timeutil::syslog_year(*stamp, mtime, zone);
    return year ? timeutil::syslog_time(*stamp, *year, zone) : std::nullopt;
}

// The first sane time among the first lines of `text`.
std::optional<Instant> first_entry(const std::string& text, Instant mtime, const std::string& zone) {
    std::istringstream in(text);
    std::string line;
    for (int n = 0; n < 16 && std::getline(in, line); ++n)
        if (auto t = line_time(line, mtime, zone); t && *t >= sane_since) return t;
    return std::nullopt;
}

std::uint64_t le64(const std::string& b, std::size_t at) {
    std::uint64_t v = 0;
    for (std::size_t i = 8; i-- > 0;) v = v << 8 | byte_at(b, at + i);
    return v;
}

// The wall-clock time of a journal file's first entry, from its header as systemd's Journal
// File Format documents it: "LPKSHHRH", then little-endian header_size at 88, n_entries at
// 152, head_entry_realtime and tail_entry_realtime (µs since 1970) at 184 and 192; all there
// since the first version, whose header is 208 bytes. nullopt: no journal, no entries, damaged.
std::optional<Instant> journal_head(const std::string& file, std::uint64_t size) {
    std::string h = read_head(file, 208);
    if (h.size() < 208 || h.compare(0, 8, "LPKSHHRH") != 0) return std::nullopt;
    std::uint64_t header_size = le64(h, 88), entries = le64(h, 152), head = le64(h, 184), tail = le64(h, 192);
    if (header_size < 208 || header_size > size || entries == 0) return std::nullopt;
    if (head == 0 || tail < head || head > 253402300799000000ULL) return std::nullopt; // after 9999
    return Instant(std::chrono::seconds(std::int64_t(head / 1000000)));
}

// The oldest entry one log keeps.
struct Oldest {
    std::string log;  // var/log/auth.log, var/log/journal
    Instant at;
    std::string file; // the file it is in
    int unread = 0;   // files of this log without a readable first entry
};

std::string relative_to_root(const Context& ctx, const std::string& full) {
    std::string prefix = under(ctx, "");
    return full.rfind(prefix, 0) == 0 ? full.substr(prefix.size()) : full;
}

// NAME, NAME.1, NAME.2.gz, NAME-20261101, NAME-20261101.gz: a log and logrotate's rotations.
bool is_rotation(const std::string& name, const std::string& log) {
    if (name.rfind(log, 0) != 0) return false;
    std::string rest = name.substr(log.size());
    if (rest.size() >= 3 && rest.compare(rest.size() - 3, 3, ".gz") == 0) rest.resize(rest.size() - 3);
    if (rest.empty()) return true;
    if ((rest[0] != '.' && rest[0] != '-') || rest.size() < 2 || !std::isdigit(static_cast<unsigned char>(rest[1])))
        return false;
    return std::all_of(rest.begin() + 1, rest.end(),
                       [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)) || ch == '-'; });
}

std::optional<Oldest> oldest_in_files(const Context& ctx, const std::string& log, const std::vector<std::string>& files,
                                      bool journal) {
    std::optional<Oldest> found;
    int unread = 0;
    for (const auto& f : files) {
        struct stat st {};
        if (::stat(f.c_str(), &st) != 0) continue;
        std::optional<Instant> t;
        if (journal) t = journal_head(f, std::uint64_t(st.st_size));
        else if (f.size() > 3 && f.compare(f.size() - 3, 3, ".gz") == 0) {
            if (auto text = gunzip_head(read_head(f, 256 * 1024), 64 * 1024))
                t = first_entry(*text, mtime_of(st), ctx.policy.school.timezone);
        } else t = first_entry(read_head(f, 64 * 1024), mtime_of(st), ctx.policy.school.timezone);
        if (!t || *t < sane_since) {
            if (st.st_size > 0) ++unread;
            continue;
        }
        if (!found || *t < found->at) found = Oldest{log, *t, f, 0};
    }
    if (found) found->unread = unread;
    return found;
}

// When the host began, as far as its files tell: the oldest of etc/machine-id's mtime, the
// mtimes of the regular files under var/log (three levels, so var/log/installer and
// var/log/anaconda too) and the oldest entry any log keeps.
struct Since {
    Instant at;
    std::string file;
};

void note_since(std::optional<Since>& since, Instant t, const std::string& file, Instant now) {
    if (t < sane_since || t > now + std::chrono::hours(24)) return;
    if (!since || t < since->at) since = Since{t, file};
}

void oldest_mtime(const std::string& dir, int depth, std::optional<Since>& since, Instant now, std::size_t& seen) {
    each_file(dir, depth, seen, [&](const std::string& full, const std::string&, const struct stat& st) {
        note_since(since, mtime_of(st), full, now);
    });
}

// Folders in `dir`, sorted.
std::vector<std::string> dirs_in(const std::string& dir) {
    std::vector<std::string> out;
    DIR* d = ::opendir(dir.c_str());
    if (!d) return out;
    while (dirent* e = ::readdir(d)) {
        std::string name = e->d_name;
        if (name != "." && name != ".." && is_dir(dir + "/" + name)) out.push_back(dir + "/" + name);
    }
    ::closedir(d);
    std::sort(out.begin(), out.end());
    return out;
}

std::string days(Duration d) { return format_duration(std::chrono::floor<std::chrono::days>(d)); }

void check_oldest(Context& ctx, std::vector<Outcome>& out) {
    std::string log_dir = under(ctx, "var/log");
    if (!is_dir(log_dir)) return;
    std::vector<Oldest> logs;
    auto in_log_dir = files_in(log_dir);
    for (const char* log : {"auth.log", "syslog", "messages", "secure"}) {
        std::vector<std::string> files;
        for (const auto& f : in_log_dir)
            if (is_rotation(f.substr(log_dir.size() + 1), log)) files.push_back(f);
        if (auto o = oldest_in_files(ctx, std::string("var/log/") + log, files, false)) logs.push_back(*o);
    }
    // The host's own journals: var/log/journal/MACHINE-ID (and MACHINE-ID.NAMESPACE), not
    // var/log/journal/remote, which systemd-journal-remote fills with other hosts' logs.
    std::vector<std::string> journals;
    std::string journal_dir = under(ctx, "var/log/journal");
    for (const auto& d : dirs_in(journal_dir)) {
        std::string name = d.substr(journal_dir.size() + 1);
        if (name.size() < 32 || (name.size() > 32 && name[32] != '.') ||
            !std::all_of(name.begin(), name.begin() + 32,
                         [](char ch) { return std::isxdigit(static_cast<unsigned char>(ch)); }))
            continue;
        for (const char* pattern : {"*.journal", "*.journal~"})
            for (const auto& f : files_in(d, pattern)) journals.push_back(f);
    }
    if (auto o = oldest_in_files(ctx, "var/log/journal", journals, true)) logs.push_back(*o);
    if (logs.empty()) {
        out.push_back({"oldest", "not_applicable",
                       _("no entry to date: no var/log/auth.log, syslog, messages or secure (nor their rotations) "
                         "and no var/log/journal/*/*.journal with a readable first entry"),
                       {}});
        return;
    }

    Instant now = ctx.now;
    Duration want = ctx.policy.thresholds.log_retention;
    std::optional<Since> since;
    std::string machine_id = under(ctx, "etc/machine-id");
    struct stat st {};
    if (::lstat(machine_id.c_str(), &st) == 0 && S_ISREG(st.st_mode)) note_since(since, mtime_of(st), machine_id, now);
    std::size_t seen = 0;
    oldest_mtime(log_dir, 3, since, now, seen);
    for (const auto& o : logs) note_since(since, o.at, o.file, now);
    if (!since) since = Since{logs.front().at, logs.front().file}; // every time is in the future
    bool old_host = since && now - since->at >= want;

    // What the settings findings above say of each kind of log: none found, all pass, one fails.
    enum class Settings { none, pass, fail };
    Settings journald = Settings::none, rotation = Settings::none;
    for (const auto& o : out) {
        bool of_journald = o.subject == "journald";
        bool of_rotation = o.subject.rfind("logrotate", 0) == 0 || o.subject == "rsyslog";
        if (!of_journald && !of_rotation) continue;
        Settings& s = of_journald ? journald : rotation;
        if (o.status == "fail") s = Settings::fail;
        else if (o.status == "pass" && s == Settings::none) s = Settings::pass;
    }

    std::string list;
    std::vector<std::string> examined;
    std::size_t failed = 0;
    for (const auto& o : logs) {
        examined.push_back(o.file);
        list += (list.empty() ? "" : ", ") + _f("{} since {}", o.log, local_date(ctx, o.at));
        if (now - o.at >= want || !old_host) continue;
        ++failed;
        Settings settings = o.log == "var/log/journal" ? journald : rotation;
        std::string why =
            settings == Settings::fail ? _("the settings above keep less")
            : settings == Settings::pass
                ? _f("the settings above allow {}, so entries were deleted early: by hand, or by a size limit "
                     "(journald's SystemMaxUse, logrotate's maxsize)",
                     format_duration(want))
                : _("entries were deleted early, and no settings under the root say how long they are kept");
        std::string unread =
            o.unread ? _f(" ({} of its files without a readable first entry left out)", o.unread) : std::string();
        out.push_back({"oldest:" + o.log, "fail",
                       _f("the oldest entry of {} is from {} ({}), {} ago, less than {}{}; yet the host's files go "
                          "back to {} ({}): {}",
                          o.log, local_date(ctx, o.at), relative_to_root(ctx, o.file), days(now - o.at),
                          format_duration(want), unread, local_date(ctx, since->at),
                          relative_to_root(ctx, since->file), why),
                       o.file == since->file ? std::vector<std::string>{o.file}
                                             : std::vector<std::string>{o.file, since->file}});
    }
    if (failed) return;
    if (old_host)
        out.push_back({"oldest", "pass", _f("oldest entries: {}; each at least {} old", list, format_duration(want)),
                       examined});
    else {
        if (std::find(examined.begin(), examined.end(), since->file) == examined.end()) examined.push_back(since->file);
        out.push_back({"oldest", "pass",
                       _f("oldest entries: {}; the host's files go back only to {} ({}), less than {}: its logs "
                          "are kept since it began",
                          list, local_date(ctx, since->at), relative_to_root(ctx, since->file), format_duration(want)),
                       examined});
    }
}

// --- HOST-0001 --------------------------------------------------------------------------------

// sshd's global settings: the first value of each keyword wins; Include is followed; a Match
// block ends the global part.
void read_sshd(Context& ctx, const std::string& file, std::map<std::string, std::string>& set,
               std::vector<std::string>& files, bool& matched, int depth) {
    files.push_back(file);
    for (const auto& line : config_lines(file)) {
        if (matched) return;
        auto w = words(line);
        std::string key = lower_ascii(w[0]);
        auto eq = key.find('=');
        std::string value = w.size() > 1 ? w[1] : "";
        if (eq != std::string::npos) { // Keyword=value
            value = w[0].substr(eq + 1);
            key = key.substr(0, eq);
        }
        if (key == "match") {
            matched = true;
            return;
        }
        if (key == "include" && depth < 4) {
            for (std::size_t i = 1; i < w.size(); ++i) {
                std::string pattern = w[i].front() == '/' ? under(ctx, w[i].substr(1)) : under(ctx, "etc/ssh/" + w[i]);
                glob_t g{};
                if (::glob(pattern.c_str(), 0, nullptr, &g) == 0)
                    for (std::size_t k = 0; k < g.gl_pathc; ++k) read_sshd(ctx, g.gl_pathv[k], set, files, matched, depth + 1);
                ::globfree(&g);
            }
            continue;
        }
        if (!set.count(key)) set[key] = lower_ascii(value);
    }
}

void check_sshd(Context& ctx, std::vector<Outcome>& out) {
    std::string conf = under(ctx, "etc/ssh/sshd_config");
    if (!paths::exists(conf)) {
        out.push_back({"sshd", "not_applicable", _f("no SSH server: '{}' does not exist", conf), {}});
        return;
    }
    std::map<std::string, std::string> set;
    std::vector<std::string> files;
    bool matched = false;
    read_sshd(ctx, conf, set, files, matched, 0);
    std::string root = set.count("permitrootlogin") ? set["permitrootlogin"] : "prohibit-password";
    if (root == "yes")
        out.push_back({"sshd:PermitRootLogin", "fail", _("PermitRootLogin yes: root may log in with a password"), files});
    else out.push_back({"sshd:PermitRootLogin", "pass",
                        set.count("permitrootlogin") ? _f("PermitRootLogin {}", root)
                                                     : _f("PermitRootLogin not set: OpenSSH's default {}", root),
                        files});
    std::string pw = set.count("passwordauthentication") ? set["passwordauthentication"] : "";
    if (pw == "no") out.push_back({"sshd:PasswordAuthentication", "pass", _("PasswordAuthentication no"), files});
    else out.push_back({"sshd:PasswordAuthentication", "fail",
                        pw.empty() ? _("PasswordAuthentication not set: OpenSSH's default yes lets passwords be guessed")
                                   : _("PasswordAuthentication yes: passwords can be guessed over the network"),
                        files});
}

// True when an nftables file has a chain hooked on input whose policy is drop.
bool nft_drops_input(const std::string& file) {
    std::string chain;
    int depth = 0, chain_depth = -1;
    for (const auto& line : config_lines(file)) {
        auto w = words(line);
        if (w[0] == "chain" && chain_depth < 0) {
            chain_depth = depth;
            chain.clear();
        }
        if (chain_depth >= 0) chain += " " + line + ";";
        for (char ch : line) {
            if (ch == '{') ++depth;
            if (ch == '}') --depth;
        }
        if (chain_depth >= 0 && depth <= chain_depth) {
            bool input = chain.find("hook input") != std::string::npos;
            bool drop = chain.find("policy drop") != std::string::npos;
            if (input && drop) return true;
            chain_depth = -1;
        }
    }
    return false;
}

void check_firewall(Context& ctx, std::vector<Outcome>& out) {
    std::vector<std::string> examined;
    std::vector<std::string> nft;
    if (paths::exists(under(ctx, "etc/nftables.conf"))) nft.push_back(under(ctx, "etc/nftables.conf"));
    for (const auto& f : files_in(under(ctx, "etc/nftables.d"), "*.nft")) nft.push_back(f);
    for (const auto& f : nft) {
        examined.push_back(f);
        if (nft_drops_input(f)) {
            out.push_back({"firewall", "pass", _f("'{}': the input chain's policy is drop", f), {f}});
            return;
        }
    }
    for (const char* rel : {"etc/iptables/rules.v4", "etc/sysconfig/iptables"}) {
        std::string f = under(ctx, rel);
        if (!paths::exists(f)) continue;
        examined.push_back(f);
        for (const auto& line : config_lines(f)) {
            auto w = words(line);
            if (w.size() >= 2 && w[0] == ":INPUT" && (w[1] == "DROP" || w[1] == "REJECT")) {
                out.push_back({"firewall", "pass", _f("'{}': INPUT policy {}", f, w[1]), {f}});
                return;
            }
        }
    }
    std::string ufw_default = under(ctx, "etc/default/ufw"), ufw_conf = under(ctx, "etc/ufw/ufw.conf");
    if (paths::exists(ufw_default) && paths::exists(ufw_conf)) {
        examined.push_back(ufw_default);
        examined.push_back(ufw_conf);
        bool drop = false, enabled = false;
        for (const auto& line : config_lines(ufw_default))
            if (line == "DEFAULT_INPUT_POLICY=\"DROP\"" || line == "DEFAULT_INPUT_POLICY=\"REJECT\"") drop = true;
        for (const auto& line : config_lines(ufw_conf))
            if (lower_ascii(line) == "enabled=yes") enabled = true;
        if (drop && enabled) {
            out.push_back({"firewall", "pass", _("ufw is enabled and its input policy drops"), examined});
            return;
        }
    }
    if (examined.empty())
        out.push_back({"firewall", "fail",
                       _f("no firewall rules under '{}' (etc/nftables.conf, etc/iptables/rules.v4, "
                          "etc/sysconfig/iptables, ufw): nothing is known to drop inbound traffic",
                          ctx.root),
                       {}});
    else out.push_back({"firewall", "fail", _("the firewall rules found do not drop inbound traffic by default"), examined});
}

void check_time_sync(Context& ctx, std::vector<Outcome>& out) {
    for (const char* rel : {"etc/chrony/chrony.conf", "etc/chrony.conf", "etc/ntp.conf", "etc/ntpsec/ntp.conf"}) {
        std::string f = under(ctx, rel);
        if (!paths::exists(f)) continue;
        for (const auto& line : config_lines(f)) {
            auto w = words(line);
            if (w[0] == "server" || w[0] == "pool" || w[0] == "peer" || w[0] == "sourcedir") {
                out.push_back({"time", "pass", _f("'{}' names time sources", f), {f}});
                return;
            }
        }
    }
    std::string timesyncd = under(ctx, "etc/systemd/timesyncd.conf");
    if (paths::exists(timesyncd)) {
        out.push_back({"time", "pass", _f("systemd-timesyncd is configured ('{}')", timesyncd), {timesyncd}});
        return;
    }
    out.push_back({"time", "fail",
                   _f("no chrony, ntpd or systemd-timesyncd configuration under '{}': the clock may drift, and log "
                      "times with it",
                      ctx.root),
                   {}});
}

void check_listeners(Context& ctx, std::vector<Outcome>& out) {
    static const std::map<int, const char*> risky = {{23, "telnet"},        {135, "MS RPC"},       {136, "NetBIOS"},
                                                     {137, "NetBIOS"},      {138, "NetBIOS"},      {139, "NetBIOS"},
                                                     {445, "SMB"},          {3389, "RDP"}};
    std::vector<std::string> files;
    for (const char* rel : {"proc/net/tcp", "proc/net/tcp6"})
        if (paths::exists(under(ctx, rel))) files.push_back(under(ctx, rel));
    if (files.empty()) {
        out.push_back({"listeners", "not_applicable", _f("no proc/net/tcp under '{}' to read listeners from", ctx.root), {}});
        return;
    }
    std::set<int> found;
    for (const auto& f : files) {
        std::istringstream in(paths::read_file(f));
        std::string line;
        std::getline(in, line); // header
        while (std::getline(in, line)) {
            auto w = words(line);
            if (w.size() < 4 || w[3] != "0A") continue; // LISTEN
            auto colon = w[1].rfind(':');
            if (colon == std::string::npos) continue;
            int port = int(std::strtol(w[1].substr(colon + 1).c_str(), nullptr, 16));
            if (risky.count(port)) found.insert(port);
        }
    }
    for (int port : found)
        out.push_back({fmt::format("listener:{}", port), "fail",
                       _f("a TCP listener on port {} ({}); close it, or firewall it and record an exception", port,
                          risky.at(port)),
                       files});
    if (found.empty())
        out.push_back({"listeners", "pass", _("no TCP listener on 23, 135-139, 445 or 3389"), files});
}

} // namespace

std::string under(const Context& ctx, const std::string& relative) {
    return ctx.root == "/" ? "/" + relative : ctx.root + "/" + relative;
}

std::vector<Outcome> check_logs(Context& ctx) {
    std::vector<Outcome> out;
    bool any = false;
    check_journald(ctx, out);
    any = !out.empty();
    check_logrotate(ctx, out, any);
    if (!any)
        out.push_back({"retention", "not_applicable",
                       _f("no journald, rsyslog or logrotate configuration under '{}'", ctx.root), {}});
    check_oldest(ctx, out);
    check_log_modes(ctx, out);
    return out;
}

std::vector<Outcome> check_host_baseline(Context& ctx) {
    std::vector<Outcome> out;
    check_sshd(ctx, out);
    check_firewall(ctx, out);
    check_time_sync(ctx, out);
    check_listeners(ctx, out);
    return out;
}

} // namespace netsec::audit
