// Logins from sshd messages: syslog files (RFC 3164 and RFC 3339 times) and `journalctl -o json`.
#include "netsec/account/login_read.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/hash.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/problems.hpp"
#include "netsec/core/syslog_time.hpp"
#include "netsec/core/text.hpp"

#include <algorithm>
#include <map>
#include <regex>

namespace netsec::account::detail {

using json = nlohmann::ordered_json;
using text::trim;

namespace {

// --- sshd messages, from syslog files and the journal --------------------------------------

const std::regex accepted_re(R"(^Accepted (\S+) for (\S+) from (\S+) port (\d+))");
const std::regex pam_closed_re(R"(^pam_unix\(sshd:session\): session closed for user (\S+))");
const std::regex disconnected_re(R"(^Disconnected from user (\S+) (\S+) port (\d+))");
const std::regex received_re(R"(^Received disconnect from (\S+) port (\d+):)");
// Refused sign-ins: a wrong password, or a username the machine does not have. sshd writes
// "Invalid user" when the connection names an unknown user, then "Failed password for invalid
// user" for each password tried; the pair is one failure, each later try another.
const std::regex
    failed_re(R"(^Failed (?:password|keyboard-interactive/pam) for (invalid user )?(\S*) from (\S+) port (\d+))");
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
        if (std::regex_search(message, m, disconnected_re))
            port_key = host + " " + std::string(m[2]) + " " + std::string(m[3]);
        else if (std::regex_search(message, m, received_re))
            port_key = host + " " + std::string(m[1]) + " " + std::string(m[2]);
        else if (!std::regex_search(message, m, pam_closed_re))
            return;
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
        } else
            return;
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

} // namespace

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
            if (o.year != 0)
                t = timeutil::syslog_time(*stamp, y, o.zone);
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

} // namespace netsec::account::detail
