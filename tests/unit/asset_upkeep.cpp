#include "netsec/store/asset_upkeep.hpp"
#include "netsec/asset/asset.hpp"
#include "netsec/asset/credentials.hpp"
#include "netsec/asset/maintenance.hpp"
#include "netsec/asset/software_approval.hpp"
#include "netsec/core/error.hpp"
#include "school_fixture.hpp"

#include <doctest/doctest.h>

using namespace netsec;
using netsec::test::School;
using netsec::test::utc;

namespace {

const journal::Origin origin{"alice", "host1", "netsec-asset"};

void add_router(School& s) {
    asset::NewAsset n;
    n.tag = "RT-01";
    n.hostname = "router";
    n.kind = "router";
    asset::add_asset(s.db, s.policy, origin, n, utc("2026-01-01T00:00:00Z"));
}

asset::CredentialStatus status_at(School& s, const std::string& now, const asset::Holder& holder = {}) {
    auto all = asset::list_credentials(s.db, s.policy.assets.credential_max_age, utc(now), "Asia/Shanghai",
                                       [&](const std::string&) { return holder; });
    REQUIRE(all.size() == 1);
    return all[0];
}

} // namespace

TEST_CASE("a name and version are approved by shell patterns, the name without ASCII case") {
    std::vector<asset::AllowedSoftware> allowed = {{"Microsoft Visual C++ *", "14.*", "", ""}, {"7-zip*", "*", "", ""}};
    CHECK(asset::is_approved(allowed, "Microsoft Visual C++ 2019 X64 Minimum Runtime", "14.29.30133"));
    CHECK_FALSE(asset::is_approved(allowed, "Microsoft Visual C++ 2008 Redistributable", "9.0.30729"));
    CHECK(asset::is_approved(allowed, "7-Zip 23.01 (x64)", ""));
    CHECK_FALSE(asset::is_approved(allowed, "Steam", "2.10"));
}

TEST_CASE("a credential is due after an outside visit to its device, when too old, or when its holder left") {
    School s;
    add_router(s);
    asset::add_credential(s.db, origin, {"router-admin", "zhaoli", "RT-01", ""}, utc("2026-01-02T00:00:00Z"));
    CHECK(status_at(s, "2026-01-03T00:00:00Z").reasons == std::vector{asset::DueReason::never_changed});
    asset::record_credential_change(s.db, origin, "router-admin", utc("2026-03-01T00:00:00Z"),
                                    utc("2026-03-01T00:00:00Z"));
    CHECK_FALSE(status_at(s, "2026-04-01T00:00:00Z").due());
    asset::add_maintenance(s.db, origin, {"RT-01", "升级固件", "", "", "县电信 李工", utc("2026-05-10T06:00:00Z")},
                           utc("2026-05-11T00:00:00Z"));
    auto after = status_at(s, "2026-06-01T00:00:00Z");
    CHECK(after.reasons == std::vector{asset::DueReason::outside_visit});
    CHECK(after.why[0] ==
          "outside technician 县电信 李工 maintained RT-01 on 2026-05-10, after its last change on 2026-03-01");
    asset::record_credential_change(s.db, origin, "router-admin", utc("2026-05-12T00:00:00Z"),
                                    utc("2026-05-12T00:00:00Z"));
    CHECK_FALSE(status_at(s, "2026-06-01T00:00:00Z").due());
    CHECK(status_at(s, "2026-12-01T00:00:00Z").reasons == std::vector{asset::DueReason::too_old});
    CHECK(status_at(s, "2026-06-01T00:00:00Z", {"archived", ""}).reasons == std::vector{asset::DueReason::holder_left});
    CHECK(status_at(s, "2026-06-01T00:00:00Z", {"active", "2026-05-30T00:00:00Z"}).why[0] ==
          "its holder 'zhaoli' left on 2026-05-30");
}

TEST_CASE("CRED-0001 fails a due credential by name and passes one changed in time") {
    School s;
    add_router(s);
    CHECK(test::status_of(s.check("CRED-0001"), "credentials") == "not_applicable");
    asset::add_credential(s.db, origin, {"router-admin", "zhaoli", "RT-01", ""}, utc("2026-01-02T00:00:00Z"));
    asset::add_credential(s.db, origin, {"finance", "wangwu", "", ""}, utc("2026-01-02T00:00:00Z"));
    asset::record_credential_change(s.db, origin, "router-admin", utc("2026-03-01T00:00:00Z"),
                                    utc("2026-03-01T00:00:00Z"));
    asset::record_credential_change(s.db, origin, "finance", utc("2026-03-01T00:00:00Z"), utc("2026-03-01T00:00:00Z"));
    asset::add_maintenance(s.db, origin, {"RT-01", "换光猫", "", "", "李工", utc("2026-04-10T06:00:00Z")},
                           utc("2026-04-11T00:00:00Z"));
    auto findings = s.check("CRED-0001");
    CHECK(test::status_of(findings, "router-admin") == "fail");
    CHECK(test::status_of(findings, "finance") == "pass");
}

TEST_CASE("SW-0001 reads each machine's latest check, and a new check replaces the last") {
    School s;
    add_router(s);
    CHECK(test::status_of(s.check("SW-0001"), "software") == "not_applicable");
    asset::allow_software(s.db, origin, {"7-Zip*", "*", "", ""}, utc("2026-01-02T00:00:00Z"));
    auto steam = asset::parse_software_list("7-Zip 23.01\t23.01\nSteam\t2.1\n", "a.txt");
    CHECK(asset::check_software(s.db, origin, steam, "a.txt", "RT-01", utc("2026-02-01T00:00:00Z")).unapproved == 1);
    CHECK(test::status_of(s.check("SW-0001"), "RT-01") == "fail");
    auto clean = asset::parse_software_list("7-Zip 23.01\t23.01\n", "b.txt");
    CHECK(asset::check_software(s.db, origin, clean, "b.txt", "RT-01", utc("2026-03-01T00:00:00Z")).unapproved == 0);
    CHECK(test::status_of(s.check("SW-0001"), "RT-01") == "pass");
}

TEST_CASE("a failed check keeps nothing: an unknown node is named by its line") {
    School s;
    add_router(s);
    auto list = asset::parse_software_list(std::string("\xFF\xFE", 2) +
                                               std::string("N\0o\0d\0e\0,\0N\0a\0m\0e\0,\0V\0e\0r\0s\0i\0o\0n\0\n\0"
                                                           "X\0,\0a\0,\0b\0\n\0",
                                                           48),
                                           "w.csv");
    CHECK_THROWS_WITH_AS(asset::check_software(s.db, origin, list, "w.csv", "", utc("2026-02-01T00:00:00Z")),
                         "w.csv:2: node 'X' matches no machine: no registered machine has hostname 'X'; register it "
                         "with 'netsec-asset add' or give --host TAG\nnothing was checked",
                         Error);
    CHECK(store::list_software_checks(s.db, false).empty());
}
