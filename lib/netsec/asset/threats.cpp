#include "netsec/asset/threats.hpp"

#include "netsec/asset/asset.hpp"
#include "netsec/core/error.hpp"
#include "netsec/core/hash.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/paths.hpp"
#include "netsec/core/problems.hpp"
#include "netsec/core/text.hpp"
#include "netsec/incident/evidence.hpp"
#include "netsec/incident/incident.hpp"
#include "netsec/io/output.hpp"
#include "netsec/journal/actions.hpp"
#include "netsec/journal/import.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <set>
#include <unistd.h>

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
        row.severity =
            options.format == AvFormat::defender ? severity_word(value(r, "severity")) : value(r, "severity");
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
    return hash::sha256_hex(host + "|" + (row.threat_id.empty() ? row.threat : row.threat_id) + "|" +
                            timeutil::format_rfc3339(row.detected_at) + "|" + row.path);
}

namespace {

// The name a detection's machine goes by: its tag, else what the export called it.
std::string machine_of(const store::AvThreatRow& r) { return r.tag.empty() ? r.hostname : r.tag; }

// A temporary folder removed when it goes out of scope, for the evidence files written.
struct ScratchDir {
    std::filesystem::path path;
    ScratchDir() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "netsec-threats-XXXXXX").string();
        if (!::mkdtemp(tmpl.data()))
            throw Error(Exit::cant_create,
                        _f("cannot create a temporary folder in {}", std::filesystem::temp_directory_path().string()));
        path = tmpl;
    }
    ~ScratchDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
};

// Writes the rows of `detections` (their header once) to `dir`/`name` and returns the path.
std::string write_rows(const ScratchDir& dir, const std::string& name,
                       const std::vector<const ThreatRow*>& detections) {
    std::string text;
    for (const auto* d : detections) {
        auto nl = d->source_row.find('\n');
        if (text.empty()) text = d->source_row.substr(0, nl + 1);
        text += d->source_row.substr(nl + 1);
    }
    std::string path = (dir.path / name).string();
    std::ofstream out(path, std::ios::binary);
    out << text;
    if (!out.flush()) throw Error(Exit::io, _f("cannot write {}", path));
    return path;
}

std::string file_safe(const std::string& name) {
    std::string out;
    for (char c : name) out += (c == '/' || c == '\\' || c == ' ' || c == ':') ? '_' : c;
    return out;
}

} // namespace

std::size_t machines_within_a_day(const std::vector<store::AvThreatRow>& rows) {
    std::vector<const store::AvThreatRow*> sorted;
    for (const auto& r : rows) sorted.push_back(&r);
    std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->detected_at < b->detected_at; });
    std::size_t best = 0, start = 0;
    for (std::size_t end = 0; end < sorted.size(); ++end) {
        auto until = timeutil::parse_time(sorted[end]->detected_at, "UTC");
        while (timeutil::parse_time(sorted[start]->detected_at, "UTC") + std::chrono::hours{24} < until) ++start;
        std::set<std::string> machines;
        for (std::size_t i = start; i <= end; ++i) machines.insert(machine_of(*sorted[i]));
        best = std::max(best, machines.size());
    }
    return best;
}

ThreatsImported import_threats(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                               const std::string& file, const AvReadOptions& options, bool open_incidents,
                               timeutil::Instant now) {
    std::string source;
    std::string data = read_export_file(file, source);
    auto rows = read_threat_export(std::move(data), source, options);
    std::string at = timeutil::format_rfc3339(now);
    ThreatsImported result;
    result.rows = rows.size();

    journal::Import<std::size_t> import(db, source);
    std::vector<store::AvThreatRow> stored(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& r = rows[i];
        auto& s = stored[i];
        s.key = threat_key(r);
        s.hostname = r.hostname;
        s.threat = r.threat;
        s.threat_id = r.threat_id;
        s.severity = r.severity;
        s.path = r.path;
        s.detected_at = timeutil::format_rfc3339(r.detected_at);
        s.action = r.action;
        s.source = source;
        s.imported_at = at;
        Match m = match_host(db, SeenHost{r.mac, r.hostname, r.ip});
        if (m.asset)
            s.tag = m.asset->tag;
        else
            result.unmatched.push_back({r.line, r.hostname, r.mac, r.ip, m.why});
        import.accept(r.line, i);
    }
    std::vector<std::size_t> added;
    import.write([&](store::Transaction& tx, std::size_t i, std::size_t) {
        if (store::insert_av_threat(tx, stored[i]))
            added.push_back(i);
    else ++result.already;
});
result.added = added.size();
store::Transaction& tx = import.transaction();
if (open_incidents && !added.empty()) {
    std::vector<store::AvThreatRow> fresh;
    for (auto i : added) fresh.push_back(stored[i]);
    std::size_t threshold = std::size_t(std::max<std::int64_t>(1, policy.assets.antivirus.outbreak_machines));
    result.outbreak = machines_within_a_day(fresh) >= threshold && threshold > 1;
    // by machine, in the order first seen
    std::vector<std::string> order;
    std::map<std::string, std::vector<std::size_t>> by_machine;
    for (auto i : added) {
        auto name = machine_of(stored[i]);
        if (!by_machine.contains(name)) order.push_back(name);
        by_machine[name].push_back(i);
    }
    ScratchDir scratch;
    auto open = [&](const std::vector<std::size_t>& which, const std::string& grade, const std::string& title,
                    const std::string& asset, const std::string& evidence_name) {
        incident::OpenRequest req;
        req.category = "MAL";
        req.grade = grade;
        req.title = title;
        req.asset = asset;
        req.source = "netsec-asset";
        Instant first = now;
        std::string description;
        std::vector<const ThreatRow*> detections;
        for (auto i : which) {
            first = std::min(first, rows[i].detected_at);
            description += fmt::format("{} {} {} {}\n", machine_of(stored[i]), stored[i].detected_at, stored[i].threat,
                                       stored[i].path);
            detections.push_back(&rows[i]);
        }
        req.discovered_at = first;
        req.description = description;
        auto inc = incident::open_incident(db, policy, origin, req, now);
        incident::add_evidence(db, policy, origin, inc.id, {write_rows(scratch, evidence_name, detections)}, now);
        for (auto i : which) store::set_threat_incident(tx, stored[i].key, inc.id);
        result.incidents.push_back(inc.id);
    };
    if (result.outbreak) {
        std::string machines;
        for (const auto& m : order) machines += (machines.empty() ? "" : ",") + m;
        open(added, "III", _f("virus outbreak: detections on {} machines", order.size()), machines, "detections.csv");
    } else {
        for (const auto& m : order) {
            const auto& first = stored[by_machine[m].front()];
            open(by_machine[m], "IV", _f("virus on {}: {}", m, first.threat), first.tag.empty() ? m : first.tag,
                 "detections-" + file_safe(m) + ".csv");
        }
    }
}
if (result.added > 0) {
    nlohmann::json details = {{"file", source},
                              {"rows", result.rows},
                              {"added", result.added},
                              {"already", result.already},
                              {"unmatched", result.unmatched.size()},
                              {"incidents", result.incidents}};
    journal::append(tx, origin, journal::action::asset_threats_imported, source, details);
}
import.commit();
return result;
} // namespace netsec::asset

std::vector<store::AvThreatRow> list_threats(store::Db& db, const std::string& tag) {
    return store::list_av_threats(db, tag, "");
}

} // namespace netsec::asset
