#include "account_fixture.hpp"
#include "netsec/account/account.hpp"
#include "netsec/account/issue.hpp"
#include "netsec/account/roster.hpp"
#include "netsec/core/error.hpp"
#include "netsec/store/journal_rows.hpp"

#include <doctest/doctest.h>

using namespace netsec;
using namespace netsec::account;

using namespace netsec::test::accounts;

TEST_CASE("add stores the account with the next uid and journals it") {
    Fixture f;
    Account a = add_account(f.db, f.policy, origin, {"zhaoli", "赵丽", "教师", "", "", "教导处", "", ""}, t0);
    Account b = add_account(f.db, f.policy, origin, pupil("s20200301", "王小明", "2020级3班"), t0);
    CHECK(a.kind == "staff");
    CHECK(a.level == "teacher");
    CHECK(a.uid_number == 10000);
    CHECK(b.uid_number == 10001);
    CHECK(b.gid_number == 10001);
    CHECK(get_account(f.db, "s20200301").full_name == "王小明");
    auto rows = store::journal_rows(f.db, {});
    REQUIRE(rows.size() == 2);
    CHECK(rows[1].action == "account.added");
    CHECK(rows[1].subject == "s20200301");
}

TEST_CASE("add refuses a duplicate username with exit 65 and writes nothing more") {
    Fixture f;
    add_account(f.db, f.policy, origin, pupil("s1", "王", "2020级3班"), t0);
    try {
        add_account(f.db, f.policy, origin, pupil("s1", "李", "2020级3班"), t0);
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == Exit::data);
        CHECK(std::string(e.what()) ==
              "account 's1' is already in the registry (王); 'netsec-account set s1' changes it");
    }
    CHECK(journal_count(f.db) == 1);
}

TEST_CASE("usernames must be lowercase names that useradd accepts") {
    CHECK(username_problem("zhaoli") == "");
    CHECK(username_problem("_svc.backup-1") == "");
    CHECK(username_problem("20200301") != "");
    CHECK(username_problem("Zhao") != "");
    CHECK(username_problem("zhao li") != "");
    CHECK(username_problem(std::string(33, 'a')) != "");
    CHECK(username_problem("") != "");
}

TEST_CASE("make_username fills the pattern and skips names taken") {
    CHECK(make_username("s{year}{class}{seq}", "2020级", "2020级3班", {}) == "s20200301");
    CHECK(make_username("s{year}{class}{seq}", "", "2020级12班", {"s20201201", "s20201202"}) == "s20201203");
    CHECK(make_username("p{yy}{class}{seq}", "2021", "3班", {}) == "p210301");
    CHECK_THROWS_WITH_AS(make_username("s{year}{class}{seq}", "三年级", "3班", {}),
                         "no four-digit year in grade '三年级' or class '3班' for {year} of 's{year}{class}{seq}'; "
                         "write it as 2020级 or give a username column",
                         Error);
    CHECK_THROWS_WITH_AS(make_username("s{year}{class}{seq}", "2020级", "2020级", {}),
                         "no class number in class '2020级' for {class} of 's{year}{class}{seq}'; write it as "
                         "2020级3班 or give a username column",
                         Error);
}

TEST_CASE("import adds every row in one transaction, journaled with its source line") {
    Fixture f;
    std::vector<io::Record> rows = {row(2, {{"姓名", "王芳"}, {"班级", "2020级3班"}, {"学号", "1"}}),
                                    row(3, {{"姓名", "李雷"}, {"班级", "2020级3班"}, {"学号", "2"}})};
    RosterOptions o;
    o.kind = "pupil";
    auto r = import_roster(f.db, f.policy, origin, rows, "r.csv", o, t0);
    REQUIRE(r.accounts.size() == 2);
    CHECK(r.accounts[1].username == "s20200302");
    CHECK(r.accounts[1].student_no == "2");
    CHECK(get_account(f.db, "s20200302").student_no == "2");
    CHECK(r.ignored.empty());
    auto j = store::journal_rows(f.db, {});
    REQUIRE(j.size() == 2);
    CHECK(nlohmann::json::parse(j[1].details)["source"] == "r.csv:3");
}

