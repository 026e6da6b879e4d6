#include "netsec/account/check.hpp"
#include "netsec/account/logins.hpp"
#include "netsec/account/records.hpp"
#include "netsec/core/error.hpp"
#include "netsec/store/journal_rows.hpp"
#include "school_fixture.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

using namespace netsec;
using namespace netsec::account;

namespace {

const journal::Origin origin{"alice", "host", "netsec-account"};
const Instant t0 = timeutil::parse_time("2026-09-01T08:00:00Z", "UTC");

struct Fixture : test::School {
    Fixture() {
        add_account(db, policy, origin, {"zhaoli", "赵丽", "staff", "", "", "教导处", "", ""}, t0);
        add_account(db, policy, origin, {"s20200301", "王小明", "pupil", "2020级", "2020级3班", "", "", ""}, t0);
    }
};

LoginReadOptions options(LoginFormat format = LoginFormat::automatic) {
    LoginReadOptions o;
    o.format = format;
    o.zone = "Asia/Shanghai";
    o.reference = t0;
    return o;
}

const std::string auth_log =
    "Aug 31 08:01:02 office sshd[4321]: Accepted password for zhaoli from 192.168.1.10 port 50122 ssh2\n"
    "Aug 31 08:30:17 office sshd[4502]: Connection closed by invalid user admin 10.9.8.7 port 40022 [preauth]\n"
    "Aug 31 09:12:40 office sshd[4610]: Accepted publickey for zhaoli from 192.168.1.37 port 51544 ssh2: ED25519 "
    "SHA256:x\n"
    "Aug 31 09:40:03 office sshd[4633]: Disconnected from user zhaoli 192.168.1.37 port 51544\n"
    "Aug 31 11:30:44 office sshd[4321]: pam_unix(sshd:session): session closed for user zhaoli\n";

std::size_t journal_count(store::Db& db) { return store::journal_rows(db, {}).size(); }

} // namespace

TEST_CASE("the format of a log is told by its first line") {
    CHECK(detect_login_format(auth_log) == LoginFormat::syslog);
    CHECK(detect_login_format("2026-08-31T08:01:02.1+08:00 h sshd[1]: x\n") == LoginFormat::syslog);
    CHECK(detect_login_format("{\"MESSAGE\":\"x\"}\n") == LoginFormat::journal);
    CHECK(detect_login_format("[7] [01] [ts/1] [a] [pts/1] [h] [1.2.3.4] [2026-08-31T00:00:00,0+00:00]\n") ==
          LoginFormat::utmpdump);
    CHECK(detect_login_format("Mon Aug 31 23:10:05 2026\n\tUser-Name = \"a\"\n") == LoginFormat::radius);
    CHECK(detect_login_format("a pts/0 h Mon Aug 31 08:05:00 2026 - Mon Aug 31 09:00:00 2026  (00:55)\n") ==
          LoginFormat::last);
    CHECK(detect_login_format("username,address,start,end\n") == LoginFormat::csv);
    CHECK_FALSE(detect_login_format("hello there\n"));
}

TEST_CASE("sshd sessions end at the disconnect of their client port or the close of their process") {
    auto read = read_logins(auth_log, "auth.log", options());
    REQUIRE(read.logins.size() == 2);
    CHECK(read.logins[0].started_at == "2026-08-31T00:01:02Z");
    CHECK(read.logins[0].ended_at == "2026-08-31T03:30:44Z");
    CHECK(read.logins[1].address == "192.168.1.37");
    CHECK(read.logins[1].ended_at == "2026-08-31T01:40:03Z");
    CHECK(read.logins[1].host == "office");
    CHECK(read.logins[1].source == "auth.log");
}

TEST_CASE("a year-less syslog time takes --year, else the file's year, and a time past it by a day is last year") {
    auto o = options();
    o.year = 2024;
    CHECK(read_logins(auth_log, "a", o).logins[0].started_at == "2024-08-31T00:01:02Z");
    o = options();
    o.reference = timeutil::parse_time("2027-01-01T08:00:00+08:00", "UTC");
    auto read = read_logins("Dec 31 23:59:00 gw sshd[1]: Accepted password for a from 10.0.0.9 port 1 ssh2\n", "a", o);
    CHECK(read.logins[0].started_at == "2026-12-31T15:59:00Z");
}

