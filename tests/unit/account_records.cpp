#include "netsec/account/export.hpp"
#include "netsec/account/records.hpp"
#include "netsec/account/roster.hpp"
#include "netsec/core/error.hpp"
#include "netsec/io/records.hpp"
#include "records_check.hpp"
#include "testutil.hpp"

#include <doctest/doctest.h>
#include <sstream>

using namespace netsec;
using namespace netsec::account;

namespace {

const journal::Origin origin{"alice", "host", "netsec-account"};
const Instant t0 = timeutil::parse_time("2026-09-01T08:00:00Z", "UTC");

struct Fixture {
    test::TempDir tmp;
    policy::Policy policy = policy::parse_policy(test::minimal_policy(), tmp.file("policy.yaml"));
    store::Db db{tmp.file("netsec.db"), store::Access::read_write};
};

std::string csv_of(io::Records records, std::initializer_list<const char*> leave_out = {}) {
    for (auto& row : records.rows)
        for (const char* field : leave_out) row.erase(field);
    std::ostringstream out;
    io::write_records(out, io::Format::csv, records, {});
    return out.str();
}

} // namespace

TEST_CASE("account records carry every field of the table, times null until set, never the hash") {
    Fixture f;
    Account a = add_account(f.db, f.policy, origin, {"zhaoli", "赵丽", "staff", "", "", "教导处", "", ""}, t0);
    a.hash = "$y$secret";
    io::Records r = account_records({a});
    CHECK(test::field_names(r.columns) ==
          std::vector<std::string>{"username", "full_name", "kind", "grade", "class", "student_no", "department",
                                   "owner", "level", "status", "issued_at", "password_set_at", "last_seen_at",
                                   "left_at", "uid_number", "gid_number", "created_at", "updated_at"});
    CHECK(test::field_names(r.columns, true) ==
          std::vector<std::string>{"username", "full_name", "kind", "grade", "class", "student_no", "department",
                                   "owner", "level", "status", "issued_at", "password_set_at", "last_seen_at"});
    CHECK(r.rows.at(0)["grade"].is_null());
    CHECK(r.rows.at(0)["department"] == "教导处");
    REQUIRE(r.rows.size() == 1);
    CHECK(r.rows[0]["issued_at"].is_null());
    CHECK(r.rows[0]["left_at"].is_null());
    CHECK(r.rows[0]["uid_number"] == 10000);
    CHECK(r.rows[0]["created_at"] == "2026-09-01T08:00:00Z");
    CHECK(r.rows[0].dump().find("secret") == std::string::npos);
}

TEST_CASE("what list -f csv writes, import reads back as the same accounts") {
    Fixture f;
    add_account(f.db, f.policy, origin, {"zhaoli", "赵丽", "staff", "", "", "教导处", "", ""}, t0);
    add_account(f.db, f.policy, origin, {"s20200301", "王小明", "pupil", "2020级", "2020级3班", "", "", ""}, t0);
    add_account(f.db, f.policy, origin, {"printer", "打印服务", "service", "", "", "", "zhaoli", ""}, t0);
    std::string csv = csv_of(account_records(list_accounts(f.db, {}, t0)));

    Fixture g;
    auto records = io::read_records(csv, "list.csv", {});
    auto result = import_roster(g.db, g.policy, origin, records, "list.csv", {}, t0);
    CHECK(result.ignored == std::vector<std::string>{"status", "issued_at", "password_set_at", "last_seen_at",
                                                     "left_at", "uid_number", "gid_number", "created_at",
                                                     "updated_at"});
    auto again = list_accounts(g.db, {}, t0);
    REQUIRE(again.size() == 3);
    // The uid numbers follow the order of adding, which was another.
    CHECK(csv_of(account_records(again), {"uid_number", "gid_number"}) ==
          csv_of(account_records(list_accounts(f.db, {}, t0)), {"uid_number", "gid_number"}));
}

