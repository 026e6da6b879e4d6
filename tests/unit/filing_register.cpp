// The filing register: records added with their numbers checked, next dates from the policy,
// what falls due, and the audit's FIL-0001 and FIL-0002 on them, both ways.
#include "netsec/core/date.hpp"
#include "netsec/core/error.hpp"
#include "netsec/duty/patrol.hpp"
#include "netsec/filing/filing.hpp"
#include "netsec/store/filing_rows.hpp"
#include "school_fixture.hpp"

#include <doctest/doctest.h>

using namespace netsec;
using test::School;
using test::utc;

namespace {
const journal::Origin origin{"alice", "host1", "netsec-filing"};

filing::Fields fields(std::initializer_list<std::pair<const char*, const char*>> given) {
    filing::Fields f;
    for (const auto& [k, v] : given) {
        std::string key = k;
        if (key == "system") f.system = v;
        if (key == "number") f.number = v;
        if (key == "site") f.site = v;
        if (key == "level") f.level = v;
        if (key == "graded") f.graded_on = v;
        if (key == "filed") f.filed_on = v;
        if (key == "assessed") f.assessed_on = v;
        if (key == "changed") f.changed_on = v;
    }
    return f;
}

const auto now = utc("2026-11-25T02:00:00Z");

void website_filed(School& s) {
    filing::add_filing(s.db, s.policy, origin, "icp", fields({{"system", "网站"}, {"number", "京ICP备12345678号-1"}}), now);
    filing::add_filing(s.db, s.policy, origin, "psb",
                       fields({{"system", "网站"}, {"number", "京公网安备11010802012345号"}}), now);
}
} // namespace

TEST_CASE("a malformed number writes nothing") {
    School s;
    CHECK_THROWS_AS(filing::add_filing(s.db, s.policy, origin, "icp", fields({{"system", "网站"}, {"number", "京ICP备1号"}}),
                                       now),
                    Error);
    CHECK(store::list_filings(s.db, {"", true}).empty());
}

TEST_CASE("level 2 is assessed two years after the last assessment, level 3 one") {
    School s;
    auto two = filing::add_filing(s.db, s.policy, origin, "mlps",
                                  fields({{"system", "网站"}, {"level", "2"}, {"graded", "2022-11-01"},
                                          {"filed", "2022-11-20"}, {"assessed", "2024-12-15"}}),
                                  now);
    auto three = filing::add_filing(s.db, s.policy, origin, "mlps",
                                    fields({{"system", "学籍"}, {"level", "3"}, {"graded", "2025-01-10"},
                                            {"filed", "2025-01-20"}}),
                                    now);
    CHECK(date::format(*filing::next_dates(s.policy.filing, two).assessment) == "2026-12-15");
    CHECK(date::format(*filing::next_dates(s.policy.filing, three).assessment) == "2026-01-10");
    auto due = filing::due_items(s.db, s.policy, date::of(now, "Asia/Shanghai"), 30);
    REQUIRE(due.size() == 2);
    CHECK(due[0].record.system == "学籍");
    CHECK(due[0].days_left < 0);
    CHECK(due[1].days_left == 20);
}

TEST_CASE("a major change after grading makes re-grading due; grading again clears it") {
    School s;
    auto f = filing::add_filing(s.db, s.policy, origin, "mlps",
                                fields({{"system", "网站"}, {"level", "2"}, {"graded", "2022-11-01"},
                                        {"filed", "2022-11-20"}, {"changed", "2026-11-01"}}),
                                now);
    CHECK(date::format(*filing::next_dates(s.policy.filing, f).grading) == "2026-12-01");
    f = filing::set_filing(s.db, s.policy, origin, f.id, fields({{"graded", "2026-11-20"}}), "重新定级", now);
    CHECK(!filing::next_dates(s.policy.filing, f).grading);
}

