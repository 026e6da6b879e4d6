// A Page as Markdown for pandoc: headings, pipe tables (a cell's lines joined by <br>), lists,
// and page breaks as raw OpenXML, which the .docx writer keeps and every other writer drops.
#include "netsec/io/page.hpp"

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

std::string pairs_table(const std::vector<Pair>& pairs, std::size_t per_row) {
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
