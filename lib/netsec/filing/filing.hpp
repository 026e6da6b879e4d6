// netsec::filing — the filing register: the school's website filings with the Ministry (ICP
// 备案) and the public security (公安联网备案), and its information systems graded and filed
// under the multi-level protection scheme (MLPS, 等级保护): level, grading, the police filing
// certificate, the last assessment and its assessor, the hosting provider. Next dates come from
// the policy's `filing:` section and are computed, never stored. Retired records are kept.
// Never prints and never reads argv (layers: ARCHITECTURE.md).
//
// Decisions:
// - Record ids are numbers; "FIL-7" is read as 7 too, and is the owner of record 7's evidence
//   (certificate scans) in the shared evidence store.
// - A field that does not belong to a kind (--level on an ICP record, --site on an MLPS one) is
//   refused, not ignored. ICP and public-security records need --number; MLPS records --level.
// - One current record per number: a second record of the same ICP or public-security number,
//   or of the same MLPS certificate number, is refused naming the first.
// - Dates are the school's YYYY-MM-DD and none may be after today.
#pragma once
#include "netsec/core/date.hpp"
#include "netsec/core/time.hpp"
#include "netsec/journal/journal.hpp"
#include "netsec/policy/policy.hpp"
#include "netsec/store/db.hpp"
#include "netsec/store/evidence_rows.hpp"
#include "netsec/store/filing_rows.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace netsec::filing {

using Filing = store::FilingRow;
using timeutil::Instant;

// "icp", "psb" or "mlps" (Chinese too: ICP备案, 公安备案, 等保); Error(usage) otherwise.
std::string parse_kind(const std::string& text);

// The record id `text` names: "7" or "FIL-7"; Error(usage) otherwise.
std::int64_t parse_id(const std::string& text);
// "FIL-7": the owner of record 7's evidence.
std::string owner_of(std::int64_t id);

// What add gives and set changes; an unset optional is "not given", "" clears (set).
struct Fields {
    std::optional<std::string> system, number, site, level, graded_on, filed_on, assessed_on, assessor, hosting,
        changed_on, note;
};

// Adds a record of `kind` and journals "filing.added". Throws Error(usage) for a malformed
// number, date or level, a missing or misplaced field; Error(data) when the number is on record.
Filing add_filing(store::Db& db, const policy::Policy& policy, const journal::Origin& origin, const std::string& kind,
                  const Fields& fields, Instant now);
// Changes record `id`'s fields and journals "filing.changed" with each from → to and `reason`
// (required). Throws as add does, Error(no_input) for an unknown record, Error(usage) for a
// retired one; a change that changes nothing writes nothing.
Filing set_filing(store::Db& db, const policy::Policy& policy, const journal::Origin& origin, std::int64_t id,
                  const Fields& fields, const std::string& reason, Instant now);
// Retires record `id` (kept, listed with --all) and journals "filing.retired" with `reason`.
Filing retire_filing(store::Db& db, const journal::Origin& origin, std::int64_t id, const std::string& reason,
                     Instant now);
// Record `id`; Error(no_input) naming it when there is none.
Filing get_filing(store::Db& db, std::int64_t id);
// Current records (and retired ones with `all`) of `kind` ("" any), by kind, system and id.
std::vector<Filing> list_filings(store::Db& db, const std::string& kind, bool all);
// Keeps `files` as record `id`'s evidence (evidence::add_files); Error(no_input) for an
// unknown record.
std::vector<store::EvidenceRow> attach_files(store::Db& db, const policy::Policy& policy,
                                             const journal::Origin& origin, std::int64_t id,
                                             const std::vector<std::string>& files, Instant now);

// The dates the policy asks for next; nothing where none is due.
struct NextDates {
    std::optional<date::Date> assessment; // MLPS level 2 and up: the last assessment (else grading) + the interval
    std::optional<date::Date> grading;    // after a major change (changed_on later than graded_on)
    std::optional<date::Date> filing;     // MLPS level 2 and up graded but not yet filed with the police
};
NextDates next_dates(const policy::Filing& rules, const Filing& f);

// One date falling due: what (assessment, grading, filing), when, and days left (< 0 overdue).
struct DueItem {
    Filing record;
    std::string what;
    date::Date due_on;
    int days_left = 0;
};
// The next dates of current records on or before `today` + `within_days`, soonest first.
std::vector<DueItem> due_items(store::Db& db, const policy::Policy& policy, date::Date today, int within_days);

} // namespace netsec::filing