TEST_CASE("import with one bad row writes nothing and names every bad line") {
    Fixture f;
    add_account(f.db, f.policy, origin, {"zhaoli", "赵丽", "staff", "", "", "", "", ""}, t0);
    std::vector<io::Record> rows = {row(2, {{"username", "wangli"}, {"name", "王丽"}, {"kind", "staff"}}),
                                    row(3, {{"username", "zhaoli"}, {"name", "赵丽丽"}, {"kind", "staff"}}),
                                    row(4, {{"username", "wangli"}, {"name", "王莉"}, {"kind", "staff"}}),
                                    row(5, {{"username", ""}, {"name", "刘"}, {"kind", "staff"}}),
                                    row(6, {{"username", "x1"}, {"name", "X"}, {"kind", "robot"}})};
    try {
        import_roster(f.db, f.policy, origin, rows, "r.csv", {}, t0);
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == Exit::data);
        std::string m = e.what();
        CHECK(m.find("r.csv:3: username 'zhaoli' is already in the registry (赵丽)") != std::string::npos);
        CHECK(m.find("r.csv:4: username 'wangli' is also on line 2") != std::string::npos);
        CHECK(m.find("r.csv:5: '刘' has no username") != std::string::npos);
        CHECK(m.find("r.csv:6: unknown kind 'robot'") != std::string::npos);
        CHECK(m.substr(m.rfind('\n')) == "\nnothing was imported");
    }
    CHECK(store::find_account(f.db, "wangli") == std::nullopt);
    CHECK(journal_count(f.db) == 1);
}

TEST_CASE("import --dry-run returns the accounts and writes nothing") {
    Fixture f;
    RosterOptions o;
    o.kind = "pupil";
    o.dry_run = true;
    auto r =
        import_roster(f.db, f.policy, origin, {row(2, {{"name", "王芳"}, {"class", "2020级1班"}})}, "r.csv", o, t0);
    CHECK(r.accounts.size() == 1);
    CHECK(store::all_usernames(f.db).empty());
    CHECK(journal_count(f.db) == 0);
}

TEST_CASE("issue stores only the hash; the journal holds neither password nor hash") {
    Fixture f;
    add_account(f.db, f.policy, origin, pupil("s1", "王", "2020级3班"), t0);
    auto issued = prepare_issue(f.db, f.policy, {get_account(f.db, "s1")}, IssueMode::issue, 0);
    REQUIRE(issued.size() == 1);
    CHECK(get_account(f.db, "s1").issued_at == ""); // nothing written before commit
    commit_issue(f.db, origin, issued, IssueMode::issue, t0);
    auto stored = store::list_accounts_with_hash(f.db, {});
    REQUIRE(stored.size() == 1);
    CHECK(verify_password(issued[0].password, stored[0].hash));
    CHECK(stored[0].issued_at == "2026-09-01T08:00:00Z");
    CHECK(stored[0].password_set_at == "2026-09-01T08:00:00Z");
    for (const auto& e : store::journal_rows(f.db, {})) {
        CHECK(e.details.find(issued[0].password) == std::string::npos);
        CHECK(e.details.find("$y$") == std::string::npos);
    }
    CHECK(store::journal_rows(f.db, {}).back().action == "account.issued");
}

TEST_CASE("issue refuses an account that has a password; reset does not; neither an archived one") {
    Fixture f;
    add_account(f.db, f.policy, origin, pupil("s1", "王", "2020级3班"), t0);
    commit_issue(f.db, origin, prepare_issue(f.db, f.policy, {get_account(f.db, "s1")}, IssueMode::issue, 1),
                 IssueMode::issue, t0);
    CHECK_THROWS_WITH_AS(prepare_issue(f.db, f.policy, {get_account(f.db, "s1")}, IssueMode::issue, 1),
                         "account 's1' already has a password; 'netsec-account reset s1' issues a new one\n"
                         "nothing was issued",
                         Error);
    CHECK(prepare_issue(f.db, f.policy, {get_account(f.db, "s1")}, IssueMode::reset, 1).size() == 1);
    change_status(f.db, origin, {get_account(f.db, "s1")}, "archived", "left", t0);
    CHECK_THROWS_WITH_AS(prepare_issue(f.db, f.policy, {get_account(f.db, "s1")}, IssueMode::reset, 1),
                         "account 's1' is archived; 'netsec-account enable s1 --reason ...' first\nnothing was reset",
                         Error);
}