TEST_CASE("the same sshd event from auth.log, an RFC 3339 file and the journal has one fingerprint") {
    auto a = read_logins("Aug 31 08:01:02 office sshd[4321]: Accepted password for zhaoli from 1.2.3.4 port 5 ssh2\n",
                         "a", options());
    auto b = read_logins(
        "2026-08-31T08:01:02.654321+08:00 office sshd[4321]: Accepted password for zhaoli from 1.2.3.4 port 5 ssh2\n",
        "b", options());
    auto c =
        read_logins("{\"__REALTIME_TIMESTAMP\":\"1788134462654321\",\"SYSLOG_IDENTIFIER\":\"sshd\",\"_PID\":\"4321\","
                    "\"_HOSTNAME\":\"office\",\"MESSAGE\":\"Accepted password for zhaoli from 1.2.3.4 port 5 ssh2\"}\n",
                    "c", options());
    REQUIRE(a.logins.size() == 1);
    REQUIRE(c.logins.size() == 1);
    CHECK(a.logins[0].fingerprint == b.logins[0].fingerprint);
    CHECK(a.logins[0].fingerprint == c.logins[0].fingerprint);
}

TEST_CASE("last -F lines give sessions; a crash ends one by the span last shows; reboot lines are left out") {
    std::string text =
        "zhaoli   pts/0        192.168.1.10     Mon Aug 31 08:05:00 2026 - Mon Aug 31 09:00:00 2026  (00:55)\n"
        "liuyang  tty1                          Mon Aug 31 08:20:00 2026 - crash                     (1+02:10)\n"
        "reboot   system boot  6.1.0-26-amd64   Mon Aug 31 07:50:00 2026   still running\n"
        "\n"
        "wtmp begins Mon Aug 31 07:50:00 2026\n";
    auto read = read_logins(text, "last.txt", options());
    CHECK(read.format == LoginFormat::last);
    REQUIRE(read.logins.size() == 2);
    CHECK(read.logins[0].ended_at == "2026-08-31T01:00:00Z");
    CHECK(read.logins[1].address == "");
    CHECK(read.logins[1].ended_at == "2026-09-01T02:30:00Z");
}

TEST_CASE("utmpdump pairs a DEAD_PROCESS with the login on its terminal") {
    std::string text = "[7] [05120] [ts/0] [zhaoli  ] [pts/0       ] [192.168.1.10        ] [192.168.1.10   ] "
                       "[2026-08-31T00:05:00,000000+00:00]\n"
                       "[8] [05120] [ts/0] [        ] [pts/0       ] [                    ] [0.0.0.0        ] "
                       "[2026-08-31T01:00:00,000000+00:00]\n";
    auto read = read_logins(text, "dump", options());
    REQUIRE(read.logins.size() == 1);
    CHECK(read.logins[0].ended_at == "2026-08-31T01:00:00Z");
    CHECK(read.logins[0].service == "login");
}

TEST_CASE("FreeRADIUS detail: a Stop alone starts Acct-Session-Time before it; a block without User-Name is an error") {
    std::string stop = "Mon Aug 31 14:02:00 2026\n\tAcct-Session-Id = \"7\"\n\tAcct-Status-Type = Stop\n"
                       "\tUser-Name = \"zhaoli\"\n\tCalling-Station-Id = \"AA-BB\"\n\tAcct-Session-Time = 3600\n\n";
    auto read = read_logins(stop, "detail", options());
    REQUIRE(read.logins.size() == 1);
    CHECK(read.logins[0].started_at == "2026-08-31T05:02:00Z");
    CHECK(read.logins[0].ended_at == "2026-08-31T06:02:00Z");
    CHECK(read.logins[0].address == "AA-BB");
    std::string bad = "Mon Aug 31 14:02:00 2026\n\tAcct-Status-Type = Start\n\n";
    CHECK_THROWS_WITH_AS(read_logins(bad, "detail", options()),
                         doctest::Contains("detail:1: an accounting Start without"), Error);
}

