// What the account registry's unit tests share: the operator, the time, the school and
// short ways to write an account request, a roster row and the journal's length.
#pragma once
#include "netsec/account/account.hpp"
#include "netsec/store/journal_rows.hpp"
#include "school_fixture.hpp"

// `using namespace netsec::test::accounts;` brings them in under short names.
namespace netsec::test::accounts {

using Fixture = School;

inline const journal::Origin origin{"alice", "host", "netsec-account"};
inline const timeutil::Instant t0 = timeutil::parse_time("2026-09-01T08:00:00Z", "UTC");

// A pupil of `cls` (no grade), with `student_no` when given.
inline account::NewAccount pupil(const std::string& user, const std::string& name, const std::string& cls,
                                 const std::string& student_no = "") {
    account::NewAccount a{user, name, "pupil", "", cls, "", "", ""};
    a.student_no = student_no;
    return a;
}

inline io::Record row(std::size_t line, nlohmann::ordered_json fields) { return {line, std::move(fields)}; }

inline std::size_t journal_count(store::Db& db) { return store::journal_rows(db, {}).size(); }

} // namespace netsec::test::accounts
