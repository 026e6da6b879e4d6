#include "netsec/asset/defender.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/problems.hpp"
#include "netsec/core/text.hpp"
#include "netsec/io/records.hpp"
#include "netsec/journal/import.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <set>

namespace netsec::asset {

namespace {

// The columns of a Get-MpComputerStatus export we read, by field.
const std::vector<ExportColumn> defender_columns = {
    {"hostname", "PSComputerName", true},
    {"enabled", "AntivirusEnabled", true},
    {"realtime", "RealTimeProtectionEnabled", true},
    {"signature_updated_at", "AntivirusSignatureLastUpdated", true},
    {"product_version", "AMProductVersion", false},
    {"engine_version", "AMEngineVersion", false},
    {"signature_version", "AntivirusSignatureVersion", false},
    {"quick_scan_at", "QuickScanEndTime", false},
    {"full_scan_at", "FullScanEndTime", false},
};

const std::vector<std::string> date_fields = {"signature_updated_at", "quick_scan_at", "full_scan_at"};

// The header of `records` (every csv record has every column); empty when there is no row.
std::vector<std::string> header_of(const std::vector<io::Record>& records) {
    std::vector<std::string> out;
    if (records.empty()) return out;
    for (auto it = records.front().fields.begin(); it != records.front().fields.end(); ++it) out.push_back(it.key());
    return out;
}

// field -> header as the file writes it, or "=constant"; problems for a header the file lacks.
std::map<std::string, std::string> columns_for(AvFormat format, const std::vector<ExportColumn>& fixed,
                                               const std::map<std::string, std::string>& map, const std::string& cmdlet,
                                               const std::vector<std::string>& header, Problems& problems,
                                               std::size_t header_line) {
    std::map<std::string, std::string> out;
    auto find = [&](const std::string& wanted, bool ignore_case) -> std::string {
        for (const auto& h : header) {
            if (h == wanted || (ignore_case && text::lower_ascii(h) == text::lower_ascii(wanted))) return h;
        }
        return "";
    };
    if (format == AvFormat::defender) {
        for (const auto& c : fixed) {
            std::string h = find(c.header, true);
            if (!h.empty())
                out[c.field] = h;
            else if (c.required)
                problems.add(header_line, _f("no column '{}': {} | Export-Csv writes it", c.header, cmdlet));
        }
        return out;
    }
    for (const auto& [field, wanted] : map) {
        if (wanted.starts_with("=")) {
            out[field] = wanted;
            continue;
        }
        std::string h = find(text::trim(wanted), false);
        if (h.empty())
            problems.add(header_line, _f("no column '{}', which the map names for {}; the header has {}", wanted, field,
                                         netsec::text::join(header)));
        else
            out[field] = h;
    }
    return out;
}

} // namespace

AvFormat parse_av_format(const std::string& name) {
    if (name == "defender") return AvFormat::defender;
    if (name == "generic") return AvFormat::generic;
    throw Error(Exit::usage, _f("unknown antivirus format '{}': expected defender or generic", name));
}

std::string av_format_name(AvFormat format) { return format == AvFormat::defender ? "defender" : "generic"; }

const std::vector<std::string>& av_map_fields() {
    static const std::vector<std::string> fields = {
        "hostname",       "mac",         "ip",       "product",           "product_version",
        "engine_version", "enabled",     "realtime", "signature_version", "signature_updated_at",
        "quick_scan_at",  "full_scan_at"};
    return fields;
}

std::map<std::string, std::string> parse_av_map(const std::string& text, const std::vector<std::string>& fields) {
    std::map<std::string, std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto comma = text.find(',', start);
        std::string pair = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        start = comma == std::string::npos ? text.size() + 1 : comma + 1;
        if (text::trim(pair).empty()) continue;
        auto eq = pair.find('=');
        if (eq == std::string::npos)
            throw Error(Exit::usage, _f("invalid map entry '{}': expected FIELD=HEADER", pair));
        std::string field = text::trim(pair.substr(0, eq)), header = text::trim(pair.substr(eq + 1));
        if (std::find(fields.begin(), fields.end(), field) == fields.end())
            throw Error(Exit::usage,
                        _f("unknown field '{}' in the map: expected one of {}", field, netsec::text::join(fields)));
        if (header.empty()) throw Error(Exit::usage, _f("invalid map entry '{}': expected FIELD=HEADER", pair));
        out[field] = header;
    }
    return out;
}

std::string blank_type_line(std::string data) {
    std::size_t start = data.starts_with(io::utf8_bom) ? io::utf8_bom.size() : 0;
    if (data.compare(start, 5, "#TYPE") == 0) {
        auto nl = data.find('\n', start);
        data.erase(start, nl == std::string::npos ? std::string::npos : nl - start);
    }
    return data;
}

