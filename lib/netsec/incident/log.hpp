// The security log (安全日志), the report form sent to superiors, and the yearly figures:
// gathered from the register, rendered as HTML (prints on A4) or Markdown, in Chinese or English.
#pragma once
#include "netsec/incident/incident.hpp"
#include "netsec/io/page.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace netsec::incident {

// Everything the log says of one incident.
struct LogEntry {
    Incident incident;
    std::vector<store::ReportRow> reports;
    std::vector<store::TimelineRow> timeline;
    std::vector<store::StepRow> steps;
    std::vector<store::EvidenceRow> evidence;
    std::vector<Clock> clocks;
};

// The incidents discovered in [from, to), oldest first.
std::vector<LogEntry> gather_log(store::Db& db, Instant from, Instant to, Instant now);

// One incident, whole.
// The same for an incident already read (as list_incidents returns them).
LogEntry gather_entry(store::Db& db, Incident incident, Instant now);
LogEntry gather_entry(store::Db& db, const std::string& id, Instant now);

// The language a tool's --lang or the environment asks for (core/label.hpp).
using netsec::Lang;
using netsec::parse_lang;

// The security log as one page: a section per incident, kept whole on one sheet; `period`
// labels it. log_html and log_markdown render it.
io::Page log_page(const policy::Policy& policy, const std::vector<LogEntry>& entries, const std::string& period,
                  Lang lang);
std::string log_html(const policy::Policy& policy, const std::vector<LogEntry>& entries, const std::string& period,
                     Lang lang);
std::string log_markdown(const policy::Policy& policy, const std::vector<LogEntry>& entries, const std::string& period,
                         Lang lang);

// A playbook step in `lang`: a step written "中文（English）" (or "中文 (English)") is 中文 in
// Chinese and English in English; any other text is as written.
std::string step_text(const std::string& text, Lang lang);

// The filled-in report form (网络安全事件报告表) for one incident, with lines to sign.
io::Page form_page(const policy::Policy& policy, const LogEntry& entry, Lang lang);
std::string form_html(const policy::Policy& policy, const LogEntry& entry, Lang lang);
std::string form_markdown(const policy::Policy& policy, const LogEntry& entry, Lang lang);

// One summary row per incident of the log (for table, csv, jsonl output).
nlohmann::ordered_json log_row(const LogEntry& entry);

// Yearly figures: rows of (dimension, key, name, value): the count by category and by grade,
// the total, then reported, on_time, late, overdue, on_time_share (0 to 1, null when nothing
// was due) and the median minutes from discovery to the first report (null when none).
std::vector<nlohmann::ordered_json> stats_rows(const policy::Policy& policy, const std::vector<LogEntry>& entries);

} // namespace netsec::incident
