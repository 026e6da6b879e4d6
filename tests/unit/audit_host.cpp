// The host checks against prepared roots, each both ways, and once against this machine.
#include "school_fixture.hpp"

#include <cstdio>
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>

using namespace netsec;
using test::put;
using test::status_of;

namespace {

// Sets the mtime of `rel` under the root, or of every file under it when `rel` is "".
void touch(const test::TempDir& r, const std::string& rel, const std::string& rfc3339) {
    timespec times[2] = {{0, UTIME_OMIT}, {std::chrono::system_clock::to_time_t(test::utc(rfc3339)), 0}};
    if (!rel.empty()) {
        REQUIRE(::utimensat(AT_FDCWD, r.file(rel).c_str(), times, 0) == 0);
        return;
    }
    for (const auto& e : std::filesystem::recursive_directory_iterator(r.path))
        if (e.is_regular_file()) ::utimensat(AT_FDCWD, e.path().c_str(), times, 0);
}

// A file under the root compressed by the real gzip, as logrotate's compress leaves it.
void put_gz(const test::TempDir& r, const std::string& rel, const std::string& text) {
    put(r, rel, text, 0640);
    REQUIRE(std::system(("gzip -n -f '" + r.file(rel) + "'").c_str()) == 0);
}

std::string detail_of(const std::vector<audit::Finding>& findings, const std::string& subject) {
    for (const auto& f : findings)
        if (f.subject == subject) return f.detail;
    return "";
}

// The first 264 bytes of a journal file written by the real systemd-journald (252, Debian 12),
// run in a private mount namespace on the machine that wrote this test: its header, whose
// head_entry_realtime is 2026-11-26T02:32:12.080702Z (journalctl --header agrees).
std::string real_journal_header() {
    static const char* hex =
        "4c504b5348485248000000001c00000000000000000000002cce3c98f9634aa19b9a1f93a76850293d1219c7c4c5404a"
        "aa1f6d2a48adfda48cf5d34e52a447a4b73b1b07fd55714c2cce3c98f9634aa19b9a1f93a76850290801000000000000"
        "f8fe7f0000000000f81500000000000080e33800000000001801000000000000d014000000000000d8213b0000000000"
        "b5040000000000005e010000000000005e01000000000000010000000000000068003900000000003e1e3bc024610600"
        "c9535bc024610600a1ed11b202000000b902000000000000240000000000000000000000000000007800000000000000"
        "00000000000000000000000000000000e0ad3900ea000000";
    std::string out;
    for (const char* p = hex; p[0] && p[1]; p += 2) out.push_back(char(std::stoi(std::string(p, 2), nullptr, 16)));
    return out;
}

// Sets the little-endian 64-bit field at `offset` of a journal header.
void set_le64(std::string& header, std::size_t offset, std::uint64_t value) {
    for (std::size_t i = 0; i < 8; ++i) header[offset + i] = char(value >> (8 * i) & 0xff);
}

// A header of the first journal format (208 bytes), built from the documented layout.
std::string journal_header(const std::string& head_rfc3339, std::uint64_t entries = 12) {
    std::string h(208, '\0');
    h.replace(0, 8, "LPKSHHRH");
    h[16] = 2;                 // archived
    set_le64(h, 88, 208);      // header_size
    set_le64(h, 152, entries); // n_entries
    auto head = std::uint64_t(std::chrono::system_clock::to_time_t(test::utc(head_rfc3339))) * 1000000 + 123456;
    set_le64(h, 184, entries ? head : 0);              // head_entry_realtime
    set_le64(h, 192, entries ? head + 3600000000 : 0); // tail_entry_realtime
    return h;
}

// A root that keeps logs long enough and has a sound baseline.
void good_root(const test::TempDir& r) {
    put(r, "etc/systemd/journald.conf", "[Journal]\nStorage=persistent\nMaxRetentionSec=1year\n");
    put(r, "etc/logrotate.conf", "weekly\nrotate 4\ninclude /etc/logrotate.d\n");
    put(r, "etc/logrotate.d/rsyslog",
        "/var/log/syslog\n/var/log/auth.log\n{\n\tmonthly\n\trotate 7\n"
        "\tpostrotate\n\t\t/usr/lib/rsyslog/rsyslog-rotate\n\tendscript\n}\n");
    put(r, "etc/logrotate.d/apt", "/var/log/apt/term.log {\n  rotate 12\n  monthly\n}\n");
    put(r, "etc/rsyslog.conf", "*.* /var/log/syslog\n");
    put(r, "var/log/syslog", "x\n", 0640);
    put(r, "var/log/wtmp", "", 0664);
    put(r, "etc/ssh/sshd_config",
        "Include /etc/ssh/sshd_config.d/*.conf\nPermitRootLogin no\n"
        "Match User backup\n  PasswordAuthentication yes\n");
    put(r, "etc/ssh/sshd_config.d/school.conf", "PasswordAuthentication no\n");
    put(r, "etc/nftables.conf",
        "table inet filter {\n  chain input {\n    type filter hook input priority 0; "
        "policy drop;\n    ct state established accept\n  }\n"
        "  chain output {\n    type filter hook output priority 0; policy accept;\n  }\n}\n");
    put(r, "etc/chrony/chrony.conf", "pool ntp.aliyun.com iburst\n");
    put(r, "proc/net/tcp",
        "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid\n"
        "   0: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0\n"
        "   1: 0100007F:01BB 0100007F:9C40 01 00000000:00000000 00:00000000 00000000     0\n");
    // Its oldest auth.log rotation starts 200 days before 2026-06-01.
    put(r, "var/log/auth.log", "2026-05-31T08:00:00.000001+08:00 host sshd[9]: session opened\n", 0640);
    put(r, "var/log/auth.log.1", "2026-05-01T08:00:00.000001+08:00 host sshd[8]: session opened\n", 0640);
    put_gz(r, "var/log/auth.log.4",
           "Nov 13 03:00:01 host sshd[1]: Accepted publickey for zhao\n"
           "Nov 13 03:00:02 host sshd[1]: session opened\n");
    put(r, "etc/machine-id", "0123456789abcdef0123456789abcdef\n");
    touch(r, "", "2026-05-31T12:00:00Z");
    touch(r, "var/log/auth.log.1", "2026-05-31T00:00:00Z");
    touch(r, "var/log/auth.log.4.gz", "2025-12-10T00:00:00Z");
    touch(r, "etc/machine-id", "2024-09-01T00:00:00Z");
}

// A root with sound settings whose logs begin on 2026-05-12, 20 days before 2026-06-01, and
// whose files date from `host_since` on.
void recent_logs_root(const test::TempDir& r, const std::string& host_since) {
    put(r, "etc/systemd/journald.conf", "[Journal]\nStorage=persistent\n");
    put(r, "etc/logrotate.conf", "monthly\nrotate 12\n/var/log/auth.log {\n}\n");
    put(r, "etc/rsyslog.conf", "*.* /var/log/syslog\n");
    put(r, "etc/logrotate.d/rsyslog", "/var/log/syslog\n{\n  monthly\n  rotate 12\n}\n");
    put(r, "etc/machine-id", "0123456789abcdef0123456789abcdef\n");
    put(r, "var/log/auth.log", "2026-05-30T09:00:00.000001+08:00 host sshd[9]: session opened\n", 0640);
    put(r, "var/log/auth.log.1", "2026-05-12T08:00:00.654321+08:00 host sshd[7]: Accepted password for zhao\n", 0640);
    put(r, "var/log/auth.log.2.gz", "not gzip at all", 0640); // damaged: left out, and said so
    put(r, "var/log/lastlog", "", 0640);
    touch(r, "", "2026-05-31T12:00:00Z");
    touch(r, "etc/machine-id", host_since);
    touch(r, "var/log/lastlog", host_since);
}

} // namespace

