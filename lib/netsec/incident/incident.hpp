// netsec::incident — the incident register: opening with a reporting deadline, reports that
// stop the clocks, an append-only timeline, playbook steps, regrading, closure. Evidence is in
// evidence.hpp, imports in import.hpp, the security log and forms in log.hpp.
// Prints nothing (layers: ARCHITECTURE.md).
#pragma once
#include "netsec/core/label.hpp"
#include "netsec/core/time.hpp"
#include "netsec/journal/change_set.hpp"
#include "netsec/journal/journal.hpp"
#include "netsec/policy/policy.hpp"
#include "netsec/store/incident_rows.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace netsec::incident {

using timeutil::Instant;
using Incident = store::IncidentRow;
using Report = store::ReportRow;
using Step = store::StepRow;

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
    // pending, overdue, on_time, late; void when the incident is void and the clock unmet
    std::string state;
};

// True when `incident` was voided (a mistake or a duplicate): kept, but its clocks stopped and
// left out of statistics, overdue and INC-0001.
bool is_void(const Incident& incident);
// open, closed or void.
std::string status_of(const Incident& incident);

// The clocks of `incident` at `now`. A report exactly at the deadline is on time. Only a report
// to a recipient whose role was superior stops the report clock, only one to the police the
// police clock; a report to an internal recipient (the school's leadership) stops none.
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
    std::string title_zh; // an audit finding's Chinese title, printed in Chinese documents
};

// Opens an incident: allocates the next id of its discovery year (safe with other processes
// opening at once), computes its deadlines, copies its category's playbook into steps, and
// journals it. Throws Error(usage) for an unknown category, subtype or grade, or a discovery
// time in the future.
Incident open_incident(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                       const OpenRequest& request, Instant now);

// The incident `id`; throws Error(no_input) naming it when there is none.
Incident get_incident(store::Db& db, const std::string& id);

// Records a report to `recipient` (a code of incidents.recipients) with the role it has in the
// policy: the first to a superior stops the report clock, the first to the police the police
// clock, one to an internal recipient stops none. Refused for a void incident.
store::ReportRow record_report(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                               const std::string& id, const std::string& recipient, const std::string& channel,
                               const std::string& reference, Instant at, Instant now);

// Appends a note; `corrects` names an earlier timeline entry of the same incident it corrects;
// `when` (--at) says when it happened: not in the future, not before discovery (Error(usage)).
store::TimelineRow add_note(store::Db& db, const journal::Origin& origin, const std::string& id,
                            const std::string& text, std::optional<std::int64_t> corrects, Instant now,
                            std::optional<Instant> when = std::nullopt);

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

// Marks playbook step `n` done, at `when` (--at, checked as add_note's) or now; throws
// Error(usage) when there is no such step.
store::StepRow mark_step(store::Db& db, const journal::Origin& origin, const std::string& id, std::int64_t n,
                         const std::string& note, Instant now, std::optional<Instant> when = std::nullopt);

// Makes an incident void: kept with its reason (and the incident it duplicates), its unmet
// clocks stopped, left out of statistics, overdue and INC-0001. Throws Error(no_input) for an
// unknown id (or duplicate), Error(usage) for no reason, a void one, or a void duplicate.
Incident void_incident(store::Db& db, const journal::Origin& origin, const std::string& id, const std::string& reason,
                       const std::string& duplicate_of, Instant now);

// What `edit` corrects; a field not given is left alone.
struct Edit {
    std::optional<std::string> title, description, category;
};
struct Edited {
    Incident incident;
    journal::ChangeSet changes;     // each field from -> to, journaled as incident.edited
    bool clocks_recomputed = false; // the category changed: the police clock was looked at again
};
// Corrects title, description or category with a reason. A new category drops a subtype it
// lacks and starts a police clock when it needs one. Throws Error(usage) for no reason, nothing
// to change, an unknown category or a void incident.
Edited edit_incident(store::Db& db, const policy::Policy& policy, const journal::Origin& origin, const std::string& id,
                     const Edit& edit, const std::string& reason, Instant now);

// Runs `work` (several of the calls above) in one transaction: all of it is written, or none.
void all_or_nothing(store::Db& db, const std::function<void()>& work);

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
