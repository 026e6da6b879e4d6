#include "netsec/account/logins.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/hash.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/problems.hpp"
#include "netsec/core/syslog_time.hpp"
#include "netsec/core/text.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <regex>
#include <set>

namespace netsec::account {

using json = nlohmann::ordered_json;

namespace {

using text::trim;
using timeutil::month_number;

std::vector<std::string> split_lines(const std::string& data) {
    std::vector<std::string> out;
    std::size_t start = 0;
    if (data.rfind("\xEF\xBB\xBF", 0) == 0) start = 3;
    while (start < data.size()) {
        std::size_t end = data.find('\n', start);
        if (end == std::string::npos) end = data.size();
        std::string line = data.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        out.push_back(std::move(line));
        start = end + 1;
    }
    return out;
}

// Local civil fields in `zone` as an instant; nothing when they are not a real time.
std::optional<Instant> local_time(int y, int mo, int d, int h, int mi, int s, const std::string& zone) {
    return timeutil::syslog_time({mo, d, h, mi, s}, y, zone);
}

// "Wed Nov 25 08:01:02 2026" (ctime, as last -F and FreeRADIUS write it) in `zone`.
const std::regex ctime_re(R"((Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +(\d{1,2}) (\d\d):(\d\d):(\d\d) (\d{4}))");

std::optional<Instant> ctime_of(const std::smatch& m, const std::string& zone) {
    return local_time(std::stoi(m[7]), month_number(m[2].str()), std::stoi(m[3]), std::stoi(m[4]), std::stoi(m[5]),
                      std::stoi(m[6]), zone);
}

std::optional<Instant> rfc3339_of(std::string text) {
    std::replace(text.begin(), text.end(), ',', '.');
    if (text.size() < 20 || text[10] != 'T') return std::nullopt;
    try {
        return timeutil::parse_time_any_year(text, "UTC");
    } catch (const Error&) {
        return std::nullopt;
    }
}

// The times a login may have: from 1970 (no log is older than the Unix epoch) to the end of 9999
// (the last year RFC 3339 writes; the store keeps times as RFC 3339 text, and a time beyond it
// would neither read back nor sort). Sessions are at most ten years long. A line outside these
// is malformed: a damaged log or a wrong number.
constexpr Instant earliest_login{std::chrono::seconds{0}};                // 1970-01-01T00:00:00Z
constexpr Instant latest_login{std::chrono::seconds{253402300799}};       // 9999-12-31T23:59:59Z
constexpr std::chrono::seconds longest_session{std::chrono::days{3653}}; // ten years

bool plausible(Instant t) { return t >= earliest_login && t <= latest_login; }

std::string fingerprint_of(const std::vector<std::string>& parts) {
    std::string all;
    for (const auto& p : parts) all += p + '\n';
    return hash::sha256_hex(all);
}

// False, and a problem at `line` naming `text`, when `t` is not a plausible login time.
bool check_time(Problems& problems, std::size_t line, Instant t, const std::string& text) {
    if (plausible(t)) return true;
    problems.add(line, _f("'{}' is outside the years 1970 to 9999", text));
    return false;
}

// --- sshd messages, from syslog files and the journal --------------------------------------

const std::regex accepted_re(R"(^Accepted (\S+) for (\S+) from (\S+) port (\d+))");
const std::regex pam_closed_re(R"(^pam_unix\(sshd:session\): session closed for user (\S+))");
const std::regex disconnected_re(R"(^Disconnected from user (\S+) (\S+) port (\d+))");
const std::regex received_re(R"(^Received disconnect from (\S+) port (\d+):)");
// Refused sign-ins: a wrong password, or a username the machine does not have. sshd writes
// "Invalid user" when the connection names an unknown user, then "Failed password for invalid
// user" for each password tried; the pair is one failure, each later try another.
const std::regex failed_re(R"(^Failed (?:password|keyboard-interactive/pam) for (invalid user )?(\S*) from (\S+) port (\d+))");
const std::regex invalid_re(R"(^Invalid user (\S*) from (\S+) port (\d+))");
// rsyslog folds repeated lines: "message repeated 5 times: [ Failed password for ...]".
const std::regex repeated_re(R"(^message repeated (\d+) times: \[ ?(.*?) ?\]$)");

bool is_sshd(const std::string& tag) { return tag == "sshd" || tag == "sshd-session" || tag == "sshd-auth"; }

// Pairs each sshd "Accepted" line with the line that ends its session: the same process, or
// the same client address and port.
class SshdSessions {
public:
    explicit SshdSessions(std::vector<Login>& out) : out_(out) {}

