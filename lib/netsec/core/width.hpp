// Display width of UTF-8 text in a terminal: CJK and other wide characters take two columns,
// combining marks none. Used to line up tables that mix Chinese and Latin text.
#pragma once
#include <cstddef>
#include <string_view>

namespace netsec::width {

// Columns `text` takes on a terminal; invalid UTF-8 bytes count one column each.
std::size_t display_width(std::string_view text);

// True when `text` is valid UTF-8.
bool is_valid_utf8(std::string_view text);

// The code point that starts at byte `i` of `text`, moving `i` past it; -1 for a byte that
// does not start a valid UTF-8 sequence (moving `i` one byte).
long next_code_point(std::string_view text, std::size_t& i);

} // namespace netsec::width