TEST_CASE("a malformed line is file:line and nothing is read") {
    try {
        read_logins(auth_log + "garbage\n", "auth.log", options());
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == Exit::data);
        CHECK(std::string(e.what()).find("auth.log:6: not a syslog line") == 0);
    }
    CHECK_THROWS_WITH_AS(
        read_logins("hello\n", "x", options()),
        "cannot tell the format of 'x'; name it with --input-format syslog, journal, last, utmpdump, radius or csv",
        Error);
    CHECK_THROWS_WITH_AS(parse_login_format("wtmp"),
                         "unknown login format 'wtmp': expected auto, syslog, journal, last, utmpdump, radius or csv",
                         Error);
}

namespace {

// The message read_logins refuses `text` with ("" when it reads it).
std::string refusal(const std::string& text, LoginFormat format, const std::string& file = "log") {
    try {
        read_logins(text, file, options(format));
        return "";
    } catch (const Error& e) {
        CHECK(e.code() == Exit::data);
        return e.what();
    }
}

} // namespace

TEST_CASE("a year-less Feb 29 is the last leap year's; a day no year has is file:line with the year") {
    auto o = options();
    o.reference = timeutil::parse_time("2027-01-01T08:00:00+08:00", "UTC");
    const std::string leap = "Feb 29 10:00:00 gw sshd[1]: Accepted password for a from 10.0.0.9 port 1 ssh2\n";
    CHECK(read_logins(leap, "a", o).logins[0].started_at == "2024-02-29T02:00:00Z");
    CHECK(
        refusal("Feb 30 10:00:00 gw sshd[1]: Accepted password for a from 10.0.0.9 port 1 ssh2\n", LoginFormat::syslog)
            .find("log:1: 'Feb 30 10:00:00' is not a date in 2026") == 0);
    o.year = 2026;
    CHECK_THROWS_WITH_AS(read_logins(leap, "a", o), doctest::Contains("a:1: 'Feb 29 10:00:00' is not a date in 2026"),
                         Error);
}

TEST_CASE("times outside the years 1970 to 9999 are malformed lines, in every format") {
    using F = LoginFormat;
    // journald's microseconds: 10^18 us is the year 33658
    CHECK(refusal("{\"SYSLOG_IDENTIFIER\":\"sshd\",\"__REALTIME_TIMESTAMP\":\"999999999999999999\",\"_PID\":\"1\","
                  "\"MESSAGE\":\"Accepted password for a from 10.0.0.1 port 22 ssh2\"}\n",
                  F::journal,
                  "j") == "j:1: '999999999999999999' is outside the years 1970 to 9999\nnothing was imported");
    // 19 digits may not fit a 64-bit number: refused by its line, like any stamp that is not one
    CHECK(refusal("{\"SYSLOG_IDENTIFIER\":\"sshd\",\"__REALTIME_TIMESTAMP\":\"9999999999999999999\",\"_PID\":\"1\","
                  "\"MESSAGE\":\"Accepted password for a from 10.0.0.1 port 22 ssh2\"}\n",
                  F::journal, "j")
              .find("j:1: an sshd entry without '__REALTIME_TIMESTAMP'") == 0);
    // RFC 3339 syslog and utmpdump times whose offset puts them before 1970 or after 9999
    CHECK(refusal("1969-12-31T23:59:59Z h sshd[1]: Accepted password for a from 10.0.0.1 port 22 ssh2\n", F::syslog)
              .find("log:1: '1969-12-31T23:59:59Z' is outside the years 1970 to 9999") == 0);
    CHECK(
        refusal("9999-12-31T23:00:00-08:00 h sshd[1]: Accepted password for a from 10.0.0.1 port 22 ssh2\n", F::syslog)
            .find("log:1: '9999-12-31T23:00:00-08:00' is outside the years 1970 to 9999") == 0);
    CHECK(refusal("[7] [01] [ts/0] [a] [pts/0] [h] [1.2.3.4] [0000-01-01T00:00:00,000000+08:00]\n", F::utmpdump)
              .find("log:1: '0000-01-01T00:00:00,000000+08:00' is outside the years 1970 to 9999") == 0);
    // year-less syslog with --year 1969; last and FreeRADIUS ctime years
    auto o = options(F::syslog);
    o.year = 1969;
    CHECK_THROWS_WITH_AS(
        read_logins("Aug 31 08:01:02 h sshd[1]: Accepted password for a from 10.0.0.1 port 22 ssh2\n", "auth.log", o),
        doctest::Contains("auth.log:1: 'Aug 31 08:01:02 1969' is outside the years 1970 to 9999"), Error);
    CHECK(refusal("a pts/0 h Wed Dec 31 07:59:59 1969 - Wed Dec 31 09:00:00 1969  (01:00)\n", F::last)
              .find("log:1: 'Wed Dec 31 07:59:59 1969' is outside the years 1970 to 9999") == 0);
    CHECK(refusal("Wed Dec 31 07:00:00 1969\n\tAcct-Status-Type = Start\n\tUser-Name = \"a\"\n\n", F::radius)
              .find("log:1: 'Wed Dec 31 07:00:00 1969' is outside the years 1970 to 9999") == 0);
    // CSV in Asia/Shanghai: 1970-01-01 07:00 local is 1969 in UTC
    CHECK(refusal("username,start\na,1970-01-01 07:00\n", F::csv, "c.csv")
              .find("c.csv:2: '1970-01-01 07:00' is outside the years 1970 to 9999") == 0);
    // the edges themselves read
    auto read = read_logins("username,start\na,1970-01-01 08:00\nb,9999-12-31 23:59\n", "c.csv", options(F::csv));
    REQUIRE(read.logins.size() == 2);
    CHECK(read.logins[0].started_at == "1970-01-01T00:00:00Z");
    CHECK(read.logins[1].started_at == "9999-12-31T15:59:00Z");
}

