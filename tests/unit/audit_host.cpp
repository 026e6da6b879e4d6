// The host checks against prepared roots, each both ways, and once against this machine.
#include "audit_testutil.hpp"

#include <doctest/doctest.h>

using namespace netsec;
using test::put;
using test::status_of;

namespace {

// A root that keeps logs long enough and has a sound baseline.
void good_root(const test::TempDir& r) {
    put(r, "etc/systemd/journald.conf", "[Journal]\nStorage=persistent\nMaxRetentionSec=1year\n");
    put(r, "etc/logrotate.conf", "weekly\nrotate 4\ninclude /etc/logrotate.d\n");
    put(r, "etc/logrotate.d/rsyslog", "/var/log/syslog\n/var/log/auth.log\n{\n\tmonthly\n\trotate 7\n"
                                      "\tpostrotate\n\t\t/usr/lib/rsyslog/rsyslog-rotate\n\tendscript\n}\n");
    put(r, "etc/logrotate.d/apt", "/var/log/apt/term.log {\n  rotate 12\n  monthly\n}\n");
    put(r, "etc/rsyslog.conf", "*.* /var/log/syslog\n");
    put(r, "var/log/syslog", "x\n", 0640);
    put(r, "var/log/wtmp", "", 0664);
    put(r, "etc/ssh/sshd_config", "Include /etc/ssh/sshd_config.d/*.conf\nPermitRootLogin no\n"
                                  "Match User backup\n  PasswordAuthentication yes\n");
    put(r, "etc/ssh/sshd_config.d/school.conf", "PasswordAuthentication no\n");
    put(r, "etc/nftables.conf", "table inet filter {\n  chain input {\n    type filter hook input priority 0; "
                                "policy drop;\n    ct state established accept\n  }\n"
                                "  chain output {\n    type filter hook output priority 0; policy accept;\n  }\n}\n");
    put(r, "etc/chrony/chrony.conf", "pool ntp.aliyun.com iburst\n");
    put(r, "proc/net/tcp", "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid\n"
                           "   0: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0\n"
                           "   1: 0100007F:01BB 0100007F:9C40 01 00000000:00000000 00:00000000 00000000     0\n");
}

} // namespace

TEST_CASE("LOG-0001 passes a root that keeps logs six months, private") {
    test::AuditSchool s;
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
    test::AuditSchool s;
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
    test::AuditSchool s;
    test::TempDir r;
    auto f = s.check("LOG-0001", "2026-06-01T00:00:00Z", r.path.string());
    REQUIRE(f.size() == 1);
    CHECK(f[0].status == "not_applicable");
}

TEST_CASE("HOST-0001 passes a sound baseline: the first value wins, Match blocks are not global") {
    test::AuditSchool s;
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
    test::AuditSchool s;
    test::TempDir r;
    put(r, "etc/ssh/sshd_config", "PermitRootLogin yes\n");
    put(r, "etc/iptables/rules.v4", "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\nCOMMIT\n");
    put(r, "proc/net/tcp", "  sl  local_address rem_address   st\n"
                           "   0: 00000000:01BD 00000000:0000 0A 00000000:00000000\n"
                           "   1: 00000000:0017 00000000:0000 0A 00000000:00000000\n");
    put(r, "proc/net/tcp6", "  sl  local_address rem_address   st\n"
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
    test::AuditSchool s;
    test::TempDir r;
    auto f = s.check("HOST-0001", "2026-06-01T00:00:00Z", r.path.string());
    CHECK(status_of(f, "sshd") == "not_applicable");
    CHECK(status_of(f, "listeners") == "not_applicable");
    CHECK(status_of(f, "firewall") == "fail");
}

TEST_CASE("the host checks run against this machine and give valid findings") {
    test::AuditSchool s;
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
    test::AuditSchool s;
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