    // The fingerprint covers the host, the process, the second and the message, so that the
    // same line read from auth.log, an RFC 3339 file or the journal is stored once.
    void feed(Instant at, const std::string& host, const std::string& pid, const std::string& message) {
        std::smatch m;
        if (std::regex_match(message, m, repeated_re)) {
            int times = std::min(std::stoi(m[1]), 1000);
            std::string inner = m[2];
            if (!std::regex_search(inner, failed_re)) return;
            for (int i = 0; i < times; ++i)
                add_failure(at, host, pid, inner, fmt::format("repeated {} of {}: {}", i + 1, times, message));
            return;
        }
        if (std::regex_search(message, m, failed_re) || std::regex_search(message, m, invalid_re)) {
            add_failure(at, host, pid, message, message);
            return;
        }
        if (std::regex_search(message, m, accepted_re)) {
            Login l;
            l.username = m[2];
            l.address = m[3];
            l.service = "sshd";
            l.host = host;
            l.started_at = timeutil::format_rfc3339(at);
            l.fingerprint = fingerprint_of({"sshd", host, pid, l.started_at, message});
            out_.push_back(l);
            by_pid_[host + " " + pid] = out_.size() - 1;
            by_port_[host + " " + std::string(m[3]) + " " + std::string(m[4])] = out_.size() - 1;
            return;
        }
        if (message.find("[preauth]") != std::string::npos) return;
        std::string port_key;
        if (std::regex_search(message, m, disconnected_re)) port_key = host + " " + std::string(m[2]) + " " + std::string(m[3]);
        else if (std::regex_search(message, m, received_re)) port_key = host + " " + std::string(m[1]) + " " + std::string(m[2]);
        else if (!std::regex_search(message, m, pam_closed_re)) return;
        std::optional<std::size_t> index;
        if (!port_key.empty()) {
            auto it = by_port_.find(port_key);
            if (it != by_port_.end()) index = it->second;
        }
        if (!index) {
            auto it = by_pid_.find(host + " " + pid);
            if (it != by_pid_.end()) index = it->second;
        }
        if (!index) return; // the session began before this log
        Login& l = out_[*index];
        if (l.ended_at.empty()) l.ended_at = timeutil::format_rfc3339(at);
    }

private:
    // `message` is a refused sign-in; `line` is what the fingerprint covers.
    void add_failure(Instant at, const std::string& host, const std::string& pid, const std::string& message,
                     const std::string& line) {
        std::smatch m;
        Login l;
        std::string port;
        if (std::regex_search(message, m, failed_re)) {
            l.username = m[2];
            l.address = m[3];
            port = m[4];
            std::string key = host + " " + pid + " " + l.username + " " + l.address + " " + port;
            if (m[1].matched && invalid_.erase(key)) return; // the "Invalid user" line counted it
        } else if (std::regex_search(message, m, invalid_re)) {
            l.username = m[1];
            l.address = m[2];
            port = m[3];
            invalid_.insert(host + " " + pid + " " + l.username + " " + l.address + " " + port);
        } else return;
        l.service = "sshd";
        l.host = host;
        l.started_at = timeutil::format_rfc3339(at);
        l.result = store::LoginResult::failure;
        // Two tries on one connection can give the same line in the same second: number them.
        std::string same = host + " " + pid + " " + l.started_at + " " + line;
        int nth = ++repeats_[same];
        l.fingerprint = nth == 1 ? fingerprint_of({"sshd", host, pid, l.started_at, line})
                                 : fingerprint_of({"sshd", host, pid, l.started_at, line, std::to_string(nth)});
        out_.push_back(l);
    }

