#include "netsec/core/error.hpp"
#include "netsec/policy/operators.hpp"
#include "testutil.hpp"

#include <doctest/doctest.h>

using namespace netsec;
using namespace netsec::policy;

TEST_CASE("a caller's level comes from their user or their groups, the highest wins") {
    Policy p = parse_policy(test::minimal_policy(), "/x/p.yaml");
    CHECK(level_of(p, Caller{"alice", {}, false}) == Level::admin);
    CHECK(level_of(p, Caller{"bob", {"teachers"}, false}) == Level::viewer);
    CHECK(level_of(p, Caller{"alice", {"teachers"}, false}) == Level::admin);
    CHECK(level_of(p, Caller{"eve", {"pupils"}, false}) == Level::none);
    CHECK(level_of(p, Caller{"root", {}, true}) == Level::admin);
}

TEST_CASE("a refusal names the command, the level needed and the caller's level") {
    Policy p = parse_policy(test::minimal_policy(), "/x/p.yaml");
    try {
        require_level(p, Caller{"bob", {"teachers"}, false}, Level::admin, "netsec-policy init --force");
        FAIL("allowed");
    } catch (const Error& e) {
        CHECK(e.code() == Exit::no_perm);
        CHECK(std::string(e.what()) ==
              "'netsec-policy init --force' needs the admin level; user 'bob' has only viewer (see 'operators' in "
              "'/x/p.yaml')");
    }
    CHECK_THROWS_WITH_AS(require_level(p, Caller{"eve", {}, false}, Level::viewer, "netsec-journal show"),
                         "'netsec-journal show' needs the viewer level; user 'eve' has no level in '/x/p.yaml' (ask a "
                         "school leader to add them under 'operators')",
                         Error);
    CHECK_NOTHROW(require_level(p, Caller{"bob", {"teachers"}, false}, Level::viewer, "netsec-journal show"));
}
