// The printable page every netsec document is built as (the security log, the incident report
// form, the audit report, the password slips): a title, meta lines and sections of headings,
// paragraphs, lists, key-value tables, record tables, signature lines, cut-out blocks and page
// breaks. One renderer writes it as HTML with the one A4 print stylesheet, the other as Markdown
// that pandoc turns into .docx. Documents are built once as a Page and never write markup.
#pragma once
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace netsec::io {

// A run of text in one style. `mark` names a state the stylesheet shows (late, overdue, fail)
// as an HTML class; Markdown has no such marks and shows the text alone.
struct Span {
    std::string text;
    bool strong = false;
    std::string mark;
};

// One line of text: spans side by side.
using Line = std::vector<Span>;

// A line of plain text.
Line line(std::string text);

// What a table cell holds: lines one under the other, or (bulleted) a list. `mark` is the
// cell's HTML class (password, fail).
struct Cell {
    std::vector<Line> lines;
    bool bulleted = false;
    std::string mark;

    Cell() = default;
    Cell(std::string text);
    Cell(const char* text) : Cell(std::string(text)) {}
    Cell(Line l) : lines{std::move(l)} {}
};

// The cell of a bulleted list of `items`, or of `empty` when there are none.
Cell list_cell(const std::vector<std::string>& items, const std::string& empty);

struct Pair {
    std::string label;
    Cell value;
};

// A table of labels and their values, `pairs_per_row` pairs side by side. `head` names what the
// table is about (事件编号 INC-2026-0001 …): HTML prints it as the first row, Markdown as a
// heading over the table (a pipe table has no row above its header).
struct KeyValues {
    std::optional<Pair> head;
    std::vector<Pair> rows;
    int pairs_per_row = 1;
};

struct TableColumn {
    std::string header;    // as the caller words it, in one or both languages
    int width_percent = 0; // 0: as wide as its text needs
    bool nowrap = false;
};

// A table of records: a header row, then one row of cells per record.
struct Table {
    std::vector<TableColumn> columns;
    std::vector<std::vector<Cell>> rows;
};

struct Paragraph {
    Line text;
};

struct List {
    std::vector<Line> items;
    bool ordered = false;
};

// Lines to sign on paper: each label with room beside it (HTML: in one row across the page;
// Markdown: a row each).
struct Signatures {
    std::vector<std::string> labels;
};

// A block to cut out of the sheet and hand to one person (a password slip): a heading, its
// rows and a note in small print. HTML sets the cut-outs between two page breaks on one sheet
// (two across, five down, dashed cut lines); Markdown one under the other, rule between.
struct Cutout {
    std::string heading;
    std::vector<Pair> rows;
    std::string note;
};

// What follows starts on a new page.
struct PageBreak {};

using Block = std::variant<Paragraph, List, KeyValues, Table, Signatures, Cutout, PageBreak>;

// A part of the page: an optional heading over its blocks. Kept together, it is printed whole
// on one page where it fits (one incident of the log); `kind` and `anchor` are its HTML class
// and id.
struct Section {
    std::string heading;
    std::vector<Block> blocks;
    bool keep_together = false;
    std::string kind;
    std::string anchor;
};

// A "label: value" line under the title.
struct Meta {
    std::string label;
    std::string value;
};

struct Page {
    std::string lang = "zh-CN"; // BCP 47, as HTML's lang
    std::string name;           // the browser's title of the file; the title when empty
    std::string title;          // printed on top; none when empty
    std::vector<Meta> meta;
    std::vector<Section> sections;
};

// The stylesheet of every printed page: A4, its margins and the CJK font list.
const std::string& print_stylesheet();

// `page` as one HTML document with the print stylesheet; every text is escaped.
std::string render_html(const Page& page);

// `page` as Markdown for pandoc (pipe tables, raw OpenXML page breaks for .docx); every text is
// escaped so that it reads as written.
std::string render_markdown(const Page& page);

// `text` with Markdown's inline specials (\ ` * _ [ ] < > | & ~ ^ $) backslash-escaped and a
// newline as <br>, for a table cell, a heading or a paragraph.
std::string markdown_escape(const std::string& text);

} // namespace netsec::io
