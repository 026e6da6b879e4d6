// netsec::audit — the rectification ledger (整改台账): every fingerprint a run found failing
// is an item the school rectifies and re-checks (自查 → 整改 → 复查). A run opens an item for a
// new failure, fixes it when a later run that checked it sees it pass or no longer sees it,
// reopens it when it fails again, and marks it excepted while a policy exception covers it;
// `assign` gives it an owner, a plan and a due date. Every state change is journaled in the
// run's or the assignment's transaction. Prints nothing (layers: ARCHITECTURE.md).
//
// Decisions:
// - Only checks that ran in a run can fix an item: a `--check` or `--profile` run leaves the
//   other checks' items as they were.
// - A reopened item is open again, its due date counted afresh from the reopening; its owner
//   and plan stay, its earlier fix is kept as last_fixed_at and counted in times_reopened.
// - An excepted item that fails again (its exception expired) is reopened like a fixed one.
#pragma once
#include "netsec/audit/audit.hpp"
#include "netsec/io/selection.hpp"
#include "netsec/store/ledger_rows.hpp"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace netsec::audit {

// open, assigned, fixed, excepted.
const std::vector<std::string>& ledger_states();

// One item of the ledger and whether it is past its due date.
struct LedgerItem {
    store::LedgerRow row;
    bool overdue = false;
};

// What a run changed in the ledger: fingerprints opened or reopened (what `run -q` reports).
struct LedgerUpdate {
    std::set<std::string> raised;
    int opened = 0, reopened = 0, fixed = 0, excepted = 0;
};

// The due date of an item of `severity` seen first (or reopened) at `seen`: policy audit.due.
Instant due_from(const policy::Policy& policy, Severity severity, Instant seen);

// Brings the ledger up to date with run `run_id`'s findings, inside the run's transaction, and
// journals every state change; sets each finding's last_fixed_at. `checks_ran` are the ids of
// the checks the run took: only their items can become fixed.
LedgerUpdate update_ledger(store::Transaction& tx, const policy::Policy& policy, const journal::Origin& origin,
                           std::int64_t run_id, std::vector<Finding>& findings, const std::set<std::string>& checks_ran,
                           Instant now);

// Whether an item is past due_at at `now` and neither fixed nor excepted.
bool is_overdue(const store::LedgerRow& row, Instant now);

struct LedgerQuery {
    std::string state;    // "" for any; else one of ledger_states()
    bool overdue = false; // only items past due
    std::string check_id; // "" for any
};

// Throws Error(usage) naming an unknown state or check of the query.
void check_ledger_query(const LedgerQuery& query);
// The items the query takes, by check and subject; check_ledger_query first.
std::vector<LedgerItem> ledger_items(store::Db& db, const LedgerQuery& query, Instant now);

struct Assignment {
    std::string owner, plan;
    std::optional<Instant> due; // none: the due date stays
};

// "YYYY-MM-DD" (the end of that day in `zone`) or a time parse_time reads; throws Error(usage)
// naming --due for a bad text or a time not after `now`.
Instant parse_due(const std::string& text, const std::string& zone, Instant now);

// The fingerprints named as arguments, "-" reading more from `in` (one a line, or JSON Lines
// carrying `fingerprint`, as `findings -f jsonl` writes). Throws Error(usage) when none is named.
io::Selection read_fingerprints(const std::vector<std::string>& names, std::istream& in);

// Assigns every item `selection` names (fingerprints, or `-` with JSON Lines carrying
// `fingerprint`) and journals each, all in one transaction. Throws Error(no_input) naming
// every unknown fingerprint, Error(data) naming every item fixed or excepted, Error(usage)
// for an empty owner or plan; nothing is written then.
std::vector<LedgerItem> assign_findings(store::Db& db, const journal::Origin& origin, const io::Selection& selection,
                                        const Assignment& assignment, Instant now);

} // namespace netsec::audit
