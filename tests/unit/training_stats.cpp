#include "netsec/training/stats.hpp"

#include <doctest/doctest.h>

using namespace netsec;
using namespace netsec::training;

namespace {

double value(const std::vector<Figure>& figures, const std::string& dimension, const std::string& key) {
    for (const auto& f : figures)
        if (f.dimension == dimension && f.key == key) return f.value;
    FAIL("no figure " << dimension << " " << key);
    return -1;
}

bool has(const std::vector<Figure>& figures, const std::string& dimension, const std::string& key) {
    for (const auto& f : figures)
        if (f.dimension == dimension && f.key == key) return true;
    return false;
}

} // namespace

TEST_CASE("training figures count sessions, hours and attendance of the period by kind") {
    CoverageFacts f;
    f.sessions = {{1, "2026-03-01", "staff", "培训", "", "staff", "", 1.5},
                  {2, "2026-10-01", "staff", "培训", "", "staff", "", 2},
                  {3, "2026-11-20", "drill", "演练", "MAL", "staff", "2026-11-20T03:00:00Z", 1},
                  {4, "2026-12-01", "drill", "未完成", "MAL", "staff", "", 1},
                  {5, "2025-12-01", "pupil", "去年", "", "all", "", 1}};
    f.attendance = {{1, "a"}, {2, "a"}, {2, "b"}, {3, "a"}, {5, "c"}};
    auto figures = training_figures(f, "2026-01-01", "2026-12-31", Coverage{});
    CHECK(value(figures, "sessions", "staff") == 2);
    CHECK(value(figures, "sessions", "pupil") == 0);
    CHECK(value(figures, "sessions", "") == 4);
    CHECK(value(figures, "hours", "staff") == doctest::Approx(3.5));
    CHECK(value(figures, "hours", "") == doctest::Approx(5.5));
    CHECK(value(figures, "attendance", "staff") == 3);
    CHECK(value(figures, "attendance", "drill") == 1);
    CHECK(value(figures, "drills", "MAL") == 1); // the unfinished one is not a drill done
    CHECK_FALSE(has(figures, "coverage", "staff_trained_percent")); // no staff: no share
}

TEST_CASE("training figures carry the coverage counts and the staff's share") {
    Coverage c;
    c.lines = {{"staff", "a"}, {"staff", "b"}, {"staff", "c"}, {"class", "1班"}, {"drill", "MAL"}};
    c.lines[2].status = "short";
    c.lines[4].status = "short";
    auto figures = training_figures({}, "2026-01-01", "2026-12-31", c);
    CHECK(value(figures, "coverage", "staff") == 3);
    CHECK(value(figures, "coverage", "staff_trained") == 2);
    CHECK(value(figures, "coverage", "staff_trained_percent") == doctest::Approx(66.7));
    CHECK(value(figures, "coverage", "classes_covered") == 1);
    CHECK(value(figures, "coverage", "plans") == 1);
    CHECK(value(figures, "coverage", "plans_drilled") == 0);
}
