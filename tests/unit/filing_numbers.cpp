// Filing numbers: the ICP and public-security forms, refused with the form they should take,
// and found in a page's text.
#include "netsec/core/error.hpp"
#include "netsec/filing/numbers.hpp"

#include <doctest/doctest.h>

using namespace netsec;
using filing::NumberKind;

TEST_CASE("an ICP number of 8 or 10 digits with or without a site suffix is read") {
    CHECK(filing::normalise_number(NumberKind::icp, "京ICP备12345678号-1") == "京ICP备12345678号-1");
    CHECK(filing::normalise_number(NumberKind::icp, "粤ICP备2021012345号") == "粤ICP备2021012345号");
    CHECK(filing::normalise_number(NumberKind::icp, " 沪icp备12345678号-12 ") == "沪ICP备12345678号-12");
}

TEST_CASE("an ICP number written with spaces and full-width digits is kept in its plain form") {
    CHECK(filing::normalise_number(NumberKind::icp, "京ICP备 １２３４５６７８号－1") == "京ICP备12345678号-1");
}

TEST_CASE("an ICP number of the wrong shape is nothing") {
    for (const char* bad : {"京ICP12345678号-1", "京ICP备1234567号", "京ICP备12345678", "ICP备12345678号",
                            "X京ICP备12345678号", "京ICP备12345678号-0", "京ICP备12345678号-", "京ICP备12345678号x",
                            "京公网安备11010802012345号", ""})
        CHECK_MESSAGE(!filing::normalise_number(NumberKind::icp, bad), bad);
}

TEST_CASE("a public-security number needs 14 digits beginning with its province's code") {
    CHECK(filing::normalise_number(NumberKind::psb, "京公网安备11010802012345号") == "京公网安备11010802012345号");
    CHECK(filing::normalise_number(NumberKind::psb, "京公网安备 11010802012345号") == "京公网安备11010802012345号");
    CHECK(filing::normalise_number(NumberKind::psb, "蜀公网安备51010802012345号") == "蜀公网安备51010802012345号");
    CHECK(!filing::normalise_number(NumberKind::psb, "京公网安备1101080201234号"));
    CHECK(!filing::normalise_number(NumberKind::psb, "京公网安备110108020123456号"));
    CHECK(!filing::normalise_number(NumberKind::psb, "京公网安备31010802012345号"));
}

TEST_CASE("a malformed number is refused with the form it should take") {
    try {
        filing::parse_number(NumberKind::icp, "京ICP12345678号");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == Exit::usage);
        CHECK(std::string(e.what()) == "'京ICP12345678号' is not an ICP filing number: expected the form "
                                       "京ICP备12345678号-1 (the province's abbreviation, ICP备, 8 to 10 digits, 号, "
                                       "and -N for the Nth site)");
    }
    try {
        filing::parse_number(NumberKind::psb, "京公网安备123号");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == Exit::usage);
        CHECK(std::string(e.what()) == "'京公网安备123号' is not a public-security filing number: expected the form "
                                       "京公网安备11010802012345号 (the province's abbreviation, 公网安备, 14 digits, 号)");
    }
}

TEST_CASE("a public-security number of another province's code is refused naming both codes") {
    try {
        filing::parse_number(NumberKind::psb, "京公网安备31010802012345号");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(std::string(e.what()) ==
              "the public-security filing number '京公网安备31010802012345号' begins with the division code 31, not "
              "京's 11");
    }
}

TEST_CASE("icp_main_number drops the site suffix") {
    CHECK(filing::icp_main_number("京ICP备12345678号-1") == "京ICP备12345678号");
    CHECK(filing::icp_main_number("京ICP备12345678号") == "京ICP备12345678号");
}

TEST_CASE("find_numbers finds each number of a footer once, in order") {
    auto found = filing::find_numbers("© 2026 某某小学 京ICP备12345678号-1 京公网安备 11010802012345号 "
                                      "京ICP备12345678号-1 联系电话 010-12345678");
    REQUIRE(found.size() == 2);
    CHECK(found[0].kind == NumberKind::icp);
    CHECK(found[0].number == "京ICP备12345678号-1");
    CHECK(found[1].kind == NumberKind::psb);
    CHECK(found[1].number == "京公网安备11010802012345号");
}

TEST_CASE("find_numbers does not take the digits after a site suffix's space") {
    auto found = filing::find_numbers("京ICP备12345678号-1 2026");
    REQUIRE(found.size() == 1);
    CHECK(found[0].number == "京ICP备12345678号-1");
}

TEST_CASE("find_numbers finds nothing in text without numbers") {
    CHECK(filing::find_numbers("").empty());
    CHECK(filing::find_numbers("京ICP备 号 公网安备").empty());
}

TEST_CASE("number_shown accepts the same number or the ICP main number") {
    auto found = filing::find_numbers("京ICP备12345678号 京公网安备11010802012345号");
    CHECK(filing::number_shown(NumberKind::icp, "京ICP备12345678号-1", found));
    CHECK(filing::number_shown(NumberKind::psb, "京公网安备11010802012345号", found));
    CHECK(!filing::number_shown(NumberKind::psb, "京公网安备11010802099999号", found));
    auto other_site = filing::find_numbers("京ICP备12345678号-2");
    CHECK(!filing::number_shown(NumberKind::icp, "京ICP备12345678号-1", other_site));
}
