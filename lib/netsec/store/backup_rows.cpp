#include "netsec/store/backup_rows.hpp"

namespace netsec::store {
namespace {

constexpr const char* columns =
    "id, job, destination, operation, read_data, started_at, finished_at, result, snapshot, "
    "files, bytes, bytes_read, bytes_added, duration_ms, message, operator, host";

BackupRunRow read_run(const Statement& st) {
    BackupRunRow r;
    r.id = st.integer(0);
    r.job = st.text(1);
    r.destination = st.text(2);
    r.operation = st.text(3);
    r.read_data = st.integer(4) != 0;
    r.started_at = st.text(5);
    r.finished_at = st.text(6);
    r.result = st.text(7);
    r.snapshot = st.text(8);
    r.files = st.integer(9);
    r.bytes = st.integer(10);
    r.bytes_read = st.integer(11);
    r.bytes_added = st.integer(12);
    r.duration_ms = st.integer(13);
    r.message = st.text(14);
    r.operator_name = st.text(15);
    r.host = st.text(16);
    return r;
}

} // namespace

std::int64_t insert_backup_run(Transaction& tx, const BackupRunRow& r) {
    Statement st(tx.db(),
                 "INSERT INTO backup_runs (job, destination, operation, read_data, started_at, finished_at, "
                 "result, snapshot, files, bytes, bytes_read, bytes_added, duration_ms, message, operator, host) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    st.bind(1, r.job).bind(2, r.destination).bind(3, r.operation).bind(4, std::int64_t(r.read_data ? 1 : 0));
    st.bind(5, r.started_at).bind(6, r.finished_at).bind(7, r.result).bind(8, r.snapshot).bind(9, r.files);
    st.bind(10, r.bytes).bind(11, r.bytes_read).bind(12, r.bytes_added).bind(13, r.duration_ms).bind(14, r.message);
    st.bind(15, r.operator_name).bind(16, r.host);
    st.step();
    return st.integer(0);
}

std::vector<BackupRunRow> list_backup_runs(Db& db, const std::string& job, const std::string& operation,
                                           std::int64_t limit) {
    if (!table_exists(db, "backup_runs")) return {};
    std::string sql = std::string("SELECT ") + columns +
                      " FROM (SELECT * FROM backup_runs WHERE (?1 = '' OR job = ?1) AND (?2 = '' OR operation = ?2)"
                      " ORDER BY id DESC LIMIT ?3) ORDER BY id";
    Statement st(db, sql.c_str());
    st.bind(1, job).bind(2, operation).bind(3, limit > 0 ? limit : std::int64_t(-1));
    std::vector<BackupRunRow> out;
    while (st.step()) out.push_back(read_run(st));
    return out;
}

std::optional<BackupRunRow> last_backup_run(Db& db, const std::string& job, const std::string& destination,
                                            const std::string& operation, bool succeeded) {
    if (!table_exists(db, "backup_runs")) return std::nullopt;
    std::string sql = std::string("SELECT ") + columns +
                      " FROM backup_runs WHERE job = ?1 AND destination = ?2"
                      " AND (operation = ?3 OR (?3 = 'snapshot' AND operation IN ('backup', 'copy')))"
                      " AND (?4 = 0 OR result IN ('ok', 'warning')) ORDER BY id DESC LIMIT 1";
    Statement st(db, sql.c_str());
    st.bind(1, job).bind(2, destination).bind(3, operation).bind(4, std::int64_t(succeeded ? 1 : 0));
    if (!st.step()) return std::nullopt;
    return read_run(st);
}

std::vector<BackupRunRow> latest_backup_runs(Db& db, const std::string& job) {
    if (!table_exists(db, "backup_runs")) return {};
    std::string sql = std::string("SELECT ") + columns +
                      " FROM backup_runs WHERE id IN (SELECT max(id) FROM backup_runs WHERE job = ?1"
                      " GROUP BY destination, operation, result = 'failed') ORDER BY id";
    Statement st(db, sql.c_str());
    st.bind(1, job);
    std::vector<BackupRunRow> out;
    while (st.step()) out.push_back(read_run(st));
    return out;
}

} // namespace netsec::store
