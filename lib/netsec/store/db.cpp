#include "netsec/store/db.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/store/migrations.hpp"

#include <cerrno>
#include <cstring>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

namespace netsec::store {

namespace {
constexpr int busy_wait_ms = 30000; // cron and a shell may overlap; wait rather than fail
}

Db::Db(const std::string& file, Access access, const paths::Privacy& privacy) : file_(file), access_(access) {
    struct stat st;
    bool existed = ::stat(file.c_str(), &st) == 0;
    if (!existed && errno != ENOENT) // an unreadable folder is not "no records yet"
        throw Error(Exit::no_input, _f("cannot read '{}': {}", file, std::strerror(errno)));
    if (!existed && access == Access::read_only)
        throw Error(Exit::no_input, _f("no records yet at '{}'; run 'netsec-policy init' first", file));
    int flags = SQLITE_OPEN_NOMUTEX |
                (access == Access::read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    mode_t old_mask = ::umask(077); // the file is born private; the group bit is added below
    int rc = sqlite3_open_v2(file.c_str(), &db_, flags, nullptr);
    ::umask(old_mask);
    if (rc != SQLITE_OK) {
        std::string why = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close(db_);
        db_ = nullptr;
        throw Error(Exit::io, _f("cannot open the database '{}': {}", file, why));
    }
    sqlite3_busy_timeout(db_, busy_wait_ms);
    sqlite3_extended_result_codes(db_, 1);
    try {
        exec("PRAGMA foreign_keys = ON");
        // Savepoints' journals and sorts stay in memory: no copy of the records lands in a
        // temporary file under /var/tmp, and an import's savepoint per row costs no writes.
        exec("PRAGMA temp_store = MEMORY");
        // 16 MiB of page cache: a large import's pages stay in memory until it commits instead
        // of spilling into the WAL and being written again (SQLite's default is 2 MiB).
        exec("PRAGMA cache_size = -16384");
        // A read-only probe: fails here, with a clear message, when the file is unreadable.
        exec("SELECT count(*) FROM sqlite_schema");
        if (access == Access::read_write) {
            exec("PRAGMA journal_mode = WAL");
            // Keep the -wal and -shm files when the last writer closes: a reader of the
            // state_group may not create files in the folder, and SQLite reads a WAL database
            // without write access only when both files are there. They get the database's mode.
            int persist = 1;
            sqlite3_file_control(db_, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
            exec("PRAGMA synchronous = NORMAL");
            if (!existed || privacy.group)
                for (const char* suffix : {"", "-wal", "-shm"})
                    if (paths::exists(file + suffix)) paths::set_private_file(file + suffix, privacy);
            migrate();
        }
    } catch (...) {
        sqlite3_close(db_);
        db_ = nullptr;
        throw;
    }
}

Db::~Db() {
    if (!db_) return;
    for (auto& [sql, stmt] : idle_) sqlite3_finalize(stmt);
    idle_.clear();
    // Empty the kept WAL file (it is persistent, see above): otherwise every later connection
    // reads it back, rebuilds its index and checkpoints it again when it closes — writing the
    // database and syncing it three times for a command that only read. Without waiting: when
    // another connection is busy, the last one to close does it.
    if (access_ == Access::read_write) {
        sqlite3_busy_timeout(db_, 0);
        sqlite3_exec(db_, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
    }
    sqlite3_close_v2(db_);
}

void Db::fail(const char* what) {
    throw Error(Exit::io, _f("database '{}': {}: {}", file_, what, sqlite3_errmsg(db_)));
}

void Db::exec(const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        std::string why = message ? message : sqlite3_errmsg(db_);
        sqlite3_free(message);
        throw Error(Exit::io, _f("database '{}': {}", file_, why));
    }
}

std::int64_t Db::changes() { return sqlite3_changes64(db_); }

std::int64_t Db::last_insert_id() { return sqlite3_last_insert_rowid(db_); }

int Db::schema_version() {
    Statement st(*this, "SELECT coalesce(max(version), 0) FROM schema_migrations");
    st.step();
    return int(st.integer(0));
}

void Db::migrate() {
    exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
         "applied_at TEXT NOT NULL) STRICT");
    for (const Migration& m : migrations()) {
        Transaction tx(*this);
        Statement seen(*this, "SELECT 1 FROM schema_migrations WHERE version = ?");
        seen.bind(1, std::int64_t(m.version));
        if (seen.step()) continue; // applied, perhaps by another process while we waited
        char* message = nullptr;
        if (sqlite3_exec(db_, m.sql, nullptr, nullptr, &message) != SQLITE_OK) {
            std::string why = message ? message : sqlite3_errmsg(db_);
            sqlite3_free(message);
            throw Error(Exit::software,
                        _f("database '{}': migration {} ({}) failed: {}", file_, m.version, m.name, why));
        }
        Statement record(*this, "INSERT INTO schema_migrations (version, name, applied_at) "
                                "VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))");
        record.bind(1, std::int64_t(m.version)).bind(2, m.name).run();
        tx.commit();
    }
}

sqlite3_stmt* Db::take_statement(const char* sql) {
    if (auto it = idle_.find(sql); it != idle_.end()) {
        sqlite3_stmt* stmt = it->second;
        idle_.erase(it);
        return stmt;
    }
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) {
        sqlite3_finalize(stmt);
        fail("prepare");
    }
    return stmt;
}

void Db::give_back(const char* sql, sqlite3_stmt* stmt) {
    if (!stmt) return;
    sqlite3_reset(stmt); // ends its read, so it holds no lock while idle
    sqlite3_clear_bindings(stmt);
    if (!idle_.emplace(sql, stmt).second) sqlite3_finalize(stmt);
}

Statement::Statement(Db& db, const char* sql) : db_(db), sql_(sql) { stmt_ = db.take_statement(sql); }

Statement::~Statement() { db_.give_back(sql_.c_str(), stmt_); }

Statement& Statement::bind(int index, std::string_view text) {
    if (sqlite3_bind_text(stmt_, index, text.data(), int(text.size()), SQLITE_TRANSIENT) != SQLITE_OK) db_.fail("bind");
    return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
    if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) db_.fail("bind");
    return *this;
}

