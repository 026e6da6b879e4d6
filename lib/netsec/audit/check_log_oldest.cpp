// LOG-0001: the oldest entry the host's logs keep, against the days the policy asks for.
#include "netsec/audit/checks_host.hpp"
#include "netsec/audit/host_files.hpp"
#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/syslog_time.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <dirent.h>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <zlib.h>

namespace netsec::audit::host {

using timeutil::Duration;
using timeutil::format_duration;

// --- LOG-0001: the oldest entries -------------------------------------------------------------

namespace {

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
    std::string log; // var/log/auth.log, var/log/journal
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
        if (journal)
            t = journal_head(f, std::uint64_t(st.st_size));
        else if (f.size() > 3 && f.compare(f.size() - 3, 3, ".gz") == 0) {
            if (auto text = gunzip_head(read_head(f, 256 * 1024), 64 * 1024))
                t = first_entry(*text, mtime_of(st), ctx.policy.school.timezone);
        } else
            t = first_entry(read_head(f, 64 * 1024), mtime_of(st), ctx.policy.school.timezone);
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

} // namespace

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
        out.push_back({"oldest",
                       "not_applicable",
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
        if (o.status == "fail")
            s = Settings::fail;
        else if (o.status == "pass" && s == Settings::none)
            s = Settings::pass;
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
        out.push_back(
            {"oldest:" + o.log, "fail",
             _f("the oldest entry of {} is from {} ({}), {} ago, less than {}{}; yet the host's files go "
                "back to {} ({}): {}",
                o.log, local_date(ctx, o.at), relative_to_root(ctx, o.file), days(now - o.at), format_duration(want),
                unread, local_date(ctx, since->at), relative_to_root(ctx, since->file), why),
             o.file == since->file ? std::vector<std::string>{o.file} : std::vector<std::string>{o.file, since->file}});
    }
    if (failed) return;
    if (old_host)
        out.push_back(
            {"oldest", "pass", _f("oldest entries: {}; each at least {} old", list, format_duration(want)), examined});
    else {
        if (std::find(examined.begin(), examined.end(), since->file) == examined.end()) examined.push_back(since->file);
        out.push_back({"oldest", "pass",
                       _f("oldest entries: {}; the host's files go back only to {} ({}), less than {}: its logs "
                          "are kept since it began",
                          list, local_date(ctx, since->at), relative_to_root(ctx, since->file), format_duration(want)),
                       examined});
    }
}

} // namespace netsec::audit::host