    std::vector<Login>& out_;
    std::map<std::string, std::size_t> by_pid_, by_port_;
    std::map<std::string, int> repeats_;
    std::set<std::string> invalid_; // "Invalid user" lines not yet followed by their "Failed password"
};

// One syslog line: "Nov 25 08:01:02 host sshd[123]: message" (RFC 3164, no year) or
// "2026-11-25T08:01:02.123456+08:00 host sshd[123]: message" (RFC 3339, rsyslog's file format).
void read_syslog(const std::vector<std::string>& lines, const LoginReadOptions& o, Problems& problems,
                 std::vector<Login>& out) {
    static const std::regex host_re(R"( (\S+) (.*))"); // after a year-less stamp
    static const std::regex iso_re(R"(^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)) (\S+) (.*)$)");
    static const std::regex tag_re(R"(^([^\[:\s]+)(?:\[(\d+)\])?: ?(.*)$)");
    int year = o.year;
    if (year == 0) year = std::stoi(timeutil::format_local(o.reference, o.zone).substr(0, 4));
    SshdSessions sessions(out);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string& line = lines[i];
        if (trim(line).empty()) continue;
        std::smatch m;
        Instant at;
        std::string host, rest;
        auto stamp = timeutil::read_syslog_stamp(line);
        if (stamp && std::regex_match(line.begin() + std::ptrdiff_t(stamp->length), line.end(), m, host_re)) {
            int y = year;
            std::optional<Instant> t;
            if (o.year != 0) t = timeutil::syslog_time(*stamp, y, o.zone);
            else if (auto found = timeutil::syslog_year(*stamp, o.reference, o.zone))
                t = timeutil::syslog_time(*stamp, y = *found, o.zone);
            std::string written = timeutil::format_syslog_stamp(*stamp);
            if (!t) {
                problems.add(i + 1, _f("'{}' is not a date in {}", written, y));
                continue;
            }
            if (!check_time(problems, i + 1, *t, fmt::format("{} {}", written, y))) continue;
            at = *t;
            host = m[1];
            rest = m[2];
        } else if (std::regex_match(line, m, iso_re)) {
            auto t = rfc3339_of(m[1]);
            if (!t) {
                problems.add(i + 1, _f("'{}' is not a time", std::string(m[1])));
                continue;
            }
            if (!check_time(problems, i + 1, *t, m[1])) continue;
            at = *t;
            host = m[2];
            rest = m[3];
        } else {
            problems.add(i + 1, _("not a syslog line: expected 'Mon DD HH:MM:SS host program[pid]: message' or an "
                                  "RFC 3339 time first"));
            continue;
        }
        std::smatch t;
        if (!std::regex_match(rest, t, tag_re) || !is_sshd(t[1])) continue;
        sessions.feed(at, host, t[2], t[3]);
    }
}

// `journalctl -o json`: one JSON object a line.
void read_journal(const std::vector<std::string>& lines, Problems& problems, std::vector<Login>& out) {
    SshdSessions sessions(out);
    auto text = [](const json& j, const char* key) -> std::string {
        auto it = j.find(key);
        if (it == j.end()) return "";
        if (it->is_string()) return it->get<std::string>();
        if (it->is_array()) { // journald writes a message that is not UTF-8 as an array of bytes
            std::string bytes;
            for (const auto& b : *it)
                if (b.is_number_integer()) bytes += char(b.get<int>());
            return bytes;
        }
        return it->dump();
    };
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (trim(lines[i]).empty()) continue;
        json j = json::parse(lines[i], nullptr, false);
        if (j.is_discarded() || !j.is_object()) {
            problems.add(i + 1, _("not a JSON object, as 'journalctl -o json' writes one a line"));
            continue;
        }
        std::string ident = text(j, "SYSLOG_IDENTIFIER");
        if (!is_sshd(ident) && !is_sshd(text(j, "_COMM"))) continue;
        std::string micros = text(j, "__REALTIME_TIMESTAMP");
        bool digits = !micros.empty() && micros.size() <= 18; // beyond year 9999 anyway
        for (char ch : micros) digits = digits && ch >= '0' && ch <= '9';
        if (!digits) {
            problems.add(i + 1, _("an sshd entry without '__REALTIME_TIMESTAMP' (microseconds since 1970)"));
            continue;
        }
        Instant at{std::chrono::seconds{std::stoll(micros) / 1000000}}; // at most 18 digits: no overflow
        if (!check_time(problems, i + 1, at, micros)) continue;
        std::string pid = text(j, "_PID");
        if (pid.empty()) pid = text(j, "SYSLOG_PID");
        std::string message = text(j, "MESSAGE");
        sessions.feed(at, text(j, "_HOSTNAME"), pid, message);
    }
}

