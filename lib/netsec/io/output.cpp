#include "netsec/io/output.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/time.hpp"
#include "netsec/core/width.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fmt/format.h>
#include <iterator>
#include <unistd.h>

namespace netsec::io {

Format parse_format(const std::string& name) {
    if (name == "auto") return Format::automatic;
    if (name == "table") return Format::table;
    if (name == "tsv") return Format::tsv;
    if (name == "csv") return Format::csv;
    if (name == "json") return Format::json;
    if (name == "jsonl") return Format::jsonl;
    throw Error(Exit::usage, _f("unknown format '{}': expected table, tsv, csv, json or jsonl", name));
}

Format resolve_format(Format format, bool to_terminal) {
    if (format != Format::automatic) return format;
    return to_terminal ? Format::table : Format::jsonl;
}

std::string cell_text(const nlohmann::ordered_json& value, Kind kind, const TableStyle& style, bool for_table) {
    if (value.is_null()) return "";
    if (value.is_string()) {
        const std::string& s = value.get_ref<const std::string&>();
        if (for_table && kind == Kind::time && !s.empty()) {
            try {
                return timeutil::format_local(timeutil::parse_time(s, "UTC"), style.zone);
            } catch (const Error&) {
                return s;
            }
        }
        return s;
    }
    if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

namespace {

bool formula_start(char ch) { return ch == '=' || ch == '+' || ch == '-' || ch == '@' || ch == '\t' || ch == '\r'; }

// [+-]digits[.digits]: a spreadsheet reads it as the number it is, never as a formula.
bool plain_number(const std::string& s) {
    std::size_t i = s[0] == '+' || s[0] == '-' ? 1 : 0;
    auto digits = [&] {
        std::size_t from = i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
        return i > from;
    };
    if (!digits()) return false;
    if (i < s.size() && s[i] == '.') {
        ++i;
        if (!digits()) return false;
    }
    return i == s.size();
}

// True when csv_unprotect would take the first character off `s`.
bool marked(const std::string& s) { return s.size() >= 2 && s[0] == '\'' && (formula_start(s[1]) || s[1] == '\''); }

} // namespace

std::string csv_quote(const std::string& field) {
    bool defuse = !field.empty() && ((formula_start(field[0]) && !plain_number(field)) || marked(field));
    if (!defuse && field.find_first_of(",\"\r\n") == std::string::npos) return field;
    std::string out = defuse ? "\"'" : "\"";
    for (char ch : field) {
        if (ch == '"') out += '"';
        out += ch;
    }
    return out + "\"";
}

std::string csv_unprotect(const std::string& field) { return marked(field) ? field.substr(1) : field; }

std::string terminal_safe(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        std::size_t start = i;
        long c = width::next_code_point(text, i);
        if (c >= 0x20 && c != 0x7f && (c < 0x80 || c > 0x9f)) {
            out.append(text.substr(start, i - start));
        } else if (c == '\t') {
            out += "\\t";
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c >= 0x80) {
            out += fmt::format("\\u{:04x}", c);
        } else { // C0, DEL, or a byte that is not UTF-8 (c < 0: the byte at `start`)
            out += fmt::format("\\x{:02x}", static_cast<unsigned char>(text[start]));
        }
    }
    return out;
}

std::string tsv_escape(const std::string& field) {
    std::string out;
    for (char ch : field) {
        switch (ch) {
        case '\t': out += "\\t"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\\': out += "\\\\"; break;
        default: out += ch;
        }
    }
    return out;
}

namespace {

const nlohmann::ordered_json& field(const nlohmann::ordered_json& row, const std::string& name) {
    static const nlohmann::ordered_json null_value;
    auto it = row.find(name);
    return it == row.end() ? null_value : *it;
}

void write_table(std::ostream& out, const Records& r, const TableStyle& style) {
    if (r.rows.empty()) return;
    std::vector<const Column*> cols;
    for (const auto& c : r.columns)
        if (c.in_table) cols.push_back(&c);
    std::vector<std::vector<std::string>> cells;
    std::vector<std::size_t> widths(cols.size());
    for (std::size_t i = 0; i < cols.size(); ++i) widths[i] = width::display_width(cols[i]->name);
    for (const auto& row : r.rows) {
        std::vector<std::string> line;
        for (std::size_t i = 0; i < cols.size(); ++i) {
            line.push_back(terminal_safe(cell_text(field(row, cols[i]->name), cols[i]->kind, style, true)));
            widths[i] = std::max(widths[i], width::display_width(line.back()));
        }
        cells.push_back(std::move(line));
    }
    auto emit = [&](const std::vector<std::string>& line, bool header) {
        std::string text;
        for (std::size_t i = 0; i < line.size(); ++i) {
            bool last = i + 1 == line.size();
            std::size_t pad = widths[i] - width::display_width(line[i]);
            bool right = !header && cols[i]->kind == Kind::integer;
            if (right) text.append(pad, ' ');
            text += line[i];
            if (!right && !last) text.append(pad, ' ');
            if (!last) text += "  ";
        }
        while (!text.empty() && text.back() == ' ') text.pop_back();
        if (header && style.colour)
            out << "\033[1m" << text << "\033[0m\n";
        else
            out << text << '\n';
    };
    std::vector<std::string> header;
    for (const auto* c : cols) header.push_back(c->name);
    emit(header, true);
    for (const auto& line : cells) emit(line, false);
}

// Where each cell of a csv or tsv text starts: row 0 is the header.
struct CellStart {
    std::size_t offset, row, column;
};

// `text` (UTF-8, with cells starting at `cells`) in the encoding `style` asks for.
std::string encode_separated(std::string text, const std::vector<CellStart>& cells, const Records& r,
                             Encoding encoding) {
    if (encoding == Encoding::utf8) return text;
    if (encoding == Encoding::utf8_bom) return std::string(utf8_bom) + text;
    Converted gbk = utf8_to_gbk(text);
    if (!gbk.failed_at) return std::move(gbk.text);
    std::size_t at = *gbk.failed_at;
    auto cell = std::upper_bound(cells.begin(), cells.end(), at,
                                 [](std::size_t offset, const CellStart& c) { return offset < c.offset; });
    const CellStart& where = cell == cells.begin() ? cells.front() : *std::prev(cell);
    std::size_t end = at;
    long code = width::next_code_point(text, end);
    throw Error(Exit::data,
                _f("'{}' (U+{:04X}) cannot be written in GBK: row {}, field '{}'; --encoding utf-8-bom "
                   "writes every character",
                   text.substr(at, end - at), code < 0 ? 0 : code, where.row, r.columns[where.column].name));
}

void write_separated(std::ostream& out, const Records& r, const TableStyle& style, bool csv) {
    auto quote = [&](const std::string& s) { return csv ? csv_quote(s) : tsv_escape(s); };
    const char sep = csv ? ',' : '\t';
    std::string text;
    std::vector<CellStart> cells;
    auto put = [&](const std::string& cell, std::size_t row, std::size_t column) {
        if (column > 0) text += sep;
        cells.push_back({text.size(), row, column});
        text += quote(cell);
    };
    for (std::size_t i = 0; i < r.columns.size(); ++i) put(r.columns[i].name, 0, i);
    text += '\n';
    for (std::size_t n = 0; n < r.rows.size(); ++n) {
        for (std::size_t i = 0; i < r.columns.size(); ++i) {
            const Column& c = r.columns[i];
            put(cell_text(field(r.rows[n], c.name), c.kind, style, false), n + 1, i);
        }
        text += '\n';
    }
    out << encode_separated(std::move(text), cells, r, style.encoding);
}

nlohmann::ordered_json ordered_row(const Records& r, const nlohmann::ordered_json& row) {
    nlohmann::ordered_json o = nlohmann::ordered_json::object();
    for (const auto& c : r.columns) o[c.name] = field(row, c.name);
    return o;
}

} // namespace

void write_records(std::ostream& out, Format format, const Records& r, const TableStyle& style) {
    constexpr auto replace = nlohmann::json::error_handler_t::replace;
    if (style.encoding != Encoding::utf8 && format != Format::csv && format != Format::tsv)
        throw Error(Exit::usage, _f("only csv and tsv are written in {}", encoding_name(style.encoding)));
    switch (format) {
    case Format::automatic:
    case Format::table: write_table(out, r, style); break;
    case Format::tsv: write_separated(out, r, style, false); break;
    case Format::csv: write_separated(out, r, style, true); break;
    case Format::jsonl:
        for (const auto& row : r.rows) out << ordered_row(r, row).dump(-1, ' ', false, replace) << '\n';
        break;
    case Format::json: {
        nlohmann::ordered_json all = nlohmann::ordered_json::array();
        for (const auto& row : r.rows) all.push_back(ordered_row(r, row));
        out << all.dump(2, ' ', false, replace) << '\n';
        break;
    }
    }
    out.flush();
}

FdBuf::FdBuf(int fd) : fd_(fd), line_buffered_(::isatty(fd) == 1) { setp(buffer_, buffer_ + sizeof buffer_); }

bool FdBuf::drain() {
    const char* p = pbase();
    while (error_ == 0 && p < pptr()) {
        ssize_t n = ::write(fd_, p, std::size_t(pptr() - p));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0)
            error_ = n < 0 ? errno : EIO;
        else
            p += n;
    }
    setp(buffer_, buffer_ + sizeof buffer_);
    return error_ == 0;
}

FdBuf::int_type FdBuf::overflow(int_type ch) {
    if (!drain()) return traits_type::eof();
    if (!traits_type::eq_int_type(ch, traits_type::eof())) {
        *pptr() = traits_type::to_char_type(ch);
        pbump(1);
    }
    return traits_type::not_eof(ch);
}

std::streamsize FdBuf::xsputn(const char* s, std::streamsize n) {
    std::streamsize done = std::streambuf::xsputn(s, n);
    if (line_buffered_ && std::memchr(s, '\n', std::size_t(done)) && !drain()) return 0;
    return error_ ? 0 : done;
}

int FdBuf::sync() { return drain() ? 0 : -1; }

} // namespace netsec::io