TEST_CASE("FIL-0001 fails for a website with one filing and passes with both shown by a patrol") {
    School s("website:\n  url: http://www.school.example/\n");
    filing::add_filing(s.db, s.policy, origin, "icp", fields({{"system", "网站"}, {"number", "京ICP备12345678号-1"}}), now);
    auto one = s.check("FIL-0001");
    REQUIRE(one.size() == 1);
    CHECK(one[0].status == "fail");
    CHECK(one[0].detail.find("no public-security filing is on record") != std::string::npos);

    filing::add_filing(s.db, s.policy, origin, "psb", fields({{"system", "网站"}, {"number", "京公网安备11010802012345号"}}),
                       now);
    auto unpatrolled = s.check("FIL-0001");
    CHECK(unpatrolled[0].status == "fail");
    CHECK(unpatrolled[0].detail == "no patrol has read the homepage yet ('netsec-duty patrol')");

    test::write(s.tmp.file("index.html"),
                "<footer>京ICP备12345678号-1 京公网安备 11010802012345号</footer>");
    duty::PatrolOptions o;
    o.url = "file://" + s.tmp.file("index.html");
    duty::patrol(s.db, s.policy, origin, o, now);
    auto shown = s.check("FIL-0001");
    CHECK(shown[0].status == "pass");
}

TEST_CASE("FIL-0001 fails when the latest patrol misses a number on record") {
    School s;
    website_filed(s);
    test::write(s.tmp.file("index.html"), "<footer>京ICP备12345678号-1</footer>");
    duty::PatrolOptions o;
    o.url = "file://" + s.tmp.file("index.html");
    auto r = duty::patrol(s.db, s.policy, origin, o, now);
    CHECK(r.findings == std::vector<std::string>{"numbers_missing"});
    auto f = s.check("FIL-0001");
    REQUIRE(f.size() == 1);
    CHECK(f[0].status == "fail");
    CHECK(f[0].detail.find("does not show 京公网安备11010802012345号") != std::string::npos);
}

TEST_CASE("FIL-0001 is not applicable without a website or a filing") {
    School s;
    auto f = s.check("FIL-0001");
    REQUIRE(f.size() == 1);
    CHECK(f[0].status == "not_applicable");
}

TEST_CASE("FIL-0002 passes a current grading and fails an overdue assessment") {
    School s;
    auto ok = filing::add_filing(s.db, s.policy, origin, "mlps",
                                 fields({{"system", "网站"}, {"level", "2"}, {"graded", "2022-11-01"},
                                         {"filed", "2022-11-20"}, {"assessed", "2024-12-15"}}),
                                 now);
    auto late = filing::add_filing(s.db, s.policy, origin, "mlps",
                                   fields({{"system", "学籍"}, {"level", "3"}, {"graded", "2024-01-10"},
                                           {"filed", "2024-01-20"}, {"assessed", "2025-03-01"}}),
                                   now);
    auto f = s.check("FIL-0002", "2026-11-25T02:00:00Z");
    CHECK(test::status_of(f, "网站 (FIL-" + std::to_string(ok.id) + ")") == "pass");
    CHECK(test::status_of(f, "学籍 (FIL-" + std::to_string(late.id) + ")") == "fail");
}

TEST_CASE("FIL-0002 fails a website without any MLPS grading") {
    School s;
    website_filed(s);
    auto f = s.check("FIL-0002");
    REQUIRE(f.size() == 1);
    CHECK(f[0].status == "fail");
}

TEST_CASE("a patrol of an unchanged page is not changed; of a changed one is") {
    School s;
    website_filed(s);
    auto page = s.tmp.file("index.html");
    test::write(page, "<footer>京ICP备12345678号-1 京公网安备11010802012345号</footer>");
    duty::PatrolOptions o;
    o.url = "file://" + page;
    auto first = duty::patrol(s.db, s.policy, origin, o, now);
    CHECK(first.findings.empty());
    CHECK(first.row.evidence_id);
    auto second = duty::patrol(s.db, s.policy, origin, o, now + std::chrono::hours(24));
    CHECK(!second.row.changed);
    test::write(page, "<footer>京ICP备12345678号-1 京公网安备11010802012345号 新</footer>");
    auto third = duty::patrol(s.db, s.policy, origin, o, now + std::chrono::hours(48));
    CHECK(third.row.changed);
}
