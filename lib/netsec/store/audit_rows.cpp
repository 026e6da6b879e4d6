#include "netsec/store/audit_rows.hpp"

namespace netsec::store {
namespace {

constexpr const char* run_columns =
    "id, started_at, finished_at, operator, host, root, profile, checks, fail_on, counts, score, journal_head";

AuditRunRow read_run(const Statement& st) {
    AuditRunRow r;
    int i = 0;
    r.id = st.integer(i++);
    r.started_at = st.text(i++);
    r.finished_at = st.text(i++);
    r.operator_name = st.text(i++);
    r.host = st.text(i++);
    r.root = st.text(i++);
    r.profile = st.text(i++);
    r.checks = st.text(i++);
    r.fail_on = st.text(i++);
    r.counts = st.text(i++);
    if (!st.is_null(i)) r.score = st.integer(i);
    ++i;
    r.journal_head = st.text(i++);
    return r;
}

// last_fixed_at came with migration 7; a database opened read-only may predate it.
std::string finding_columns(Db& db) {
    return std::string("run_id, check_id, status, severity, title, title_zh, subject, detail, remediation, "
                       "remediation_zh, basis, evidence, exception, fingerprint, first_seen, checked_at, host, ") +
           (table_exists(db, "audit_ledger") ? "last_fixed_at" : "''");
}

AuditFindingRow read_finding(const Statement& st) {
    AuditFindingRow r;
    int i = 0;
    r.run_id = st.integer(i++);
    for (std::string* field : {&r.check_id, &r.status, &r.severity, &r.title, &r.title_zh, &r.subject, &r.detail,
                               &r.remediation, &r.remediation_zh, &r.basis, &r.evidence, &r.exception, &r.fingerprint,
                               &r.first_seen, &r.checked_at, &r.host, &r.last_fixed_at})
        *field = st.text(i++);
    return r;
}

} // namespace

std::int64_t next_audit_run_id(Transaction& tx) {
    Statement st(tx.db(), "SELECT coalesce(max(id), 0) + 1 FROM audit_runs");
    st.step();
    return st.integer(0);
}

void insert_audit_run(Transaction& tx, const AuditRunRow& r) {
    Statement st(tx.db(), "INSERT INTO audit_runs (id, started_at, finished_at, operator, host, root, profile, checks, "
                          "fail_on, counts, score, journal_head) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, r.id).bind(2, r.started_at).bind(3, r.finished_at).bind(4, r.operator_name).bind(5, r.host);
    st.bind(6, r.root).bind(7, r.profile).bind(8, r.checks).bind(9, r.fail_on).bind(10, r.counts);
    if (r.score)
        st.bind(11, *r.score);
    else
        st.bind_null(11);
    st.bind(12, r.journal_head);
    st.run();
}

void insert_audit_finding(Transaction& tx, const AuditFindingRow& r) {
    Statement st(tx.db(),
                 "INSERT INTO audit_findings (run_id, check_id, status, severity, title, title_zh, subject, "
                 "detail, remediation, remediation_zh, basis, evidence, exception, fingerprint, first_seen, "
                 "checked_at, host, last_fixed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, r.run_id);
    int i = 2;
    for (const std::string* field : {&r.check_id, &r.status, &r.severity, &r.title, &r.title_zh, &r.subject, &r.detail,
                                     &r.remediation, &r.remediation_zh, &r.basis, &r.evidence, &r.exception,
                                     &r.fingerprint, &r.first_seen, &r.checked_at, &r.host, &r.last_fixed_at})
        st.bind(i++, *field);
    st.run();
}

std::vector<AuditRunRow> list_audit_runs(Db& db, std::int64_t limit) {
    std::string sql =
        std::string("SELECT ") + run_columns + " FROM (SELECT * FROM audit_runs ORDER BY id DESC LIMIT ?) ORDER BY id";
    Statement st(db, sql.c_str());
    st.bind(1, limit > 0 ? limit : std::int64_t(-1));
    std::vector<AuditRunRow> out;
    while (st.step()) out.push_back(read_run(st));
    return out;
}

std::optional<AuditRunRow> find_audit_run(Db& db, std::int64_t id) {
    std::string sql = std::string("SELECT ") + run_columns + " FROM audit_runs WHERE id = ?";
    Statement st(db, sql.c_str());
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    return read_run(st);
}

std::vector<AuditFindingRow> findings_of_run(Db& db, std::int64_t id) {
    std::string sql =
        std::string("SELECT ") + finding_columns(db) + " FROM audit_findings WHERE run_id = ? ORDER BY rowid";
    Statement st(db, sql.c_str());
    st.bind(1, id);
    std::vector<AuditFindingRow> out;
    while (st.step()) out.push_back(read_finding(st));
    return out;
}

std::optional<AuditFindingRow> last_finding(Db& db, const std::string& fingerprint) {
    std::string sql = std::string("SELECT ") + finding_columns(db) +
                      " FROM audit_findings WHERE fingerprint = ? ORDER BY run_id DESC LIMIT 1";
    Statement st(db, sql.c_str());
    st.bind(1, fingerprint);
    if (!st.step()) return std::nullopt;
    return read_finding(st);
}

} // namespace netsec::store
