// Accounts as people: student numbers (学号) from the roster, finding an account by a person's
// name or student number, what a --class pattern may take, dry runs, and null for empty fields.
#include "account_fixture.hpp"
#include "netsec/account/account.hpp"
#include "netsec/account/issue.hpp"
#include "netsec/account/records.hpp"
#include "netsec/account/roster.hpp"
#include "netsec/core/error.hpp"
#include "netsec/store/journal_rows.hpp"

#include <doctest/doctest.h>

using namespace netsec;
using namespace netsec::account;

using namespace netsec::test::accounts;

namespace {

NewAccount staff(const std::string& user, const std::string& name) {
    return {user, name, "staff", "", "", "教导处", "", ""};
}

std::string error_of(const std::function<void()>& f, Exit code) {
    try {
        f();
    } catch (const Error& e) {
        CHECK(e.code() == code);
        return e.what();
    }
    FAIL("no error");
    return "";
}

// Two pupils named 王小明 in 2020级3班, a third 王小明 elsewhere, a staff member and a graduate.
void school_of_namesakes(Fixture& f) {
    add_account(f.db, f.policy, origin, pupil("s1", "王小明", "2020级3班", "G2020001"), t0);
    add_account(f.db, f.policy, origin, pupil("s2", "王小明", "2020级3班", "G2020002"), t0);
    add_account(f.db, f.policy, origin, pupil("s3", "李雷", "2020级4班"), t0);
    add_account(f.db, f.policy, origin, staff("zhaoli", "赵丽"), t0);
    add_account(f.db, f.policy, origin, pupil("g1", "韩梅梅", "2014级1班"), t0);
    change_status(f.db, origin, {get_account(f.db, "g1")}, "archived", "graduated", t0);
}

} // namespace

TEST_CASE("the roster's 学号 is read through the account field table and stored") {
    Fixture f;
    std::vector<io::Record> rows = {row(2, {{"姓名", "王小明"}, {"班级", "2020级3班"}, {"学籍号", "G1"}}),
                                    row(3, {{"姓名", "王小明"}, {"班级", "2020级3班"}, {"学籍号", "G2"}})};
    RosterOptions o;
    o.kind = "pupil";
    auto r = import_roster(f.db, f.policy, origin, rows, "r.csv", o, t0);
    REQUIRE(r.accounts.size() == 2);
    CHECK(get_account(f.db, "s20200301").student_no == "G1");
    CHECK(get_account(f.db, "s20200302").student_no == "G2");
    auto details = nlohmann::json::parse(store::journal_rows(f.db, {}).back().details);
    CHECK(details["student_no"] == "G2");
    CHECK(details["department"].is_null());
    CHECK(details["source"] == "r.csv:3");
}

TEST_CASE("the roster reads 'student number', student_no and 学号 alike") {
    for (const char* header : {"student number", "Student_No", "学号"}) {
        Fixture f;
        RosterOptions o;
        o.kind = "pupil";
        import_roster(f.db, f.policy, origin, {row(2, {{"name", "王"}, {"class", "2020级1班"}, {header, "7"}})}, "r", o,
                      t0);
        CHECK(get_account(f.db, "s20200101").student_no == "7");
    }
}

TEST_CASE("a student number twice in a roster, or already held, is a bad line; nothing is written") {
    Fixture f;
    add_account(f.db, f.policy, origin, pupil("s1", "王", "2020级3班", "G1"), t0);
    std::vector<io::Record> rows = {row(2, {{"name", "李"}, {"class", "2020级3班"}, {"学号", "G2"}}),
                                    row(3, {{"name", "张"}, {"class", "2020级3班"}, {"学号", "G2"}}),
                                    row(4, {{"name", "刘"}, {"class", "2020级3班"}, {"学号", "G1"}})};
    RosterOptions o;
    o.kind = "pupil";
    CHECK(error_of([&] { import_roster(f.db, f.policy, origin, rows, "r.csv", o, t0); }, Exit::data) ==
          "r.csv:3: student number 'G2' is also on line 2\n"
          "r.csv:4: student number 'G1' is already held by 's1' (王)\n"
          "nothing was imported");
    CHECK(journal_count(f.db) == 1);
}

