#include "netsec/core/width.hpp"

#include <doctest/doctest.h>

using namespace netsec::width;

TEST_CASE("Chinese characters take two columns, Latin one") {
    CHECK(display_width("abc") == 3);
    CHECK(display_width("张三") == 4);
    CHECK(display_width("张三abc") == 7);
    CHECK(display_width("（全角）") == 8);
    CHECK(display_width("") == 0);
}

TEST_CASE("combining marks take no column") {
    CHECK(display_width("e\xCC\x81") == 1); // e + combining acute
}

TEST_CASE("invalid UTF-8 counts a column a byte and is reported") {
    CHECK(display_width("\xff\xfe") == 2);
    CHECK_FALSE(is_valid_utf8("\xff"));
    CHECK_FALSE(is_valid_utf8("\xC0\xAF"));     // overlong '/'
    CHECK_FALSE(is_valid_utf8("\xED\xA0\x80")); // a surrogate
    CHECK(is_valid_utf8("张三 ok"));
}
