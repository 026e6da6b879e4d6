// netsec::io — the encodings a record file is read and written in: UTF-8, UTF-8 with a
// byte-order mark (how Excel knows a csv file is UTF-8), and GBK (what Excel on Chinese Windows
// reads and writes), converted by iconv; and UTF-16LE, read only, as Windows tools write it.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace netsec::io {

// Reading takes utf8 and gbk (a byte-order mark is always skipped); writing takes all three.
enum class Encoding { utf8, utf8_bom, gbk };

// For reading: "utf-8", "gbk" (also "utf8", "gb18030", "cp936", "gb2312"); throws Error(usage).
Encoding parse_encoding(const std::string& name);
// For writing: "utf-8", "utf-8-bom", "gbk" (also "utf8", "utf8-bom"); throws Error(usage).
Encoding parse_output_encoding(const std::string& name);

// "utf-8", "utf-8-bom", "gbk".
std::string encoding_name(Encoding encoding);

// The byte-order mark of UTF-8, as Excel writes it.
inline constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

// `text` converted by iconv from `from` to `to`, or, when a character cannot be converted,
// the offset in `text` where it starts.
struct Converted {
    std::string text;
    std::optional<std::size_t> failed_at;
};
// Throws Error(unavailable) when this system's iconv does not know `from` or `to`.
Converted convert_text(std::string_view text, const char* from, const char* to);

// GBK text as Windows writes it, read as GB18030 (its superset) into UTF-8.
Converted gbk_to_utf8(std::string_view text);
// UTF-8 text in GBK; failed_at names the first character GBK has no code for.
Converted utf8_to_gbk(std::string_view text);

// The byte-order mark of UTF-16LE, as Windows writes "Unicode" files (wmic redirected to a file,
// PowerShell's -Encoding Unicode).
inline constexpr std::string_view utf16le_bom = "\xFF\xFE";
// UTF-16LE text in UTF-8, its byte-order mark (when there is one) left out; failed_at is the
// offset in `text` of the first unit that is not UTF-16 (an unpaired surrogate, an odd last byte).
Converted utf16le_to_utf8(std::string_view text);

} // namespace netsec::io