TEST_CASE("LOG-0001 passes a root that keeps logs six months, private") {
    test::School s;
    test::TempDir r;
    good_root(r);
    auto f = s.check("LOG-0001", "2026-06-01T00:00:00Z", r.path.string());
    CHECK(status_of(f, "journald") == "pass");
    CHECK(status_of(f, "logrotate") == "pass");
    CHECK(status_of(f, "rsyslog") == "pass");
    CHECK(status_of(f, "var/log") == "pass");
    for (const auto& x : f) CHECK_MESSAGE(x.status == "pass", x.subject, ": ", x.detail);
}

TEST_CASE("LOG-0001 fails a volatile journal, short rotation, unrotated rsyslog and world-readable logs") {
    test::School s;
    test::TempDir r;
    put(r, "etc/systemd/journald.conf", "[Journal]\nStorage=volatile\n");
    put(r, "etc/systemd/journald.conf.d/short.conf", "[Journal]\nStorage=persistent\nMaxRetentionSec=30d\n");
    put(r, "etc/logrotate.conf", "weekly\nrotate 4\n/var/log/wtmp {\n  monthly\n  rotate 1\n}\n");
    put(r, "etc/rsyslog.conf", "*.* /var/log/syslog\n");
    put(r, "var/log/syslog", "x\n", 0644);
    auto f = s.check("LOG-0001", "2026-06-01T00:00:00Z", r.path.string());
    CHECK(status_of(f, "journald") == "fail");
    CHECK(status_of(f, "logrotate:/var/log/wtmp") == "fail");
    CHECK(status_of(f, "rsyslog") == "fail");
    CHECK(status_of(f, "var/log") == "fail");
}

