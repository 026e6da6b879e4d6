#include "netsec/training/coverage.hpp"

#include <doctest/doctest.h>

using namespace netsec;
using namespace netsec::training;

namespace {

// A school year 2026 in its first term, two staff, two classes of one grade, one administrator.
CoverageFacts school() {
    CoverageFacts f;
    f.school_year = 2026;
    f.year_from = "2026-09-01";
    f.year_to = "2027-08-31";
    f.term = "第一学期";
    f.term_from = "2026-09-01";
    f.term_to = "2027-01-22";
    f.drill_since = "2025-12-08";
    f.people = {{"wangfang", "王芳", "staff", "", "", "active"},
                {"lijun", "李军", "staff", "", "", "active"},
                {"oldtimer", "老张", "staff", "", "", "archived"},
                {"s1", "学生一", "pupil", "2026级", "2026级1班", "active"},
                {"s2", "学生二", "pupil", "2026级", "2026级2班", "active"}};
    f.administrators = {{"wangfang", "王芳"}};
    return f;
}

const CoverageLine& line(const Coverage& c, const std::string& area, const std::string& subject) {
    for (const auto& l : c.lines)
        if (l.area == area && l.subject == subject) return l;
    FAIL("no line " << area << " " << subject);
    static CoverageLine none;
    return none;
}

policy::Training goals() {
    policy::Training g;
    g.staff_hours = 2;
    g.administrator_courses = 1;
    g.drill_plans = {"MAL"};
    return g;
}

} // namespace

TEST_CASE("coverage counts a staff member's hours in the school year and leaves archived staff out") {
    auto f = school();
    f.sessions = {{1, "2026-10-10", "staff", "网络安全制度培训", "", "staff", "", 1.5},
                  {2, "2026-11-10", "staff", "防病毒培训", "", "staff", "", 1},
                  {3, "2026-06-10", "staff", "上学年培训", "", "staff", "", 3}};
    f.attendance = {{1, "wangfang"}, {2, "wangfang"}, {3, "lijun"}, {1, "oldtimer"}};
    auto c = compute_coverage(f, goals());
    const auto& w = line(c, "staff", "wangfang");
    CHECK(w.status == "ok");
    CHECK(w.hours == doctest::Approx(2.5));
    CHECK(w.session_count == 2);
    CHECK(w.last_date == "2026-11-10");
    CHECK(w.session_id == 2);
    const auto& l = line(c, "staff", "lijun"); // trained last school year only
    CHECK(l.status == "short");
    CHECK(l.why == "no training in the school year 2026");
    for (const auto& x : c.lines) CHECK(x.subject != "oldtimer");
    CHECK(is_short(c));
}

TEST_CASE("coverage finds staff short of the policy's hours") {
    auto f = school();
    f.sessions = {{1, "2026-10-10", "staff", "培训", "", "staff", "", 1.5}};
    f.attendance = {{1, "wangfang"}};
    auto c = compute_coverage(f, goals());
    CHECK(line(c, "staff", "wangfang").why == "1.5 hours of training, 2 expected");
}

TEST_CASE("a class is covered by a lesson its audience reaches or one of its pupils attended") {
    auto f = school();
    f.sessions = {{1, "2026-09-20", "pupil", "文明上网班会", "", "class:2026级1班", "", 1},
                  {2, "2026-10-20", "campaign", "文明上网承诺", "", "", "", 1}};
    f.attendance = {{2, "s2"}};
    auto c = compute_coverage(f, goals());
    CHECK(line(c, "class", "2026级1班").status == "ok");
    CHECK(line(c, "class", "2026级1班").session_id == 1);
    CHECK(line(c, "class", "2026级2班").status == "ok");
    CHECK(line(c, "class", "2026级2班").session_id == 2);
    CHECK(line(c, "grade", "2026级").status == "ok");
    CHECK(line(c, "grade", "2026级").session_count == 2);
    CHECK(tally(c, "class").ok == 2);
}

TEST_CASE("a class without a lesson this term makes its grade short") {
    auto f = school();
    f.sessions = {{1, "2026-09-20", "pupil", "班会", "", "class:2026级1班", "", 1},
                  {2, "2026-06-20", "pupil", "上学期班会", "", "all", "", 1}, // last term
                  {3, "2026-10-20", "staff", "教师培训", "", "all", "", 1}};  // not a lesson
    auto c = compute_coverage(f, goals());
    CHECK(line(c, "class", "2026级2班").status == "short");
    CHECK(line(c, "class", "2026级2班").why == "no safe-use lesson in the term 第一学期");
    CHECK(line(c, "grade", "2026级").why == "classes without a safe-use lesson this term: 2026级2班");
    CHECK(tally(c, "class").total == 2);
    CHECK(tally(c, "class").ok == 1);
}

