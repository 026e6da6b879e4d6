#include "netsec/io/records.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/paths.hpp"
#include "netsec/core/problems.hpp"
#include "netsec/core/text.hpp"
#include "netsec/core/width.hpp"
#include "netsec/io/encoding.hpp"
#include "netsec/io/output.hpp"

#include <algorithm>
#include <unistd.h>
#include <optional>
#include <set>

namespace netsec::io {
namespace {

std::size_t line_at(const std::string& data, std::size_t offset) {
    return 1 +
           std::size_t(std::count(data.begin(), data.begin() + std::ptrdiff_t(std::min(offset, data.size())), '\n'));
}

// The text of `data` in UTF-8, or nullopt and a problem at the first line that is not GBK.
std::optional<std::string> gbk_to_utf8(const std::string& data, Problems& problems) {
    Converted utf8 = io::gbk_to_utf8(data);
    if (!utf8.failed_at) return std::move(utf8.text);
    problems.add(line_at(data, *utf8.failed_at), _("not valid GBK text"));
    return std::nullopt;
}

// True when `data` is UTF-8; else false and a problem at its first line that is not.
bool check_utf8(const std::string& data, Problems& problems) {
    if (width::is_valid_utf8(data)) return true;
    std::size_t line = 1, start = 0;
    for (std::size_t i = 0; i <= data.size(); ++i) {
        if (i == data.size() || data[i] == '\n') {
            if (!width::is_valid_utf8(std::string_view(data).substr(start, i - start))) {
                problems.add(line, _("not valid UTF-8; for a spreadsheet saved on Chinese Windows add --encoding gbk"));
                return false;
            }
            ++line;
            start = i + 1;
        }
    }
    return true; // not reached: a sequence cut by a newline is invalid in its own line
}

using text::trim;

// Splits into (line number, text) pairs without the newline and a trailing CR.
std::vector<std::pair<std::size_t, std::string>> split_lines(const std::string& data) {
    std::vector<std::pair<std::size_t, std::string>> out;
    std::size_t line = 1, start = 0;
    while (start < data.size()) {
        auto nl = data.find('\n', start);
        std::string text = data.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
        if (!text.empty() && text.back() == '\r') text.pop_back();
        out.emplace_back(line, std::move(text));
        if (nl == std::string::npos) break;
        start = nl + 1;
        ++line;
    }
    return out;
}

std::vector<Record> read_jsonl(const std::string& data, Problems& problems) {
    std::vector<Record> out;
    for (auto& [line, text] : split_lines(data)) {
        if (trim(text).empty()) continue;
        try {
            auto value = nlohmann::ordered_json::parse(text);
            if (!value.is_object()) {
                problems.add(line, _("expected a JSON object, one a line"));
                continue;
            }
            out.push_back({line, std::move(value)});
        } catch (const nlohmann::json::exception& e) { // parse_error, and out_of_range for a number such as 1e999
            std::string what = e.what();
            auto colon = what.find("; ");
            if (colon == std::string::npos) colon = what.find("] ");
            problems.add(line, _f("not valid JSON: {}", colon == std::string::npos ? what : what.substr(colon + 2)));
        }
    }
    return out;
}

std::vector<Record> read_lines(const std::string& data, const std::string& key) {
    std::vector<Record> out;
    for (auto& [line, text] : split_lines(data)) {
        std::string id = trim(text);
        if (id.empty()) continue;
        nlohmann::ordered_json o;
        o[key] = id;
        out.push_back({line, std::move(o)});
    }
    return out;
}

struct Row {
    std::size_t line;
    std::vector<std::string> fields;
};

// RFC 4180: quoted fields may hold separators, quotes ("") and newlines.
std::vector<Row> parse_csv(const std::string& data, Problems& problems) {
    std::vector<Row> rows;
    std::size_t i = 0, line = 1;
    while (i < data.size()) {
        Row row{line, {}};
        std::string field;
        bool row_done = false;
        while (!row_done) {
            field.clear();
            if (i < data.size() && data[i] == '"') {
                std::size_t quote_line = line;
                ++i;
                bool closed = false;
                while (i < data.size()) {
                    char ch = data[i++];
                    if (ch == '"') {
                        if (i < data.size() && data[i] == '"') {
                            field += '"';
                            ++i;
                        } else {
                            closed = true;
                            break;
                        }
                    } else {
                        if (ch == '\n') ++line;
                        field += ch;
                    }
                }
                if (!closed) {
                    problems.add(quote_line, _("a quoted field is never closed"));
                    return rows;
                }
                if (i < data.size() && data[i] != ',' && data[i] != '\n' && data[i] != '\r') {
                    problems.add(line, _("text after a closing quote; a quote inside a quoted field is written \"\""));
                    while (i < data.size() && data[i] != ',' && data[i] != '\n') ++i;
                }
            } else {
                while (i < data.size() && data[i] != ',' && data[i] != '\n') field += data[i++];
                if (!field.empty() && field.back() == '\r') field.pop_back();
            }
            row.fields.push_back(field);
            if (i < data.size() && data[i] == '\r') ++i;
            if (i >= data.size())
                row_done = true;
            else if (data[i] == ',')
                ++i;
            else if (data[i] == '\n') {
                ++i;
                ++line;
                row_done = true;
            }
        }
        bool blank = row.fields.size() == 1 && trim(row.fields[0]).empty();
        if (!blank) rows.push_back(std::move(row));
    }
    return rows;
}

std::string tsv_unescape(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 1 < s.size()) {
            char n = s[++i];
            out += n == 't' ? '\t' : n == 'n' ? '\n' : n == 'r' ? '\r' : n;
        } else {
            out += s[i];
        }
    }
    return out;
}