TEST_CASE("LOG-0001 is not_applicable on a root without log configuration") {
    test::School s;
    test::TempDir r;
    auto f = s.check("LOG-0001", "2026-06-01T00:00:00Z", r.path.string());
    REQUIRE(f.size() == 1);
    CHECK(f[0].status == "not_applicable");
}

TEST_CASE("HOST-0001 passes a sound baseline: the first value wins, Match blocks are not global") {
    test::School s;
    test::TempDir r;
    good_root(r);
    auto f = s.check("HOST-0001", "2026-06-01T00:00:00Z", r.path.string());
    for (const auto& x : f) CHECK_MESSAGE(x.status == "pass", x.subject, ": ", x.detail);
    CHECK(status_of(f, "sshd:PermitRootLogin") == "pass");
    CHECK(status_of(f, "sshd:PasswordAuthentication") == "pass");
    CHECK(status_of(f, "firewall") == "pass");
    CHECK(status_of(f, "time") == "pass");
    CHECK(status_of(f, "listeners") == "pass");
}

TEST_CASE("HOST-0001 fails root logins, passwords, an accepting firewall, no time sync and risky listeners") {
    test::School s;
    test::TempDir r;
    put(r, "etc/ssh/sshd_config", "PermitRootLogin yes\n");
    put(r, "etc/iptables/rules.v4", "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\nCOMMIT\n");
    put(r, "proc/net/tcp",
        "  sl  local_address rem_address   st\n"
        "   0: 00000000:01BD 00000000:0000 0A 00000000:00000000\n"
        "   1: 00000000:0017 00000000:0000 0A 00000000:00000000\n");
    put(r, "proc/net/tcp6",
        "  sl  local_address rem_address   st\n"
        "   0: 00000000000000000000000000000000:0D3D 00000000000000000000000000000000:0000 0A\n");
    auto f = s.check("HOST-0001", "2026-06-01T00:00:00Z", r.path.string());
    CHECK(status_of(f, "sshd:PermitRootLogin") == "fail");
    CHECK(status_of(f, "sshd:PasswordAuthentication") == "fail");
    CHECK(status_of(f, "firewall") == "fail");
    CHECK(status_of(f, "time") == "fail");
    CHECK(status_of(f, "listener:445") == "fail");
    CHECK(status_of(f, "listener:23") == "fail");
    CHECK(status_of(f, "listener:3389") == "fail");
}

TEST_CASE("HOST-0001 on an empty root: no SSH server and no /proc are not_applicable") {
    test::School s;
    test::TempDir r;
    auto f = s.check("HOST-0001", "2026-06-01T00:00:00Z", r.path.string());
    CHECK(status_of(f, "sshd") == "not_applicable");
    CHECK(status_of(f, "listeners") == "not_applicable");
    CHECK(status_of(f, "firewall") == "fail");
}

