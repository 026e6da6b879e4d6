// netsec::incident — the register's records as the tools print them, each field table beside
// the function that fills it (the field vocabulary: netsec(7) FIELDS), and the queries behind
// `list`, `show` and `report`'s verdict, so the tool never reads the store itself.
#pragma once
#include "netsec/incident/evidence.hpp"
#include "netsec/incident/import.hpp"
#include "netsec/incident/incident.hpp"
#include "netsec/incident/log.hpp"
#include "netsec/io/output.hpp"
#include "netsec/io/selection.hpp"

#include <istream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace netsec::incident {

// Which incidents `list` prints; every bound is optional.
struct ListQuery {
    bool open_only = false;
    bool overdue_only = false; // open, with a clock past due: what `overdue` prints
    int year = 0;              // discovered in this year (policy's zone); 0: any
    std::string category;
    std::string grade;               // parsed by parse_grade
    std::optional<Instant> from, to; // discovered in [from, to) (core/period)
    std::string search;              // a text in the id, title (either language) or description
    std::string asset;               // the incidents naming this asset tag; "": any
};

// The incidents `query` selects, oldest discovery first, each whole.
std::vector<LogEntry> find_incidents(store::Db& db, const ListQuery& query, Instant now);

// incident_id, category, subtype, grade, title, status, discovered_at, report_due_at,
// reported_at, recipient, channel, reference, report_state, police_state, evidence_count,
// assignee, closed_at, resolution, lessons, voided_at, void_reason, duplicate_of_id: `list`,
// `log` and an import of past incidents. reported_at and its recipient are the first report to a
// superior; status is open, closed or void.
const std::vector<io::Column>& incident_fields();
io::Records incident_records(const std::vector<LogEntry>& entries);

// `show`: the fields of `list`, then the rest, its clocks, reports, steps, evidence and timeline
// (every name any of them carries, nested ones too).
const std::vector<io::Column>& show_fields();
nlohmann::ordered_json incident_document(const LogEntry& entry);

// `open -f`: incident_id, grade, report_due_at, police_due_at, rectify_due_at.
const std::vector<io::Column>& opened_fields();
io::Records opened_record(const Incident& incident);

// `overdue` (overdue_by) and `due` (due_in): incident_id, clock, due_at, the gap, grade, title.
enum class Lateness { overdue, due };
const std::vector<io::Column>& late_fields(Lateness lateness);
io::Records late_records(const std::vector<Late>& late, Lateness lateness, Instant now);

// "21h30m", "2d3h", "45m": a gap in whole minutes, as parse_duration reads it back.
std::string format_gap(timeutil::Duration gap);

// `evidence add` and `evidence list`: incident_id, evidence_id, name, size_bytes, sha256,
// operator, added_at.
const std::vector<io::Column>& evidence_fields();
io::Records evidence_records(const std::vector<store::EvidenceRow>& rows);

// `evidence verify`: incident_id, evidence_id, name, status, sha256, found_sha256,
// journal_sha256; only the bad ones when `bad_only`.
const std::vector<io::Column>& evidence_check_fields();
io::Records evidence_check_records(const std::vector<EvidenceCheck>& checks, bool bad_only);

// An import of audit findings: fingerprint, action, incident_id; only those that opened an
// incident when `opened_only`.
const std::vector<io::Column>& finding_outcome_fields();
io::Records finding_outcome_records(const std::vector<FindingOutcome>& outcomes, bool opened_only);

// Every field `import` may print: finding outcomes, or the incidents imported.
const std::vector<io::Column>& import_fields();

// `stats`: dimension, key, name, value (stats_rows).
const std::vector<io::Column>& stats_fields();
io::Records stats_records(const policy::Policy& policy, const std::vector<LogEntry>& entries);

// The clock `report` (just recorded) stopped by its role (report for a superior, police for the
// police), when it is stopped; none for an internal recipient. What `report` says.
std::optional<Clock> clock_stopped_by_report(store::Db& db, const store::ReportRow& report, Instant now);

// `close`, `report`, `step` and `void` read ids as arguments or `-` (one id a line, or JSON
// Lines with incident_id); throws Error(usage) when none is named, Error(data) for bad input.
io::Selection read_selection(const std::vector<std::string>& ids, std::istream& in);
// The incidents a selection names, each once; throws Error(no_input) naming every unknown id.
std::vector<std::string> select_incidents(store::Db& db, const io::Selection& selection);

} // namespace netsec::incident