Login wtmp_login(const std::string& user, const std::string& tty, const std::string& address, Instant start,
                 const std::string& format) {
    Login l;
    l.username = user;
    l.address = address;
    l.service = "login";
    l.started_at = timeutil::format_rfc3339(start);
    l.format = format;
    // last and utmpdump of the same wtmp give the same fingerprint.
    l.fingerprint = fingerprint_of({"wtmp", user, tty, address, l.started_at});
    return l;
}

// `last -F -w`: "user tty host Wed Nov 25 08:01:02 2026 - Wed Nov 25 09:15:40 2026  (01:14)".
void read_last(const std::vector<std::string>& lines, const LoginReadOptions& o, Problems& problems,
               std::vector<Login>& out) {
    static const std::regex span_re(R"(^\s*\((?:(\d+)\+)?(\d+):(\d\d)\))");
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string& line = lines[i];
        std::string t = trim(line);
        if (t.empty() || t.rfind("wtmp begins", 0) == 0 || t.rfind("btmp begins", 0) == 0) continue;
        std::smatch m;
        if (!std::regex_search(line, m, ctime_re)) {
            problems.add(i + 1, _("not a line of 'last -F -w': expected user, terminal, host and a time such as "
                                  "'Wed Nov 25 08:01:02 2026'"));
            continue;
        }
        std::vector<std::string> words;
        {
            std::string prefix = line.substr(0, m.position(0)), w;
            for (char ch : prefix + " ") {
                if (ch == ' ' || ch == '\t') {
                    if (!w.empty()) words.push_back(w);
                    w.clear();
                } else w += ch;
            }
        }
        if (words.empty()) {
            problems.add(i + 1, _("no username before the time"));
            continue;
        }
        const std::string& user = words[0];
        if (user == "reboot" || user == "shutdown" || user == "runlevel") continue;
        auto start = ctime_of(m, o.zone);
        if (!start) {
            problems.add(i + 1, _f("'{}' is not a date", std::string(m[0])));
            continue;
        }
        if (!check_time(problems, i + 1, *start, m[0])) continue;
        std::string tty = words.size() > 1 ? words[1] : "";
        std::string address = words.size() > 2 ? words[2] : "";
        Login l = wtmp_login(user, tty, address, *start, "last");
        std::string after = m.suffix();
        std::smatch e;
        if (std::regex_search(after, e, ctime_re) && trim(e.prefix().str()) == "-") {
            if (auto end = ctime_of(e, o.zone)) {
                if (!check_time(problems, i + 1, *end, e[0])) continue;
                if (*end - *start > longest_session) {
                    problems.add(i + 1, _f("the session length '{}' is longer than ten years",
                                           std::string(m[0]) + " - " + std::string(e[0])));
                    continue;
                }
                l.ended_at = timeutil::format_rfc3339(*end);
            }
        } else {
            // "- crash", "- down": the end is the start plus the (D+HH:MM) last shows.
            std::size_t paren = after.find('(');
            std::smatch d;
            std::string tail = paren == std::string::npos ? "" : after.substr(paren);
            if (std::regex_search(tail, d, span_re) && after.find("still") == std::string::npos) {
                // Digits beyond these are longer than any session (and would overflow): refused below.
                bool short_enough = d[1].length() <= 6 && d[2].length() <= 8;
                long long days = short_enough && d[1].matched ? std::stoll(d[1]) : 0;
                std::chrono::seconds span{short_enough ? days * 86400 + std::stoll(d[2]) * 3600 + std::stoll(d[3]) * 60 : 0};
                if (!short_enough || span > longest_session) {
                    problems.add(i + 1, _f("the session length '{}' is longer than ten years", trim(d[0].str())));
                    continue;
                }
                if (!check_time(problems, i + 1, *start + span, std::string(m[0]) + " " + trim(d[0].str()))) continue;
                l.ended_at = timeutil::format_rfc3339(*start + span);
            }
        }
        out.push_back(l);
    }
}

