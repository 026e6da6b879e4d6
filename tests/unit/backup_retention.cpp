#include "netsec/backup/backup.hpp"

#include <cstdlib>
#include <ctime>
#include <doctest/doctest.h>
#include <set>

using namespace netsec::backup;

namespace {

// A snapshot a day at 02:00 UTC for `days` days from 2025-01-01, oldest first.
std::vector<Snapshot> a_year_of_daily(int days) {
    std::vector<Snapshot> out;
    std::time_t t = 1735696800; // 2025-01-01T02:00:00Z
    for (int i = 0; i < days; ++i, t += 86400) {
        Snapshot s;
        std::tm tm{};
        ::gmtime_r(&t, &tm);
        char buf[40];
        std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S.000000000Z", &tm);
        s.time = buf;
        s.id = sha256(buf);
        out.push_back(s);
    }
    return out;
}

} // namespace

TEST_CASE("retention over a simulated year of daily snapshots") {
    ::setenv("TZ", "UTC", 1);
    ::tzset();
    auto all = a_year_of_daily(365);
    KeepRules keep;
    keep.last = 7;
    keep.daily = 14;
    keep.weekly = 8;
    keep.monthly = 12;
    keep.yearly = 3;
    auto kept = snapshots_to_keep(all, keep);
    std::set<std::string> times;
    for (const auto& s : kept) times.insert(s.time.substr(0, 10));
    CHECK(times.count("2025-12-31")); // the newest
    CHECK(times.count("2025-12-18")); // the 14th day back
    CHECK(times.count("2025-12-14"));       // the newest of an ISO week (a Sunday) beyond the 14 days
    CHECK_FALSE(times.count("2025-12-10")); // a Wednesday beyond the 14 days
    CHECK(times.count("2025-01-31")); // newest of January (monthly)
    CHECK(times.count("2025-06-30"));
    CHECK_FALSE(times.count("2025-01-15"));
    // 14 days; 8 weeks of which 5 reach beyond those days; 12 months of which 10 reach beyond
    // the weeks; the year's newest is kept already
    CHECK(kept.size() == 14 + 5 + 10);
}

TEST_CASE("keep-last keeps exactly the newest") {
    auto all = a_year_of_daily(10);
    KeepRules keep;
    keep.last = 3;
    auto kept = snapshots_to_keep(all, keep);
    REQUIRE(kept.size() == 3);
    CHECK(kept.back().time == all.back().time);
    CHECK(kept.front().time == all[7].time);
}