TEST_CASE("the host checks run against this machine and give valid findings") {
    test::School s;
    auto run = s.run({"LOG-0001", "HOST-0001"});
    CHECK(!run.findings.empty());
    for (const auto& f : run.findings) {
        CHECK(f.fingerprint == f.check_id + ":" + f.subject);
        CHECK(!f.detail.empty());
        bool known = false;
        for (const auto& st : audit::statuses()) known = known || st == f.status;
        CHECK_MESSAGE(known, f.status);
    }
}

TEST_CASE("a log rotated in two files gives one finding, the worse of the two") {
    test::School s;
    test::TempDir r;
    put(r, "etc/logrotate.conf", "/var/log/syslog {\n  monthly\n  rotate 12\n}\n");
    put(r, "etc/logrotate.d/rsyslog", "/var/log/syslog {\n  weekly\n  rotate 4\n}\n");
    put(r, "etc/logrotate.d/other", "/var/log/syslog {\n  weekly\n  rotate 2\n}\n");
    auto f = s.check("LOG-0001", "2026-06-01T00:00:00Z", r.path.string());
    std::size_t n = 0;
    for (const auto& x : f) n += x.subject == "logrotate:/var/log/syslog";
    CHECK(n == 1);
    CHECK(status_of(f, "logrotate:/var/log/syslog") == "fail");
}

TEST_CASE("LOG-0001 passes a host whose oldest auth.log rotation (gzip) is 200 days old") {
    test::School s;
    test::TempDir r;
    good_root(r);
    auto f = s.check("LOG-0001", "2026-06-01T00:00:00Z", r.path.string());
    CHECK(status_of(f, "oldest") == "pass");
    CHECK(detail_of(f, "oldest") == "oldest entries: var/log/auth.log since 2025-11-13; each at least 180d old");
    for (const auto& x : f)
        if (x.subject == "oldest") {
            REQUIRE(x.evidence.size() == 1);
            CHECK(x.evidence[0].path == r.file("var/log/auth.log.4.gz"));
        }
}

TEST_CASE("LOG-0001 fails logs 20 days old on a host two years old: deleted early, though the settings keep 180d") {
    test::School s;
    test::TempDir r;
    recent_logs_root(r, "2024-09-01T00:00:00Z");
    auto f = s.check("LOG-0001", "2026-06-01T00:00:00Z", r.path.string());
    // The settings findings are as before.
    CHECK(status_of(f, "journald") == "pass");
    CHECK(status_of(f, "logrotate") == "pass");
    CHECK(status_of(f, "rsyslog") == "pass");
    CHECK(status_of(f, "var/log") == "pass");
    CHECK(status_of(f, "oldest") == "");
    CHECK(status_of(f, "oldest:var/log/auth.log") == "fail");
    CHECK(detail_of(f, "oldest:var/log/auth.log") ==
          "the oldest entry of var/log/auth.log is from 2026-05-12 (var/log/auth.log.1), 20d ago, less than 180d "
          "(1 of its files without a readable first entry left out); yet the host's files go back to 2024-09-01 "
          "(etc/machine-id): the settings above allow 180d, so entries were deleted early: by hand, or by a size limit "
          "(journald's SystemMaxUse, logrotate's maxsize)");
    for (const auto& x : f)
        if (x.subject == "oldest:var/log/auth.log") {
            REQUIRE(x.evidence.size() == 2);
            CHECK(x.evidence[0].path == r.file("var/log/auth.log.1"));
            CHECK(x.evidence[1].path == r.file("etc/machine-id"));
            CHECK(x.fingerprint == "LOG-0001:oldest:var/log/auth.log");
        }
}