TEST_CASE("sessions longer than ten years are malformed; long real ones still read") {
    using F = LoginFormat;
    // FreeRADIUS: Acct-Session-Time of 99999999999 s (3,170 years) once made a start in the year -1142
    std::string radius = "Mon Aug 31 14:02:00 2026\n\tAcct-Status-Type = Stop\n\tUser-Name = \"a\"\n"
                         "\tAcct-Session-Time = 99999999999\n\n";
    CHECK(refusal(radius, F::radius).find("log:1: the session length '99999999999 s' is longer than ten years") == 0);
    // the start of a session of under ten years before 1970
    std::string early = "Thu Jan  1 08:30:00 1970\n\tAcct-Status-Type = Stop\n\tUser-Name = \"a\"\n"
                        "\tAcct-Session-Time = 3600\n\n";
    CHECK(refusal(early, F::radius)
              .find("log:1: 'Thu Jan  1 08:30:00 1970 - 3600 s' is outside the years 1970 to 9999") == 0);
    // last's (D+HH:MM), with days past ten years or more digits than any count
    CHECK(refusal("a tty1 Mon Aug 31 08:20:00 2026 - crash (3654+00:00)\n", F::last)
              .find("log:1: the session length '(3654+00:00)' is longer than ten years") == 0);
    CHECK(refusal("a tty1 Mon Aug 31 08:20:00 2026 - crash (1+99999999999999999:00)\n", F::last)
              .find("log:1: the session length '(1+99999999999999999:00)' is longer than ten years") == 0);
    CHECK(refusal("a pts/0 h Mon Aug 31 08:05:00 2026 - Fri Aug 31 09:00:00 2040  (00:55)\n", F::last)
              .find("log:1: the session length 'Mon Aug 31 08:05:00 2026 - Fri Aug 31 09:00:00 2040' is longer") == 0);
    CHECK(refusal("username,start,end\na,2026-01-01 08:00,2036-01-03 08:00\n", F::csv)
              .find("log:2: the session length '2026-01-01 08:00 - 2036-01-03 08:00' is longer than ten years") == 0);
    // a week-long session and a year-long one are fine
    auto read = read_logins("a tty1 Mon Aug 31 08:20:00 2026 - crash (7+00:00)\n", "last", options(F::last));
    REQUIRE(read.logins.size() == 1);
    CHECK(read.logins[0].ended_at == "2026-09-07T00:20:00Z");
    std::string year = "Mon Aug 31 14:02:00 2026\n\tAcct-Status-Type = Stop\n\tUser-Name = \"a\"\n"
                       "\tAcct-Session-Time = 31536000\n\n";
    read = read_logins(year, "detail", options(F::radius));
    REQUIRE(read.logins.size() == 1);
    CHECK(read.logins[0].started_at == "2025-08-31T06:02:00Z");
}

