#include "netsec/store/filing_rows.hpp"

namespace netsec::store {
namespace {

constexpr const char* columns = "id, kind, system, number, site, level, graded_on, filed_on, assessed_on, assessor, "
                                "hosting, changed_on, note, retired_at, created_by, created_at, updated_at";

FilingRow read_row(const Statement& st) {
    FilingRow r;
    r.id = st.integer(0);
    r.kind = st.text(1);
    r.system = st.text(2);
    r.number = st.text(3);
    r.site = st.text(4);
    r.level = st.integer(5);
    r.graded_on = st.text(6);
    r.filed_on = st.text(7);
    r.assessed_on = st.text(8);
    r.assessor = st.text(9);
    r.hosting = st.text(10);
    r.changed_on = st.text(11);
    r.note = st.text(12);
    r.retired_at = st.text(13);
    r.created_by = st.text(14);
    r.created_at = st.text(15);
    r.updated_at = st.text(16);
    return r;
}

void bind_fields(Statement& st, const FilingRow& r) {
    st.bind(1, r.system).bind(2, r.number).bind(3, r.site).bind(4, r.level).bind(5, r.graded_on);
    st.bind(6, r.filed_on).bind(7, r.assessed_on).bind(8, r.assessor).bind(9, r.hosting).bind(10, r.changed_on);
    st.bind(11, r.note).bind(12, r.retired_at).bind(13, r.updated_at);
}

} // namespace

std::int64_t insert_filing(Transaction& tx, const FilingRow& r) {
    Statement st(tx.db(), "INSERT INTO filings (system, number, site, level, graded_on, filed_on, assessed_on, "
                          "assessor, hosting, changed_on, note, retired_at, updated_at, kind, created_by, "
                          "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)");
    bind_fields(st, r);
    st.bind(14, r.kind).bind(15, r.created_by).bind(16, r.created_at);
    st.run();
    return tx.db().last_insert_id();
}

void update_filing(Transaction& tx, const FilingRow& r) {
    Statement st(tx.db(), "UPDATE filings SET system = ?1, number = ?2, site = ?3, level = ?4, graded_on = ?5, "
                          "filed_on = ?6, assessed_on = ?7, assessor = ?8, hosting = ?9, changed_on = ?10, "
                          "note = ?11, retired_at = ?12, updated_at = ?13 WHERE id = ?14");
    bind_fields(st, r);
    st.bind(14, r.id);
    st.run();
}

std::optional<FilingRow> find_filing(Db& db, std::int64_t id) {
    std::string sql = std::string("SELECT ") + columns + " FROM filings WHERE id = ?";
    Statement st(db, sql.c_str());
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    return read_row(st);
}

std::vector<FilingRow> list_filings(Db& db, const FilingFilter& f) {
    std::string sql = std::string("SELECT ") + columns +
                      " FROM filings WHERE (?1 = '' OR kind = ?1) AND (?2 = 1 OR retired_at = '')"
                      " ORDER BY CASE kind WHEN 'icp' THEN 0 WHEN 'psb' THEN 1 ELSE 2 END, system, id";
    Statement st(db, sql.c_str());
    st.bind(1, f.kind).bind(2, std::int64_t(f.include_retired ? 1 : 0));
    std::vector<FilingRow> out;
    while (st.step()) out.push_back(read_row(st));
    return out;
}

} // namespace netsec::store
