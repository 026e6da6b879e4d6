#include "netsec/core/error.hpp"
#include "netsec/store/db.hpp"
#include "netsec/store/migrations.hpp"
#include "testutil.hpp"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace netsec;
using namespace netsec::store;

TEST_CASE("a new database is private, in WAL mode, with every migration applied") {
    test::TempDir tmp;
    std::string file = tmp.file("netsec.db");
    Db db(file, Access::read_write);
    struct stat st;
    REQUIRE(::stat(file.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    CHECK(db.schema_version() == migrations().back().version);
    Statement mode(db, "PRAGMA journal_mode");
    REQUIRE(mode.step());
    CHECK(mode.text(0) == "wal");
    Statement fk(db, "PRAGMA foreign_keys");
    REQUIRE(fk.step());
    CHECK(fk.integer(0) == 1);
}

TEST_CASE("opening again applies nothing twice") {
    test::TempDir tmp;
    std::string file = tmp.file("netsec.db");
    { Db db(file, Access::read_write); }
    Db db(file, Access::read_write);
    Statement count(db, "SELECT count(*) FROM schema_migrations");
    REQUIRE(count.step());
    CHECK(count.integer(0) == std::int64_t(migrations().size()));
}

TEST_CASE("closing empties the kept WAL file, so that a later reader writes nothing") {
    test::TempDir tmp;
    std::string file = tmp.file("netsec.db");
    auto size_of = [](const std::string& f) {
        struct stat st;
        REQUIRE(::stat(f.c_str(), &st) == 0);
        return st.st_size;
    };
    {
        Db db(file, Access::read_write); // the migrations write the WAL
        CHECK(size_of(file + "-wal") > 0);
    }
    CHECK(size_of(file + "-wal") == 0); // kept (its mode and group stay), but empty
    struct stat before;
    REQUIRE(::stat(file.c_str(), &before) == 0);
    {
        Db db(file, Access::read_write);
        Statement count(db, "SELECT count(*) FROM schema_migrations");
        REQUIRE(count.step());
    }
    struct stat after;
    REQUIRE(::stat(file.c_str(), &after) == 0);
    CHECK(after.st_mtim.tv_sec == before.st_mtim.tv_sec); // no checkpoint rewrote the database
    CHECK(after.st_mtim.tv_nsec == before.st_mtim.tv_nsec);
    CHECK(size_of(file + "-wal") == 0);
}

TEST_CASE("a transaction not committed leaves nothing") {
    test::TempDir tmp;
    Db db(tmp.file("netsec.db"), Access::read_write);
    db.exec("CREATE TABLE t (x INTEGER) STRICT");
    {
        Transaction tx(db);
        Statement(db, "INSERT INTO t VALUES (1)").run();
    }
    {
        Transaction tx(db);
        Statement(db, "INSERT INTO t VALUES (2)").run();
        tx.commit();
    }
    Statement sum(db, "SELECT coalesce(sum(x), 0) FROM t");
    REQUIRE(sum.step());
    CHECK(sum.integer(0) == 2);
}

TEST_CASE("STRICT tables refuse a value of the wrong type") {
    test::TempDir tmp;
    Db db(tmp.file("netsec.db"), Access::read_write);
    db.exec("CREATE TABLE t (x INTEGER) STRICT");
    CHECK_THROWS_AS(Statement(db, "INSERT INTO t VALUES ('not a number')").run(), Error);
}

TEST_CASE("a missing database opened read-only says to initialise first") {
    test::TempDir tmp;
    try {
        Db db(tmp.file("none.db"), Access::read_only);
        FAIL("opened");
    } catch (const Error& e) {
        CHECK(e.code() == Exit::no_input);
        CHECK(std::string(e.what()).find("netsec-policy init") != std::string::npos);
    }
}

TEST_CASE("a read-only database refuses writes") {
    test::TempDir tmp;
    std::string file = tmp.file("netsec.db");
    { Db db(file, Access::read_write); }
    Db db(file, Access::read_only);
    CHECK_FALSE(db.writable());
    CHECK_THROWS_AS(db.exec("CREATE TABLE t (x INTEGER)"), Error);
}

TEST_CASE("a file that is not a database is an I/O error naming it") {
    test::TempDir tmp;
    std::string file = tmp.file("netsec.db");
    test::write(file, std::string(4096, 'x'));
    try {
        Db db(file, Access::read_write);
        FAIL("opened");
    } catch (const Error& e) {
        CHECK(e.code() == Exit::io);
        CHECK(std::string(e.what()).find(file) != std::string::npos);
    }
}

TEST_CASE("a writer waits for another process's transaction instead of failing") {
    test::TempDir tmp;
    std::string file = tmp.file("netsec.db");
    {
        Db db(file, Access::read_write);
        db.exec("CREATE TABLE t (x INTEGER) STRICT");
    }
    int ready[2];
    REQUIRE(::pipe(ready) == 0);
    pid_t child = ::fork();
    if (child == 0) {
        Db db(file, Access::read_write);
        Transaction tx(db);
        Statement(db, "INSERT INTO t VALUES (1)").run();
        char c = 'r';
        (void)!::write(ready[1], &c, 1);
        ::usleep(300 * 1000); // hold the write lock a while
        tx.commit();
        ::_exit(0);
    }
    char c;
    REQUIRE(::read(ready[0], &c, 1) == 1);
    Db db(file, Access::read_write);
    {
        Transaction tx(db); // blocks until the child commits
        Statement(db, "INSERT INTO t VALUES (2)").run();
        tx.commit();
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    CHECK(WEXITSTATUS(status) == 0);
    Statement n(db, "SELECT count(*) FROM t");
    REQUIRE(n.step());
    CHECK(n.integer(0) == 2);
}
