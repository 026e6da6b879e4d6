#include "netsec/account/account.hpp"
#include "netsec/core/error.hpp"
#include "netsec/store/training_rows.hpp"
#include "netsec/training/attendance.hpp"
#include "netsec/training/campaign.hpp"
#include "netsec/training/session.hpp"
#include "school_fixture.hpp"

#include <doctest/doctest.h>

using namespace netsec;
using namespace netsec::training;
using netsec::test::School;
using netsec::test::utc;

namespace {

const journal::Origin origin{"alice", "host1", "netsec-training"};

// A school with 王芳 twice (wangfang2 with 工号 1005), 李伟 (1002), 张敏 (a teacher and a pupil), and
// session TRN-1, a staff training.
struct Trained : School {
    Trained() {
        auto add = [&](const char* user, const char* name, const char* dept, const char* no) {
            account::NewAccount n;
            n.username = user, n.full_name = name, n.kind = "staff", n.department = dept, n.student_no = no;
            account::add_account(db, policy, origin, n, utc("2026-09-01T00:00:00Z"));
        };
        add("wangfang", "王芳", "教导处", "");
        add("wangfang2", "王芳", "语文组", "1005");
        add("liwei", "李伟", "总务处", "1002");
        add("zhangmin", "张敏", "数学组", "");
        account::NewAccount pupil; // a pupil of a teacher's name: a staff session's sheet never means her
        pupil.username = "s2026001", pupil.full_name = "张敏", pupil.kind = "pupil", pupil.grade = "2026级";
        pupil.class_name = "2026级1班";
        account::add_account(db, policy, origin, pupil, utc("2026-09-01T00:00:00Z"));
        NewSession s;
        s.date = "2026-11-18", s.title = "网络安全培训", s.kind = "staff", s.hours = 2, s.audience = "staff";
        add_session(db, policy, origin, s, utc("2026-11-18T08:00:00Z"));
    }
    AttendResult import(const std::string& sheet, bool dry_run = false) {
        SheetOptions o;
        o.dry_run = dry_run;
        return import_sheet(db, policy, origin, "TRN-1", sheet, "sheet.csv", o, utc("2026-11-20T00:00:00Z"));
    }
    std::string error_of(const std::string& sheet) {
        try {
            import(sheet);
            return "";
        } catch (const Error& e) {
            CHECK(e.code() == Exit::data);
            return e.what();
        }
    }
    std::size_t attendees() { return store::attendance_of(db, 1).size(); }
};

} // namespace

TEST_CASE("a sign-in sheet's rows are matched by 工号, then by name, with the session's day") {
    Trained t;
    auto r = t.import("姓名,工号,签到时间\n李伟,1002,13:55\n王芳,1005,2026/11/18 13:58\n张敏,,\n");
    REQUIRE(r.rows.size() == 3);
    CHECK(r.rows[0].username == "liwei");
    CHECK(r.rows[0].signed_at == "2026-11-18T05:55:00Z");
    CHECK(r.rows[1].username == "wangfang2");
    CHECK(r.rows[2].username == "zhangmin");
    CHECK(r.rows[2].signed_at == "");
    CHECK(r.count("added") == 3);
    auto rows = store::attendance_of(t.db, 1);
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].source == "sheet");
    CHECK(rows[0].line == 2);
}

TEST_CASE("a sign-in sheet imported twice writes nothing the second time") {
    Trained t;
    t.import("姓名,工号\n李伟,1002\n");
    auto again = t.import("姓名,工号\n李伟,1002\n张敏,\n");
    CHECK(again.count("unchanged") == 1);
    CHECK(again.count("added") == 1);
    CHECK(t.attendees() == 2);
}

TEST_CASE("a sign-in sheet's name two staff share is an error naming both, and nothing is written") {
    Trained t;
    CHECK(t.error_of("姓名\n李伟\n王芳\n") ==
          "sheet.csv:3: 2 accounts are named '王芳': wangfang (教导处) and wangfang2 (语文组, 工号 1005); give the "
          "工号 on the sheet to tell them apart\nnothing was imported");
    CHECK(t.attendees() == 0);
}

TEST_CASE("a sign-in sheet's person not in the registry and its bad last row are reported together") {
    Trained t;
    CHECK(t.error_of("姓名,签到时间\n赵六,14:00\n张敏,14:01\n,合计2人\n") ==
          "sheet.csv:2: '赵六' is not in the account registry; add the account (netsec-account add) or give the "
          "工号\nsheet.csv:4: no 姓名 or 工号 in this row; a sign-in sheet's rows each name one person\n"
          "nothing was imported");
    CHECK(t.attendees() == 0);
}

TEST_CASE("a sign-in sheet's 工号 of someone else, a second line of one person and another day are refused") {
    Trained t;
    CHECK(t.error_of("姓名,工号\n张敏,1002\n")
              .starts_with("sheet.csv:2: staff number (工号) '1002' is 李伟's ('liwei'), not 张敏's"));
    CHECK(t.error_of("姓名\n李伟\n李 伟\n").starts_with("sheet.csv:3: 李伟 ('liwei') signs in on line 2 too"));
    CHECK(t.error_of("姓名,签到时间\n李伟,2026-11-19 14:00\n")
              .starts_with("sheet.csv:2: signed in on 2026-11-19, not on the session's day 2026-11-18"));
    CHECK(t.attendees() == 0);
}

TEST_CASE("a sign-in sheet's dry run checks every row and writes nothing") {
    Trained t;
    auto r = t.import("姓名\n李伟\n张敏\n", true);
    CHECK(r.rows.size() == 2);
    CHECK(t.attendees() == 0);
}

TEST_CASE("a campaign is counted per class within its audience, and recounted only with a reason") {
    Trained t;
    NewSession s;
    s.date = "2026-11-20", s.title = "文明上网承诺", s.kind = "campaign", s.hours = 0.5, s.audience = "grade:3";
    add_session(t.db, t.policy, origin, s, utc("2026-11-20T08:00:00Z"));
    NewClassCount n;
    n.class_name = "三(2)班", n.present = 41, n.enrolled = 43;
    auto c = count_class(t.db, origin, "TRN-2", n, utc("2026-11-20T09:00:00Z"));
    CHECK(class_label(c.grade, c.class_no) == "3-2");
    n.present = 42;
    CHECK_THROWS_AS(count_class(t.db, origin, "TRN-2", n, utc("2026-11-20T09:00:00Z")), Error);
    n.reason = "补签一人";
    count_class(t.db, origin, "TRN-2", n, utc("2026-11-20T09:00:00Z"));
    auto counts = class_counts(t.db, *store::find_session(t.db, 2));
    REQUIRE(counts.size() == 1);
    CHECK(counts[0].present == 42);
    n.class_name = "4-1";
    CHECK_THROWS_AS(count_class(t.db, origin, "TRN-2", n, utc("2026-11-20T09:00:00Z")), Error);
    n.class_name = "3-2";
    CHECK_THROWS_AS(count_class(t.db, origin, "TRN-1", n, utc("2026-11-20T09:00:00Z")), Error); // a staff session
}
