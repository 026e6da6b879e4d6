// The journal table's SQL. Rows are appended only; nothing here updates or deletes.
#pragma once
#include "netsec/store/db.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace netsec::store {

struct JournalRow {
    std::int64_t seq = 0;
    std::string time; // RFC 3339 UTC
    std::string operator_name;
    std::string host;
    std::string tool;
    std::string action;
    std::string subject;
    std::string details; // JSON object text
    std::string prev_hash;
    std::string hash;
};

struct JournalFilter {
    std::string since; // RFC 3339 UTC bounds, "" for none
    std::string until;
    std::string subject;
    std::string tool;
    std::vector<std::string> actions; // any of these names; none for every action
};

// Appends `row` as given (the journal module fills seq and hashes).
void insert_journal_row(Transaction& tx, const JournalRow& row);

// The newest row, if any.
// The newest entry's seq and hash only, what every append reads (details can be long).
struct JournalHeadRow {
    std::int64_t seq = 0;
    std::string hash;
};
std::optional<JournalHeadRow> last_journal_head(Db& db);
std::optional<JournalRow> last_journal_row(Db& db);

// The row with `seq`, if any.
std::optional<JournalRow> journal_row(Db& db, std::int64_t seq);

// The newest row about `subject` whose action is one of `actions`.
std::optional<JournalRow> last_journal_row_for(Db& db, const std::vector<std::string>& actions,
                                               const std::string& subject);

// Rows matching `filter`, oldest first.
std::vector<JournalRow> journal_rows(Db& db, const JournalFilter& filter);

// Calls `visit` for every row in sequence order (stops when it returns false).
void each_journal_row(Db& db, const std::function<bool(const JournalRow&)>& visit);

} // namespace netsec::store