std::optional<bool> read_av_bool(const std::string& raw) {
    std::string t = text::lower_ascii(text::trim(raw));
    if (t.empty()) return std::nullopt;
    static const char* yes[] = {"true", "yes", "1", "on", "enabled", "是", "开启", "已开启", "启用", "已启用", "开"};
    static const char* no[] = {"false",  "no",     "0",    "off",    "disabled", "否", "关闭",
                               "已关闭", "未开启", "禁用", "已禁用", "未启用",   "关"};
    for (const char* w : yes)
        if (t == w) return true;
    for (const char* w : no)
        if (t == w) return false;
    throw Error(Exit::data, _f("invalid value '{}': expected True or False", raw));
}

Export read_export(std::string data, const std::string& source, AvFormat format, io::Encoding encoding,
                   const std::vector<ExportColumn>& fixed, const std::map<std::string, std::string>& map,
                   const std::string& cmdlet) {
    if (format == AvFormat::generic && map.empty())
        throw Error(Exit::usage, _("a generic export needs a column map: give --map FIELD=HEADER,… or set "
                                   "assets.antivirus.map in the policy"));
    io::ReadOptions read;
    read.format = io::InputFormat::csv;
    read.encoding = encoding;
    read.not_done = journal::nothing_imported();
    Export e;
    e.records = io::read_records(blank_type_line(std::move(data)), source, read);
    Problems problems(source);
    std::size_t header_line = e.records.empty() ? 1 : e.records.front().line - 1;
    e.columns = columns_for(format, fixed, map, cmdlet, header_of(e.records), problems, header_line);
    if (format == AvFormat::generic && !map.contains("hostname") && !map.contains("mac") && !map.contains("ip"))
        problems.add(_("the map names no column for the machine: map hostname, mac or ip"));
    problems.throw_if_any(journal::nothing_imported());
    return e;
}

std::string export_value(const Export& e, const io::Record& r, const std::string& field) {
    auto it = e.columns.find(field);
    if (it == e.columns.end()) return "";
    if (it->second.starts_with("=")) return it->second.substr(1);
    auto v = r.fields.find(it->second);
    if (v == r.fields.end() || v->is_null()) return "";
    return v->is_string() ? v->get<std::string>() : v->dump();
}

std::vector<AvRow> read_av_export(std::string data, const std::string& source, const AvReadOptions& options) {
    Export e = read_export(std::move(data), source, options.format, options.encoding, defender_columns, options.map,
                           "Get-MpComputerStatus");
    const auto& records = e.records;
    Problems problems(source);
    auto value = [&](const io::Record& r, const std::string& field) { return export_value(e, r, field); };

    std::vector<DateCell> cells;
    for (const auto& r : records)
        for (const auto& f : date_fields)
            if (auto t = value(r, f); !t.empty()) cells.push_back({r.line, t});
    DateOrder order = settle_date_order(cells, options.date_order, source);

    std::vector<AvRow> out;
    out.reserve(records.size());
    for (const auto& r : records) {
        AvRow row;
        row.line = r.line;
        bool bad = false;
        std::set<std::string> said; // one date in two columns is one problem
        auto attempt = [&](auto&& read) {
            try {
                read();
            } catch (const Error& e) {
                if (!journal::is_bad_input(e)) throw;
                if (said.insert(e.what()).second) problems.add(r.line, e.what());
                bad = true;
            }
        };
        row.hostname = value(r, "hostname");
        row.mac = value(r, "mac");
        row.ip = value(r, "ip");
        row.product = options.format == AvFormat::defender ? defender_product : value(r, "product");
        row.product_version = value(r, "product_version");
        row.engine_version = value(r, "engine_version");
        row.signature_version = value(r, "signature_version");
        attempt([&] { row.enabled = read_av_bool(value(r, "enabled")); });
        attempt([&] { row.realtime = read_av_bool(value(r, "realtime")); });
        std::optional<timeutil::Instant>* dates[] = {&row.signature_updated_at, &row.quick_scan_at, &row.full_scan_at};
        for (std::size_t i = 0; i < date_fields.size(); ++i) {
            std::string t = value(r, date_fields[i]);
            if (!t.empty()) attempt([&] { *dates[i] = read_culture_date(t, order, options.zone); });
        }
        if (row.hostname.empty() && row.mac.empty() && row.ip.empty()) {
            problems.add(r.line, options.format == AvFormat::defender
                                     ? _("no computer name: PSComputerName is empty (export with Get-MpComputerStatus "
                                         "-CimSession NAME so that each row names its machine)")
                                     : _("no computer name, MAC or IP address"));
            bad = true;
        }
        if (!bad) out.push_back(std::move(row));
    }
    problems.throw_if_any(journal::nothing_imported());
    return out;
}

} // namespace netsec::asset