TEST_CASE("importing the same sessions twice adds nothing and journals once; last_seen_at moves") {
    Fixture f;
    auto read = read_logins(auth_log, "auth.log", options());
    std::size_t before = journal_count(f.db);
    auto first = import_logins(f.db, origin, read, "auth.log", t0);
    CHECK(first.added == 2);
    CHECK(first.seen_updated == 1);
    auto again = import_logins(f.db, origin, read, "auth.log", t0);
    CHECK(again.added == 0);
    CHECK(again.already == 2);
    CHECK(journal_count(f.db) == before + 1);
    CHECK(get_account(f.db, "zhaoli").last_seen_at == "2026-08-31T03:30:44Z");
    CHECK(get_account(f.db, "zhaoli").updated_at == "2026-09-01T08:00:00Z");
}

TEST_CASE("a session stored without an end gets it when a later log has it") {
    Fixture f;
    auto o = options();
    auto start = read_logins(
        "Aug 31 08:01:02 office sshd[4321]: Accepted password for zhaoli from 1.2.3.4 port 5 ssh2\n", "a", o);
    import_logins(f.db, origin, start, "a", t0);
    auto both = read_logins("Aug 31 08:01:02 office sshd[4321]: Accepted password for zhaoli from 1.2.3.4 port 5 ssh2\n"
                            "Aug 31 08:30:00 office sshd[4400]: Disconnected from user zhaoli 1.2.3.4 port 5\n",
                            "b", o);
    auto r = import_logins(f.db, origin, both, "b", t0);
    CHECK(r.ended == 1);
    CHECK(store::list_logins(f.db, "zhaoli", "")[0].ended_at == "2026-08-31T00:30:00Z");
}

TEST_CASE("check finds overlapping sessions from two places as one lent-account finding with a stable fingerprint") {
    Fixture f;
    import_logins(f.db, origin, read_logins(auth_log, "auth.log", options()), "auth.log", t0);
    CheckOptions co;
    co.since = t0 - std::chrono::days{7};
    auto findings = check_accounts(f.db, f.policy, co, t0);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].check_id == "ACCT-0103");
    CHECK(findings[0].severity == finding::Severity::high);
    CHECK(findings[0].fingerprint == "ACCT-0103:zhaoli");
    CHECK(findings[0].addresses == std::vector<std::string>{"192.168.1.10", "192.168.1.37"});
    CHECK(findings[0].sessions.size() == 2);
    auto record = finding_record(findings[0], t0);
    CHECK(record["status"] == "fail");
    CHECK(record["subject"] == "zhaoli");
    co.since = t0;
    CHECK(check_accounts(f.db, f.policy, co, t0).empty());
}

TEST_CASE("check counts places a day against the policy and sign-ins outside its hours") {
    test::School s("accounts:\n  logins: {max_machines_per_day: 1, hours: \"07:00-20:00\", lent_severity: medium}\n");
    auto& [tmp, policy, db] = s;
    add_account(db, policy, origin, {"zhaoli", "赵丽", "staff", "", "", "", "", ""}, t0);
    auto o = options(LoginFormat::csv);
    std::string csv = "username,address,start,end\nzhaoli,pc-1,2026-08-31 06:30,2026-08-31 06:40\n"
                      "zhaoli,pc-2,2026-08-31 10:00,2026-08-31 10:30\n";
    import_logins(db, origin, read_logins(csv, "l.csv", o), "l.csv", t0);
    CheckOptions co;
    co.since = t0 - std::chrono::days{7};
    auto findings = check_accounts(db, policy, co, t0);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].severity == finding::Severity::medium);
    CHECK(findings[0].detail.find("from 2 places on 2026-08-31") != std::string::npos);
    CHECK(findings[0].detail.find("at night (2026-08-31 06:30)") != std::string::npos);
}

TEST_CASE("check reports a stale account, a leaver still active and an issued password never changed") {
    Fixture f;
    Changes c;
    c.left_at = "2026-10-01T00:00:00Z";
    change_account(f.db, f.policy, origin, "zhaoli", c, t0);
    CheckOptions co;
    Instant later = timeutil::parse_time("2027-06-01T00:00:00Z", "UTC");
    auto findings = check_accounts(f.db, f.policy, co, later);
    std::vector<std::string> ids;
    for (const auto& x : findings) ids.push_back(x.check_id + " " + x.username + " " + x.problem);
    CHECK(ids ==
          std::vector<std::string>{"ACCT-0101 s20200301 stale", "ACCT-0101 zhaoli leaver", "ACCT-0101 zhaoli stale"});
}

