// Record input: JSON Lines, CSV (RFC 4180, UTF-8 with or without BOM, or GBK), TSV, or one id
// a line. Every problem is reported as source:line with the reason, in the wording of
// core/problems.hpp, and nothing is returned when any row is bad, so an import is all-or-nothing.
#pragma once
#include "netsec/core/problems.hpp"
#include "netsec/io/encoding.hpp"
#include "netsec/io/output.hpp"

#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace netsec::io {

enum class InputFormat { automatic, jsonl, csv, tsv, lines };

// "auto", "jsonl", "csv", "tsv", "lines".
InputFormat parse_input_format(const std::string& name);

struct Record {
    std::size_t line = 0;          // where the record starts in its source
    nlohmann::ordered_json fields; // an object; csv and tsv values are strings
};

struct ReadOptions {
    InputFormat format = InputFormat::automatic;
    Encoding encoding = Encoding::utf8;
    std::string key = "id"; // the field a plain line becomes, e.g. "username"
    std::string not_done;   // the last line of the message when a row is bad; "nothing was read" if empty
};

// Reads `data` named `source` in messages. Throws Error(data) with the problems as
// Problems::message words them, ending in `options.not_done`.
std::vector<Record> read_records(std::string data, const std::string& source, const ReadOptions& options);

// Reads `data` named `problems.source()`, adding each bad row to `problems` (and leaving it
// out) instead of throwing, for a caller that checks the records it gets and reports all at once.
std::vector<Record> read_records(std::string data, const ReadOptions& options, Problems& problems);

// Reads the file `path`, or standard input when `path` is "-" (named "<stdin>").
// Throws Error(no_input) when it cannot be read.
std::vector<Record> read_records_from(const std::string& path, const ReadOptions& options);

// The rows of a CSV (RFC 4180) or TSV text as they stand, no row taken for a header, each with
// the line it starts on; blank lines are left out. For readers that find the header themselves
// (a sign-in sheet with a title above its header). Problems (a quote never closed) go to `problems`.
struct CellRow {
    std::size_t line = 0;
    std::vector<std::string> cells;
};
std::vector<CellRow> read_cells(const std::string& data, InputFormat format, Problems& problems);

// The column the import header `header` names: its name or one of its aliases, both compared
// trimmed, in ASCII lower case, with '-' and ' ' read as '_' (so "Student No", "student-no" and
// "STUDENT_NO" all name student_no); nullptr when none does.
const Column* find_column(const std::vector<Column>& columns, const std::string& header);

// `columns` with the headers `map` names read as their fields: `map` is "field=header,…" as a
// --map option gives it (a header in a school's own spreadsheet or console export, "终端名称").
// A mapped header is read as its field only: another column that had it as an alias loses it.
// Throws Error(usage) naming `argument` for an entry that is not field=header or names a field
// the table does not have, listing the fields.
std::vector<Column> with_map(std::vector<Column> columns, const std::string& map, const std::string& argument);

// How an import's headers map onto a field table.
struct Headers {
    std::map<std::string, std::string> header_of; // field name -> the header as written
    std::vector<std::string> ignored;             // headers no column names (or a second header of one field)
};

// Maps the header of `records` (the keys of the first; every csv and tsv record has them all)
// onto `columns`. Throws Error(data) "source: no X column; the header must name one of A, B"
// for the first required column none names. No records map to nothing, without complaint.
Headers map_headers(const std::vector<Column>& columns, const std::vector<Record>& records, const std::string& source);

// The value of `field` in `record` through `headers`, trimmed; "" when the column is missing or
// null, a number or boolean as JSON writes it.
std::string header_value(const Headers& headers, const Record& record, const std::string& field);

} // namespace netsec::io
