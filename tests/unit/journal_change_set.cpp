#include "netsec/core/error.hpp"
#include "netsec/journal/change_set.hpp"
#include "testutil.hpp"

#include <doctest/doctest.h>

using namespace netsec;
using namespace netsec::journal;

TEST_CASE("a change set records each field that changes, from and to, in order") {
    ChangeSet set;
    set.reason = "转班";
    std::string class_name = "2020级3班", level = "pupil", grade = "2020级";
    CHECK(apply_change(set, "class", class_name, std::string("2020级4班")));
    CHECK_FALSE(apply_change(set, "grade", grade, std::nullopt));
    CHECK_FALSE(apply_change(set, "grade", grade, std::string("2020级")));
    CHECK(apply_change(set, "level", level, std::string("teacher")));
    CHECK(class_name == "2020级4班");
    CHECK(level == "teacher");
    CHECK(
        change_details(set).dump() ==
        R"({"changes":{"class":{"from":"2020级3班","to":"2020级4班"},"level":{"from":"pupil","to":"teacher"}},"reason":"转班"})");
}

TEST_CASE("a change to the same value is no change, and a set without one is empty") {
    ChangeSet set;
    CHECK_FALSE(record_change(set, "status", "active", "active"));
    CHECK(set.empty());
    CHECK(change_details(set).dump() == R"({"changes":{}})");
    CHECK(record_change(set, "count", 1, nullptr));
    CHECK(change_details(set).dump() == R"({"changes":{"count":{"from":1,"to":null}}})");
}

TEST_CASE("a change of the one field an action names is written flat, with its reason") {
    ChangeSet set{{}, "left the school"};
    std::string status = "active";
    apply_change(set, "status", status, std::string("disabled"));
    CHECK(field_change_details(set).dump() == R"({"from":"active","to":"disabled","reason":"left the school"})");
    ChangeSet two;
    record_change(two, "a", 1, 2);
    record_change(two, "b", 1, 2);
    CHECK_THROWS_WITH_AS(field_change_details(two), "field_change_details needs a change set of one field, not 2",
                         Error);
}

TEST_CASE("a change set is journaled as one entry's details") {
    test::TempDir tmp;
    store::Db db(tmp.file("c.db"), store::Access::read_write);
    ChangeSet set{{}, "typo"};
    record_change(set, "full_name", "张山", "张三");
    {
        store::Transaction tx(db);
        Entry e = append_changes(tx, {"alice", "host1", "netsec-test"}, "account.changed", "zhangsan", set);
        tx.commit();
        CHECK(e.seq == 1);
    }
    auto row = store::journal_row(db, 1);
    REQUIRE(row);
    CHECK(row->action == "account.changed");
    CHECK(row->subject == "zhangsan");
    CHECK(row->details == R"({"changes":{"full_name":{"from":"张山","to":"张三"}},"reason":"typo"})");
}
