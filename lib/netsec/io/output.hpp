// netsec::io — how records leave and enter the tools: output formats (table, tsv, csv,
// json, jsonl), record input (jsonl, csv, tsv, one id a line), the terminal, progress.
// Knows nothing of the domain (layers: ARCHITECTURE.md).
#pragma once
#include "netsec/io/encoding.hpp"

#include <nlohmann/json.hpp>
#include <ostream>
#include <streambuf>
#include <string>
#include <string_view>
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
    // The other headers an import reads as this field, Chinese and English ("姓名", "name");
    // the field's own name is always read. Lookup: io/records.hpp find_column().
    std::vector<std::string> aliases = {};
    bool required = false; // an import without this column is refused
};

// Rows are JSON objects keyed by column name; a missing key is an empty value.
struct Records {
    std::vector<Column> columns;
    std::vector<nlohmann::ordered_json> rows;
};

struct TableStyle {
    std::string zone = "UTC"; // where table times are shown
    bool colour = false;      // bold header
    // csv and tsv only (other formats are UTF-8): utf8_bom starts the text with a byte-order mark,
    // gbk converts it (netsec(7), Records for spreadsheets).
    Encoding encoding = Encoding::utf8;
};

// Writes `records` in `format` (already resolved). A table with no rows writes nothing.
// With style.encoding gbk, a character GBK cannot hold throws Error(data) naming its row (the
// first below the header is 1) and field, and nothing is written; an encoding other than utf8
// with a format other than csv and tsv throws Error(usage).
void write_records(std::ostream& out, Format format, const Records& records, const TableStyle& style);

// One value as text for table, csv and tsv cells.
std::string cell_text(const nlohmann::ordered_json& value, Kind kind, const TableStyle& style, bool for_table);

// RFC 4180 quoting of one field, defused for spreadsheets: a field a spreadsheet would take
// for a formula (it starts with = + - @, a tab or a carriage return, and is not a plain number
// such as -5) gets a leading ' and is quoted, as OWASP advises; so does a field that starts
// with ' and one of those, so that csv_unprotect gives every field back exactly.
std::string csv_quote(const std::string& field);
// Takes off the ' that csv_quote put before a field: the field without its first character when
// it starts with ' followed by = + - @ ' or a tab or carriage return, else the field unchanged.
std::string csv_unprotect(const std::string& field);
// The TSV escaping (\t \n \r \\); TSV stays faithful (no formula defusing).
std::string tsv_escape(const std::string& field);

// `text` made safe to show on a terminal: control characters become visible escapes, so that a
// name or title cannot clear the screen, set the window title or move the cursor. Tab, newline
// and carriage return become \t \n \r; other C0 bytes, DEL and bytes that are not UTF-8 become
// \xHH; the C1 controls U+0080 to U+009F become \u0080 to \u009f. The rest is unchanged.
std::string terminal_safe(std::string_view text);

// A buffered stream buffer over a file descriptor that keeps why writing failed: iostreams and
// stdio only say that it did. After a failure it drops what is written and keeps failing.
// On a terminal it writes each line as it ends.
class FdBuf : public std::streambuf {
public:
    explicit FdBuf(int fd);
    int error() const { return error_; } // errno of the first failed write, 0 while none
    FdBuf(const FdBuf&) = delete;
    FdBuf& operator=(const FdBuf&) = delete;

protected:
    int_type overflow(int_type ch) override;
    std::streamsize xsputn(const char* s, std::streamsize n) override;
    int sync() override;

private:
    bool drain();
    int fd_;
    int error_ = 0;
    bool line_buffered_;
    char buffer_[65536];
};

} // namespace netsec::io