TEST_CASE("every account finding carries its check's one severity from the table") {
    Fixture f;
    Changes c;
    c.left_at = "2026-10-01T00:00:00Z";
    change_account(f.db, f.policy, origin, "zhaoli", c, t0);
    auto findings = check_accounts(f.db, f.policy, {}, timeutil::parse_time("2027-06-01T00:00:00Z", "UTC"));
    REQUIRE_FALSE(findings.empty());
    for (const auto& x : findings) {
        INFO(x.fingerprint);
        CHECK(x.severity == check_severity(f.policy, x.check_id));
        CHECK(x.check_id == check_of(x.problem).id);
    }
    CHECK(check_severity(f.policy, "ACCT-0101") == finding::Severity::medium);
    CHECK(check_severity(f.policy, "ACCT-0102") == finding::Severity::low);
    CHECK(check_severity(f.policy, "ACCT-0103") == finding::Severity::high);
    CHECK(check_severity(f.policy, "ACCT-0104") == finding::Severity::high);
    CHECK_THROWS_AS(check_severity(f.policy, "ACCT-0199"), Error);
}

TEST_CASE("the policy refuses bad accounts.logins values at their line") {
    test::TempDir tmp;
    CHECK_THROWS_WITH_AS(
        policy::parse_policy(test::minimal_policy("accounts:\n  logins: {hours: \"22-6\"}\n"), tmp.file("p.yaml")),
        doctest::Contains("'accounts.logins.hours' expects the hours"), Error);
    CHECK_THROWS_WITH_AS(
        policy::parse_policy(test::minimal_policy("accounts:\n  logins: {lent_severity: huge}\n"), tmp.file("p.yaml")),
        doctest::Contains("lent_severity' expects low, medium, high or critical"), Error);
    auto p = policy::parse_policy(test::minimal_policy("accounts:\n  logins: {hours: \"22:00-06:00\"}\n"),
                                  tmp.file("p.yaml"));
    CHECK(p.accounts.logins.day_from == 22 * 60);
    CHECK(p.accounts.logins.day_until == 6 * 60);
}

TEST_CASE("a session within one second overlaps another begun in that second; back-to-back sessions do not") {
    Fixture f;
    std::string csv = "username,address,start,end\n"
                      "zhaoli,pc-1,2026-08-31T08:00:00Z,2026-08-31T08:00:05Z\n"
                      "zhaoli,pc-2,2026-08-31T08:00:00Z,2026-08-31T08:00:00Z\n"
                      "s20200301,pc-3,2026-08-31T08:00:00Z,2026-08-31T08:40:00Z\n"
                      "s20200301,pc-4,2026-08-31T08:40:00Z,2026-08-31T09:20:00Z\n";
    import_logins(f.db, origin, read_logins(csv, "l.csv", options(LoginFormat::csv)), "l.csv", t0);
    CheckOptions co;
    co.since = t0 - std::chrono::days{7};
    auto findings = check_accounts(f.db, f.policy, co, t0);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].username == "zhaoli");
}

TEST_CASE("failed sshd sign-ins are stored apart from sessions, once, an invalid user and its password as one") {
    Fixture f;
    const std::string log =
        "Aug 31 14:00:01 office sshd[5001]: Failed password for zhaoli from 203.0.113.45 port 40001 ssh2\n"
        "Aug 31 14:00:01 office sshd[5001]: Failed password for zhaoli from 203.0.113.45 port 40001 ssh2\n"
        "Aug 31 14:00:20 office sshd[5003]: Invalid user admin from 203.0.113.45 port 40003\n"
        "Aug 31 14:00:22 office sshd[5003]: Failed password for invalid user admin from 203.0.113.45 port 40003 ssh2\n"
        "Aug 31 14:00:24 office sshd[5003]: Failed password for invalid user admin from 203.0.113.45 port 40003 ssh2\n"
        "Aug 31 14:00:30 office sshd[5004]: message repeated 3 times: [ Failed password for root from 203.0.113.45 "
        "port 40004 ssh2]\n"
        "Aug 31 14:02:10 office sshd[5010]: Accepted password for zhaoli from 203.0.113.45 port 40010 ssh2\n";
    auto read = read_logins(log, "auth.log", options());
    auto result = import_logins(f.db, origin, read, "auth.log", t0);
    CHECK(result.added == 1);
    CHECK(result.failed_added == 7);
    CHECK(store::list_logins(f.db, "", "").size() == 1);
    auto failed = store::list_logins(f.db, "", "", store::LoginResult::failure);
    REQUIRE(failed.size() == 7);
    CHECK(failed[0].username == "zhaoli");
    CHECK(failed[0].started_at == "2026-08-31T06:00:01Z");
    CHECK(failed[2].username == "admin");
    CHECK(failed[2].address == "203.0.113.45");
    auto again = import_logins(f.db, origin, read_logins(log, "auth.log", options()), "auth.log", t0);
    CHECK(again.failed_added == 0);
    CHECK(again.failed_already == 7);
    CHECK(store::list_logins(f.db, "", "", store::LoginResult::failure).size() == 7);
}

