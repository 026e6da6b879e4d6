#include "netsec/core/error.hpp"
#include "netsec/policy/policy.hpp"
#include "testutil.hpp"

#include <doctest/doctest.h>

using namespace netsec;

namespace {

// The policy `text` (with a MAL playbook) as read, or the problems it was refused with.
policy::Policy read(const std::string& text, const test::TempDir& tmp) {
    test::write(tmp.file("p.yaml"), test::minimal_policy("incidents:\n  playbooks:\n    MAL: [isolate]\n" + text));
    return policy::load_policy(tmp.file("p.yaml"));
}

std::string problems(const std::string& text) {
    test::TempDir tmp;
    try {
        read(text, tmp);
    } catch (const Error& e) {
        CHECK(e.code() == Exit::config);
        return e.what();
    }
    FAIL("accepted");
    return "";
}

} // namespace

TEST_CASE("the training goals have defaults: one session, a lesson each term, one course, the MAL plan") {
    test::TempDir tmp;
    auto p = read("", tmp);
    CHECK(p.training.staff_hours == 0);
    CHECK(p.training.lesson_each_term);
    CHECK(p.training.administrator_courses == 1);
    CHECK(p.training.drill_plans == std::vector<std::string>{"MAL"});
}

TEST_CASE("the training goals are read from the policy") {
    test::TempDir tmp;
    auto p = read("training:\n  staff_hours: 1.5\n  lesson_each_term: false\n  administrator_courses: 2\n"
                  "  drill_plans: []\n",
                  tmp);
    CHECK(p.training.staff_hours == doctest::Approx(1.5));
    CHECK_FALSE(p.training.lesson_each_term);
    CHECK(p.training.administrator_courses == 2);
    CHECK(p.training.drill_plans.empty());
}

TEST_CASE("bad training goals name the key, the line and what was expected") {
    CHECK(problems("training:\n  staff_hours: -1\n").find(
              ":14:16: 'training.staff_hours' expects a number of hours, 0 or more, such as 4 or 1.5, found '-1'") !=
          std::string::npos);
    CHECK(problems("training:\n  administrator_courses: 1.5\n")
              .find("'training.administrator_courses' expects a whole number of courses, 0 or more, found '1.5'") !=
          std::string::npos);
    CHECK(problems("training:\n  lesson_each_term: often\n")
              .find("'training.lesson_each_term' expects true or false, found 'often'") != std::string::npos);
    CHECK(problems("training:\n  drill_plans: [DEF]\n")
              .find("'training.drill_plans' names 'DEF', which has no playbook in incidents.playbooks to drill") !=
          std::string::npos);
    CHECK(problems("training:\n  drill_plans: [MAL, MAL]\n").find("'training.drill_plans' names 'MAL' twice") !=
          std::string::npos);
    CHECK(problems("training:\n  staf_hours: 2\n").find("staf_hours") != std::string::npos);
}
