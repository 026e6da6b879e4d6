#include "netsec/training/signin.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/text.hpp"
#include "netsec/core/width.hpp"
#include "netsec/io/encoding.hpp"
#include "netsec/io/records.hpp"

#include <algorithm>
#include <optional>
#include <regex>
#include <set>

namespace netsec::training {
namespace {

// The UTF-8 code point at `s[i]` and its length; a byte that starts none is itself, length 1.
std::pair<char32_t, std::size_t> code_point(std::string_view s, std::size_t i) {
    auto b = static_cast<unsigned char>(s[i]);
    auto cont = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]) & 0x3Fu; };
    if (b >= 0xE0 && b < 0xF0 && i + 2 < s.size()) return {char32_t(((b & 0x0Fu) << 12) | (cont(1) << 6) | cont(2)), 3};
    if (b >= 0xC0 && b < 0xE0 && i + 1 < s.size()) return {char32_t(((b & 0x1Fu) << 6) | cont(1)), 2};
    return {char32_t(b), b >= 0xF0 && i + 3 < s.size() ? 4 : 1};
}

bool has_non_ascii(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

std::string without_spaces(std::string s) {
    s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
    return s;
}

// The key a header cell is compared by: no spaces, ASCII lower case, a note in brackets and a
// trailing colon or star left off ("姓 名（签字）：" is "姓名").
std::string header_key(const std::string& cell) {
    std::string key = text::lower_ascii(without_spaces(normalize_cell(cell)));
    if (auto open = key.find('('); open != std::string::npos && open > 0) key.erase(open);
    while (!key.empty() && (key.back() == ':' || key.back() == '*')) key.pop_back();
    return key;
}

enum class Field { name, staff_no, username, signed_at, none };

Field field_of(const std::string& cell) {
    static const std::set<std::string> names = {"姓名", "名字", "教师姓名", "职工姓名", "name", "full_name"};
    static const std::set<std::string> numbers = {"工号",     "职工号",  "教工号", "员工号",    "编号",
                                                  "staff_no", "staffno", "学号",   "student_no"};
    static const std::set<std::string> usernames = {"用户名", "账号", "帐号", "username", "user"};
    static const std::set<std::string> times = {"签到时间", "签到", "时间", "signed_at", "time"};
    std::string key = header_key(cell);
    if (names.count(key)) return Field::name;
    if (numbers.count(key)) return Field::staff_no;
    if (usernames.count(key)) return Field::username;
    if (times.count(key)) return Field::signed_at;
    return Field::none;
}

int days_in_month(int y, int m) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

// "YYYY-MM-DD HH:MM[:SS]" or "HH:MM[:SS]" for a sign-in time as Excel writes it; nullopt when
// it is none of the forms; "" for an empty cell.
std::optional<std::string> read_time(std::string t) {
    if (t.empty()) return std::string{};
    for (const char* mark : {"年", "月"})
        for (auto at = t.find(mark); at != std::string::npos; at = t.find(mark)) t.replace(at, 3, "-");
    for (auto at = t.find("日"); at != std::string::npos; at = t.find("日")) t.replace(at, 3, " ");
    std::replace(t.begin(), t.end(), '/', '-');
    std::replace(t.begin(), t.end(), '.', '-');
    std::replace(t.begin(), t.end(), 'T', ' ');
    t = normalize_cell(t);
    static const std::regex full(R"(^(\d{4})-(\d{1,2})-(\d{1,2}) ?(\d{1,2}):(\d{2})(?::(\d{2}))?$)");
    static const std::regex bare(R"(^(\d{1,2}):(\d{2})(?::(\d{2}))?$)");
    std::smatch m;
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = -1;
    bool dated = false;
    if (std::regex_match(t, m, full)) {
        dated = true;
        y = std::stoi(m[1]), mo = std::stoi(m[2]), d = std::stoi(m[3]), h = std::stoi(m[4]), mi = std::stoi(m[5]);
        if (m[6].matched) s = std::stoi(m[6]);
        if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo)) return std::nullopt;
    } else if (std::regex_match(t, m, bare)) {
        h = std::stoi(m[1]), mi = std::stoi(m[2]);
        if (m[3].matched) s = std::stoi(m[3]);
    } else {
        return std::nullopt;
    }
    if (h > 23 || mi > 59 || s > 59) return std::nullopt;
    std::string out = dated ? fmt::format("{:04}-{:02}-{:02} ", y, mo, d) : std::string{};
    out += fmt::format("{:02}:{:02}", h, mi);
    if (s >= 0) out += fmt::format(":{:02}", s);
    return out;
}

// The sheet's text in UTF-8, or nullopt with a problem.
std::optional<std::string> decode(std::string_view bytes, SheetEncoding encoding, Problems& problems) {
    auto line_at = [&](std::size_t offset) {
        return 1 + std::size_t(
                       std::count(bytes.begin(), bytes.begin() + std::ptrdiff_t(std::min(offset, bytes.size())), '\n'));
    };
    if (bytes.starts_with(io::utf16le_bom)) {
        auto text = io::utf16le_to_utf8(bytes);
        if (!text.failed_at) return std::move(text.text);
        problems.add(line_at(*text.failed_at), _("not valid UTF-16 text"));
        return std::nullopt;
    }
    if (bytes.starts_with(io::utf8_bom)) bytes.remove_prefix(io::utf8_bom.size());
    bool utf8 = width::is_valid_utf8(bytes);
    if (encoding == SheetEncoding::utf8 || (encoding == SheetEncoding::automatic && utf8)) {
        if (utf8) return std::string(bytes);
        problems.add(problems.source() + ": " +
                     _("not valid UTF-8 text; for a sheet saved on Chinese Windows give --encoding gbk or auto"));
        return std::nullopt;
    }
    auto text = io::gbk_to_utf8(bytes);
    if (!text.failed_at) return std::move(text.text);
    problems.add(line_at(*text.failed_at),
                 encoding == SheetEncoding::gbk ? _("not valid GBK text") : _("neither UTF-8 nor GBK text"));
    return std::nullopt;
}

} // namespace

