// An import in two phases, all or nothing. Phase 1 checks every row through the domain's
// callback and gathers every bad line in one Problems list; phase 2, only when there is none,
// writes every row in the one transaction the import holds, each write journaling its change.
// Roster, incident and login imports stand on it, and so will the registers still to come.
//
// Decisions:
// - The transaction opens with the import, before phase 1: what a check reads from the store
//   (usernames taken, an incident already in the register) stays true until phase 2 has
//   written, even with another process importing at the same time (BEGIN IMMEDIATE waits).
// - A check rejects its row by throwing Error(data) or Error(usage) — the domain's parsers
//   already do — and that message becomes the line's problem; every other error (I/O, an
//   internal one) stops the import at once. A check that finds several problems on one line
//   reports them with problem() and returns nothing.
// - A write that still fails on bad input (a check above missed it) names its line the same
//   way, and the transaction is rolled back: a half import is never committed.
// - The domain journals in its write callback (directly, or through a function that journals,
//   such as incident::open_incident), so the action names stay the domain's own; an import that
//   journals one summary entry instead (logins) appends it before commit().
// - It lives in journal because it needs a store transaction and journal entries; it takes
//   lines, not io::Records, since journal sits below io (ARCHITECTURE.md).
#pragma once
#include "netsec/core/error.hpp"
#include "netsec/core/problems.hpp"
#include "netsec/store/db.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace netsec::journal {

// "nothing was imported", translated: what every import says it did not do.
std::string nothing_imported();

// True for the errors that are a row's fault (Exit::data, Exit::usage): they become problems.
bool is_bad_input(const Error& e);

template <class Row>
class Import {
public:
    struct Checked {
        std::size_t line = 0; // 0: the row has no line of its own
        Row row;
    };

    // Opens the import's transaction; `source` names the input in every problem.
    Import(store::Db& db, std::string source) : tx_(db), problems_(std::move(source)) {}

    // Phase 1: keeps the row `make()` returns for line `line`; nothing returned leaves it out
    // (its problems reported with problem()). An Error of bad input it throws is the line's
    // problem, and checking goes on with the next line.
    template <class Make>
    void check(std::size_t line, Make&& make) {
        try {
            std::optional<Row> row = make();
            if (row) rows_.push_back({line, std::move(*row)});
        } catch (const Error& e) {
            if (!is_bad_input(e)) throw;
            problem(line, e.what());
        }
    }

    // A row checked elsewhere (by a parser with its own problem list), kept as it is.
    void accept(std::size_t line, Row row) { rows_.push_back({line, std::move(row)}); }

    // A problem of line `line` (0: of no line).
    void problem(std::size_t line, const std::string& reason) {
        if (line == 0)
            problems_.add(reason);
        else
            problems_.add(line, reason);
    }

    // The end of phase 1: throws Error(data) with every problem, then "nothing was imported".
    void require_clean() const { problems_.throw_if_any(nothing_imported()); }

    // Phase 2: require_clean(), then write(tx, row, line) for every row in order, in the
    // import's transaction. An Error of bad input from a write is its line's problem and ends
    // the import with nothing written. commit() makes it all stay.
    template <class Write>
    void write(Write&& write) {
        require_clean();
        for (const auto& c : rows_) {
            try {
                write(tx_, c.row, c.line);
            } catch (const Error& e) {
                if (!is_bad_input(e)) throw;
                problem(c.line, e.what());
                require_clean();
            }
        }
    }

    void commit() { tx_.commit(); } // without it, the destructor rolls everything back
    store::Transaction& transaction() { return tx_; }
    const std::vector<Checked>& rows() const { return rows_; }
    const Problems& problems() const { return problems_; }

private:
    store::Transaction tx_;
    Problems problems_;
    std::vector<Checked> rows_;
};

} // namespace netsec::journal
