// Who attended a training session: named by hand (`attend add`), or read from the sign-in
// sheet the session's attendees signed (`attend import`, signin.hpp), each matched to one
// account of the registry. All or nothing, in the two phases of journal/import.hpp.
//
// Decisions:
// - A sheet's row is matched by its 工号 first: the account whose student_no holds it (the
//   registry's one number of a person: a pupil's 学号, a teacher's 工号), else the account of
//   that username (schools that log in by 工号); then by its 用户名 column; then by its 姓名,
//   exactly, among staff for staff training, drills and courses, among pupils for a pupil
//   lesson, among all for a campaign (a teacher and a pupil of one name are common). A row
//   whose 工号 and 姓名 name two different people is refused.
// - Two accounts of one name, and a row naming neither apart, is an error naming both accounts:
//   never a guess. One account signing on two lines is an error naming both lines (two people
//   of one name, and only one in the registry).
// - A person not in the account registry is an error (exit 65 in a sheet, 66 by hand).
// - A time without a date is on the session's day, in the school's zone; a date other than
//   the session's day is refused: the sheet is another session's.
// - Someone already recorded for the session is left as recorded ("unchanged"), so a sheet
//   imported twice writes nothing the second time.
#pragma once
#include "netsec/core/time.hpp"
#include "netsec/io/selection.hpp"
#include "netsec/journal/journal.hpp"
#include "netsec/policy/policy.hpp"
#include "netsec/store/db.hpp"
#include "netsec/training/signin.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace netsec::training {

struct Attended {
    std::size_t line = 0; // the sheet's line, 0 by hand
    std::string username, full_name;
    std::string signed_at; // RFC 3339 UTC, "" unknown
    std::string source;    // hand, sheet
    std::string action;    // added, unchanged
};

struct AttendResult {
    std::int64_t session_id = 0;
    std::vector<Attended> rows;
    std::vector<std::string> ignored; // a sheet's header cells no column names
    std::size_t count(const std::string& action) const;
};

// Records the accounts `selection` names (usernames, or records keyed by username read from
// standard input) as attendees of `session`. Throws Error(no_input) for an unknown session or
// listing every name not in the account registry, nothing written.
AttendResult add_attendees(store::Db& db, const journal::Origin& origin, const std::string& session,
                           const io::Selection& selection, timeutil::Instant now);

struct SheetOptions {
    SheetEncoding encoding = SheetEncoding::automatic;
    bool dry_run = false;
};

// Imports the sign-in sheet `bytes`, named `source` in problems, into `session`. Throws
// Error(no_input) for an unknown session and Error(data) listing every bad row as source:line
// (nothing written).
AttendResult import_sheet(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                          const std::string& session, std::string_view bytes, const std::string& source,
                          const SheetOptions& options, timeutil::Instant now);

} // namespace netsec::training
