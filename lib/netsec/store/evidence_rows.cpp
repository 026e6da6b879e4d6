#include "netsec/store/evidence_rows.hpp"

namespace netsec::store {
namespace {

EvidenceRow row_of(Statement& st) {
    return {st.integer(0), st.text(1), st.text(2), st.text(3), st.text(4), st.integer(5), st.text(6), st.text(7)};
}

} // namespace

std::int64_t insert_evidence(Transaction& tx, const EvidenceRow& r) {
    Statement st(tx.db(), "INSERT INTO evidence (owner, name, stored, sha256, size, added_by, added_at) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, r.owner).bind(2, r.name).bind(3, r.stored).bind(4, r.sha256).bind(5, r.size);
    st.bind(6, r.added_by).bind(7, r.added_at);
    st.run();
    return tx.db().last_insert_id();
}

void set_evidence_stored(Transaction& tx, std::int64_t id, const std::string& stored) {
    Statement st(tx.db(), "UPDATE evidence SET stored = ? WHERE id = ?");
    st.bind(1, stored).bind(2, id);
    st.run();
}

std::vector<EvidenceRow> evidence_of(Db& db, const std::string& owner, const std::string& prefix) {
    Statement st(db, "SELECT id, owner, name, stored, sha256, size, added_by, added_at FROM evidence "
                     "WHERE (?1 = '' OR owner = ?1) AND substr(owner, 1, length(?2)) = ?2 ORDER BY owner, id");
    st.bind(1, owner).bind(2, prefix);
    std::vector<EvidenceRow> out;
    while (st.step()) out.push_back(row_of(st));
    return out;
}

std::optional<EvidenceRow> find_evidence(Db& db, std::int64_t id) {
    Statement st(db, "SELECT id, owner, name, stored, sha256, size, added_by, added_at FROM evidence WHERE id = ?");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    return row_of(st);
}

} // namespace netsec::store
