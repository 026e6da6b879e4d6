// Which jobs, destinations and snapshots a netsec-backup command works on
// (backup/job_selection.hpp).
#include "netsec/backup/job_selection.hpp"
#include "netsec/core/error.hpp"
#include "testutil.hpp"

#include <doctest/doctest.h>
#include <filesystem>

using namespace netsec;
using namespace netsec::backup;
using netsec::test::TempDir;

namespace {

policy::BackupJob a_job(const std::string& name, const std::vector<std::string>& destinations) {
    policy::BackupJob job;
    job.name = name;
    job.destinations = destinations;
    job.schedule = std::chrono::hours(24);
    return job;
}

policy::Policy with_jobs(std::vector<policy::BackupJob> jobs) {
    policy::Policy p;
    p.file = "/etc/netsec/policy.yaml";
    p.backup.jobs = std::move(jobs);
    return p;
}

std::string error_of(const std::function<void()>& f, Exit& code) {
    try {
        f();
    } catch (const Error& e) {
        code = e.code();
        return e.what();
    }
    return "";
}

// Two jobs sharing the destination `a`, "site" also writing into `b`; each job run once (site's
// run copies `a` whole into `b`, the snapshot of docs too).
struct Destinations {
    TempDir tmp;
    store::Db db{tmp.file("netsec.db"), store::Access::read_write};
    std::string a = tmp.file("disk-a/backup"), b = tmp.file("disk-b/backup");
    policy::Policy policy;
    Destinations() {
        std::filesystem::create_directories(tmp.file("disk-a"));
        std::filesystem::create_directories(tmp.file("disk-b"));
        auto docs = a_job("docs", {a});
        auto site = a_job("site", {a, b});
        for (auto* job : {&docs, &site}) {
            std::string src = tmp.file("src-" + job->name);
            std::filesystem::create_directories(src);
            test::write(src + "/f", job->name);
            job->sources = {src};
        }
        policy = with_jobs({docs, site});
        for (const auto& job : policy.backup.jobs) {
            JobContext ctx;
            ctx.db = &db;
            ctx.origin = {"alice", "host1", "netsec-backup"};
            ctx.now = timeutil::now();
            ctx.lock_wait = 0;
            ctx.warn = [](const std::string&) {};
            REQUIRE(run_job(job, ctx).exit == 0);
        }
    }
};

} // namespace

TEST_CASE("job selection: the jobs named, each once, or all; a policy without jobs and an unknown job refused") {
    auto p = with_jobs({a_job("docs", {"/a"}), a_job("site", {"/a", "/b"})});
    auto all = select_jobs(p, {});
    REQUIRE(all.size() == 2);
    CHECK(all[0]->name == "docs");
    auto named = select_jobs(p, {"site", "docs", "site"});
    REQUIRE(named.size() == 2);
    CHECK(named[0]->name == "site");

    Exit code{};
    CHECK(error_of([&] { select_jobs(p, {"mail"}); }, code) ==
          "the policy has no backup job 'mail' (its jobs: docs, site)");
    CHECK(code == Exit::usage);
    CHECK(error_of([&] { select_jobs(with_jobs({}), {}); }, code) ==
          "the policy '/etc/netsec/policy.yaml' has no backup jobs: add them under 'backup: jobs:' (see "
          "netsec-policy(5)), or give --repo DIR");
    CHECK(code == Exit::config);
}

TEST_CASE("job selection: each destination once, with the first job writing there; --destination narrows") {
    auto p = with_jobs({a_job("docs", {"/a"}), a_job("site", {"/a", "/b"})});
    auto jobs = select_jobs(p, {});
    auto all = destinations_of(jobs, "");
    REQUIRE(all.size() == 2);
    CHECK(all[0].dir == "/a");
    CHECK(all[0].job->name == "docs");
    CHECK(all[1].dir == "/b");
    CHECK(all[1].job->name == "site");
    auto only = destinations_of(jobs, "/b");
    REQUIRE(only.size() == 1);
    CHECK(only[0].job->name == "site");
    Exit code{};
    CHECK(error_of([&] { destinations_of(select_jobs(p, {"docs"}), "/b"); }, code) ==
          "'/b' is not a destination of the jobs asked for");
    CHECK(code == Exit::usage);
}

TEST_CASE("job selection: the snapshots of the jobs with each destination holding them") {
    Destinations d;
    auto all = snapshot_copies(d.policy, "", "", {});
    REQUIRE(all.size() == 2);
    CHECK(all[0].snapshot.job == "docs");
    CHECK(all[0].destinations == std::vector<std::string>{d.a, d.b});
    CHECK(all[1].snapshot.job == "site");
    CHECK(all[1].destinations == std::vector<std::string>{d.a, d.b});

    auto site = snapshot_copies(d.policy, "site", d.b, {});
    REQUIRE(site.size() == 1);
    CHECK(site[0].destinations == std::vector<std::string>{d.b});

    std::filesystem::rename(d.b, d.tmp.file("disk-b/moved"));
    std::vector<std::string> skipped;
    auto left = snapshot_copies(d.policy, "site", "", [&](const std::string& m) { skipped.push_back(m); });
    REQUIRE(left.size() == 1);
    CHECK(left[0].destinations == std::vector<std::string>{d.a});
    CHECK(skipped == std::vector<std::string>{"'" + d.b + "' holds no repository (is its disk mounted?)"});
}

TEST_CASE("job selection: the first destination holding the snapshots; 'latest' of a job is its newest") {
    Destinations d;
    auto l = locate_snapshots(d.policy, "site", "", {"latest"});
    CHECK(l.dir == d.a);
    CHECK(l.job->name == "site");
    REQUIRE(l.snapshots.size() == 1);
    CHECK(l.snapshots[0].job == "site");

    auto docs = locate_snapshots(d.policy, "docs", "", {"latest"});
    CHECK(docs.snapshots[0].job == "docs");
    auto in_b = locate_snapshots(d.policy, "", d.b, {short_id(l.snapshots[0].id)});
    CHECK(in_b.dir == d.b);

    Exit code{};
    CHECK(error_of([&] { locate_snapshots(d.policy, "", d.b, {"ffffffff"}); }, code).starts_with(d.b + ": "));
    CHECK(code == Exit::no_input);

    auto none = with_jobs({a_job("docs", {d.tmp.file("disk-c/backup")})});
    CHECK(error_of([&] { locate_snapshots(none, "", "", {"latest"}); }, code) ==
          "'" + d.tmp.file("disk-c/backup") + "' holds no repository (is its disk mounted?)");
    CHECK(code == Exit::no_input);

    Repository repo(d.a, [] { return std::string(); });
    CHECK(find_snapshot_of(repo, "latest", "docs").job == "docs");
    CHECK(snapshots_of_job(repo, "").size() == 2);
    auto of_docs = snapshots_of_job(repo, "docs");
    REQUIRE(of_docs.size() == 1);
    CHECK(of_docs[0].job == "docs");
    CHECK(snapshots_of_job(repo, "mail").empty());
    CHECK(error_of([&] { find_snapshot_of(repo, "latest", "mail"); }, code) == "no snapshot of job 'mail' yet");
}
