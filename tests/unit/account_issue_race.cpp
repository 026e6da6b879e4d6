// Issuing and importing decide inside the transaction that writes: what another run committed
// between the reading and the writing is seen, and a password nobody was given is never kept.
#include "netsec/account/account.hpp"
#include "netsec/account/issue.hpp"
#include "netsec/account/roster.hpp"
#include "netsec/core/error.hpp"
#include "netsec/store/journal_rows.hpp"
#include "school_fixture.hpp"

#include <chrono>
#include <doctest/doctest.h>
#include <memory>
#include <thread>

using namespace netsec;
using namespace netsec::account;

namespace {

const journal::Origin origin{"alice", "host", "netsec-account"};
const Instant t0 = timeutil::parse_time("2026-09-01T08:00:00Z", "UTC");

struct Fixture : test::School {
    Fixture() {
        add_account(db, policy, origin, {"s1", "王", "pupil", "", "2020级3班", "", "", ""}, t0);
        add_account(db, policy, origin, {"s2", "李", "pupil", "", "2020级3班", "", "", ""}, t0);
    }
    std::vector<Account> both() { return {get_account(db, "s1"), get_account(db, "s2")}; }
    std::string hash_of(const std::string& user) { return store::find_account_with_hash(db, user)->hash; }
};

std::size_t journal_count(store::Db& db) { return store::journal_rows(db, {}).size(); }

Exit code_of(const std::function<void()>& f, std::string* message = nullptr) {
    try {
        f();
    } catch (const Error& e) {
        if (message) *message = e.what();
        return e.code();
    }
    return Exit::ok;
}

} // namespace

TEST_CASE("two issues prepared at once: the one that commits second stores nothing and hands out nothing (65)") {
    Fixture f;
    auto first = prepare_issue(f.db, f.policy, f.both(), IssueMode::issue, 1);
    auto second = prepare_issue(f.db, f.policy, f.both(), IssueMode::issue, 1); // both found no password
    commit_issue(f.db, origin, first, IssueMode::issue, t0);
    std::size_t entries = journal_count(f.db);
    bool delivered = false;
    std::string message;
    CHECK(code_of([&] { commit_issue(f.db, origin, second, IssueMode::issue, t0, [&] { delivered = true; }); },
                  &message) == Exit::data);
    CHECK(message == "account 's1' was given a password meanwhile, by another issue or reset; nothing was issued");
    CHECK(!delivered);
    CHECK(journal_count(f.db) == entries);
    CHECK(verify_password(first[0].password, f.hash_of("s1")));
    CHECK(verify_password(first[1].password, f.hash_of("s2")));
}

TEST_CASE("two resets prepared at once: the one that commits second stores nothing (75)") {
    Fixture f;
    commit_issue(f.db, origin, prepare_issue(f.db, f.policy, f.both(), IssueMode::issue, 1), IssueMode::issue, t0);
    auto first = prepare_issue(f.db, f.policy, f.both(), IssueMode::reset, 1);
    auto second = prepare_issue(f.db, f.policy, f.both(), IssueMode::reset, 1);
    commit_issue(f.db, origin, first, IssueMode::reset, t0);
    bool delivered = false;
    CHECK(code_of([&] { commit_issue(f.db, origin, second, IssueMode::reset, t0, [&] { delivered = true; }); }) ==
          Exit::temp_fail);
    CHECK(!delivered);
    CHECK(verify_password(first[0].password, f.hash_of("s1")));
    // Run again, it reads the password now in place and goes through.
    auto again = prepare_issue(f.db, f.policy, f.both(), IssueMode::reset, 1);
    commit_issue(f.db, origin, again, IssueMode::reset, t0);
    CHECK(verify_password(again[1].password, f.hash_of("s2")));
}

TEST_CASE("an account archived between prepare and commit is issued nothing") {
    Fixture f;
    auto issued = prepare_issue(f.db, f.policy, f.both(), IssueMode::issue, 1);
    change_status(f.db, origin, {get_account(f.db, "s2")}, "archived", "left", t0);
    CHECK(code_of([&] { commit_issue(f.db, origin, issued, IssueMode::issue, t0); }) == Exit::data);
    CHECK(f.hash_of("s1").empty());
}

TEST_CASE("when handing out the passwords fails, nothing is stored or journaled, and issue works again") {
    Fixture f;
    auto issued = prepare_issue(f.db, f.policy, f.both(), IssueMode::issue, 1);
    std::size_t entries = journal_count(f.db);
    CHECK(code_of([&] {
              commit_issue(f.db, origin, issued, IssueMode::issue, t0,
                           [] { throw Error(Exit::io, "cannot write to standard output: No space left on device"); });
          }) == Exit::io);
    CHECK(get_account(f.db, "s1").issued_at.empty());
    CHECK(f.hash_of("s1").empty());
    CHECK(journal_count(f.db) == entries);
    auto again = prepare_issue(f.db, f.policy, f.both(), IssueMode::issue, 1);
    commit_issue(f.db, origin, again, IssueMode::issue, t0);
    CHECK(verify_password(again[0].password, f.hash_of("s1")));
}

TEST_CASE("the passwords are handed out before the commit: while they are, no other connection sees them stored") {
    Fixture f;
    store::Db other{f.db_file(), store::Access::read_only};
    auto issued = prepare_issue(f.db, f.policy, f.both(), IssueMode::issue, 1);
    bool delivered = false;
    commit_issue(f.db, origin, issued, IssueMode::issue, t0, [&] {
        delivered = true;
        CHECK(store::find_account_with_hash(other, "s1")->hash.empty());
    });
    CHECK(delivered);
    CHECK(verify_password(issued[0].password, store::find_account_with_hash(other, "s1")->hash));
}

TEST_CASE("an import chooses pupils' usernames inside its transaction: one taken meanwhile is not chosen again") {
    Fixture f;
    RosterOptions o;
    o.kind = "pupil";
    std::vector<io::Record> rows = {{2, {{"name", "王芳"}, {"grade", "2021级"}, {"class", "2021级1班"}}}};
    o.dry_run = true;
    std::string wanted = import_roster(f.db, f.policy, origin, rows, "r.csv", o, t0).accounts.at(0).username;
    o.dry_run = false;
    // Another process holds the write lock and adds that username while the import waits.
    store::Db other{f.db_file(), store::Access::read_write};
    auto hold = std::make_unique<store::Transaction>(other);
    std::string error;
    RosterResult result;
    std::thread import([&] {
        try {
            result = import_roster(f.db, f.policy, origin, rows, "r.csv", o, t0);
        } catch (const Error& e) {
            error = e.what();
        }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(200)); // lets the import reach the lock (not needed to pass)
    add_account(other, f.policy, origin, {wanted, "另一个", "pupil", "2021级", "2021级1班", "", "", ""}, t0);
    hold->commit();
    import.join();
    CHECK(error == "");
    REQUIRE(result.accounts.size() == 1);
    CHECK(result.accounts[0].username != wanted);
    CHECK(get_account(f.db, result.accounts[0].username).full_name == "王芳");
}