TEST_CASE("select_accounts takes names, a class glob and records, each once; unknown names are 66") {
    Fixture f;
    add_account(f.db, f.policy, origin, pupil("s1", "王", "2020级3班"), t0);
    add_account(f.db, f.policy, origin, pupil("s2", "李", "2020级4班"), t0);
    add_account(f.db, f.policy, origin, pupil("s3", "张", "2021级1班"), t0);
    Selection s;
    s.names = {"s3"};
    s.pattern = "2020级*";
    s.records = {row(1, {{"username", "s1"}})};
    auto got = select_accounts(f.db, s);
    REQUIRE(got.size() == 3);
    CHECK(got[0].username == "s3");
    CHECK(got[1].username == "s1");
    CHECK(got[2].username == "s2");
    Selection bad;
    bad.pattern = "2019级*";
    CHECK_THROWS_WITH_AS(
        select_accounts(f.db, bad),
        "no account in a class matching '2019级*'; 'netsec-account list --kind pupil' shows the classes\n"
        "nothing was changed",
        Error);
    Selection missing;
    missing.names = {"nobody"};
    missing.records = {row(3, {{"username", "s1"}}), row(4, {{"username", "ghost"}}), row(5, {{"name", "x"}})};
    try {
        select_accounts(f.db, missing);
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == Exit::no_input);
        CHECK(std::string(e.what()) == "no account 'nobody'\n<stdin>:4: no account 'ghost'\n"
                                       "<stdin>:5: no 'username' in this record\n"
                                       "nothing was changed; 'netsec-account list' shows the accounts");
    }
}

TEST_CASE("status changes are journaled with their reason; one already there is left out") {
    Fixture f;
    add_account(f.db, f.policy, origin, pupil("s1", "王", "2020级3班"), t0);
    add_account(f.db, f.policy, origin, pupil("s2", "李", "2020级3班"), t0);
    change_status(f.db, origin, {get_account(f.db, "s2")}, "disabled", "lent", t0);
    auto changes =
        change_status(f.db, origin, {get_account(f.db, "s1"), get_account(f.db, "s2")}, "disabled", "lent", t0);
    REQUIRE(changes.size() == 1);
    CHECK(changes[0].username == "s1");
    auto last = store::journal_rows(f.db, {}).back();
    CHECK(last.action == "account.disabled");
    CHECK(nlohmann::json::parse(last.details)["reason"] == "lent");
    CHECK_THROWS_WITH_AS(change_status(f.db, origin, {get_account(f.db, "s1")}, "active", "", t0),
                         "say why with --reason; it is written in the journal", Error);
    change_status(f.db, origin, {get_account(f.db, "s1")}, "archived", "left", t0);
    CHECK(get_account(f.db, "s1").left_at == "2026-09-01T08:00:00Z");
}

TEST_CASE("list --stale and --password-older fall back to when the account was added") {
    Fixture f;
    add_account(f.db, f.policy, origin, pupil("s1", "王", "2020级3班"), t0);
    add_account(f.db, f.policy, origin, pupil("s2", "李", "2020级3班"), t0);
    Changes c;
    c.last_seen_at = "2027-02-01T00:00:00Z";
    change_account(f.db, f.policy, origin, "s2", c, t0);
    ListFilter lf;
    lf.stale = std::chrono::hours(24 * 180);
    Instant later = t0 + std::chrono::hours(24 * 200);
    auto stale = list_accounts(f.db, lf, later);
    REQUIRE(stale.size() == 1);
    CHECK(stale[0].username == "s1");
    CHECK(list_accounts(f.db, lf, t0).empty());
}

TEST_CASE("change_account journals from and to, and refuses to leave a pupil without a class") {
    Fixture f;
    add_account(f.db, f.policy, origin, pupil("s1", "王", "2020级3班"), t0);
    Changes c;
    c.class_name = "2020级4班";
    c.reason = "转班";
    change_account(f.db, f.policy, origin, "s1", c, t0);
    auto details = nlohmann::json::parse(store::journal_rows(f.db, {}).back().details);
    CHECK(details["changes"]["class"]["from"] == "2020级3班");
    CHECK(details["reason"] == "转班");
    Changes bad;
    bad.class_name = "";
    CHECK_THROWS_WITH_AS(change_account(f.db, f.policy, origin, "s1", bad, t0),
                         "cannot change 's1': a pupil needs a class", Error);
    CHECK(get_account(f.db, "s1").class_name == "2020级4班");
}
