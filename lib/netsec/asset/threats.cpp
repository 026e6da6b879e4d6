#include "netsec/asset/threats.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/hash.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/problems.hpp"
#include "netsec/core/text.hpp"
#include "netsec/io/output.hpp"
#include "netsec/journal/import.hpp"

namespace netsec::asset {

namespace {

const std::vector<ExportColumn> detection_columns = {
    {"hostname", "PSComputerName", true},
    {"threat_id", "ThreatID", true},
    {"detected_at", "InitialDetectionTime", true},
    {"threat", "ThreatName", false},
    {"path", "Resources", false},
    {"action", "ActionSuccess", false},
    {"severity", "SeverityID", false},
};

// Defender's SeverityID in words (Get-MpThreat): 1 low, 2 moderate, 4 high, 5 severe.
std::string severity_word(const std::string& id) {
    if (id == "1") return "low";
    if (id == "2") return "moderate";
    if (id == "4") return "high";
    if (id == "5") return "severe";
    return id;
}

std::string csv_line(const std::vector<std::string>& fields) {
    std::string out;
    for (const auto& f : fields) out += (out.empty() ? "" : ",") + io::csv_quote(f);
    return out + "\n";
}

} // namespace

const std::vector<std::string>& threat_map_fields() {
    static const std::vector<std::string> fields = {"hostname", "mac",  "ip",     "threat",     "threat_id",
                                                    "severity", "path", "action", "detected_at"};
    return fields;
}

std::vector<ThreatRow> read_threat_export(std::string data, const std::string& source, const AvReadOptions& options) {
    Export e = read_export(std::move(data), source, options.format, options.encoding, detection_columns, options.map,
                           "Get-MpThreatDetection");
    Problems problems(source);
    auto value = [&](const io::Record& r, const std::string& field) { return export_value(e, r, field); };
    std::vector<DateCell> cells;
    for (const auto& r : e.records)
        if (auto t = value(r, "detected_at"); !t.empty()) cells.push_back({r.line, t});
    DateOrder order = settle_date_order(cells, options.date_order, source);

    std::vector<std::string> header;
    if (!e.records.empty())
        for (auto it = e.records.front().fields.begin(); it != e.records.front().fields.end(); ++it)
            header.push_back(it.key());
    std::vector<ThreatRow> out;
    for (const auto& r : e.records) {
        ThreatRow row;
        row.line = r.line;
        row.hostname = value(r, "hostname");
        row.mac = value(r, "mac");
        row.ip = value(r, "ip");
        row.threat_id = value(r, "threat_id");
        row.threat = value(r, "threat");
        if (row.threat.empty() && !row.threat_id.empty()) row.threat = "ThreatID " + row.threat_id;
        row.severity = options.format == AvFormat::defender ? severity_word(value(r, "severity")) : value(r, "severity");
        row.path = value(r, "path");
        if (row.path == "System.String[]") row.path.clear();
        if (row.path.starts_with("{") && row.path.ends_with("}")) row.path = row.path.substr(1, row.path.size() - 2);
        row.action = value(r, "action");
        bool bad = false;
        if (options.format == AvFormat::defender) {
            try {
                auto ok = read_av_bool(row.action);
                row.action = !ok ? "" : *ok ? "cleaned" : "failed";
            } catch (const Error& err) {
                problems.add(r.line, err.what());
                bad = true;
            }
        }
        std::string when = value(r, "detected_at");
        if (when.empty()) {
            problems.add(r.line, _("no detection time"));
            bad = true;
        } else {
            try {
                row.detected_at = read_culture_date(when, order, options.zone);
            } catch (const Error& err) {
                if (!journal::is_bad_input(err)) throw;
                problems.add(r.line, err.what());
                bad = true;
            }
        }
        if (row.hostname.empty() && row.mac.empty() && row.ip.empty()) {
            problems.add(r.line, _("no computer name, MAC or IP address"));
            bad = true;
        }
        if (row.threat.empty()) {
            problems.add(r.line, _("no threat name or id"));
            bad = true;
        }
        if (bad) continue;
        std::vector<std::string> values;
        for (const auto& h : header) {
            const auto& v = r.fields[h];
            values.push_back(v.is_string() ? v.get<std::string>() : v.is_null() ? "" : v.dump());
        }
        row.source_row = csv_line(header) + csv_line(values);
        out.push_back(std::move(row));
    }
    problems.throw_if_any(journal::nothing_imported());
    return out;
}

std::string threat_key(const ThreatRow& row) {
    std::string host = text::lower_ascii(row.hostname.empty() ? (row.mac.empty() ? row.ip : row.mac) : row.hostname);
    return hash::sha256_hex(host + "|" + (row.threat_id.empty() ? row.threat : row.threat_id) + "|" + timeutil::format_rfc3339(row.detected_at) + "|" + row.path);
}

} // namespace netsec::asset
