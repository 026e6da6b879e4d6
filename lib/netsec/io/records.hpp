// Record input: JSON Lines, CSV (RFC 4180, UTF-8 with or without BOM, or GBK), TSV, or one id
// a line. Every problem is reported as source:line with the reason, in the wording of
// core/problems.hpp, and nothing is returned when any row is bad, so an import is all-or-nothing.
#pragma once
#include "netsec/core/problems.hpp"
#include "netsec/io/encoding.hpp"

#include <cstddef>
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

} // namespace netsec::io
