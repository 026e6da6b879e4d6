#include "netsec/io/page.hpp"

namespace netsec::io {

Line line(std::string text) { return {Span{std::move(text)}}; }

Cell::Cell(std::string text) : lines{line(std::move(text))} {}

Cell list_cell(const std::vector<std::string>& items, const std::string& empty) {
    if (items.empty()) return Cell(empty);
    Cell c;
    c.bulleted = true;
    for (const auto& i : items) c.lines.push_back(line(i));
    return c;
}

} // namespace netsec::io
