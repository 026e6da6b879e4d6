// Small text helpers every module needs: trimming and ASCII case folding. Byte-wise and
// locale-free, so they behave the same under any LANG.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace netsec::text {

// `s` without leading and trailing spaces, tabs and carriage returns ("" when nothing else).
std::string trim(std::string_view s);

// `items` with `sep` between them: "a, b, c" for a message's list.
std::string join(const std::vector<std::string>& items, std::string_view sep = ", ");

// `s` with ASCII A-Z lowered; every other byte (UTF-8 included) is kept as it is.
std::string lower_ascii(std::string_view s);

} // namespace netsec::text
