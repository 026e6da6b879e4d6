// The training tables: sessions (a drill is a session of kind drill), who attended, and a
// drill's steps. Rows are plain structs; times are RFC 3339 UTC text, dates YYYY-MM-DD local.
#pragma once
#include "netsec/store/db.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace netsec::store {

struct SessionRow {
    std::int64_t id = 0;
    std::string date, title, kind;
    double hours = 0;
    std::string trainer, audience, plan, note, went_wrong, lessons, finished_at;
    std::string created_by, created_at, updated_at;
};

struct SessionFilter {
    std::string from, to; // dates, both included; "" open-ended
    std::string kind;     // "" any
    std::string plan;     // "" any
};

struct AttendanceRow {
    std::int64_t session_id = 0;
    std::string username, signed_at, source; // source: hand, sheet, class
    std::int64_t line = 0;
};

struct DrillStepRow {
    std::int64_t session_id = 0;
    std::int64_t n = 0;
    std::string text, done_at, done_by, note;
};

// Inserts `row` (its id ignored) and returns the new id.
std::int64_t insert_session(Transaction& tx, const SessionRow& row);
// Writes every column of `row` but id, created_by and created_at.
void update_session(Transaction& tx, const SessionRow& row);
std::optional<SessionRow> find_session(Db& db, std::int64_t id);
// By date, then id.
std::vector<SessionRow> list_sessions(Db& db, const SessionFilter& filter);

// Inserts or, when the person is already recorded for the session, keeps the first record and
// returns false.
bool insert_attendance(Transaction& tx, const AttendanceRow& row);
// Of one session, or of every session when `session_id` is 0; by session, then username.
std::vector<AttendanceRow> attendance_of(Db& db, std::int64_t session_id);

void insert_drill_step(Transaction& tx, const DrillStepRow& row);
void update_drill_step(Transaction& tx, const DrillStepRow& row);
std::vector<DrillStepRow> drill_steps_of(Db& db, std::int64_t session_id);

} // namespace netsec::store