std::vector<Row> parse_tsv(const std::string& data) {
    std::vector<Row> rows;
    for (auto& [line, text] : split_lines(data)) {
        if (trim(text).empty()) continue;
        Row row{line, {}};
        std::size_t start = 0;
        for (;;) {
            auto tab = text.find('\t', start);
            row.fields.push_back(
                tsv_unescape(text.substr(start, tab == std::string::npos ? std::string::npos : tab - start)));
            if (tab == std::string::npos) break;
            start = tab + 1;
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

// `csv`: values lose the mark that keeps a spreadsheet from taking them for formulas (after
// trimming, as the mark is the first character written).
std::vector<Record> rows_to_records(const std::vector<Row>& rows, Problems& problems, bool csv) {
    std::vector<Record> out;
    if (rows.empty()) return out;
    const Row& header = rows.front();
    std::vector<std::string> names;
    std::set<std::string> seen;
    for (const auto& raw : header.fields) {
        std::string name = trim(raw);
        if (name.empty())
            problems.add(header.line, _("the header has an empty column name"));
        else if (!seen.insert(name).second)
            problems.add(header.line, _f("column '{}' appears twice in the header", name));
        names.push_back(name);
    }
    for (std::size_t r = 1; r < rows.size(); ++r) {
        const Row& row = rows[r];
        if (row.fields.size() != names.size()) {
            problems.add(row.line,
                         _f("expected {} fields as in the header, found {}", names.size(), row.fields.size()));
            continue;
        }
        nlohmann::ordered_json o = nlohmann::ordered_json::object();
        for (std::size_t c = 0; c < names.size(); ++c) {
            std::string value = trim(row.fields[c]);
            o[names[c]] = csv ? csv_unprotect(value) : value;
        }
        out.push_back({row.line, std::move(o)});
    }
    return out;
}

InputFormat sniff(const std::string& data, const std::string& source) {
    auto ends_with = [&](const char* suffix) {
        std::string s = suffix;
        return source.size() >= s.size() && source.compare(source.size() - s.size(), s.size(), s) == 0;
    };
    if (ends_with(".csv")) return InputFormat::csv;
    if (ends_with(".tsv") || ends_with(".tab")) return InputFormat::tsv;
    if (ends_with(".jsonl") || ends_with(".ndjson") || ends_with(".json")) return InputFormat::jsonl;
    auto first = data.find_first_not_of(" \t\r\n");
    if (first != std::string::npos && data[first] == '{') return InputFormat::jsonl;
    return InputFormat::lines;
}

} // namespace

InputFormat parse_input_format(const std::string& name) {
    if (name == "auto") return InputFormat::automatic;
    if (name == "jsonl") return InputFormat::jsonl;
    if (name == "csv") return InputFormat::csv;
    if (name == "tsv") return InputFormat::tsv;
    if (name == "lines") return InputFormat::lines;
    throw Error(Exit::usage, _f("unknown input format '{}': expected jsonl, csv, tsv or lines", name));
}

std::vector<Record> read_records(std::string data, const ReadOptions& options, Problems& problems) {
    if (options.encoding == Encoding::gbk) {
        auto utf8 = gbk_to_utf8(data, problems);
        if (!utf8) return {};
        data = std::move(*utf8);
    }
    if (data.starts_with(utf8_bom)) data.erase(0, utf8_bom.size()); // as Excel writes
    if (!check_utf8(data, problems)) return {};
    InputFormat format = options.format == InputFormat::automatic ? sniff(data, problems.source()) : options.format;
    switch (format) {
    case InputFormat::jsonl: return read_jsonl(data, problems);
    case InputFormat::lines: return read_lines(data, options.key);
    case InputFormat::csv: return rows_to_records(parse_csv(data, problems), problems, true);
    case InputFormat::tsv: return rows_to_records(parse_tsv(data), problems, false);
    case InputFormat::automatic: break;
    }
    return {};
}

std::vector<CellRow> read_cells(const std::string& data, InputFormat format, Problems& problems) {
    std::vector<CellRow> out;
    for (auto& row : format == InputFormat::tsv ? parse_tsv(data) : parse_csv(data, problems))
        out.push_back({row.line, std::move(row.fields)});
    return out;
}

std::vector<Record> read_records(std::string data, const std::string& source, const ReadOptions& options) {
    Problems problems(source);
    auto out = read_records(std::move(data), options, problems);
    problems.throw_if_any(options.not_done.empty() ? _("nothing was read") : options.not_done);
    return out;
}

std::vector<Record> read_records_from(const std::string& path, const ReadOptions& options) {
    if (path == "-") {
        // Bounded as a file is, before it is held: a runaway pipe is refused, not swallowed.
        return read_records(paths::read_fd(STDIN_FILENO, "<stdin>"), "<stdin>", options);
    }
    return read_records(paths::read_file(path), path, options);
}

namespace {

std::string header_key(const std::string& header) {
    std::string key = text::lower_ascii(trim(header));
    for (char& ch : key)
        if (ch == '-' || ch == ' ') ch = '_';
    return key;
}

} // namespace

const Column* find_column(const std::vector<Column>& columns, const std::string& header) {
    std::string key = header_key(header);
    if (key.empty()) return nullptr;
    for (const auto& c : columns) {
        if (header_key(c.name) == key) return &c;
        for (const auto& alias : c.aliases)
            if (header_key(alias) == key) return &c;
    }
    return nullptr;
}

std::vector<Column> with_map(std::vector<Column> columns, const std::string& map, const std::string& argument) {
    std::size_t start = 0;
    while (start <= map.size()) {
        std::size_t comma = map.find(',', start);
        std::string entry = map.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        start = comma == std::string::npos ? map.size() + 1 : comma + 1;
        if (entry.find_first_not_of(" \t") == std::string::npos) continue;
        auto eq = entry.find('=');
        std::string field = eq == std::string::npos ? "" : trim(entry.substr(0, eq));
        std::string header = eq == std::string::npos ? "" : trim(entry.substr(eq + 1));
        if (field.empty() || header.empty())
            throw Error(Exit::usage, _f("{} expects FIELD=HEADER entries separated by commas, such as "
                                        "hostname=终端名称, found '{}'",
                                        argument, entry));
        Column* target = nullptr;
        for (auto& c : columns)
            if (c.name == field) target = &c;
        if (!target) {
            std::string names;
            for (const auto& c : columns) names += (names.empty() ? "" : ", ") + c.name;
            throw Error(Exit::usage, _f("{}: there is no field '{}'; the fields are {}", argument, field, names));
        }
        std::string key = header_key(header);
        for (auto& c : columns) std::erase_if(c.aliases, [&](const std::string& a) { return header_key(a) == key; });
        target->aliases.insert(target->aliases.begin(), header);
    }
    return columns;
}

Headers map_headers(const std::vector<Column>& columns, const std::vector<Record>& records, const std::string& source) {
    Headers h;
    if (records.empty()) return h;
    for (const auto& [header, value] : records.front().fields.items()) {
        const Column* c = find_column(columns, header);
        if (!c || h.header_of.count(c->name))
            h.ignored.push_back(header);
        else
            h.header_of[c->name] = header;
    }
    for (const auto& c : columns) {
        if (!c.required || h.header_of.count(c.name)) continue;
        std::string names = c.name;
        for (const auto& alias : c.aliases) names += ", " + alias;
        throw Error(Exit::data, _f("{}: no {} column; the header must name one of {}", source, c.name, names));
    }
    return h;
}

std::string header_value(const Headers& headers, const Record& record, const std::string& field) {
    auto c = headers.header_of.find(field);
    if (c == headers.header_of.end()) return "";
    auto it = record.fields.find(c->second);
    if (it == record.fields.end() || it->is_null()) return "";
    return trim(it->is_string() ? it->get<std::string>() : it->dump());
}

} // namespace netsec::io