TEST_CASE("a roster without a name column names the headers that would do") {
    Fixture f;
    CHECK(error_of(
              [&] {
                  import_roster(f.db, f.policy, origin, {row(2, {{"学号", "1"}})}, "r.csv", {}, t0);
              },
              Exit::data) == "r.csv: no full_name column; the header must name one of full_name, name, 姓名");
}

TEST_CASE("add and set refuse a student number another account holds") {
    Fixture f;
    add_account(f.db, f.policy, origin, pupil("s1", "王", "2020级3班", "G1"), t0);
    CHECK(error_of([&] { add_account(f.db, f.policy, origin, pupil("s2", "李", "2020级3班", "G1"), t0); },
                   Exit::data) == "student number 'G1' is already held by 's1' (王)");
    add_account(f.db, f.policy, origin, pupil("s2", "李", "2020级3班"), t0);
    Changes c;
    c.student_no = "G1";
    CHECK(error_of([&] { change_account(f.db, f.policy, origin, "s2", c, t0); }, Exit::data) ==
          "student number 'G1' is already held by 's1' (王)");
    c.student_no = "G2";
    CHECK(change_account(f.db, f.policy, origin, "s2", c, t0).student_no == "G2");
}

TEST_CASE("an account is found by username, student number or a name only one account has") {
    Fixture f;
    school_of_namesakes(f);
    CHECK(find_account_by_person(f.db, "s2").username == "s2");
    CHECK(find_account_by_person(f.db, "G2020002").username == "s2");
    CHECK(find_account_by_person(f.db, "李雷").username == "s3");
    CHECK(error_of([&] { find_account_by_person(f.db, "王小明"); }, Exit::usage) ==
          "'王小明' names 2 accounts; show one by its username:\n"
          "  s1 (2020级3班, student number G2020001)\n"
          "  s2 (2020级3班, student number G2020002)");
    CHECK(error_of([&] { find_account_by_person(f.db, "王"); }, Exit::no_input) ==
          "no account '王' by username, student number or name; 'netsec-account list --name TEXT' searches the "
          "names");
}

TEST_CASE("list finds full names by a part of them, and one student number") {
    Fixture f;
    school_of_namesakes(f);
    ListFilter byname;
    byname.store.name_contains = "小明";
    auto got = list_accounts(f.db, byname, t0);
    REQUIRE(got.size() == 2);
    CHECK(got[0].username == "s1");
    ListFilter bynumber;
    bynumber.store.student_no = "G2020002";
    got = list_accounts(f.db, bynumber, t0);
    REQUIRE(got.size() == 1);
    CHECK(got[0].username == "s2");
}

TEST_CASE("a class pattern that would reach staff is refused; --kind staff means them") {
    Fixture f;
    school_of_namesakes(f);
    Selection all;
    all.pattern = "*";
    CHECK(error_of([&] { select_accounts(f.db, all, {}); }, Exit::usage) ==
          "class pattern '*' would reach 1 accounts that are not pupils (zhaoli); nothing was changed: add --kind "
          "pupil to take only the pupils, or --kind staff or service to mean them");
    auto pupils = select_accounts(f.db, all, {"pupil", false});
    CHECK(pupils.accounts.size() == 3);
    CHECK(pupils.archived_left_out == 1);
    auto teachers = select_accounts(f.db, all, {"staff", false});
    REQUIRE(teachers.accounts.size() == 1);
    CHECK(teachers.accounts[0].username == "zhaoli");
    auto with_archived = select_accounts(f.db, all, {"pupil", true});
    CHECK(with_archived.accounts.size() == 4);
    CHECK(with_archived.archived_left_out == 0);
}

