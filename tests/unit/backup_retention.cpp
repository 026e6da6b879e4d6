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
    CHECK(times.count("2025-12-31"));       // the newest
    CHECK(times.count("2025-12-18"));       // the 14th day back
    CHECK(times.count("2025-12-14"));       // the newest of an ISO week (a Sunday) beyond the 14 days
    CHECK_FALSE(times.count("2025-12-10")); // a Wednesday beyond the 14 days
    CHECK(times.count("2025-01-31"));       // newest of January (monthly)
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

namespace {

std::string two_digits(int n) { return (n < 10 ? "0" : "") + std::to_string(n); }

// A snapshot of `job` (or, when empty, an ad hoc one of `paths`) at `time`.
Snapshot snap_at(const std::string& time, const std::string& job, std::vector<std::string> paths = {"srv"}) {
    Snapshot s;
    s.time = time;
    s.job = job;
    s.paths = std::move(paths);
    s.id = sha256(time + "|" + job + "|" + (s.paths.empty() ? "" : s.paths.front()));
    return s;
}

// Two jobs, "documents" at 02:00 and "site" at 03:00 UTC, every day for `days` days from
// 2025-03-01, oldest first.
std::vector<Snapshot> two_jobs_interleaved(int days) {
    std::vector<Snapshot> out;
    for (int d = 1; d <= days; ++d) {
        std::string day = "2025-03-" + two_digits(d);
        out.push_back(snap_at(std::string(day) + "T02:00:00.000000000Z", "documents"));
        out.push_back(snap_at(std::string(day) + "T03:00:00.000000000Z", "site"));
    }
    return out;
}

std::vector<std::string> times_of(const std::vector<Snapshot>& v, const std::string& job) {
    std::vector<std::string> out;
    for (const auto& s : v)
        if (s.job == job) out.push_back(s.time.substr(0, 13));
    return out;
}

} // namespace

TEST_CASE("keep rules count within each job: two interleaved jobs keep the newest two of each") {
    ::setenv("TZ", "UTC", 1);
    ::tzset();
    auto all = two_jobs_interleaved(10);
    KeepRules keep;
    keep.last = 2;
    auto kept = snapshots_to_keep(all, keep);
    REQUIRE(kept.size() == 4);
    CHECK(times_of(kept, "documents") == std::vector<std::string>{"2025-03-09T02", "2025-03-10T02"});
    CHECK(times_of(kept, "site") == std::vector<std::string>{"2025-03-09T03", "2025-03-10T03"});
    // oldest first, as given
    CHECK(kept[0].time < kept[1].time);
    CHECK(kept[2].time < kept[3].time);
    CHECK(kept.back().job == "site");
}

TEST_CASE("keep rules count daily buckets within each job") {
    ::setenv("TZ", "UTC", 1);
    ::tzset();
    auto all = two_jobs_interleaved(10);
    KeepRules keep;
    keep.daily = 3;
    auto kept = snapshots_to_keep(all, keep);
    CHECK(times_of(kept, "documents") == std::vector<std::string>{"2025-03-08T02", "2025-03-09T02", "2025-03-10T02"});
    CHECK(times_of(kept, "site") == std::vector<std::string>{"2025-03-08T03", "2025-03-09T03", "2025-03-10T03"});
}

TEST_CASE("keep rules with a job thin only that job's snapshots and keep every other") {
    ::setenv("TZ", "UTC", 1);
    ::tzset();
    auto all = two_jobs_interleaved(10);
    // and two ad hoc snapshots, kept too
    all.push_back(snap_at("2025-03-11T09:00:00.000000000Z", "", {"home/a"}));
    all.push_back(snap_at("2025-03-11T10:00:00.000000000Z", "", {"home/a"}));
    KeepRules keep;
    keep.last = 2;
    keep.job = "documents";
    auto kept = snapshots_to_keep(all, keep);
    CHECK(times_of(kept, "documents") == std::vector<std::string>{"2025-03-09T02", "2025-03-10T02"});
    CHECK(times_of(kept, "site").size() == 10);
    CHECK(times_of(kept, "").size() == 2);
    CHECK(kept.size() == 14);
    // the order is the input's
    for (std::size_t i = 1; i < kept.size(); ++i) CHECK(kept[i - 1].time < kept[i].time);

    keep.job = "nonexistent";
    CHECK(snapshots_to_keep(all, keep).size() == all.size());
}

TEST_CASE("keep rules count ad hoc snapshots within groups of the same paths") {
    std::vector<Snapshot> all;
    for (int d = 1; d <= 5; ++d) {
        std::string day = "2025-04-" + two_digits(d) + "T0";
        all.push_back(snap_at(std::string(day) + "1:00:00.000000000Z", "", {"srv/a"}));
        all.push_back(snap_at(std::string(day) + "2:00:00.000000000Z", "", {"srv/b"}));
        // the same paths in another order are the same group
        all.push_back(snap_at(std::string(day) + "3:00:00.000000000Z", "",
                              d % 2 ? std::vector<std::string>{"x", "y"} : std::vector<std::string>{"y", "x"}));
    }
    KeepRules keep;
    keep.last = 1;
    auto kept = snapshots_to_keep(all, keep);
    REQUIRE(kept.size() == 3);
    CHECK(kept[0].time == "2025-04-05T01:00:00.000000000Z");
    CHECK(kept[0].paths == std::vector<std::string>{"srv/a"});
    CHECK(kept[1].time == "2025-04-05T02:00:00.000000000Z");
    CHECK(kept[2].time == "2025-04-05T03:00:00.000000000Z");

    // an ad hoc run and a job of the same paths are separate groups
    all.push_back(snap_at("2025-04-06T01:00:00.000000000Z", "nightly", {"srv/a"}));
    kept = snapshots_to_keep(all, keep);
    REQUIRE(kept.size() == 4);
    CHECK(kept[0].time == "2025-04-05T01:00:00.000000000Z");
    CHECK(kept.back().job == "nightly");
}