TEST_CASE("check calls a burst of failed sign-ins guessing, per username and per address, naming a success after") {
    test::School s("accounts:\n  logins: {failed_burst: 5, failed_window: 2m, guessing_severity: critical}\n");
    auto& [tmp, policy, db] = s;
    CHECK(policy.accounts.logins.failed_window == timeutil::Duration{120});
    add_account(db, policy, origin, {"zhaoli", "赵丽", "staff", "", "", "", "", ""}, t0);
    std::string log;
    for (int i = 0; i < 5; ++i)
        log += fmt::format(
            "Aug 31 14:00:{:02d} office sshd[{}]: Failed password for zhaoli from 203.0.113.45 port {} ssh2\n", i * 10,
            5000 + i, 40000 + i);
    for (int i = 0; i < 5; ++i) // one address at five unknown usernames: a finding for the address
        log +=
            fmt::format("Aug 31 15:00:{:02d} office sshd[{}]: Failed password for invalid user u{} from 198.51.100.7 "
                        "port {} ssh2\n",
                        i, 6000 + i, i, 41000 + i);
    log += "Aug 31 14:01:00 office sshd[5100]: Accepted password for zhaoli from 203.0.113.45 port 40100 ssh2\n";
    import_logins(db, origin, read_logins(log, "auth.log", options()), "auth.log", t0);
    CheckOptions co;
    co.since = t0 - std::chrono::days{7};
    auto findings = check_accounts(db, policy, co, t0);
    REQUIRE(findings.size() == 2);
    CHECK(findings[0].subject == "198.51.100.7");
    CHECK(findings[0].username.empty());
    CHECK(findings[0].problem == "guessing");
    CHECK(findings[0].remediation.find("no reset is needed") != std::string::npos);
    CHECK(findings[1].subject == "zhaoli");
    CHECK(findings[1].check_id == "ACCT-0104");
    CHECK(findings[1].severity == finding::Severity::critical);
    CHECK(findings[0].fingerprint == "ACCT-0104:198.51.100.7");
    CHECK(findings[1].fingerprint == "ACCT-0104:zhaoli");
    CHECK(findings[1].addresses == std::vector<std::string>{"203.0.113.45"});
    CHECK(findings[1].detail.find("5 failed sign-ins within 2m at 'zhaoli' from 203.0.113.45") != std::string::npos);
    CHECK(findings[1].remediation.find("'netsec-account reset zhaoli'") != std::string::npos);
    CHECK(finding_record(findings[0], t0)["subject"] == "198.51.100.7");

    auto slow =
        policy::parse_policy(test::minimal_policy("accounts:\n  logins: {failed_burst: 6}\n"), tmp.file("p2.yaml"));
    CHECK(check_accounts(db, slow, co, t0).empty());
    CHECK_THROWS_WITH_AS(
        policy::parse_policy(test::minimal_policy("accounts:\n  logins: {failed_burst: 1}\n"), tmp.file("p3.yaml")),
        doctest::Contains("'accounts.logins.failed_burst' expects a whole number from 2"), Error);
    CHECK_THROWS_WITH_AS(policy::parse_policy(test::minimal_policy("accounts:\n  logins: {guessing_severity: huge}\n"),
                                              tmp.file("p4.yaml")),
                         doctest::Contains("guessing_severity' expects low, medium, high or critical"), Error);
}