TEST_CASE("a class pattern leaves archived accounts out and says so when that leaves none") {
    Fixture f;
    school_of_namesakes(f);
    Selection graduates;
    graduates.pattern = "2014级*";
    CHECK(error_of([&] { select_accounts(f.db, graduates, {}); }, Exit::no_input) ==
          "no account in a class matching '2014级*' that is not archived (1 are); --include-archived takes them\n"
          "nothing was changed");
    Selection named; // a name is taken as named, archived or not
    named.names = {"g1"};
    CHECK(select_accounts(f.db, named, {}).accounts.size() == 1);
}

TEST_CASE("a dry run returns the changes and writes and journals nothing") {
    Fixture f;
    school_of_namesakes(f);
    std::size_t before = journal_count(f.db);
    auto changes = change_status(f.db, origin, {get_account(f.db, "s1"), get_account(f.db, "g1")}, "disabled", "", t0,
                                 DryRun::yes);
    REQUIRE(changes.size() == 2);
    CHECK(changes[1].from == "archived");
    CHECK(get_account(f.db, "s1").status == "active");
    CHECK(get_account(f.db, "g1").status == "archived");
    CHECK(journal_count(f.db) == before);
}

TEST_CASE("empty grade, class, student_no, department and owner are null in the record") {
    Fixture f;
    Account a = add_account(f.db, f.policy, origin, staff("zhaoli", "赵丽"), t0);
    auto r = account_record(a);
    for (const char* k : {"grade", "class", "student_no", "owner"}) CHECK(r[k].is_null());
    CHECK(r["department"] == "教导处");
}

TEST_CASE("entries journaled before null and student_no still verify beside new ones") {
    // The journal hashes each entry's details as the text stored, so the old shape ("" for an
    // empty field, no student_no) stays what its hash was made of; this entry is byte for byte
    // what add_account wrote before this change.
    Fixture f;
    {
        store::Transaction tx(f.db);
        journal::append(tx, origin, "account.added", "old1",
                        nlohmann::ordered_json::parse(R"({"full_name":"赵丽","kind":"staff","grade":"","class":"",)"
                                                      R"("department":"教导处","owner":"","level":"teacher",)"
                                                      R"("status":"active","uid_number":10000,"gid_number":10000})"));
        tx.commit();
    }
    add_account(f.db, f.policy, origin, pupil("s1", "王", "2020级3班", "G1"), t0);
    auto rows = store::journal_rows(f.db, {});
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].details.find(R"("grade":"")") != std::string::npos);
    CHECK(rows[1].details.find(R"("grade":null)") != std::string::npos);
    auto v = journal::verify_chain(f.db);
    CHECK(v.intact);
    CHECK(v.entries == 2);
}

TEST_CASE("a slip shows the student number, so namesakes' slips differ") {
    Fixture f;
    school_of_namesakes(f);
    std::vector<Issued> issued = {{get_account(f.db, "s1"), "pw1"}, {get_account(f.db, "s2"), "pw2"}};
    std::string html = slips_html(f.policy, issued);
    CHECK(html.find("G2020001") != std::string::npos);
    CHECK(html.find("G2020002") != std::string::npos);
    CHECK(html.find("学号 Student No.") != std::string::npos);
}

TEST_CASE("import names the pupils of one name in one class who have no student number") {
    Fixture f;
    RosterOptions o;
    o.kind = "pupil";
    auto r = import_roster(f.db, f.policy, origin,
                           {row(2, {{"name", "王芳"}, {"class", "1班"}, {"username", "a1"}, {"学号", ""}}),
                            row(3, {{"name", "王芳"}, {"class", "1班"}, {"username", "a2"}, {"学号", ""}}),
                            row(4, {{"name", "王芳"}, {"class", "2班"}, {"username", "a3"}, {"学号", ""}}),
                            row(5, {{"name", "李雷"}, {"class", "1班"}, {"username", "a4"}, {"学号", "1"}}),
                            row(6, {{"name", "李雷"}, {"class", "1班"}, {"username", "a5"}, {"学号", "2"}})},
                           "r.csv", o, t0);
    CHECK(r.namesakes == std::vector<std::string>{"王芳 (1班)"});
}