TEST_CASE("no class lines out of term or when the policy does not ask for lessons") {
    auto f = school();
    f.term.clear();
    f.term_from.clear();
    f.term_to.clear();
    CHECK(tally(compute_coverage(f, goals()), "class").total == 0);
    auto g = goals();
    g.lesson_each_term = false;
    CHECK(tally(compute_coverage(school(), g), "grade").total == 0);
}

TEST_CASE("an audience reaches classes by name, by grade with or without 级, and all") {
    CHECK(audience_reaches_class("class:2026级1班", "2026级", "2026级1班"));
    CHECK_FALSE(audience_reaches_class("class:2026级2班", "2026级", "2026级1班"));
    CHECK(audience_reaches_class("staff grade:2026级", "2026级", "2026级1班"));
    CHECK(audience_reaches_class("grade:2026", "2026级", "2026级1班"));
    CHECK_FALSE(audience_reaches_class("grade:2025", "2026级", "2026级1班"));
    CHECK(audience_reaches_class("all", "2026级", "2026级1班"));
    CHECK(audience_reaches_class("pupils", "2026级", "2026级1班"));
    CHECK_FALSE(audience_reaches_class("staff", "2026级", "2026级1班"));
    CHECK_FALSE(audience_reaches_class("", "2026级", "2026级1班"));
}

TEST_CASE("an administrator needs the policy's external courses, found by name without a username") {
    auto f = school();
    f.administrators = {{"", "王芳"}, {"nobody", "无名"}};
    f.sessions = {{1, "2026-11-01", "external", "等级保护培训班", "", "", "", 16},
                  {2, "2026-11-02", "staff", "校内培训", "", "staff", "", 2}};
    f.attendance = {{1, "wangfang"}, {2, "nobody"}};
    auto c = compute_coverage(f, goals());
    const auto& w = line(c, "administrator", "wangfang");
    CHECK(w.status == "ok");
    CHECK(w.hours == doctest::Approx(16));
    CHECK(line(c, "administrator", "nobody").why == "0 external courses in the school year 2026, 1 expected");
}

TEST_CASE("a required plan is covered by its last finished drill within the interval") {
    auto f = school();
    f.sessions = {{1, "2025-11-01", "drill", "去年演练", "MAL", "staff", "2025-11-01T03:00:00Z", 1},
                  {2, "2026-11-20", "drill", "病毒爆发演练", "MAL", "staff", "2026-11-20T03:00:00Z", 1},
                  {3, "2026-12-01", "drill", "未完成的演练", "MAL", "staff", "", 1}};
    auto c = compute_coverage(f, goals());
    const auto& d = line(c, "drill", "MAL");
    CHECK(d.status == "ok");
    CHECK(d.session_id == 2);
    CHECK(d.name == "病毒爆发演练");
    CHECK(d.session_count == 2);
}

TEST_CASE("a plan never drilled, or drilled too long ago, or only begun, is short") {
    auto f = school();
    auto g = goals();
    g.drill_plans = {"MAL", "DEF", "NET"};
    f.sessions = {{1, "2025-11-01", "drill", "去年演练", "MAL", "staff", "2025-11-01T03:00:00Z", 1},
                  {2, "2026-12-01", "drill", "未完成", "NET", "staff", "", 1}};
    auto c = compute_coverage(f, g);
    CHECK(line(c, "drill", "MAL").why == "the last drill of the plan MAL was on 2025-11-01, before 2025-12-08");
    CHECK(line(c, "drill", "DEF").why == "no finished drill of the plan DEF");
    CHECK(line(c, "drill", "NET").why == "no finished drill of the plan NET");
    CHECK(tally(c, "drill").total == 3);
    CHECK(tally(c, "drill").ok == 0);
}

TEST_CASE("a school whose goals are met is not short") {
    auto f = school();
    f.sessions = {{1, "2026-10-10", "staff", "培训", "", "staff", "", 2},
                  {2, "2026-10-20", "pupil", "班会", "", "grade:2026", "", 1},
                  {3, "2026-11-01", "external", "培训班", "", "", "", 8},
                  {4, "2026-11-20", "drill", "演练", "MAL", "staff", "2026-11-20T03:00:00Z", 1}};
    f.attendance = {{1, "wangfang"}, {1, "lijun"}, {3, "wangfang"}};
    auto c = compute_coverage(f, goals());
    for (const auto& l : c.lines) CHECK_MESSAGE(l.status == "ok", l.area << " " << l.subject << ": " << l.why);
    CHECK_FALSE(is_short(c));
}
