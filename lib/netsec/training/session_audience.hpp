// Who a training session is for: its audience, as `session add --audience` reads it and the
// training_sessions.audience column keeps it, space-separated words: `staff`, `all`,
// `grade:3` (a year of the school), `class:3-2` (grade 3, class 2).
//
// Decisions:
// - Words may be given in one option or several, separated by spaces or commas; full-width
//   forms (ｇｒａｄｅ：３, ３－２) and the Chinese forms 教职工 (also 教师, 全体教师), 全校,
//   3年级 (also 三年级) and 3年级2班 (also 三(2)班) read as the words above.
// - A word given twice is kept once; `all` with other words is refused: it already says all.
// - Grades run 1 to 12 (a nine-year school and a high school too), classes 1 to 99.
// - A grade or class that is none of those forms is read as a name, as the account registry
//   writes it (grade:2026级, class:2026级1班): schools name classes by the year pupils entered.
#pragma once
#include <string>
#include <vector>

namespace netsec::training {

struct AudienceWord {
    enum class Kind { all, staff, grade, class_ } kind = Kind::all;
    int grade = 0;    // grade and class_
    int class_no = 0; // class_
    // A grade or class named as the account registry names it (grade:2026级, class:2026级1班):
    // kept as written, matched by coverage against the accounts' grade and class.
    std::string name;
};

// The words of `given` (as typed, each holding one word or several), in the order given, each
// once. Throws Error(usage) naming the word that is none of the forms, and for `all` with others.
std::vector<AudienceWord> parse_audience(const std::vector<std::string>& given);

// The column's text: "staff grade:3 class:3-2"; "" for no words.
std::string format_audience(const std::vector<AudienceWord>& words);

// The words of a stored audience text (format_audience's); throws Error(data) for one that is not.
std::vector<AudienceWord> read_audience(const std::string& stored);

// True when `words` take in the pupils of grade `grade`, class `class_no` (all, the grade, the class).
bool reaches_class(const std::vector<AudienceWord>& words, int grade, int class_no);

} // namespace netsec::training
