// netsec::io — how records leave and enter the tools: output formats (table, tsv, csv,
// json, jsonl), record input (jsonl, csv, tsv, one id a line), the terminal, progress.
// Depends on core only; knows nothing of the domain.
#pragma once
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

namespace netsec::io {

enum class Format { automatic, table, tsv, csv, json, jsonl };

// "auto", "table", "tsv", "csv", "json", "jsonl"; throws Error(usage) naming the value.
Format parse_format(const std::string& name);

// `automatic` becomes table on a terminal and jsonl elsewhere.
Format resolve_format(Format format, bool to_terminal);

// How a column's values are shown in a table (machine formats keep them as they are).
enum class Kind {
    text,
    integer, // right-aligned
    time,    // RFC 3339 UTC; the table shows local time in the policy's zone
    json,    // nested JSON; compact in a table, csv and tsv
};

struct Column {
    std::string name; // snake_case field name: the interface
    Kind kind = Kind::text;
    bool in_table = true; // false: machine formats only (long hashes, raw details)
};

// Rows are JSON objects keyed by column name; a missing key is an empty value.
struct Records {
    std::vector<Column> columns;
    std::vector<nlohmann::ordered_json> rows;
};

struct TableStyle {
    std::string zone = "UTC"; // where table times are shown
    bool colour = false;      // bold header
};

// Writes `records` in `format` (already resolved). A table with no rows writes nothing.
void write_records(std::ostream& out, Format format, const Records& records, const TableStyle& style);

// One value as text for table, csv and tsv cells.
std::string cell_text(const nlohmann::ordered_json& value, Kind kind, const TableStyle& style, bool for_table);

// RFC 4180 quoting of one field, and the TSV escaping (\t \n \r \\).
std::string csv_quote(const std::string& field);
std::string tsv_escape(const std::string& field);

} // namespace netsec::io
