#include "netsec/core/error.hpp"
#include "netsec/core/label.hpp"

#include <doctest/doctest.h>

using namespace netsec;

namespace {

const Labels statuses = {{"pass", "通过", "pass"}, {"fail", "不符合", "fail"}, {"manual", "需人工核查", ""}};

} // namespace

TEST_CASE("a label reads in the language asked for") {
    CHECK(label_of(statuses, "fail", Lang::zh) == "不符合");
    CHECK(label_of(statuses, "fail", Lang::en) == "fail");
    CHECK(find_label(statuses, "pass")->zh == "通过");
    CHECK(find_label(statuses, "nope") == nullptr);
}

TEST_CASE("a label missing one language shows the other, and an unknown code shows itself") {
    CHECK(label_of(statuses, "manual", Lang::en) == "需人工核查");
    CHECK(label_text(Label{"X", "", "only English"}, Lang::zh) == "only English");
    CHECK(label_of(statuses, "new_status", Lang::zh) == "new_status");
}

TEST_CASE("a language is zh or en, in the forms people type") {
    CHECK(parse_lang("zh") == Lang::zh);
    CHECK(parse_lang("zh_CN") == Lang::zh);
    CHECK(parse_lang("zh-CN") == Lang::zh);
    CHECK(parse_lang("en") == Lang::en);
    CHECK_THROWS_WITH_AS(parse_lang("fr"), "unknown language 'fr': expected zh or en", Error);
}
