// netsec::incident — the incident register: opening with a reporting deadline, reports that
// stop the clocks, an append-only timeline, playbook steps, regrading, closure. Evidence is in
// evidence.hpp, imports in import.hpp, the security log and forms in log.hpp.
// Prints nothing (layers: ARCHITECTURE.md).
#pragma once
#include "netsec/core/label.hpp"
#include "netsec/core/time.hpp"
#include "netsec/journal/journal.hpp"
#include "netsec/policy/policy.hpp"
#include "netsec/store/incident_rows.hpp"

#include <optional>
#include <string>
#include <vector>

namespace netsec::incident {

using timeutil::Instant;
using Incident = store::IncidentRow;

// Grades from most to least severe: I II III IV, then 0 (hidden danger / suspicious, internal).
// Throws Error(usage) naming the value and the grades.
std::string parse_grade(const std::string& text);
// Higher is more severe: I=4 ... IV=1, 0=0.
int grade_rank(const std::string& grade);
// The grades' names, e.g. IV: 一般, ordinary (core/label.hpp).
const Labels& grade_labels();

// phone, document, online, in_person; throws Error(usage).
std::string parse_channel(const std::string& text);

// One deadline an incident runs against.
struct Clock {
    std::string kind; // report (to superiors), police, rectify
    Instant due;
    std::optional<Instant> met; // the report (or closure, for rectify) that stopped it
    // pending, overdue, on_time, late
    std::string state;
};

// The clocks of `incident` at `now`. A report exactly at the deadline is on time.
std::vector<Clock> clocks_of(const Incident& incident, const std::vector<store::ReportRow>& reports, Instant now);

// The report clock alone.
Clock report_clock(const Incident& incident, const std::vector<store::ReportRow>& reports, Instant now);

struct OpenRequest {
    std::string category, subtype, grade, title, description, asset, account;
    Instant discovered_at;
    std::optional<Instant> rectify_by; // a VULN notice's own date
    bool suspected_crime = false;      // also report to the police
    std::string fingerprint;           // from an audit finding
    std::string source = "manual";
};

// Opens an incident: allocates the next id of its discovery year (safe with other processes
// opening at once), computes its deadlines, copies its category's playbook into steps, and
// journals it. Throws Error(usage) for an unknown category, subtype or grade, or a discovery
// time in the future.
Incident open_incident(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                       const OpenRequest& request, Instant now);

// The incident `id`; throws Error(no_input) naming it when there is none.
Incident get_incident(store::Db& db, const std::string& id);

// Records a report to `recipient` (a code of incidents.recipients); the first report to anyone
// but the police stops the report clock, the first to the police stops the police clock.
store::ReportRow record_report(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                               const std::string& id, const std::string& recipient, const std::string& channel,
                               const std::string& reference, Instant at, Instant now);

// Appends a note; `corrects` names an earlier timeline entry of the same incident it corrects.
store::TimelineRow add_note(store::Db& db, const journal::Origin& origin, const std::string& id,
                            const std::string& text, std::optional<std::int64_t> corrects, Instant now);

// Changes the grade with a reason. While unreported, an upgrade recomputes the deadline from
// discovery (and may make the incident overdue at once); a downgrade after the deadline has
// passed keeps it missed. Once reported, the stopped clock is not moved.
Incident regrade(store::Db& db, const policy::Policy& policy, const journal::Origin& origin, const std::string& id,
                 const std::string& grade, const std::string& reason, Instant now);

Incident assign(store::Db& db, const journal::Origin& origin, const std::string& id, const std::string& assignee,
                Instant now);

Incident close_incident(store::Db& db, const journal::Origin& origin, const std::string& id,
                        const std::string& resolution, const std::string& lessons, Instant at, Instant now);

Incident reopen(store::Db& db, const journal::Origin& origin, const std::string& id, const std::string& reason,
                Instant now);

// Marks playbook step `n` done; throws Error(usage) when there is no such step.
store::StepRow mark_step(store::Db& db, const journal::Origin& origin, const std::string& id, std::int64_t n,
                         const std::string& note, Instant now);

// An incident and one of its clocks that is past due (or soon due).
struct Late {
    Incident incident;
    Clock clock;
};

// The unmet clocks of open incidents past due at `now` (overdue), or due within `within` of it
// (due soon). A closed incident keeps its missed clock in the register but no longer nags.
std::vector<Late> overdue(store::Db& db, Instant now);
std::vector<Late> due_within(store::Db& db, Instant now, timeutil::Duration within);

} // namespace netsec::incident
