// A Page as Markdown for pandoc: headings, tables, lists, and page breaks as raw OpenXML, which
// the .docx writer keeps and every other writer drops. A table whose cells are one line each is
// a pipe table; a table with a cell of several lines (the log's checklist of steps) is a grid
// table, because a pipe table cannot hold a line break (pandoc joins a <br> into one paragraph
// in .docx): there each line of the cell is a paragraph of its own, a bulleted cell a list.
#include "netsec/core/width.hpp"
#include "netsec/io/page.hpp"

#include <algorithm>

namespace netsec::io {
namespace {

std::string spans_markdown(const Line& l) {
    std::string out;
    for (const auto& s : l) {
        if (s.text.empty()) continue;
        out += s.strong ? "**" + markdown_escape(s.text) + "**" : markdown_escape(s.text);
    }
    return out;
}

// A line that would start a heading, a list item or a quote when it opens a paragraph.
std::string paragraph_text(const Line& l) {
    std::string out = spans_markdown(l);
    std::size_t digits = out.find_first_not_of("0123456789");
    bool numbered = digits > 0 && digits != std::string::npos && (out[digits] == '.' || out[digits] == ')');
    if (numbered)
        out.insert(digits, "\\");
    else if (!out.empty() && (out[0] == '#' || out[0] == '-' || out[0] == '+' || out[0] == '='))
        out.insert(0, "\\");
    return out;
}

std::string plain(const Line& l) {
    std::string out;
    for (const auto& s : l) out += s.text;
    return out;
}

std::string cell(const Cell& c) {
    std::string out;
    for (std::size_t i = 0; i < c.lines.size(); ++i) out += (i ? "<br>" : "") + spans_markdown(c.lines[i]);
    return out;
}

// "| a | b |", an empty cell as "| |".
std::string row(const std::vector<std::string>& cells) {
    std::string out;
    for (const auto& c : cells) out += c.empty() ? "| " : "| " + c + " ";
    return out + "|\n";
}

std::string rule(std::size_t columns) {
    std::string out;
    for (std::size_t i = 0; i < columns; ++i) out += "|---";
    return out + "|\n";
}

bool multiline(const Cell& c) { return c.lines.size() > 1; }

// A cell as the source lines of a grid table's cell: one paragraph a line (blank lines between),
// or one list item a line when bulleted.
std::vector<std::string> grid_cell(const Cell& c) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < c.lines.size(); ++i) {
        std::string text = paragraph_text(c.lines[i]);
        if (c.bulleted && c.lines.size() > 1)
            out.push_back("- " + text);
        else {
            if (i > 0) out.push_back("");
            out.push_back(text);
        }
    }
    return out;
}

// A grid table of `rows` (cells as their source lines), with `header` over them unless it is
// empty. Columns are as wide as their widest line in display columns (a CJK character takes
// two, as pandoc counts it), so every "|" stands under its "+".
std::string grid_table(const std::vector<std::string>& header,
                       const std::vector<std::vector<std::vector<std::string>>>& rows) {
    std::size_t columns = header.size();
    for (const auto& r : rows) columns = std::max(columns, r.size());
    std::vector<std::size_t> widths(columns, 3);
    auto measure = [&](std::size_t j, const std::string& text) {
        widths[j] = std::max(widths[j], width::display_width(text));
    };
    for (std::size_t j = 0; j < header.size(); ++j) measure(j, header[j]);
    for (const auto& r : rows)
        for (std::size_t j = 0; j < r.size(); ++j)
            for (const auto& l : r[j]) measure(j, l);
    auto separator = [&](char ch) {
        std::string out;
        for (auto w : widths) out += "+" + std::string(w + 2, ch);
        return out + "+\n";
    };
    auto source_row = [&](const std::vector<std::vector<std::string>>& cells) {
        std::size_t height = 1;
        for (const auto& c : cells) height = std::max(height, c.size());
        std::string out;
        for (std::size_t k = 0; k < height; ++k) {
            for (std::size_t j = 0; j < columns; ++j) {
                std::string text = j < cells.size() && k < cells[j].size() ? cells[j][k] : "";
                out += "| " + text + std::string(widths[j] - width::display_width(text) + 1, ' ');
            }
            out += "|\n";
        }
        return out;
    };
    std::string out = separator('-');
    if (!header.empty()) {
        std::vector<std::vector<std::string>> cells;
        for (const auto& h : header) cells.push_back({h});
        out += source_row(cells) + separator('=');
    }
    for (const auto& r : rows) out += source_row(r) + separator('-');
    return out;
}