TEST_CASE("LOG-0001 fails short logs on an old host whose settings keep less, and says so") {
    test::School s;
    test::TempDir r;
    recent_logs_root(r, "2024-09-01T00:00:00Z");
    put(r, "etc/logrotate.conf", "weekly\nrotate 4\n/var/log/auth.log {\n}\n");
    touch(r, "etc/logrotate.conf", "2026-05-31T12:00:00Z");
    auto f = s.check("LOG-0001", "2026-06-01T00:00:00Z", r.path.string());
    CHECK(status_of(f, "logrotate:/var/log/auth.log") == "fail");
    CHECK(status_of(f, "oldest:var/log/auth.log") == "fail");
    CHECK(detail_of(f, "oldest:var/log/auth.log").find(": the settings above keep less") != std::string::npos);
}

TEST_CASE("LOG-0001 fails short logs on an old host without settings, and says no settings tell") {
    test::School s;
    test::TempDir r;
    put(r, "etc/machine-id", "0123456789abcdef0123456789abcdef\n");
    put(r, "var/log/syslog", "2026-05-12T08:00:00+08:00 host kernel: booted\n", 0640);
    touch(r, "", "2026-05-31T12:00:00Z");
    touch(r, "etc/machine-id", "2023-02-01T00:00:00Z");
    auto f = s.check("LOG-0001", "2026-06-01T00:00:00Z", r.path.string());
    CHECK(status_of(f, "retention") == "not_applicable");
    CHECK(status_of(f, "oldest:var/log/syslog") == "fail");
    CHECK(detail_of(f, "oldest:var/log/syslog") ==
          "the oldest entry of var/log/syslog is from 2026-05-12 (var/log/syslog), 20d ago, less than 180d; yet the "
          "host's files go back to 2023-02-01 (etc/machine-id): entries were deleted early, and no settings under "
          "the root say how long they are kept");
}

TEST_CASE("LOG-0001 passes a young host: its logs go back to when it began") {
    test::School s;
    test::TempDir r;
    recent_logs_root(r, "2026-05-10T02:00:00Z");
    auto f = s.check("LOG-0001", "2026-06-01T00:00:00Z", r.path.string());
    CHECK(status_of(f, "oldest") == "pass");
    CHECK(detail_of(f, "oldest") ==
          "oldest entries: var/log/auth.log since 2026-05-12; the host's files go back only to 2026-05-10 "
          "(etc/machine-id), less than 180d: its logs are kept since it began");
    for (const auto& x : f) CHECK_MESSAGE(x.status == "pass", x.subject, ": ", x.detail);
}

TEST_CASE("LOG-0001 reads traditional times in the year of the file's last write, or the year before") {
    test::School s;
    test::TempDir r;
    // RHEL's dateext rotation; "Oct  3" in a file last written in January is last year's.
    put_gz(r, "var/log/messages-20260105", "Oct  3 10:00:00 host kernel: Linux version 5.14\n");
    put(r, "var/log/messages", "Jan 30 10:00:00 host systemd[1]: Started\n");
    put(r, "var/log/secure", "Feb 29 10:00:00 host sshd[1]: leap day\n"); // 2024, the last leap year
    touch(r, "", "2026-05-31T12:00:00Z");
    touch(r, "var/log/messages-20260105.gz", "2026-01-05T00:00:00Z");
    touch(r, "var/log/secure", "2026-03-01T00:00:00Z");
    auto f = s.check("LOG-0001", "2026-06-01T00:00:00Z", r.path.string());
    CHECK(status_of(f, "oldest") == "pass");
    CHECK(detail_of(f, "oldest") ==
          "oldest entries: var/log/messages since 2025-10-03, var/log/secure since 2024-02-29; each at least 180d old");
}

TEST_CASE("LOG-0001 reads the first entry's time from a real journald file header") {
    test::School s;
    test::TempDir r;
    put(r, "var/log/journal/3d1219c7c4c5404aaa1f6d2a48adfda4/system.journal", real_journal_header(), 0640);
    touch(r, "", "2027-05-31T12:00:00Z");
    auto f = s.check("LOG-0001", "2027-06-01T00:00:00Z", r.path.string());
    CHECK(status_of(f, "oldest") == "pass");
    CHECK(detail_of(f, "oldest") == "oldest entries: var/log/journal since 2026-11-26; each at least 180d old");
    // 187 days on, it is the oldest entry; 60 days on, younger than 180d, and the host as young.
    f = s.check("LOG-0001", "2027-01-25T00:00:00Z", r.path.string());
    CHECK(status_of(f, "oldest") == "pass");
    CHECK(detail_of(f, "oldest").find("the host's files go back only to 2026-11-26") != std::string::npos);
}

