// netsec::filing — the register's records as the tools print them, each field table beside
// the function that fills it (the field vocabulary: netsec(7) FIELDS).
#pragma once
#include "netsec/filing/filing.hpp"
#include "netsec/filing/stats.hpp"
#include "netsec/io/output.hpp"

#include <vector>

namespace netsec::filing {

// filing_id ("FIL-3"), kind, system, number, site, level, graded_on, filed_on, assessed_on, assessor,
// hosting, changed_on, next_filing_on, next_grading_on, next_assessment_on, note, retired_at,
// created_by, created_at, updated_at; the table leaves out note and the record's own times.
const std::vector<io::Column>& filing_fields();
io::Records filing_records(const policy::Policy& policy, const std::vector<Filing>& filings);

// filing_fields(), then evidence: the record's files (nested, as evidence::fields() gives them).
const std::vector<io::Column>& show_fields();
io::Records show_records(const policy::Policy& policy, const Filing& filing,
                         const std::vector<store::EvidenceRow>& evidence);

// The evidence fields, its owner as filing_id: what `attach` prints.
const std::vector<io::Column>& attach_fields();
io::Records attach_records(const std::vector<store::EvidenceRow>& evidence);

// filing_id, kind, system, level, due (filing, grading, assessment), due_on, days_left, status
// (overdue, due).
const std::vector<io::Column>& due_fields();
io::Records due_records(const std::vector<DueItem>& items);

// dimension, key, name, value.
const std::vector<io::Column>& stats_fields();
io::Records stats_records(const std::vector<Figure>& figures);

} // namespace netsec::filing
