// The text helpers: trim and ASCII case folding, byte-wise and locale-free.
#include "netsec/core/text.hpp"

#include <doctest/doctest.h>

using namespace netsec::text;

TEST_CASE("trim takes spaces, tabs and carriage returns off both ends") {
    CHECK(trim("  a b\t\r") == "a b");
    CHECK(trim("\r\t x") == "x");
    CHECK(trim("张三 ") == "张三");
    CHECK(trim("a\tb") == "a\tb");
}

TEST_CASE("trim leaves nothing of blank text") {
    CHECK(trim("") == "");
    CHECK(trim(" \t\r ") == "");
}

TEST_CASE("trim keeps newlines and other whitespace") {
    CHECK(trim("\na\n") == "\na\n");
    CHECK(trim("\va") == "\va");
}

TEST_CASE("lower_ascii lowers A to Z and keeps every other byte") {
    CHECK(lower_ascii("UserName") == "username");
    CHECK(lower_ascii("GBK-Ä 用户名") == "gbk-Ä 用户名");
    CHECK(lower_ascii("") == "");
    CHECK(lower_ascii("@[`{") == "@[`{");
}