// `utmpdump`: "[7] [04321] [ts/1] [user] [pts/1] [host] [addr] [2026-11-25T08:01:02,000000+00:00]".
void read_utmpdump(const std::vector<std::string>& lines, const LoginReadOptions& o, Problems& problems,
                   std::vector<Login>& out) {
    static const std::regex row_re(
        R"(^\[(\d+)\] \[(\d+)\] \[([^\]]*)\] \[([^\]]*)\] \[([^\]]*)\] \[([^\]]*)\] \[([^\]]*)\] \[([^\]]*)\]\s*$)");
    std::map<std::string, std::size_t> open; // by terminal, as last pairs them
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (trim(lines[i]).empty()) continue;
        std::smatch m;
        if (!std::regex_match(lines[i], m, row_re)) {
            problems.add(i + 1, _("not a line of 'utmpdump': expected eight fields in brackets"));
            continue;
        }
        int type = std::stoi(m[1]);
        if (type != 7 && type != 8) continue; // only USER_PROCESS and DEAD_PROCESS are sessions
        std::string stamp = trim(m[8].str());
        std::optional<Instant> at = rfc3339_of(stamp);
        if (!at) {
            std::smatch c;
            if (std::regex_search(stamp, c, ctime_re)) at = ctime_of(c, o.zone);
        }
        if (!at) {
            problems.add(i + 1, _f("'{}' is not a time", stamp));
            continue;
        }
        if (!check_time(problems, i + 1, *at, stamp)) continue;
        std::string tty = trim(m[5].str());
        if (type == 7) {
            std::string user = trim(m[4].str()), host = trim(m[6].str()), addr = trim(m[7].str());
            if (user.empty()) {
                problems.add(i + 1, _("a login (type 7) without a user"));
                continue;
            }
            if (host.empty() && addr != "0.0.0.0") host = addr;
            out.push_back(wtmp_login(user, tty, host, *at, "utmpdump"));
            open[tty] = out.size() - 1;
        } else if (auto it = open.find(tty); it != open.end()) {
            if (out[it->second].ended_at.empty()) out[it->second].ended_at = timeutil::format_rfc3339(*at);
            open.erase(it);
        }
    }
}

