// Bilingual labels: one form, {code, zh, en}, for every word a register shows people in both
// languages (a category, a grade, a recipient, a finding's status, a heading of the security
// log), and one lookup by language. Codes stay the interface in machine formats; a label is
// only ever what a person reads.
//
// Decisions:
// - A label table is a plain vector in the module that owns the codes (incident grades,
//   audit statuses), not a catalog: the two languages sit side by side where a reviewer sees
//   both, and the documents' --lang is independent of LANG (a Chinese log printed from an
//   English shell).
// - A label with one language missing shows the other (a category the policy names only in
//   Chinese), and a code not in the table shows itself, so a new code never prints blank.
// - Lang and parse_lang live here, beside the labels they choose between, for every register's
//   --lang (incident's log and form today, the report to come).
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace netsec {

enum class Lang { en, zh };

// "zh", "zh_CN", "zh-CN" -> zh, "en" -> en; throws Error(usage) naming the text.
Lang parse_lang(const std::string& text);

struct Label {
    std::string code; // the stable code, e.g. "IV", "fail", "MAL"
    std::string zh;
    std::string en;
};

using Labels = std::vector<Label>;

// The label's text in `lang`, or in the other language when that one is empty.
const std::string& label_text(const Label& label, Lang lang);

// The label of `code` in `table`, or nullptr.
const Label* find_label(const Labels& table, std::string_view code);

// The text of `code` in `lang` from `table`; the code itself when the table lacks it.
std::string label_of(const Labels& table, std::string_view code, Lang lang);

} // namespace netsec