TEST_CASE("LOG-0001 fails a journal that begins 20 days ago on an old host, oldest of its files") {
    test::School s;
    test::TempDir r;
    put(r, "etc/systemd/journald.conf", "[Journal]\nStorage=persistent\nMaxRetentionSec=1y\n");
    std::string dir = "var/log/journal/3d1219c7c4c5404aaa1f6d2a48adfda4/";
    std::string current = real_journal_header();
    set_le64(current, 184,
             std::uint64_t(std::chrono::system_clock::to_time_t(test::utc("2026-05-25T00:00:00Z"))) * 1000000);
    put(r, dir + "system.journal", current, 0640);
    put(r, dir + "system@0a-1-2.journal", journal_header("2026-05-12T00:00:00Z"), 0640); // documented layout
    put(r, dir + "user-1000.journal", journal_header("2026-05-20T00:00:00Z"), 0640);
    put(r, dir + "system@0b-1-2.journal~", journal_header("2025-01-01T00:00:00Z", 0), 0640); // no entries
    std::string wrong = journal_header("2024-01-01T00:00:00Z");
    wrong[0] = 'X';
    put(r, dir + "system@0c-1-2.journal", wrong, 0640); // not a journal
    std::string cut = journal_header("2024-01-01T00:00:00Z");
    set_le64(cut, 88, 4096);
    put(r, dir + "system@0d-1-2.journal", cut, 0640); // header past the end
    // Other hosts' logs, kept by systemd-journal-remote, say nothing of this host's.
    put(r, "var/log/journal/remote/remote-10.0.0.5.journal", journal_header("2024-01-01T00:00:00Z"), 0640);
    put(r, "etc/machine-id", "3d1219c7c4c5404aaa1f6d2a48adfda4\n");
    touch(r, "", "2026-05-31T12:00:00Z");
    touch(r, "etc/machine-id", "2025-03-01T00:00:00Z");
    auto f = s.check("LOG-0001", "2026-06-01T00:00:00Z", r.path.string());
    CHECK(status_of(f, "journald") == "pass");
    CHECK(status_of(f, "oldest:var/log/journal") == "fail");
    CHECK(
        detail_of(f, "oldest:var/log/journal") ==
        "the oldest entry of var/log/journal is from 2026-05-12 (var/log/journal/3d1219c7c4c5404aaa1f6d2a48adfda4/"
        "system@0a-1-2.journal), 20d ago, less than 180d (3 of its files without a readable first entry left "
        "out); yet the host's files go back to 2025-03-01 (etc/machine-id): the settings above allow 180d, so entries "
        "were deleted early: by hand, or by a size limit (journald's SystemMaxUse, logrotate's maxsize)");
}

TEST_CASE("LOG-0001's oldest entries are not_applicable when var/log holds no log with a readable entry") {
    test::School s;
    test::TempDir r;
    put(r, "etc/logrotate.conf", "monthly\nrotate 12\n/var/log/syslog {\n}\n");
    put(r, "var/log/syslog", "\x01\x02 no time here\n", 0640);
    put(r, "var/log/dpkg.log", "2026-05-01 10:00:00 status installed\n", 0640);
    auto f = s.check("LOG-0001", "2026-06-01T00:00:00Z", r.path.string());
    CHECK(status_of(f, "logrotate") == "pass");
    CHECK(status_of(f, "oldest") == "not_applicable");
}

TEST_CASE("LOG-0001 reads this machine's journal headers, if any, as a run against / does") {
    // No assertion on what this machine keeps: only that every journal file present is read or
    // left out without an error, and the oldest finding is well formed.
    test::School s;
    auto f = s.check("LOG-0001", "2026-06-01T00:00:00Z");
    for (const auto& x : f)
        if (x.subject.rfind("oldest", 0) == 0) {
            MESSAGE(x.subject, " ", x.status, ": ", x.detail);
            CHECK(x.status != "error");
        }
}
