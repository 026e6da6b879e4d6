// Antivirus exports read into rows: what `Get-MpComputerStatus | Export-Csv` writes in Windows
// PowerShell 5.1 (format defender), and a console's spreadsheet through a column map (format
// generic: 火绒, 360, saved in GBK). Pure: bytes in, rows out; nothing is matched or stored here.
//
// Decisions:
// - The optional "#TYPE …" line Export-Csv writes before the header is skipped, and lines keep
//   their numbers in the file, so problems name the line a person sees in an editor.
// - Every problem of every line is gathered and reported at once, then nothing is read.
// - Booleans: True/False as PowerShell writes them, and for consoles 是/否, 开启/关闭,
//   yes/no, on/off, 1/0; an empty cell is unknown (null), never false.
// - A generic map value "=TEXT" is a constant, for a console whose export has no product column
//   ("product==火绒终端安全").
#pragma once
#include "netsec/asset/culture_date.hpp"
#include "netsec/core/time.hpp"
#include "netsec/io/encoding.hpp"
#include "netsec/io/records.hpp"

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace netsec::asset {

enum class AvFormat { defender, generic };

// "defender", "generic"; throws Error(usage) naming the text.
AvFormat parse_av_format(const std::string& name);
std::string av_format_name(AvFormat format);

// The product name a defender export stands for.
inline constexpr const char* defender_product = "Microsoft Defender Antivirus";

// One machine's antivirus state as an export gives it.
struct AvRow {
    std::size_t line = 0;          // where the row is in its file
    std::string hostname, mac, ip; // how it names the machine (any may be "")
    std::string product, product_version, engine_version, signature_version;
    std::optional<bool> enabled, realtime; // nullopt: the export does not say
    std::optional<timeutil::Instant> signature_updated_at, quick_scan_at, full_scan_at;
};

// The fields a generic map may name: hostname, mac, ip, product, product_version,
// engine_version, enabled, realtime, signature_version, signature_updated_at, quick_scan_at,
// full_scan_at.
const std::vector<std::string>& av_map_fields();

// "field=header,field=header" naming `fields`; throws Error(usage) for an unknown field or a pair
// without '='.
std::map<std::string, std::string> parse_av_map(const std::string& text,
                                                const std::vector<std::string>& fields = av_map_fields());

struct AvReadOptions {
    AvFormat format = AvFormat::defender;
    io::Encoding encoding = io::Encoding::utf8;
    DateOrder date_order = DateOrder::none; // none: settle from the file
    std::map<std::string, std::string> map; // generic: field -> header (or "=constant")
    std::string zone = "UTC";               // where the export's local times are
};

// Reads the export `data` named `source`. Throws Error(data) listing every bad line (a missing
// column, a date that does not exist, a boolean that is none, a row naming no machine), then
// "nothing was imported"; Error(usage) for a generic read with no map.
std::vector<AvRow> read_av_export(std::string data, const std::string& source, const AvReadOptions& options);

// An export read as CSV with its columns found, shared by the antivirus and threat readers.
struct ExportColumn {
    const char* field;  // our field name
    const char* header; // what the PowerShell cmdlet's Export-Csv writes
    bool required;
};
struct Export {
    std::vector<io::Record> records;
    std::map<std::string, std::string> columns; // field -> header in the file, or "=constant"
};
// Reads `data` (CSV after blank_type_line) and finds its columns: `fixed` (matched without
// regard to case) for the defender format, the map for generic. A column missing is a problem
// of the header line naming it (`cmdlet` says who writes it); throws Error(data) with them all.
Export read_export(std::string data, const std::string& source, AvFormat format, io::Encoding encoding,
                   const std::vector<ExportColumn>& fixed, const std::map<std::string, std::string>& map,
                   const std::string& cmdlet);
// The value of `field` in `record` ("" when the export has no such column).
std::string export_value(const Export& e, const io::Record& record, const std::string& field);

// The text `data` with the "#TYPE …" line Export-Csv writes (after a byte-order mark, if any)
// left blank, so the lines after it keep their numbers. Shared with the threat reader.
std::string blank_type_line(std::string data);

// A True/False cell (and the consoles' words); nullopt for an empty one. Throws Error(data).
std::optional<bool> read_av_bool(const std::string& text);

} // namespace netsec::asset
