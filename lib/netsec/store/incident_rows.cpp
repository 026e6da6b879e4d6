#include "netsec/store/incident_rows.hpp"

namespace netsec::store {
namespace {

constexpr const char* incident_columns =
    "id, year, number, category, subtype, grade, title, description, asset, account, discovered_at, opened_at, "
    "opened_by, assignee, report_due_at, report_missed, coalesce(police_due_at, ''), coalesce(rectify_by, ''), "
    "status, coalesce(closed_at, ''), resolution, lessons, fingerprint, source, title_zh, "
    "coalesce(voided_at, ''), void_reason, coalesce(duplicate_of, '')";

IncidentRow read_incident(const Statement& st) {
    IncidentRow r;
    int i = 0;
    r.id = st.text(i++);
    r.year = st.integer(i++);
    r.number = st.integer(i++);
    r.category = st.text(i++);
    r.subtype = st.text(i++);
    r.grade = st.text(i++);
    r.title = st.text(i++);
    r.description = st.text(i++);
    r.asset = st.text(i++);
    r.account = st.text(i++);
    r.discovered_at = st.text(i++);
    r.opened_at = st.text(i++);
    r.opened_by = st.text(i++);
    r.assignee = st.text(i++);
    r.report_due_at = st.text(i++);
    r.report_missed = st.integer(i++) != 0;
    r.police_due_at = st.text(i++);
    r.rectify_by = st.text(i++);
    r.status = st.text(i++);
    r.closed_at = st.text(i++);
    r.resolution = st.text(i++);
    r.lessons = st.text(i++);
    r.fingerprint = st.text(i++);
    r.source = st.text(i++);
    r.title_zh = st.text(i++);
    r.voided_at = st.text(i++);
    r.void_reason = st.text(i++);
    r.duplicate_of = st.text(i++);
    return r;
}

// Binds "" as NULL, for the optional time columns.
void bind_optional(Statement& st, int index, const std::string& value) {
    if (value.empty())
        st.bind_null(index);
    else
        st.bind(index, value);
}

std::string select_incidents(const char* where) {
    return std::string("SELECT ") + incident_columns + " FROM incidents " + where;
}

} // namespace

std::int64_t next_incident_number(Transaction& tx, std::int64_t year) {
    Statement st(tx.db(), "SELECT coalesce(max(number), 0) + 1 FROM incidents WHERE year = ?");
    st.bind(1, year);
    st.step();
    return st.integer(0);
}

void insert_incident(Transaction& tx, const IncidentRow& r) {
    Statement st(tx.db(),
                 "INSERT INTO incidents (id, year, number, category, subtype, grade, title, description, asset, "
                 "account, discovered_at, opened_at, opened_by, assignee, report_due_at, report_missed, "
                 "police_due_at, rectify_by, status, closed_at, resolution, lessons, fingerprint, source, title_zh) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, r.id).bind(2, r.year).bind(3, r.number).bind(4, r.category).bind(5, r.subtype).bind(6, r.grade);
    st.bind(7, r.title).bind(8, r.description).bind(9, r.asset).bind(10, r.account).bind(11, r.discovered_at);
    st.bind(12, r.opened_at).bind(13, r.opened_by).bind(14, r.assignee).bind(15, r.report_due_at);
    st.bind(16, std::int64_t(r.report_missed));
    bind_optional(st, 17, r.police_due_at);
    bind_optional(st, 18, r.rectify_by);
    st.bind(19, r.status);
    bind_optional(st, 20, r.closed_at);
    st.bind(21, r.resolution).bind(22, r.lessons).bind(23, r.fingerprint).bind(24, r.source).bind(25, r.title_zh);
    st.run();
}

void update_incident(Transaction& tx, const IncidentRow& r) {
    Statement st(tx.db(), "UPDATE incidents SET category = ?, subtype = ?, grade = ?, title = ?, description = ?, "
                          "asset = ?, account = ?, assignee = ?, report_due_at = ?, report_missed = ?, "
                          "police_due_at = ?, rectify_by = ?, status = ?, closed_at = ?, resolution = ?, lessons = ?, "
                          "voided_at = ?, void_reason = ?, duplicate_of = ? WHERE id = ?");
    st.bind(1, r.category).bind(2, r.subtype).bind(3, r.grade).bind(4, r.title).bind(5, r.description);
    st.bind(6, r.asset).bind(7, r.account).bind(8, r.assignee).bind(9, r.report_due_at);
    st.bind(10, std::int64_t(r.report_missed));
    bind_optional(st, 11, r.police_due_at);
    bind_optional(st, 12, r.rectify_by);
    st.bind(13, r.status);
    bind_optional(st, 14, r.closed_at);
    st.bind(15, r.resolution).bind(16, r.lessons);
    bind_optional(st, 17, r.voided_at);
    st.bind(18, r.void_reason);
    bind_optional(st, 19, r.duplicate_of);
    st.bind(20, r.id);
    st.run();
}

std::optional<IncidentRow> find_incident(Db& db, const std::string& id) {
    Statement st(db, select_incidents("WHERE id = ?").c_str());
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    return read_incident(st);
}

std::vector<IncidentRow> list_incidents(Db& db, const IncidentFilter& f) {
    Statement st(db, select_incidents("WHERE (?1 = 0 OR (status = 'open' AND voided_at IS NULL))"
                                      " AND (?2 = 0 OR year = ?2)"
                                      " AND (?3 = '' OR category = ?3) AND (?4 = '' OR grade = ?4)"
                                      " AND (?5 = '' OR discovered_at >= ?5) AND (?6 = '' OR discovered_at < ?6)"
                                      " AND (?7 = '' OR instr(lower(id || ' ' || title || ' ' || title_zh || ' ' ||"
                                      " description), lower(?7)) > 0)"
                                      " AND (?8 = '' OR asset = ?8)"
                                      " ORDER BY discovered_at, id")
                         .c_str());
    st.bind(1, std::int64_t(f.open_only)).bind(2, f.year).bind(3, f.category).bind(4, f.grade);
    st.bind(5, f.from).bind(6, f.to).bind(7, f.search).bind(8, f.asset);
    std::vector<IncidentRow> out;
    while (st.step()) out.push_back(read_incident(st));
    return out;
}

std::optional<IncidentRow> find_same_incident(Db& db, const std::string& category, const std::string& discovered_at,
                                              const std::string& title) {
    Statement st(
        db, select_incidents("WHERE category = ? AND discovered_at = ? AND title = ? ORDER BY id LIMIT 1").c_str());
    st.bind(1, category).bind(2, discovered_at).bind(3, title);
    if (!st.step()) return std::nullopt;
    return read_incident(st);
}

std::optional<IncidentRow> open_incident_with_fingerprint(Db& db, const std::string& fingerprint) {
    Statement st(db, select_incidents("WHERE fingerprint = ? AND status = 'open' LIMIT 1").c_str());
    st.bind(1, fingerprint);
    if (!st.step()) return std::nullopt;
    return read_incident(st);
}

std::optional<IncidentRow> latest_incident_with_fingerprint(Db& db, const std::string& fingerprint) {
    Statement st(
        db, select_incidents("WHERE fingerprint = ? ORDER BY opened_at DESC, year DESC, number DESC LIMIT 1").c_str());
    st.bind(1, fingerprint);
    if (!st.step()) return std::nullopt;
    return read_incident(st);
}

std::int64_t insert_report(Transaction& tx, const ReportRow& r) {
    Statement st(tx.db(), "INSERT INTO incident_reports (incident_id, recipient, channel, reference, reported_at, "
                          "recorded_by, recorded_at, role) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, r.incident_id).bind(2, r.recipient).bind(3, r.channel).bind(4, r.reference).bind(5, r.reported_at);
    st.bind(6, r.recorded_by).bind(7, r.recorded_at).bind(8, r.role);
    st.run();
    return tx.db().last_insert_id();
}

std::vector<ReportRow> reports_of(Db& db, const std::string& incident_id) {
    Statement st(db, "SELECT id, incident_id, recipient, channel, reference, reported_at, recorded_by, recorded_at, "
                     "role FROM incident_reports WHERE incident_id = ? ORDER BY reported_at, id");
    st.bind(1, incident_id);
    std::vector<ReportRow> out;
    while (st.step())
        out.push_back({st.integer(0), st.text(1), st.text(2), st.text(3), st.text(4), st.text(5), st.text(6),
                       st.text(7), st.text(8)});
    return out;
}

std::int64_t insert_timeline(Transaction& tx, const TimelineRow& r) {
    Statement st(tx.db(), "INSERT INTO incident_timeline (incident_id, at, actor, kind, text, corrects, details) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, r.incident_id).bind(2, r.at).bind(3, r.actor).bind(4, r.kind).bind(5, r.text);
    if (r.corrects)
        st.bind(6, *r.corrects);
    else
        st.bind_null(6);
    st.bind(7, r.details);
    st.run();
    return tx.db().last_insert_id();
}

namespace {
TimelineRow read_timeline(const Statement& st) {
    TimelineRow r;
    r.id = st.integer(0);
    r.incident_id = st.text(1);
    r.at = st.text(2);
    r.actor = st.text(3);
    r.kind = st.text(4);
    r.text = st.text(5);
    if (!st.is_null(6)) r.corrects = st.integer(6);
    r.details = st.text(7);
    return r;
}
constexpr const char* timeline_columns = "id, incident_id, at, actor, kind, text, corrects, details";
} // namespace

std::vector<TimelineRow> timeline_of(Db& db, const std::string& incident_id) {
    Statement st(
        db, (std::string("SELECT ") + timeline_columns + " FROM incident_timeline WHERE incident_id = ? ORDER BY id")
                .c_str());
    st.bind(1, incident_id);
    std::vector<TimelineRow> out;
    while (st.step()) out.push_back(read_timeline(st));
    return out;
}

std::optional<TimelineRow> find_timeline(Db& db, std::int64_t id) {
    Statement st(db, (std::string("SELECT ") + timeline_columns + " FROM incident_timeline WHERE id = ?").c_str());
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    return read_timeline(st);
}

void insert_step(Transaction& tx, const StepRow& r) {
    Statement st(tx.db(), "INSERT INTO incident_steps (incident_id, n, text, done_at, done_by, note) "
                          "VALUES (?, ?, ?, ?, ?, ?)");
    st.bind(1, r.incident_id).bind(2, r.n).bind(3, r.text);
    bind_optional(st, 4, r.done_at);
    st.bind(5, r.done_by).bind(6, r.note);
    st.run();
}

void update_step(Transaction& tx, const StepRow& r) {
    Statement st(tx.db(),
                 "UPDATE incident_steps SET done_at = ?, done_by = ?, note = ? WHERE incident_id = ? AND n = ?");
    bind_optional(st, 1, r.done_at);
    st.bind(2, r.done_by).bind(3, r.note).bind(4, r.incident_id).bind(5, r.n);
    st.run();
}

std::vector<StepRow> steps_of(Db& db, const std::string& incident_id) {
    Statement st(db, "SELECT incident_id, n, text, coalesce(done_at, ''), done_by, note FROM incident_steps "
                     "WHERE incident_id = ? ORDER BY n");
    st.bind(1, incident_id);
    std::vector<StepRow> out;
    while (st.step()) out.push_back({st.text(0), st.integer(1), st.text(2), st.text(3), st.text(4), st.text(5)});
    return out;
}

} // namespace netsec::store
