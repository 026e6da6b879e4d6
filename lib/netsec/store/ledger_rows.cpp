#include "netsec/store/ledger_rows.hpp"

namespace netsec::store {
namespace {

constexpr const char* columns =
    "fingerprint, check_id, subject, severity, title, title_zh, state, first_seen_at, last_seen_at, fixed_at, "
    "reopened_at, last_fixed_at, times_fixed, times_reopened, owner, plan, due_at, run_id";

LedgerRow read_row(const Statement& st) {
    LedgerRow r;
    int i = 0;
    for (std::string* field : {&r.fingerprint, &r.check_id, &r.subject, &r.severity, &r.title, &r.title_zh, &r.state,
                               &r.first_seen_at, &r.last_seen_at, &r.fixed_at, &r.reopened_at, &r.last_fixed_at})
        *field = st.text(i++);
    r.times_fixed = st.integer(i++);
    r.times_reopened = st.integer(i++);
    for (std::string* field : {&r.owner, &r.plan, &r.due_at}) *field = st.text(i++);
    r.run_id = st.integer(i++);
    return r;
}

} // namespace

bool has_ledger(Db& db) { return table_exists(db, "audit_ledger"); }

std::vector<LedgerRow> list_ledger(Db& db, const LedgerFilter& f) {
    std::vector<LedgerRow> out;
    if (!has_ledger(db)) return out;
    std::string sql = std::string("SELECT ") + columns +
                      " FROM audit_ledger WHERE (?1 = '' OR state = ?1) AND (?2 = '' OR check_id = ?2)"
                      " ORDER BY check_id, subject";
    Statement st(db, sql.c_str());
    st.bind(1, f.state).bind(2, f.check_id);
    while (st.step()) out.push_back(read_row(st));
    return out;
}

std::optional<LedgerRow> find_ledger_row(Db& db, const std::string& fingerprint) {
    if (!has_ledger(db)) return std::nullopt;
    std::string sql = std::string("SELECT ") + columns + " FROM audit_ledger WHERE fingerprint = ?";
    Statement st(db, sql.c_str());
    st.bind(1, fingerprint);
    if (!st.step()) return std::nullopt;
    return read_row(st);
}

void put_ledger_row(Transaction& tx, const LedgerRow& r) {
    std::string sql = std::string("INSERT OR REPLACE INTO audit_ledger (") + columns +
                      ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    Statement st(tx.db(), sql.c_str());
    int i = 1;
    for (const std::string* field :
         {&r.fingerprint, &r.check_id, &r.subject, &r.severity, &r.title, &r.title_zh, &r.state, &r.first_seen_at,
          &r.last_seen_at, &r.fixed_at, &r.reopened_at, &r.last_fixed_at})
        st.bind(i++, *field);
    st.bind(i++, r.times_fixed);
    st.bind(i++, r.times_reopened);
    for (const std::string* field : {&r.owner, &r.plan, &r.due_at}) st.bind(i++, *field);
    st.bind(i++, r.run_id);
    st.run();
}

} // namespace netsec::store
