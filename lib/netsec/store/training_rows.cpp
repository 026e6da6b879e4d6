#include "netsec/store/training_rows.hpp"

namespace netsec::store {
namespace {

constexpr const char* session_columns = "id, date, title, kind, hours, trainer, audience, plan, note, went_wrong, "
                                        "lessons, finished_at, created_by, created_at, updated_at";

SessionRow session_of(Statement& st) {
    SessionRow r;
    r.id = st.integer(0);
    r.date = st.text(1);
    r.title = st.text(2);
    r.kind = st.text(3);
    r.hours = st.real(4);
    r.trainer = st.text(5);
    r.audience = st.text(6);
    r.plan = st.text(7);
    r.note = st.text(8);
    r.went_wrong = st.text(9);
    r.lessons = st.text(10);
    r.finished_at = st.text(11);
    r.created_by = st.text(12);
    r.created_at = st.text(13);
    r.updated_at = st.text(14);
    return r;
}

} // namespace

std::int64_t insert_session(Transaction& tx, const SessionRow& r) {
    Statement st(tx.db(), "INSERT INTO training_sessions (date, title, kind, hours, trainer, audience, plan, note, "
                          "went_wrong, lessons, finished_at, created_by, created_at, updated_at) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, r.date).bind(2, r.title).bind(3, r.kind).bind_real(4, r.hours).bind(5, r.trainer);
    st.bind(6, r.audience).bind(7, r.plan).bind(8, r.note).bind(9, r.went_wrong).bind(10, r.lessons);
    st.bind(11, r.finished_at).bind(12, r.created_by).bind(13, r.created_at).bind(14, r.updated_at);
    st.run();
    return tx.db().last_insert_id();
}

void update_session(Transaction& tx, const SessionRow& r) {
    Statement st(tx.db(), "UPDATE training_sessions SET date = ?, title = ?, kind = ?, hours = ?, trainer = ?, "
                          "audience = ?, plan = ?, note = ?, went_wrong = ?, lessons = ?, finished_at = ?, "
                          "updated_at = ? WHERE id = ?");
    st.bind(1, r.date).bind(2, r.title).bind(3, r.kind).bind_real(4, r.hours).bind(5, r.trainer);
    st.bind(6, r.audience).bind(7, r.plan).bind(8, r.note).bind(9, r.went_wrong).bind(10, r.lessons);
    st.bind(11, r.finished_at).bind(12, r.updated_at).bind(13, r.id);
    st.run();
}

std::optional<SessionRow> find_session(Db& db, std::int64_t id) {
    std::string sql = std::string("SELECT ") + session_columns + " FROM training_sessions WHERE id = ?";
    Statement st(db, sql.c_str());
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    return session_of(st);
}

std::vector<SessionRow> list_sessions(Db& db, const SessionFilter& f) {
    std::string sql = std::string("SELECT ") + session_columns +
                      " FROM training_sessions WHERE (?1 = '' OR date >= ?1) AND (?2 = '' OR date <= ?2) "
                      "AND (?3 = '' OR kind = ?3) AND (?4 = '' OR plan = ?4) ORDER BY date, id";
    Statement st(db, sql.c_str());
    st.bind(1, f.from).bind(2, f.to).bind(3, f.kind).bind(4, f.plan);
    std::vector<SessionRow> out;
    while (st.step()) out.push_back(session_of(st));
    return out;
}

bool insert_attendance(Transaction& tx, const AttendanceRow& r) {
    Statement st(tx.db(), "INSERT OR IGNORE INTO training_attendance (session_id, username, signed_at, source, line) "
                          "VALUES (?, ?, ?, ?, ?)");
    st.bind(1, r.session_id).bind(2, r.username).bind(3, r.signed_at).bind(4, r.source).bind(5, r.line);
    st.run();
    return tx.db().changes() > 0;
}

std::vector<AttendanceRow> attendance_of(Db& db, std::int64_t session_id) {
    Statement st(db, "SELECT session_id, username, signed_at, source, line FROM training_attendance "
                     "WHERE ?1 = 0 OR session_id = ?1 ORDER BY session_id, username");
    st.bind(1, session_id);
    std::vector<AttendanceRow> out;
    while (st.step()) out.push_back({st.integer(0), st.text(1), st.text(2), st.text(3), st.integer(4)});
    return out;
}

void insert_drill_step(Transaction& tx, const DrillStepRow& r) {
    Statement st(tx.db(), "INSERT INTO drill_steps (session_id, n, text, done_at, done_by, note) "
                          "VALUES (?, ?, ?, ?, ?, ?)");
    st.bind(1, r.session_id).bind(2, r.n).bind(3, r.text).bind(4, r.done_at).bind(5, r.done_by).bind(6, r.note);
    st.run();
}

void update_drill_step(Transaction& tx, const DrillStepRow& r) {
    Statement st(tx.db(), "UPDATE drill_steps SET text = ?, done_at = ?, done_by = ?, note = ? "
                          "WHERE session_id = ? AND n = ?");
    st.bind(1, r.text).bind(2, r.done_at).bind(3, r.done_by).bind(4, r.note).bind(5, r.session_id).bind(6, r.n);
    st.run();
}

std::vector<DrillStepRow> drill_steps_of(Db& db, std::int64_t session_id) {
    Statement st(db, "SELECT session_id, n, text, done_at, done_by, note FROM drill_steps WHERE session_id = ? "
                     "ORDER BY n");
    st.bind(1, session_id);
    std::vector<DrillStepRow> out;
    while (st.step()) out.push_back({st.integer(0), st.integer(1), st.text(2), st.text(3), st.text(4), st.text(5)});
    return out;
}

} // namespace netsec::store