TEST_CASE("export records add the home directory and the login shell of the policy") {
    Fixture f;
    f.policy.accounts.ldap.home = "/srv/home/{username}";
    f.policy.accounts.ldap.shell = "/bin/sh";
    Account a = add_account(f.db, f.policy, origin, {"zhaoli", "赵丽", "staff", "", "", "教导处", "", ""}, t0);
    io::Records r = export_records({a}, f.policy);
    CHECK(r.columns.size() == account_fields().size() + 2);
    CHECK(r.columns.back().name == "login_shell");
    CHECK(r.rows[0]["home_directory"] == "/srv/home/zhaoli");
    CHECK(r.rows[0]["login_shell"] == "/bin/sh");
    CHECK(export_accounts(f.db, account_filter("staff", "", "active")).size() == 1);
    CHECK(export_accounts(f.db, account_filter("pupil", "", "")).empty());
}

TEST_CASE("the accounts a filter chooses refuse an unknown kind or status by name") {
    CHECK_THROWS_WITH_AS(account_filter("teacher", "", ""), "unknown kind 'teacher': expected staff, pupil or service",
                         Error);
    CHECK_THROWS_WITH_AS(account_filter("", "", "gone"),
                         "unknown status 'gone': expected active, disabled, expired or archived", Error);
    CHECK(account_filter("学生", "2020级*", "").kind == "pupil");
}

TEST_CASE("issued records hand out the password with who it is for") {
    Issued i;
    i.account.username = "s1";
    i.account.full_name = "王小明";
    i.account.class_name = "2020级3班";
    i.password = "Abc123";
    i.hash = "$y$x";
    io::Records r = issued_records({i});
    CHECK(test::field_names(r.columns) ==
          std::vector<std::string>{"username", "full_name", "class", "student_no", "department", "password"});
    CHECK(r.rows[0]["password"] == "Abc123");
    CHECK(r.rows[0]["student_no"].is_null());
    CHECK(r.rows[0].dump().find("$y$") == std::string::npos);
}

TEST_CASE("status change records say what each status was and is") {
    io::Records r = status_change_records({{"s1", "active", "disabled"}});
    CHECK(r.rows[0] ==
          nlohmann::ordered_json{{"username", "s1"}, {"previous_status", "active"}, {"status", "disabled"}});
    CHECK(test::field_names(status_change_fields()) ==
          std::vector<std::string>{"username", "previous_status", "status"});
}

TEST_CASE("login records leave ended_at null when no end was seen, and format out of the table") {
    Login l;
    l.username = "s1";
    l.address = "192.0.2.7";
    l.started_at = "2026-08-31T02:05:00Z";
    l.service = "sshd";
    io::Records r = login_records({l});
    CHECK(r.rows[0]["ended_at"].is_null());
    CHECK(r.rows[0]["imported_at"].is_null());
    CHECK(test::field_names(r.columns, true) ==
          std::vector<std::string>{"username", "address", "started_at", "ended_at", "service", "host", "source"});
}

TEST_CASE("finding records: subject falls back to the username, a guesser's username is null") {
    Finding lent;
    lent.check_id = "ACCT-0103";
    lent.problem = "lent";
    lent.status = "fail";
    lent.severity = finding::Severity::high;
    lent.username = "s1";
    lent.addresses = {"192.0.2.7", "192.0.2.8"};
    Finding guess = lent;
    guess.username = "";
    guess.subject = "198.51.100.7";
    io::Records r = finding_records({lent, guess}, t0);
    CHECK(r.rows[0]["subject"] == "s1");
    CHECK(r.rows[0]["severity"] == "high");
    CHECK(r.rows[0]["addresses"].size() == 2);
    CHECK(r.rows[0]["checked_at"] == "2026-09-01T08:00:00Z");
    CHECK(r.rows[1]["username"].is_null());
    CHECK(r.rows[1]["subject"] == "198.51.100.7");
    CHECK(test::field_names(finding_fields(), true) ==
          std::vector<std::string>{"check_id", "severity", "username", "title", "detail", "addresses"});
}
