#include "netsec/core/hash.hpp"

#include <doctest/doctest.h>

using namespace netsec;

TEST_CASE("sha256_hex gives the standard digest") {
    CHECK(hash::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(hash::sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("hex_encode and hex_decode round-trip any bytes") {
    std::string bytes("\x00\x01\xfe\xff"
                      "中",
                      7);
    CHECK(hash::hex_encode(bytes) == "0001feffe4b8ad");
    REQUIRE(hash::hex_decode("0001feffe4b8ad"));
    CHECK(*hash::hex_decode("0001feffe4b8ad") == bytes);
    CHECK(hash::hex_decode("")->empty());
}

TEST_CASE("hex_decode refuses odd lengths, capitals and other characters") {
    CHECK_FALSE(hash::hex_decode("abc"));
    CHECK_FALSE(hash::hex_decode("AB"));
    CHECK_FALSE(hash::hex_decode("zz"));
}
