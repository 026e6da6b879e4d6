#include "netsec/account/issue.hpp"
#include "netsec/policy/accounts.hpp"

#include <chrono>
#include <crypt.h>
#include <doctest/doctest.h>
#include <map>
#include <set>

using namespace netsec;
using namespace netsec::account;

TEST_CASE("a generated password has the length asked and only characters of the alphabet") {
    const std::string alphabet = policy::default_password_alphabet;
    for (int i = 0; i < 50; ++i) {
        std::string p = generate_password(alphabet, 12);
        CHECK(p.size() == 12);
        CHECK(p.find_first_not_of(alphabet) == std::string::npos);
    }
    CHECK(generate_password("ab", 64).size() == 64);
}

TEST_CASE("the default alphabet has no look-alike characters") {
    const std::string alphabet = policy::default_password_alphabet;
    for (char ch : std::string("0Oo1lI")) CHECK(alphabet.find(ch) == std::string::npos);
    CHECK(alphabet.size() == 56);
}

TEST_CASE("password characters are chosen without bias") {
    // With 200 characters, a plain byte % 200 would give the first 56 twice the chance of the
    // others. Over 200,000 draws each should be near 1,000 (sd about 32).
    std::string alphabet;
    for (int i = 1; i <= 200; ++i) alphabet += char(i);
    std::map<char, int> count;
    for (int i = 0; i < 5000; ++i)
        for (char ch : generate_password(alphabet, 40)) ++count[ch];
    REQUIRE(count.size() == 200);
    for (const auto& [ch, n] : count) {
        CAPTURE(int(static_cast<unsigned char>(ch)));
        CHECK(n > 850);
        CHECK(n < 1150);
    }
}

TEST_CASE("passwords differ from one another") {
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) seen.insert(generate_password(policy::default_password_alphabet, 12));
    CHECK(seen.size() == 1000);
}

TEST_CASE("a hash is yescrypt, salted afresh, and verifies only its password") {
    std::string h1 = hash_password("Correct-Horse7");
    std::string h2 = hash_password("Correct-Horse7");
    CHECK(h1.rfind("$y$", 0) == 0);
    CHECK(h1 != h2);
    CHECK(verify_password("Correct-Horse7", h1));
    CHECK(verify_password("Correct-Horse7", h2));
    CHECK_FALSE(verify_password("correct-horse7", h1));
    CHECK_FALSE(verify_password("Correct-Horse7", "not a hash"));
    // The plain crypt(3) interface agrees.
    CHECK(std::string(crypt("Correct-Horse7", h1.c_str())) == h1);
}

TEST_CASE("hashing in parallel keeps the order of the passwords") {
    std::vector<std::string> passwords;
    for (int i = 0; i < 9; ++i) passwords.push_back("pw" + std::to_string(i));
    std::size_t last = 0;
    auto hashes = hash_passwords(passwords, 3, [&](std::uint64_t done, std::uint64_t total) {
        CHECK(total == 9);
        last = std::max<std::size_t>(last, done);
    });
    REQUIRE(hashes.size() == 9);
    CHECK(last == 9);
    for (int i = 0; i < 9; ++i) CHECK(verify_password(passwords[i], hashes[i]));
    CHECK(hash_passwords({}, 0).empty());
}
