// Reading a sign-in sheet (签到表) as Excel saves it: CSV or "Unicode text" (TSV), in GBK or
// UTF-8, a title or two above the header, columns 姓名, 工号 and 签到时间 in any order, written
// with full-width punctuation and stray spaces. Pure: bytes in, rows with their lines out; who
// each row is, is the attendance import's business (attendance.hpp).
//
// Decisions:
// - The header is the first row that names 姓名 (or 名字, name, full_name); rows above it are
//   the sheet's title and are skipped. 工号, 签到时间 and 用户名 are optional columns; other
//   columns (序号, 签名, 备注) are left out. A header repeated further down (a sheet printed on
//   several pages and typed back) is skipped too.
// - Every cell is read with full-width letters, digits and punctuation as their ASCII forms
//   (１２：０５ is 12:05), the ideographic and no-break spaces as spaces, and spaces trimmed
//   and run together; a name written with Chinese characters loses its spaces (王  芳 is 王芳).
// - A row with no name, no staff number and no username is a bad row (a footer such as
//   "合计 12 人" is one): a sheet is imported whole or not at all.
// - 签到时间 reads "2026/11/20 14:05", "2026-11-20 14:05:33", "2026年11月20日 14:05" or a bare
//   "14:05" (the session's day); one-digit months, days and hours as Excel writes them.
#pragma once
#include "netsec/core/problems.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace netsec::training {

// How the sheet's bytes are read: `automatic` takes UTF-8 (with or without its byte-order mark)
// when the bytes are UTF-8 and GBK otherwise; UTF-16LE with its mark is always read as such.
enum class SheetEncoding { automatic, utf8, gbk };

// "auto", "utf-8", "gbk" (and the other names io::parse_encoding takes); throws Error(usage).
SheetEncoding parse_sheet_encoding(const std::string& name);

struct SigninRow {
    std::size_t line = 0;
    std::string name;      // 姓名, spaces gone from a Chinese name
    std::string staff_no;  // 工号, "" when the sheet has none
    std::string username;  // 用户名, "" when the sheet has none
    std::string signed_at; // "YYYY-MM-DD HH:MM[:SS]" or "HH:MM[:SS]" (the session's day), "" unknown
};

struct SigninSheet {
    std::size_t header_line = 0;
    std::vector<SigninRow> rows;
    std::vector<std::string> ignored;                          // header cells no column names, as written
    std::vector<std::pair<std::size_t, std::string>> bad_rows; // read_signin_rows: line, reason
};

// `text` with full-width ASCII forms as ASCII, U+3000 and U+00A0 as spaces, spaces trimmed and
// runs of them made one.
std::string normalize_cell(std::string_view text);

// The sheet in `bytes`, named `source` in problems. Throws Error(data) listing every bad row as
// source:line (a sheet without a 姓名 header, text neither UTF-8 nor GBK, a time it cannot
// read, a row naming nobody), ending in "nothing was imported".
SigninSheet read_signin_sheet(std::string_view bytes, const std::string& source, SheetEncoding encoding);

// The same, but a bad row (a time it cannot read, a row naming nobody) is left out and kept in
// bad_rows instead of thrown, for an import that reports it with the rows' other problems.
SigninSheet read_signin_rows(std::string_view bytes, const std::string& source, SheetEncoding encoding);

} // namespace netsec::training
