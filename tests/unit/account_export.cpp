#include "netsec/account/export.hpp"
#include "testutil.hpp"

#include <doctest/doctest.h>

using namespace netsec;
using namespace netsec::account;

namespace {

policy::Policy a_policy() { return policy::parse_policy(test::minimal_policy(), "/tmp/p.yaml"); }

Account an_account(const std::string& user, const std::string& status, const std::string& hash) {
    Account a;
    a.username = user;
    a.full_name = "王小明";
    a.kind = "pupil";
    a.class_name = "2020级3班";
    a.level = "pupil";
    a.status = status;
    a.uid_number = 10001;
    a.gid_number = 10001;
    a.created_at = "2026-09-01T08:00:00Z";
    a.updated_at = "2026-09-02T08:00:00Z";
    a.password_set_at = hash.empty() ? "" : "2026-09-01T08:00:00Z";
    a.hash = hash;
    return a;
}

} // namespace

TEST_CASE("chpasswd lines: active as they are, others locked, none without a hash") {
    std::string out = export_chpasswd({an_account("a", "active", "$y$j9T$s$h"),
                                       an_account("b", "disabled", "$y$j9T$s$g"), an_account("c", "active", "")});
    CHECK(out == "a:$y$j9T$s$h\nb:!$y$j9T$s$g\n");
}

TEST_CASE("accounts without a hash are counted: they are the ones chpasswd leaves out") {
    CHECK(count_without_password({an_account("a", "active", "$y$j9T$s$h"), an_account("b", "disabled", ""),
                                  an_account("c", "active", "")}) == 2);
    CHECK(count_without_password({an_account("a", "active", "$y$j9T$s$h")}) == 0);
}

TEST_CASE("an LDIF entry carries the classes, the mapping, {CRYPT} and base64 for Chinese") {
    std::string out = export_ldif({an_account("s1", "active", "$y$j9T$s$h")}, a_policy());
    CHECK(out == "dn: uid=s1,ou=people,dc=school,dc=cn\n"
                 "objectClass: top\nobjectClass: inetOrgPerson\nobjectClass: posixAccount\nobjectClass: shadowAccount\n"
                 "uid: s1\n"
                 "cn:: 546L5bCP5piO\nsn:: 546L5bCP5piO\ndisplayName:: 546L5bCP5piO\n"
                 "employeeType: pupil\n"
                 "departmentNumber:: MjAyMOe6pzPnj60=\n"
                 "uidNumber: 10001\ngidNumber: 10001\n"
                 "homeDirectory: /home/s1\nloginShell: /bin/bash\n"
                 "userPassword: {CRYPT}$y$j9T$s$h\n"
                 "shadowLastChange: 20697\n");
}

TEST_CASE("an expired account is locked and expired in LDIF") {
    std::string out = export_ldif({an_account("s1", "expired", "$y$j9T$s$h")}, a_policy());
    CHECK(out.find("userPassword: {CRYPT}!$y$j9T$s$h\n") != std::string::npos);
    CHECK(out.find("shadowExpire: 1\n") != std::string::npos);
}

TEST_CASE("--changed-since: accounts added since are add records, the others modify records") {
    Account old = an_account("s1", "active", "$y$j9T$s$h");
    Account added = an_account("s2", "active", "");
    added.created_at = "2026-09-02T08:00:00Z";
    std::string out = export_ldif({old, added}, a_policy(), "2026-09-02T00:00:00Z");
    auto second = out.find("\n\ndn: uid=s2");
    REQUIRE(second != std::string::npos);
    std::string first = out.substr(0, second);
    CHECK(first.find("changetype: modify\nreplace: cn\ncn:: 546L5bCP5piO\n-\n") != std::string::npos);
    CHECK(first.find("replace: shadowExpire\n-") != std::string::npos); // cleared when not expired
    std::string rest = out.substr(second);
    CHECK(rest.find("changetype: add\nobjectClass: top\n") != std::string::npos);
    CHECK(rest.find("userPassword") == std::string::npos); // never issued
}

TEST_CASE("the DN follows the policy's base DN") {
    auto p = a_policy();
    p.accounts.ldap.base_dn = "ou=users,dc=x,dc=cn";
    CHECK(account_dn(p, "zhaoli") == "uid=zhaoli,ou=users,dc=x,dc=cn");
}
