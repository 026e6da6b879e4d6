#include "netsec/core/error.hpp"
#include "netsec/journal/import.hpp"
#include "netsec/journal/journal.hpp"
#include "testutil.hpp"

#include <doctest/doctest.h>
#include <functional>

using namespace netsec;
using namespace netsec::journal;

namespace {

const Origin origin{"alice", "host1", "netsec-test"};

// Line i of a test input: a number, "bad" or "broken" (a row phase 1 refuses).
std::optional<int> number_of(const std::string& text) {
    if (text == "bad") throw Error(Exit::data, "not a number");
    if (text == "broken") throw Error(Exit::usage, "broken row");
    return std::stoi(text);
}

// Checks `lines` (line numbers from 1) into `import`.
void check_all(Import<int>& import, const std::vector<std::string>& lines) {
    for (std::size_t i = 0; i < lines.size(); ++i) import.check(i + 1, [&] { return number_of(lines[i]);
});
}

// Writes each row as one journal entry "test.added".
void journal_each(Import<int>& import) {
    import.write([](store::Transaction& tx, int n, std::size_t line) {
        append(tx, origin, "test.added", std::to_string(n), {{"line", line}});
});
}

std::int64_t entries(store::Db& db) {
    auto h = head(db);
    return h ? h->seq : 0;
}

std::string message_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        CHECK(e.code() == Exit::data);
        return e.what();
    }
    FAIL("no error");
    return "";
}

} // namespace

TEST_CASE("an import writes every row in one transaction, each with its journal entry") {
    test::TempDir tmp;
    store::Db db(tmp.file("i.db"), store::Access::read_write);
    {
        Import<int> import(db, "n.csv");
        check_all(import, {"1", "2", "3"});
        journal_each(import);
        import.commit();
    }
    CHECK(entries(db) == 3);
    CHECK(store::journal_row(db, 3)->details == R"({"line":3})");
}

TEST_CASE("every bad line is named, and nothing is written when any is bad") {
    test::TempDir tmp;
    store::Db db(tmp.file("i.db"), store::Access::read_write);
    Import<int> import(db, "n.csv");
    check_all(import, {"1", "bad", "3", "broken"});
    CHECK(import.rows().size() == 2);
    bool wrote = false;
    CHECK(message_of([&] { import.write([&](store::Transaction&, int, std::size_t) { wrote = true; });
}) ==
          "n.csv:2: not a number\nn.csv:4: broken row\nnothing was imported");
CHECK_FALSE(wrote);
CHECK(entries(db) == 0);
}

TEST_CASE("a line with several problems reports each and leaves its row out") {
    test::TempDir tmp;
    store::Db db(tmp.file("i.db"), store::Access::read_write);
    Import<int> import(db, "n.csv");
    import.check(7, [&]() -> std::optional<int> {
        import.problem(7, "'a' is required");
    import.problem(7, "'b' is required");
    return std::nullopt;
});
import.problem(0, "a problem of no line");
CHECK(import.rows().empty());
CHECK(message_of([&] { import.require_clean(); }) ==
      "n.csv:7: 'a' is required\nn.csv:7: 'b' is required\na problem of no line\nnothing was imported");
}

TEST_CASE("the problems shown stop at 20, then a count of the rest") {
    test::TempDir tmp;
    store::Db db(tmp.file("i.db"), store::Access::read_write);
    Import<int> import(db, "n.csv");
    check_all(import, std::vector<std::string>(25, "bad"));
    std::string message = message_of([&] { import.require_clean(); });
    CHECK(message.find("n.csv:20: not a number\n… and 5 more\nnothing was imported") != std::string::npos);
    CHECK(message.find("n.csv:21:") == std::string::npos);
}

TEST_CASE("a write that fails on bad input names its line and rolls back the rows before it") {
    test::TempDir tmp;
    store::Db db(tmp.file("i.db"), store::Access::read_write);
    {
        Import<int> import(db, "n.csv");
        check_all(import, {"1", "2", "3"});
        CHECK(message_of([&] {
                  import.write([](store::Transaction& tx, int n, std::size_t) {
                      if (n == 2) throw Error(Exit::data, "already taken");
                  append(tx, origin, "test.added", std::to_string(n), {});
                  });
    }) == "n.csv:2: already taken\nnothing was imported");
}
CHECK(entries(db) == 0);
}

TEST_CASE("an error that is not the input's fault stops the import at once") {
    test::TempDir tmp;
    store::Db db(tmp.file("i.db"), store::Access::read_write);
    Import<int> import(db, "n.csv");
    CHECK_THROWS_WITH_AS(import.check(1, []() -> std::optional<int> { throw Error(Exit::io, "disk gone"); }),
                         "disk gone", Error);
    CHECK(import.problems().empty());
}

TEST_CASE("an import not committed leaves nothing, as a dry run does") {
    test::TempDir tmp;
    store::Db db(tmp.file("i.db"), store::Access::read_write);
    {
        Import<int> import(db, "n.csv");
        check_all(import, {"1", "2"});
        journal_each(import);
    }
    CHECK(entries(db) == 0);
}

TEST_CASE("rows checked elsewhere are accepted as they are") {
    test::TempDir tmp;
    store::Db db(tmp.file("i.db"), store::Access::read_write);
    Import<int> import(db, "auth.log");
    import.accept(0, 5);
    import.accept(0, 6);
    journal_each(import);
    import.commit();
    CHECK(entries(db) == 2);
}
