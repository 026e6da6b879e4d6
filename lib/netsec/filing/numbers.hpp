// The forms of the filing numbers a Chinese website carries, checked and found in text.
//
// Decisions:
// - An ICP filing number is a province's one-character abbreviation, "ICP备", 8 to 10 digits
//   (8 before 2018, the year and six more after), "号", and "-N" for the Nth site of the same
//   filer: 京ICP备12345678号-1. The filer's number without "-N" is its main number.
// - A public-security (公安) filing number is the abbreviation, "公网安备", 14 digits whose
//   first two are the province's division code, and "号": 京公网安备11010802012345号 (京 is 11).
// - Spaces inside a number (京公网安备 11010802012345号, as footers often write it) and
//   full-width digits and hyphens are read; a number is kept in its plain form, without them.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace netsec::filing {

enum class NumberKind { icp, psb };

// The form each kind should take, for messages: "京ICP备12345678号-1", "京公网安备11010802012345号".
const char* number_form(NumberKind kind);

// `text` in its plain form (spaces out, full-width digits and hyphens made ASCII), or nothing
// when it does not have the form of `kind`.
std::optional<std::string> normalise_number(NumberKind kind, std::string_view text);

// The same; throws Error(usage) naming `text`, what is wrong with it and the form it should take.
std::string parse_number(NumberKind kind, const std::string& text);

// An ICP number without its "-N" site suffix ("京ICP备12345678号-1" → "京ICP备12345678号").
std::string icp_main_number(std::string_view icp);

// A filing number seen in a text, in its plain form.
struct FoundNumber {
    NumberKind kind;
    std::string number;
};
// Every ICP and public-security number in `text` (UTF-8), in order, each once.
std::vector<FoundNumber> find_numbers(std::string_view text);

// Whether `found` shows the number `on_record`: the same number, or for ICP the filer's main
// number without a "-N" suffix (the form many footers use).
bool number_shown(NumberKind kind, const std::string& on_record, const std::vector<FoundNumber>& found);

} // namespace netsec::filing
