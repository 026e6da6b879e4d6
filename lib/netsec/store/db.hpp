// netsec::store — the school's SQLite database, and all the SQL netsec runs (one file per
// table). A thin RAII layer: a connection (WAL, foreign keys, a busy wait so cron and a shell
// can run at once), prepared statements, and transactions that roll back unless committed.
// Numbered migrations run on open. Its layer: ARCHITECTURE.md.
#pragma once
#include "netsec/core/paths.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace netsec::store {

enum class Access { read_only, read_write };

class Db {
public:
    // Opens (creating when read_write and missing) the database `file`, private per `privacy`,
    // and applies pending migrations. Throws Error(no_input) for a missing read-only database,
    // Error(io) when it cannot be opened, Error(software) when a migration fails.
    Db(const std::string& file, Access access, const paths::Privacy& privacy = {});
    ~Db();
    Db(const Db&) = delete;
    Db& operator=(const Db&) = delete;

    // Runs statements that return nothing; throws Error(io) naming the database.
    void exec(const char* sql);

    bool writable() const { return access_ == Access::read_write; }
    const std::string& file() const { return file_; }
    sqlite3* handle() { return db_; }

    // The rowid of the last row this connection inserted.
    std::int64_t last_insert_id();
    // Rows the last INSERT, UPDATE or DELETE changed.
    std::int64_t changes();

    // The newest migration applied.
    int schema_version();

    // Throws Error(io) with SQLite's message, in context.
    [[noreturn]] void fail(const char* what);

    // Statements are kept prepared for reuse (Statement takes and gives back): an import of
    // ten thousand rows runs the same few statements ten thousand times, and preparing them
    // each time was most of its cost. One idle statement is kept per text; a second one in use
    // at the same time (a query inside a loop over the same query) is prepared and finalized.
    sqlite3_stmt* take_statement(const char* sql);
    void give_back(const char* sql, sqlite3_stmt* stmt);

private:
    void migrate();
    sqlite3* db_ = nullptr;
    std::string file_;
    Access access_;
    std::unordered_map<std::string, sqlite3_stmt*> idle_;
};

// A prepared statement; bind by 1-based index, step, read columns by 0-based index.
class Statement {
public:
    Statement(Db& db, const char* sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, std::int64_t value);
    Statement& bind_null(int index);
    Statement& bind_real(int index, double value); // named apart: bind(i, 1) must stay an integer

    // True while a row is available; false when done. Throws Error(io) on failure.
    bool step();
    // Runs a statement that returns no rows.
    void run();
    void reset();

    std::string text(int column) const;
    std::int64_t integer(int column) const;
    double real(int column) const;
    bool is_null(int column) const;

private:
    Db& db_;
    std::string sql_; // the text it was taken for, to give it back under
    sqlite3_stmt* stmt_ = nullptr;
};

// BEGIN IMMEDIATE ... COMMIT; rolls back when destroyed uncommitted. Immediate, so a writer
// takes the lock up front and waits (busy timeout) instead of failing halfway. Inside another
// transaction it becomes a savepoint, so a change made of several changes commits as one.
class Transaction {
public:
    explicit Transaction(Db& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();
    Db& db() { return db_; }

private:
    Db& db_;
    bool done_ = false;
    bool nested_ = false;
};

// True when the database has a table named `name`: a database opened read-only keeps the
// schema it was last written with, so a reader checks before using a newer table.
bool table_exists(Db& db, const std::string& name);

} // namespace netsec::store
