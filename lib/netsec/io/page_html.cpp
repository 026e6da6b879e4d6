// A Page as HTML: one document, the one A4 print stylesheet, every text escaped.
#include "netsec/io/html.hpp"
#include "netsec/io/page.hpp"

namespace netsec::io {
namespace {

std::string spans_html(const Line& l) {
    std::string out;
    for (const auto& s : l) {
        std::string text = html_escape(s.text);
        if (s.strong) text = "<b>" + text + "</b>";
        if (!s.mark.empty()) text = "<span class=\"" + html_escape(s.mark) + "\">" + text + "</span>";
        out += text;
    }
    return out;
}

std::string cell_content(const Cell& c) {
    std::string out;
    if (c.bulleted) {
        if (c.lines.empty()) return out;
        out = "<ul>";
        for (const auto& l : c.lines) out += "<li>" + spans_html(l) + "</li>";
        return out + "</ul>";
    }
    for (std::size_t i = 0; i < c.lines.size(); ++i) out += (i ? "<br>" : "") + spans_html(c.lines[i]);
    return out;
}

std::string class_attr(const std::string& a, const std::string& b = "") {
    std::string c = a.empty() ? b : b.empty() ? a : a + " " + b;
    return c.empty() ? "" : " class=\"" + html_escape(c) + "\"";
}

std::string td(const Cell& c, bool nowrap = false) {
    return "<td" + class_attr(nowrap ? "n" : "", c.mark) + ">" + cell_content(c) + "</td>";
}

std::string th(const std::string& label) { return "<th>" + html_escape(label) + "</th>"; }

std::string key_values(const KeyValues& kv) {
    std::string out = "<table>\n";
    if (kv.head) out += "<tr>" + th(kv.head->label) + td(kv.head->value) + "</tr>\n";
    const std::size_t per_row = kv.pairs_per_row < 1 ? 1 : std::size_t(kv.pairs_per_row);
    for (std::size_t i = 0; i < kv.rows.size(); i += per_row) {
        out += "<tr>";
        for (std::size_t j = i; j < i + per_row && j < kv.rows.size(); ++j)
            out += th(kv.rows[j].label) + td(kv.rows[j].value);
        out += "</tr>\n";
    }
    return out + "</table>\n";
}

std::string table(const Table& t) {
    std::string out = "<table class=\"records\">\n";
    bool widths = false;
    for (const auto& c : t.columns) widths = widths || c.width_percent > 0;
    if (widths) {
        out += "<colgroup>";
        for (const auto& c : t.columns)
            out += c.width_percent > 0 ? "<col style=\"width:" + std::to_string(c.width_percent) + "%\">" : "<col>";
        out += "</colgroup>\n";
    }
    out += "<tr>";
    for (const auto& c : t.columns) out += th(c.header);
    out += "</tr>\n";
    for (const auto& row : t.rows) {
        out += "<tr>";
        for (std::size_t i = 0; i < row.size(); ++i) out += td(row[i], i < t.columns.size() && t.columns[i].nowrap);
        out += "</tr>\n";
    }
    return out + "</table>\n";
}

std::string cutout(const Cutout& c) {
    std::string out = "<div class=\"cutout\">\n";
    if (!c.heading.empty()) out += "<div class=\"cutout-head\">" + html_escape(c.heading) + "</div>\n";
    if (!c.rows.empty()) {
        out += "<table>\n";
        for (const auto& r : c.rows) out += "<tr>" + th(r.label) + td(r.value) + "</tr>\n";
        out += "</table>\n";
    }
    if (!c.note.empty()) out += "<div class=\"note\">" + html_escape(c.note) + "</div>\n";
    return out + "</div>\n";
}

std::string block(const Block& b) {
    if (auto* p = std::get_if<Paragraph>(&b)) return "<p>" + spans_html(p->text) + "</p>\n";
    if (auto* l = std::get_if<List>(&b)) {
        std::string tag = l->ordered ? "ol" : "ul";
        std::string out = "<" + tag + ">\n";
        for (const auto& item : l->items) out += "<li>" + spans_html(item) + "</li>\n";
        return out + "</" + tag + ">\n";
    }
    if (auto* kv = std::get_if<KeyValues>(&b)) return key_values(*kv);
    if (auto* t = std::get_if<Table>(&b)) return table(*t);
    if (auto* s = std::get_if<Signatures>(&b)) {
        // One row across the page, each label with room to sign beside it.
        std::string out = "<table class=\"sign\">\n<tr>";
        for (const auto& label : s->labels) out += th(label) + "<td></td>";
        return out + "</tr>\n</table>\n";
    }
    if (auto* c = std::get_if<Cutout>(&b)) return cutout(*c);
    return "<div class=\"page-break\"></div>\n";
}

// The blocks in order; each run of cut-outs shares one sheet.
std::string blocks(const std::vector<Block>& all) {
    std::string out;
    bool in_sheet = false;
    for (const auto& b : all) {
        bool is_cutout = std::holds_alternative<Cutout>(b);
        if (is_cutout && !in_sheet) out += "<div class=\"sheet\">\n";
        if (!is_cutout && in_sheet) out += "</div>\n";
        in_sheet = is_cutout;
        out += block(b);
    }
    if (in_sheet) out += "</div>\n";
    return out;
}

std::string section(const Section& s) {
    std::string out;
    if (s.keep_together) {
        out += "<section" + class_attr(s.kind);
        if (!s.anchor.empty()) out += " id=\"" + html_escape(s.anchor) + "\"";
        out += ">\n";
    }
    if (!s.heading.empty()) out += "<h2>" + html_escape(s.heading) + "</h2>\n";
    out += blocks(s.blocks);
    if (s.keep_together) out += "</section>\n";
    return out;
}

} // namespace

// One font list for every page: the CJK serif faces Debian, macOS and Windows ship, then the
// sans ones, so that a page prints alike wherever it is opened.
const std::string& print_stylesheet() {
    static const std::string css = R"(<style>
@page { size: A4; margin: 12mm; }
body { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", "Source Han Serif SC", "Songti SC", "SimSun", serif;
       font-size: 10pt; color: #000; margin: 0; }
h1 { text-align: center; font-size: 16pt; margin: 0 0 4mm; }
h2 { font-size: 11pt; margin: 4mm 0 2mm; }
p { margin: 2mm 0; }
p.meta { text-align: center; margin: 0 0 5mm; }
ol, ul { margin: 1mm 0; padding-left: 6mm; }
section { page-break-inside: avoid; break-inside: avoid; margin-bottom: 5mm; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; margin-bottom: 3mm; }
th, td { border: 1px solid #000; padding: 1.2mm 2mm; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
th { width: 22%; background: #eee; font-weight: bold; }
td ul { margin: 0; padding-left: 4mm; }
table.records th { width: auto; }
.n { white-space: nowrap; }
.late, .overdue, .fail, .error { font-weight: bold; }
table.sign th { width: auto; white-space: nowrap; }
table.sign { margin-bottom: 0; }
table.sign td { height: 10mm; }
table.records { font-size: 9pt; }
table.records th, table.records td { padding: 0.8mm 1mm; }
.sheet { width: 186mm; height: 270mm; display: grid; grid-template-columns: 1fr 1fr; grid-template-rows: repeat(5, 1fr); }
.cutout { border: 1px dashed #666; padding: 4mm 5mm; overflow: hidden; }
.cutout-head { font-weight: bold; font-size: 11pt; }
.cutout table { width: auto; table-layout: auto; margin: 1mm 0 0; }
.cutout th, .cutout td { border: none; background: none; font-weight: normal; width: auto; padding: 0.5mm 2mm 0.5mm 0; }
.password, .username { font-family: "DejaVu Sans Mono", "Noto Sans Mono CJK SC", monospace; font-size: 14pt; letter-spacing: 1pt; }
.note { font-size: 9pt; margin-top: 2mm; }
.page-break { page-break-before: always; break-before: page; }
</style>)";
    return css;
}

std::string render_html(const Page& page) {
    std::string out = "<!DOCTYPE html>\n<html lang=\"" + html_escape(page.lang) +
                      "\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
                      html_escape(page.name.empty() ? page.title : page.name) + "</title>\n" + print_stylesheet() +
                      "\n</head>\n<body>\n";
    if (!page.title.empty()) out += "<h1>" + html_escape(page.title) + "</h1>\n";
    if (!page.meta.empty()) {
        std::string meta;
        for (const auto& m : page.meta) meta += (meta.empty() ? "" : "　") + m.label + ": " + m.value;
        out += "<p class=\"meta\">" + html_escape(meta) + "</p>\n";
    }
    for (const auto& s : page.sections) out += section(s);
    return out + "</body>\n</html>\n";
}

} // namespace netsec::io
