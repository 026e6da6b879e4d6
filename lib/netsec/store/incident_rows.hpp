// The incident register's SQL: incidents, their reports, timeline (append-only), playbook
// steps and evidence. Rows are plain structs; times are RFC 3339 UTC text.
#pragma once
#include "netsec/store/evidence_rows.hpp"
#include "netsec/store/db.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace netsec::store {

struct IncidentRow {
    std::string id; // INC-2026-0007
    std::int64_t year = 0;
    std::int64_t number = 0;
    std::string category, subtype, grade, title, description, asset, account;
    std::string discovered_at, opened_at, opened_by, assignee;
    std::string report_due_at;
    bool report_missed = false;  // a downgrade came after the deadline had passed
    std::string police_due_at;   // "" when the police need not be told
    std::string rectify_by;      // "" unless a notice set one
    std::string status = "open"; // open, closed
    std::string closed_at, resolution, lessons, fingerprint;
    std::string source = "manual"; // manual, audit, import
    std::string title_zh;          // an imported finding's Chinese title, "" otherwise
    std::string voided_at;         // "" unless void (a mistake or a duplicate, kept)
    std::string void_reason, duplicate_of;
};

struct ReportRow {
    std::int64_t id = 0;
    std::string incident_id, recipient, channel, reference, reported_at, recorded_by, recorded_at;
    std::string role = "internal"; // the recipient's role when reported: superior, police, internal
};

struct TimelineRow {
    std::int64_t id = 0;
    std::string incident_id, at, actor, kind, text;
    std::optional<std::int64_t> corrects;
    std::string details = "{}";
};

struct StepRow {
    std::string incident_id;
    std::int64_t n = 0;
    std::string text, done_at, done_by, note;
};

struct IncidentFilter {
    bool open_only = false; // open and not void
    std::int64_t year = 0;  // 0: any
    std::string category;   // "": any
    std::string grade;      // "": any
    std::string from, to;   // discovered_at bounds (RFC 3339), "": open-ended
    std::string search;     // "": any; else a substring of id, title, title_zh or description
    std::string asset;      // "": any; else the incidents naming this asset tag
};

// The next free number in `year` (1 for the first); call inside the transaction that inserts.
std::int64_t next_incident_number(Transaction& tx, std::int64_t year);

void insert_incident(Transaction& tx, const IncidentRow& row);
// Writes every mutable column of `row` (grade, deadlines, assignee, status, closure).
void update_incident(Transaction& tx, const IncidentRow& row);
std::optional<IncidentRow> find_incident(Db& db, const std::string& id);
std::vector<IncidentRow> list_incidents(Db& db, const IncidentFilter& filter);
// The incident of `category` discovered at `discovered_at` with `title`, if any (re-imports).
std::optional<IncidentRow> find_same_incident(Db& db, const std::string& category, const std::string& discovered_at,
                                              const std::string& title);
// An open incident carrying `fingerprint`, if any.
std::optional<IncidentRow> open_incident_with_fingerprint(Db& db, const std::string& fingerprint);
// The incident last opened for `fingerprint`, whatever its state (open, closed, void), if any.
std::optional<IncidentRow> latest_incident_with_fingerprint(Db& db, const std::string& fingerprint);

std::int64_t insert_report(Transaction& tx, const ReportRow& row);
std::vector<ReportRow> reports_of(Db& db, const std::string& incident_id);

std::int64_t insert_timeline(Transaction& tx, const TimelineRow& row);
std::vector<TimelineRow> timeline_of(Db& db, const std::string& incident_id);
std::optional<TimelineRow> find_timeline(Db& db, std::int64_t id);

void insert_step(Transaction& tx, const StepRow& row);
void update_step(Transaction& tx, const StepRow& row);
std::vector<StepRow> steps_of(Db& db, const std::string& incident_id);


} // namespace netsec::store
