#include "netsec/core/error.hpp"
#include "netsec/policy/accounts.hpp"
#include "netsec/policy/policy.hpp"
#include "testutil.hpp"

#include <doctest/doctest.h>

using namespace netsec;
using namespace netsec::policy;

namespace {
std::string problems_of(const std::string& extra) {
    try {
        parse_policy(test::minimal_policy(extra), "p.yaml");
        return "";
    } catch (const Error& e) {
        CHECK(e.code() == Exit::config);
        return e.what();
    }
}
} // namespace

TEST_CASE("accounts defaults: 12 characters, no look-alikes, s{year}{class}{seq}, ldap mapping") {
    Policy p = parse_policy(test::minimal_policy(), "p.yaml");
    CHECK(p.accounts.password_length == 12);
    CHECK(p.accounts.password_alphabet == default_password_alphabet);
    CHECK(p.accounts.pupil_username == "s{year}{class}{seq}");
    CHECK(p.accounts.default_level.at("staff") == "teacher");
    CHECK(p.accounts.ldap.base_dn == "ou=people,dc=school,dc=cn");
    CHECK(p.accounts.ldap.uid_start == 10000);
    CHECK(p.accounts.ldap.home == "/home/{username}");
    CHECK_FALSE(p.accounts.slip_text.empty());
}

TEST_CASE("the starting policy's accounts section is the defaults") {
    Policy p = parse_policy(starting_policy("state", "alice"), "p.yaml");
    Policy d = parse_policy(test::minimal_policy(), "p.yaml");
    CHECK(p.accounts.password_alphabet == d.accounts.password_alphabet);
    CHECK(p.accounts.pupil_username == d.accounts.pupil_username);
    CHECK(p.accounts.levels == d.accounts.levels);
    CHECK(p.accounts.slip_text == d.accounts.slip_text);
    CHECK(p.accounts.ldap.shell == d.accounts.ldap.shell);
}

TEST_CASE("accounts values given are read") {
    Policy p =
        parse_policy(test::minimal_policy("accounts:\n"
                                          "  password_length: 16\n"
                                          "  pupil_username: \"p{yy}{class}{seq}\"\n"
                                          "  levels: [basic, staff]\n"
                                          "  default_level: {pupil: basic, staff: staff, service: staff}\n"
                                          "  ldap: {base_dn: \"ou=users,dc=x\", uid_start: 20000, shell: /bin/sh}\n"),
                     "p.yaml");
    CHECK(p.accounts.password_length == 16);
    CHECK(p.accounts.pupil_username == "p{yy}{class}{seq}");
    CHECK(p.accounts.default_level.at("pupil") == "basic");
    CHECK(p.accounts.ldap.base_dn == "ou=users,dc=x");
    CHECK(p.accounts.ldap.uid_start == 20000);
    CHECK(p.accounts.ldap.gid_start == 10000);
    CHECK(p.accounts.ldap.shell == "/bin/sh");
}

TEST_CASE("an unknown accounts key names file:line:column") {
    CHECK(problems_of("accounts:\n  password_lenght: 12\n") ==
          "p.yaml:11:3: unknown key 'password_lenght' in 'accounts'; expected one of: password_length, "
          "password_alphabet, pupil_username, levels, default_level, slip_text, ldap, logins");
}

TEST_CASE("a wrong type in accounts names its place") {
    CHECK(problems_of("accounts:\n  ldap: [a, b]\n") ==
          "p.yaml:11:9: 'accounts.ldap' expects a map of keys, found a list");
    CHECK(problems_of("accounts:\n  password_length: [12]\n") ==
          "p.yaml:11:20: 'accounts.password_length' expects a text value, found a list");
}

TEST_CASE("impossible accounts values are refused") {
    CHECK(problems_of("accounts:\n  password_length: 6\n") ==
          "p.yaml:11:20: 'accounts.password_length' expects a whole number from 8 to 64, found '6'");
    CHECK(problems_of("accounts:\n  password_alphabet: abcabc\n").find("'a' is given twice") != std::string::npos);
    CHECK(problems_of("accounts:\n  password_alphabet: \"ab:cdefghijk\"\n").find("without spaces or ':'") !=
          std::string::npos);
    CHECK(problems_of("accounts:\n  password_alphabet: abc\n").find("at least 10 different characters") !=
          std::string::npos);
    CHECK(problems_of("accounts:\n  ldap: {uid_start: 0}\n").find("from 1000 to 2000000000, found '0'") !=
          std::string::npos);
    CHECK(problems_of("accounts:\n  ldap: {home: /home/x}\n").find("with {username}") != std::string::npos);
    CHECK(problems_of("accounts:\n  ldap: {base_dn: people}\n").find("expects a DN") != std::string::npos);
    CHECK(problems_of("accounts:\n  levels: [a, b]\n").find("'accounts.default_level.pupil' is 'pupil'") !=
          std::string::npos);
}

TEST_CASE("a username pattern needs {seq}, known placeholders and a leading letter") {
    CHECK(username_pattern_problem("s{year}{class}{seq}") == "");
    CHECK(username_pattern_problem("{year}{class}{seq}").find("must start with a letter") != std::string::npos);
    CHECK(username_pattern_problem("s{year}{class}").find("needs {seq}") != std::string::npos);
    CHECK(username_pattern_problem("s{grade}{seq}") ==
          "unknown placeholder '{grade}'; expected {year}, {yy}, {class} or {seq}");
    CHECK(username_pattern_problem("S{seq}").find("'S' is not allowed") != std::string::npos);
    CHECK(username_pattern_problem("s{seq").find("not closed") != std::string::npos);
}