std::string pairs_table(const std::vector<Pair>& pairs, std::size_t per_row) {
    bool grid = std::any_of(pairs.begin(), pairs.end(), [](const Pair& p) { return multiline(p.value); });
    if (grid) {
        std::vector<std::vector<std::vector<std::string>>> rows;
        for (std::size_t i = 0; i < pairs.size(); i += per_row) {
            std::vector<std::vector<std::string>> cells;
            for (std::size_t j = i; j < i + per_row && j < pairs.size(); ++j) {
                cells.push_back({markdown_escape(pairs[j].label)});
                cells.push_back(grid_cell(pairs[j].value));
            }
            rows.push_back(std::move(cells));
        }
        return grid_table({}, rows);
    }
    std::string out = row(std::vector<std::string>(2 * per_row)) + rule(2 * per_row);
    for (std::size_t i = 0; i < pairs.size(); i += per_row) {
        std::vector<std::string> cells;
        for (std::size_t j = i; j < i + per_row && j < pairs.size(); ++j) {
            cells.push_back(markdown_escape(pairs[j].label));
            cells.push_back(cell(pairs[j].value));
        }
        out += row(cells);
    }
    return out;
}

std::string block(const Block& b) {
    if (auto* p = std::get_if<Paragraph>(&b)) return paragraph_text(p->text) + "\n";
    if (auto* l = std::get_if<List>(&b)) {
        std::string out;
        for (std::size_t i = 0; i < l->items.size(); ++i)
            out += (l->ordered ? std::to_string(i + 1) + ". " : "- ") + spans_markdown(l->items[i]) + "\n";
        return out;
    }
    if (auto* kv = std::get_if<KeyValues>(&b)) {
        std::string out;
        if (kv->head)
            out += "## " + markdown_escape(plain(kv->head->value.lines.empty() ? Line{} : kv->head->value.lines[0])) +
                   "\n\n";
        return out + pairs_table(kv->rows, kv->pairs_per_row < 1 ? 1 : std::size_t(kv->pairs_per_row));
    }
    if (auto* t = std::get_if<Table>(&b)) {
        std::vector<std::string> header;
        for (const auto& c : t->columns) header.push_back(markdown_escape(c.header));
        bool grid = std::any_of(t->rows.begin(), t->rows.end(),
                                [](const std::vector<Cell>& r) { return std::any_of(r.begin(), r.end(), multiline); });
        if (grid) {
            std::vector<std::vector<std::vector<std::string>>> rows;
            for (const auto& r : t->rows) {
                rows.emplace_back();
                for (const auto& c : r) rows.back().push_back(grid_cell(c));
            }
            return grid_table(header, rows);
        }
        std::string out = row(header) + rule(header.size());
        for (const auto& r : t->rows) {
            std::vector<std::string> cells;
            for (const auto& c : r) cells.push_back(cell(c));
            out += row(cells);
        }
        return out;
    }
    if (auto* s = std::get_if<Signatures>(&b)) {
        // A pipe table's first row is its header: the first label goes there.
        std::string out;
        for (std::size_t i = 0; i < s->labels.size(); ++i)
            out += row({markdown_escape(s->labels[i]), ""}) + (i == 0 ? rule(2) : "");
        return out;
    }
    if (auto* c = std::get_if<Cutout>(&b)) {
        std::string out;
        auto part = [&](const std::string& text) { out += (out.empty() ? "" : "\n") + text; };
        if (!c->heading.empty()) part("**" + markdown_escape(c->heading) + "**\n");
        if (!c->rows.empty()) part(pairs_table(c->rows, 1));
        if (!c->note.empty()) part(paragraph_text(line(c->note)) + "\n");
        return out;
    }
    return "```{=openxml}\n<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>\n```\n";
}

} // namespace

std::string markdown_escape(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (char ch : text) {
        switch (ch) {
        case '\\':
        case '`':
        case '*':
        case '_':
        case '[':
        case ']':
        case '<':
        case '>':
        case '|':
        case '&':
        case '~':
        case '^':
        case '$':
            out += '\\';
            out += ch;
            break;
        case '\r': break;
        case '\n': out += "<br>"; break;
        default: out += ch;
        }
    }
    return out;
}

std::string render_markdown(const Page& page) {
    std::string out;
    if (!page.title.empty()) out += "# " + markdown_escape(page.title) + "\n";
    if (!page.meta.empty()) {
        out += "\n";
        for (std::size_t i = 0; i < page.meta.size(); ++i)
            out += (i ? "  \n" : "") + markdown_escape(page.meta[i].label) + ": " + markdown_escape(page.meta[i].value);
        out += "\n";
    }
    for (const auto& s : page.sections) {
        if (!s.heading.empty()) out += "\n## " + markdown_escape(s.heading) + "\n";
        bool after_cutout = false;
        for (const auto& b : s.blocks) {
            bool is_cutout = std::holds_alternative<Cutout>(b);
            if (is_cutout && after_cutout) out += "\n* * *\n"; // the cut line between two slips
            after_cutout = is_cutout;
            out += "\n" + block(b);
        }
    }
    return out;
}

} // namespace netsec::io
