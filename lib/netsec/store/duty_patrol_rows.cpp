#include "netsec/store/duty_patrol_rows.hpp"

namespace netsec::store {
namespace {

constexpr const char* columns = "id, url, fetched_at, status, size, sha256, title, changed, prohibited, "
                                "numbers_shown, missing_numbers, error, evidence_id, incident_id, by_user";

PatrolRow read_row(const Statement& st) {
    PatrolRow r;
    r.id = st.integer(0);
    r.url = st.text(1);
    r.fetched_at = st.text(2);
    if (!st.is_null(3)) r.status = st.integer(3);
    r.size = st.integer(4);
    r.sha256 = st.text(5);
    r.title = st.text(6);
    r.changed = st.integer(7) != 0;
    r.prohibited = st.text(8);
    r.numbers_shown = st.text(9);
    r.missing_numbers = st.text(10);
    r.error = st.text(11);
    if (!st.is_null(12)) r.evidence_id = st.integer(12);
    r.incident_id = st.text(13);
    r.by_user = st.text(14);
    return r;
}

std::optional<PatrolRow> one(Statement& st) {
    if (!st.step()) return std::nullopt;
    return read_row(st);
}

} // namespace

std::int64_t insert_patrol(Transaction& tx, const PatrolRow& r) {
    Statement st(tx.db(), "INSERT INTO patrols (url, fetched_at, status, size, sha256, title, changed, prohibited, "
                          "numbers_shown, missing_numbers, error, evidence_id, incident_id, by_user) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, r.url).bind(2, r.fetched_at);
    if (r.status)
        st.bind(3, *r.status);
    else
        st.bind_null(3);
    st.bind(4, r.size).bind(5, r.sha256).bind(6, r.title).bind(7, std::int64_t(r.changed ? 1 : 0));
    st.bind(8, r.prohibited).bind(9, r.numbers_shown).bind(10, r.missing_numbers).bind(11, r.error);
    if (r.evidence_id)
        st.bind(12, *r.evidence_id);
    else
        st.bind_null(12);
    st.bind(13, r.incident_id).bind(14, r.by_user);
    st.run();
    return tx.db().last_insert_id();
}

void set_patrol_evidence(Transaction& tx, std::int64_t id, std::int64_t evidence_id) {
    Statement st(tx.db(), "UPDATE patrols SET evidence_id = ? WHERE id = ?");
    st.bind(1, evidence_id).bind(2, id);
    st.run();
}

void set_patrol_incident(Transaction& tx, std::int64_t id, const std::string& incident_id) {
    Statement st(tx.db(), "UPDATE patrols SET incident_id = ? WHERE id = ?");
    st.bind(1, incident_id).bind(2, id);
    st.run();
}

std::optional<PatrolRow> find_patrol(Db& db, std::int64_t id) {
    std::string sql = std::string("SELECT ") + columns + " FROM patrols WHERE id = ?";
    Statement st(db, sql.c_str());
    st.bind(1, id);
    return one(st);
}

std::optional<PatrolRow> last_fetched_patrol(Db& db, const std::string& url) {
    std::string sql = std::string("SELECT ") + columns +
                      " FROM patrols WHERE url = ? AND error = '' ORDER BY fetched_at DESC, id DESC LIMIT 1";
    Statement st(db, sql.c_str());
    st.bind(1, url);
    return one(st);
}

std::optional<PatrolRow> latest_patrol(Db& db) {
    std::string sql = std::string("SELECT ") + columns + " FROM patrols ORDER BY fetched_at DESC, id DESC LIMIT 1";
    Statement st(db, sql.c_str());
    return one(st);
}

std::vector<PatrolRow> list_patrols(Db& db, const std::string& since, const std::string& until) {
    std::string sql = std::string("SELECT ") + columns +
                      " FROM patrols WHERE (?1 = '' OR fetched_at >= ?1) AND (?2 = '' OR fetched_at < ?2)"
                      " ORDER BY fetched_at, id";
    Statement st(db, sql.c_str());
    st.bind(1, since).bind(2, until);
    std::vector<PatrolRow> out;
    while (st.step()) out.push_back(read_row(st));
    return out;
}

} // namespace netsec::store
