// The rectification ledger's SQL (整改台账): one row per fingerprint a run of netsec-audit
// found failing, with its state (open, assigned, fixed, excepted), when it was first and last
// seen, fixed and reopened, who answers for it, the plan and the due date. Rows change as runs
// and `assign` change them; their history is in the journal. Times are RFC 3339 UTC text, ""
// when not set.
#pragma once
#include "netsec/store/db.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace netsec::store {

struct LedgerRow {
    std::string fingerprint, check_id, subject, severity, title, title_zh;
    std::string state = "open";
    std::string first_seen_at, last_seen_at, fixed_at, reopened_at, last_fixed_at;
    std::int64_t times_fixed = 0, times_reopened = 0;
    std::string owner, plan, due_at;
    std::int64_t run_id = 0; // the run that last changed or saw it
};

struct LedgerFilter {
    std::string state;    // "" for any
    std::string check_id; // "" for any
};

// Whether the ledger exists (a database last written before migration 7 has none).
bool has_ledger(Db& db);
// The items the filter takes, by check and subject.
std::vector<LedgerRow> list_ledger(Db& db, const LedgerFilter& filter);
std::optional<LedgerRow> find_ledger_row(Db& db, const std::string& fingerprint);
// Inserts or replaces the item with this fingerprint, inside the caller's transaction.
void put_ledger_row(Transaction& tx, const LedgerRow& row);

} // namespace netsec::store