SheetEncoding parse_sheet_encoding(const std::string& name) {
    if (name == "auto") return SheetEncoding::automatic;
    return io::parse_encoding(name) == io::Encoding::gbk ? SheetEncoding::gbk : SheetEncoding::utf8;
}

std::string normalize_cell(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        auto [cp, len] = code_point(text, i);
        if (cp >= 0xFF01 && cp <= 0xFF5E)
            out += char(cp - 0xFEE0);
        else if (cp == 0x3000 || cp == 0xA0 || cp == '\t' || cp == '\r' || cp == '\n')
            out += ' ';
        else
            out.append(text.substr(i, len));
        i += len;
    }
    std::string collapsed;
    for (char c : out)
        if (c != ' ' || (!collapsed.empty() && collapsed.back() != ' ')) collapsed += c;
    return text::trim(collapsed);
}

SigninSheet read_signin_sheet(std::string_view bytes, const std::string& source, SheetEncoding encoding) {
    SigninSheet sheet = read_signin_rows(bytes, source, encoding);
    Problems problems(source);
    for (const auto& [line, reason] : sheet.bad_rows) problems.add(line, reason);
    problems.throw_if_any(_("nothing was imported"));
    return sheet;
}

SigninSheet read_signin_rows(std::string_view bytes, const std::string& source, SheetEncoding encoding) {
    Problems problems(source);
    SigninSheet sheet;
    auto text = decode(bytes, encoding, problems);
    problems.throw_if_any(_("nothing was imported"));
    bool tsv = false; // as the first line with a separator has it (a title row has none)
    for (std::size_t start = 0; start < text->size();) {
        auto end = text->find('\n', start);
        std::string_view line = std::string_view(*text).substr(start, end == std::string::npos ? end : end - start);
        if (line.find(',') != std::string_view::npos || line.find('\t') != std::string_view::npos) {
            tsv = std::count(line.begin(), line.end(), '\t') > std::count(line.begin(), line.end(), ',');
            break;
        }
        if (end == std::string::npos) break;
        start = end + 1;
    }
    auto rows = io::read_cells(*text, tsv ? io::InputFormat::tsv : io::InputFormat::csv, problems);
    problems.throw_if_any(_("nothing was imported"));

    std::vector<Field> columns;
    std::size_t r = 0;
    for (; r < rows.size(); ++r) {
        const auto& cells = rows[r].cells;
        if (std::any_of(cells.begin(), cells.end(), [](const auto& c) { return field_of(c) == Field::name; })) break;
    }
    if (r == rows.size()) {
        problems.add(source + ": " +
                     _("no header naming 姓名 found; a sign-in sheet's header names 姓名, 工号 and 签到时间"));
        problems.throw_if_any(_("nothing was imported"));
    }
    sheet.header_line = rows[r].line;
    std::set<Field> seen;
    for (const auto& cell : rows[r].cells) {
        Field f = field_of(cell);
        if (f != Field::none && !seen.insert(f).second) {
            problems.add(rows[r].line,
                         _f("column '{}' names a field another column already names", normalize_cell(cell)));
            f = Field::none;
        }
        if (f == Field::none && !normalize_cell(cell).empty()) sheet.ignored.push_back(normalize_cell(cell));
        columns.push_back(f);
    }
    const auto header = rows[r].cells;
    for (++r; r < rows.size(); ++r) {
        const auto& cells = rows[r].cells;
        std::size_t line = rows[r].line;
        if (std::all_of(cells.begin(), cells.end(), [](const auto& c) { return normalize_cell(c).empty(); })) continue;
        if (cells == header) continue; // the header again, on the next printed page
        SigninRow row{line, {}, {}, {}, {}};
        std::string time;
        for (std::size_t c = 0; c < cells.size() && c < columns.size(); ++c) {
            std::string value = normalize_cell(cells[c]);
            switch (columns[c]) {
            case Field::name: row.name = has_non_ascii(value) ? without_spaces(value) : value; break;
            case Field::staff_no: row.staff_no = without_spaces(value); break;
            case Field::username: row.username = without_spaces(value); break;
            case Field::signed_at: time = value; break;
            case Field::none: break;
            }
        }
        if (row.name.empty() && row.staff_no.empty() && row.username.empty()) {
            sheet.bad_rows.emplace_back(line,
                                        _("no 姓名 or 工号 in this row; a sign-in sheet's rows each name one person"));
            continue;
        }
        auto signed_at = read_time(time);
        if (!signed_at) {
            sheet.bad_rows.emplace_back(
                line, _f("cannot read the sign-in time '{}': expected e.g. 2026/11/20 14:05 or 14:05", time));
            continue;
        }
        row.signed_at = *signed_at;
        sheet.rows.push_back(std::move(row));
    }
    problems.throw_if_any(_("nothing was imported"));
    return sheet;
}

} // namespace netsec::training