Statement& Statement::bind_real(int index, double value) {
    if (sqlite3_bind_double(stmt_, index, value) != SQLITE_OK) db_.fail("bind");
    return *this;
}

Statement& Statement::bind_null(int index) {
    if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) db_.fail("bind");
    return *this;
}

bool Statement::step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    db_.fail("step");
}

void Statement::run() {
    while (step()) {
    }
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

std::string Statement::text(int column) const {
    const unsigned char* p = sqlite3_column_text(stmt_, column);
    return p ? std::string(reinterpret_cast<const char*>(p), std::size_t(sqlite3_column_bytes(stmt_, column))) : "";
}

std::int64_t Statement::integer(int column) const { return sqlite3_column_int64(stmt_, column); }

double Statement::real(int column) const { return sqlite3_column_double(stmt_, column); }

bool Statement::is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

Transaction::Transaction(Db& db) : db_(db), nested_(sqlite3_get_autocommit(db.handle()) == 0) {
    db_.exec(nested_ ? "SAVEPOINT netsec_nested" : "BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
    if (done_) return;
    const char* undo = nested_ ? "ROLLBACK TO netsec_nested; RELEASE netsec_nested" : "ROLLBACK";
    sqlite3_exec(db_.handle(), undo, nullptr, nullptr, nullptr);
}

void Transaction::commit() {
    db_.exec(nested_ ? "RELEASE netsec_nested" : "COMMIT");
    done_ = true;
}

bool table_exists(Db& db, const std::string& name) {
    Statement st(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
    st.bind(1, name);
    return st.step();
}

} // namespace netsec::store