// FreeRADIUS accounting detail: a ctime line, then tab-indented "Attribute = value" lines,
// then a blank line.
void read_radius(const std::vector<std::string>& lines, const LoginReadOptions& o, Problems& problems,
                 std::vector<Login>& out) {
    static const std::regex attr_re(R"(^[ \t]+([A-Za-z0-9][A-Za-z0-9:._-]*) = (.*)$)");
    static const std::regex event_re(
        R"(^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +(\d{1,2}) (\d{4}) (\d\d):(\d\d):(\d\d))");
    struct Block {
        std::size_t line = 0;
        Instant header{};
        std::string header_text;
        std::map<std::string, std::string> attrs;
    };
    std::map<std::string, std::size_t> open; // session key -> index in out
    auto finish = [&](const Block& b) {
        auto get = [&](const char* k) {
            auto it = b.attrs.find(k);
            return it == b.attrs.end() ? std::string() : it->second;
        };
        std::string status = get("Acct-Status-Type");
        if (status != "Start" && status != "Stop") return; // Interim-Update, Accounting-On/Off
        std::string user = get("User-Name");
        if (user.empty()) {
            problems.add(b.line, _f("an accounting {} without 'User-Name'", status));
            return;
        }
        Instant at = b.header;
        std::string ts = get("Timestamp"), ev = get("Event-Timestamp");
        auto all_digits = [](const std::string& s) {
            return !s.empty() && s.size() < 12 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
        };
        std::smatch m;
        std::string at_text = b.header_text;
        if (all_digits(ts)) at = Instant{std::chrono::seconds{std::stoll(ts)}}, at_text = ts;
        else if (all_digits(ev)) at = Instant{std::chrono::seconds{std::stoll(ev)}}, at_text = ev;
        else if (std::regex_search(ev, m, event_re)) {
            if (auto t = local_time(std::stoi(m[3]), month_number(m[1].str()), std::stoi(m[2]), std::stoi(m[4]), std::stoi(m[5]),
                                    std::stoi(m[6]), o.zone))
                at = *t, at_text = ev;
        }
        if (!check_time(problems, b.line, at, at_text)) return;
        std::string host = get("NAS-Identifier");
        if (host.empty()) host = get("NAS-IP-Address");
        std::string session = get("Acct-Unique-Session-Id");
        if (session.empty()) session = get("Acct-Session-Id");
        std::string key = host + " " + session + " " + user;
        if (status == "Stop") {
            auto it = open.find(key);
            if (it != open.end() && !session.empty()) {
                out[it->second].ended_at = timeutil::format_rfc3339(at);
                open.erase(it);
                return;
            }
        }
        Login l;
        l.username = user;
        l.address = get("Calling-Station-Id");
        if (l.address.empty()) l.address = get("Framed-IP-Address");
        l.service = "radius";
        l.host = host;
        Instant start = at;
        if (status == "Stop") {
            std::string secs = get("Acct-Session-Time");
            if (all_digits(secs)) {
                std::chrono::seconds span{std::stoll(secs)}; // under 12 digits: no overflow
                if (span > longest_session) {
                    problems.add(b.line, _f("the session length '{}' is longer than ten years", secs + " s"));
                    return;
                }
                start = at - span;
                if (!check_time(problems, b.line, start, at_text + " - " + secs + " s")) return;
            }
            l.ended_at = timeutil::format_rfc3339(at);
        }
        l.started_at = timeutil::format_rfc3339(start);
        l.fingerprint = session.empty() ? fingerprint_of({"radius", host, user, l.started_at})
                                        : fingerprint_of({"radius", host, session, user});
        out.push_back(l);
        if (status == "Start" && !session.empty()) open[key] = out.size() - 1;
    };
    std::optional<Block> block;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string& line = lines[i];
        if (trim(line).empty()) {
            if (block) finish(*block);
            block.reset();
            continue;
        }
        std::smatch m;
        if (line[0] != ' ' && line[0] != '\t') {
            if (block) finish(*block);
            block.reset();
            std::optional<Instant> header;
            if (std::regex_search(line, m, ctime_re) && m.position(0) == 0) header = ctime_of(m, o.zone);
            if (!header) {
                problems.add(i + 1, _("not a FreeRADIUS detail record: expected a time such as "
                                      "'Wed Nov 25 08:01:02 2026' to start it"));
                continue;
            }
            block = Block{i + 1, *header, m[0], {}};
            continue;
        }
        if (!std::regex_match(line, m, attr_re)) {
            problems.add(i + 1, _("not an attribute line: expected a tab, then 'Name = value'"));
            continue;
        }
        if (!block) {
            problems.add(i + 1, _("an attribute before the record's time line"));
            continue;
        }
        std::string value = trim(m[2].str());
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
        block->attrs[m[1]] = value;
    }
    if (block) finish(*block);
}

// CSV: username, address (or source, machine), start, end; headers in English or Chinese.
void read_csv(const std::string& data, const LoginReadOptions& o, Problems& problems, std::vector<Login>& out) {
    io::ReadOptions ro;
    ro.format = io::InputFormat::csv;
    auto records = io::read_records(data, ro, problems);
    static const std::map<std::string, std::string> names = {
        {"username", "username"}, {"user", "username"},     {"用户名", "username"},  {"账号", "username"},
        {"address", "address"},   {"source", "address"},    {"machine", "address"},  {"ip", "address"},
        {"地址", "address"},      {"机器", "address"},      {"来源", "address"},
        {"start", "start"},       {"started_at", "start"},  {"开始", "start"},       {"登录时间", "start"},
        {"end", "end"},           {"ended_at", "end"},      {"结束", "end"},         {"退出时间", "end"},
        {"host", "host"},         {"service", "service"},
    };
    for (const auto& r : records) {
        std::map<std::string, std::string> f;
        for (const auto& [key, value] : r.fields.items()) {
            std::string lower = text::lower_ascii(trim(key));
            auto it = names.find(lower);
            if (it != names.end() && value.is_string()) f[it->second] = trim(value.get<std::string>());
        }
        if (f["username"].empty() || f["start"].empty()) {
            problems.add(r.line, _("a login needs 'username' and 'start'"));
            continue;
        }
        Login l;
        l.username = f["username"];
        l.address = f["address"];
        l.host = f["host"];
        l.service = f["service"].empty() ? "csv" : f["service"];
        try {
            Instant start = timeutil::parse_time_any_year(f["start"], o.zone);
            if (!check_time(problems, r.line, start, f["start"])) continue;
            l.started_at = timeutil::format_rfc3339(start);
            if (!f["end"].empty()) {
                Instant end = timeutil::parse_time_any_year(f["end"], o.zone);
                if (!check_time(problems, r.line, end, f["end"])) continue;
                if (end < start) {
                    problems.add(r.line, _("the end is before the start"));
                    continue;
                }
                if (end - start > longest_session) {
                    problems.add(r.line, _f("the session length '{}' is longer than ten years",
                                            f["start"] + " - " + f["end"]));
                    continue;
                }
                l.ended_at = timeutil::format_rfc3339(end);
            }
        } catch (const Error& e) {
            problems.add(r.line, e.what());
            continue;
        }
        l.fingerprint = fingerprint_of({"csv", l.username, l.address, l.host, l.started_at});
        out.push_back(l);
    }
}

} // namespace

LoginFormat parse_login_format(const std::string& name) {
    static const std::map<std::string, LoginFormat> all = {
        {"auto", LoginFormat::automatic}, {"syslog", LoginFormat::syslog},     {"journal", LoginFormat::journal},
        {"last", LoginFormat::last},      {"utmpdump", LoginFormat::utmpdump}, {"radius", LoginFormat::radius},
        {"csv", LoginFormat::csv}};
    auto it = all.find(name);
    if (it == all.end())
        throw Error(Exit::usage, _f("unknown login format '{}': expected auto, syslog, journal, last, utmpdump, radius "
                                    "or csv", name));
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
            throw Error(Exit::data, _f("cannot tell the format of '{}'; name it with --input-format syslog, journal, last, "
                                       "utmpdump, radius or csv", file));
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
    store::Transaction tx(db);
    auto known = store::all_usernames(db);
    std::map<std::string, std::string> latest;
    for (auto l : read.logins) {
        l.imported_at = at;
        if (l.result == store::LoginResult::failure) {
            if (store::store_login(tx, l) == store::LoginStored::added) ++result.failed_added;
            else ++result.failed_already;
            continue;
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
            continue;
        }
        std::string seen = std::max(l.started_at, l.ended_at);
        if (seen > at) seen = at; // a clock ahead in a log does not make an account seen in the future
        auto& best = latest[l.username];
        best = std::max(best, seen);
    }
    for (const auto& [user, seen] : latest) result.seen_updated += store::raise_last_seen(tx, user, seen);
    if (result.added + result.ended + result.seen_updated + result.failed_added == 0) return result; // nothing changed: no entry
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
    tx.commit();
    return result;
}

const std::vector<std::string>& login_fields() {
    static const std::vector<std::string> all = {"username", "address",  "started_at", "ended_at",    "service",
                                                 "host",     "source",   "format",     "fingerprint", "imported_at"};
    return all;
}

json login_record(const Login& l) {
    auto time = [](const std::string& t) { return t.empty() ? json() : json(t); };
    return {{"username", l.username},     {"address", l.address}, {"started_at", l.started_at},
            {"ended_at", time(l.ended_at)}, {"service", l.service}, {"host", l.host},
            {"source", l.source},         {"format", l.format},   {"fingerprint", l.fingerprint},
            {"imported_at", time(l.imported_at)}};
}

} // namespace netsec::account
