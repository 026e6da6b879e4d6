// Reading a homepage: its encoding, title, text, footer numbers and prohibited words.
#include "netsec/duty/patrol_page.hpp"

#include "netsec/core/text.hpp"
#include "netsec/io/encoding.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace netsec::duty {

namespace {

bool valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        auto c = static_cast<unsigned char>(s[i]);
        std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (n == 0 || i + n > s.size()) return false;
        for (std::size_t k = 1; k < n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
        i += n;
    }
    return true;
}

// The charset named after "charset=" in `text` (lowercase), or "".
std::string charset_in(std::string_view text) {
    std::string lower = text::lower_ascii(text);
    auto at = lower.find("charset");
    while (at != std::string::npos) {
        std::size_t i = at + 7;
        while (i < lower.size() && (lower[i] == ' ' || lower[i] == '=' || lower[i] == '"' || lower[i] == '\''))
            ++i;
        std::size_t from = i;
        while (i < lower.size() && (std::isalnum(static_cast<unsigned char>(lower[i])) || lower[i] == '-' ||
                                    lower[i] == '_'))
            ++i;
        if (i > from) return lower.substr(from, i - from);
        at = lower.find("charset", i);
    }
    return "";
}

bool is_gbk_name(const std::string& name) {
    return name == "gbk" || name == "gb2312" || name == "gb18030" || name == "cp936" || name == "x-gbk";
}

void append_utf8(std::string& out, unsigned long cp) {
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += char(0xE0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    } else {
        out += char(0xF0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3F));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    }
}

struct Named {
    std::string_view name;
    unsigned long cp;
};
constexpr std::array<Named, 10> named{{{"amp", '&'},
                                       {"lt", '<'},
                                       {"gt", '>'},
                                       {"quot", '"'},
                                       {"apos", '\''},
                                       {"nbsp", 0xA0},
                                       {"copy", 0xA9},
                                       {"reg", 0xAE},
                                       {"middot", 0xB7},
                                       {"ensp", 0x2002}}};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// Runs of white space (no-break space too) made one space, ends trimmed.
std::string collapse(std::string_view s) {
    std::string out;
    bool space = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        bool nbsp = s.substr(i, 2) == "\xC2\xA0";
        if (is_space(s[i]) || nbsp) {
            space = true;
            if (nbsp) ++i;
            continue;
        }
        if (space && !out.empty()) out += ' ';
        space = false;
        out += s[i];
    }
    return out;
}

// Lowercased ASCII, without white space or zero-width characters: what words are compared in.
std::string squeezed(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        auto rest = s.substr(i);
        if (is_space(s[i])) continue;
        if (rest.substr(0, 2) == "\xC2\xA0") {
            ++i;
            continue;
        }
        // U+200B..U+200D, U+2060, U+FEFF, U+3000
        if (rest.size() >= 3 &&
            ((rest[0] == '\xE2' && rest[1] == '\x80' && rest[2] >= '\x8B' && rest[2] <= '\x8D') ||
             rest.substr(0, 3) == "\xE2\x81\xA0" || rest.substr(0, 3) == "\xEF\xBB\xBF" ||
             rest.substr(0, 3) == "\xE3\x80\x80")) {
            i += 2;
            continue;
        }
        char c = s[i];
        out += (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
    }
    return out;
}

bool iequal_at(std::string_view s, std::size_t at, std::string_view word) {
    if (s.size() - at < word.size()) return false;
    for (std::size_t k = 0; k < word.size(); ++k) {
        char a = s[at + k];
        if (a >= 'A' && a <= 'Z') a = char(a - 'A' + 'a');
        if (a != word[k]) return false;
    }
    return true;
}

// Inline elements join the text on either side; every other tag separates it.
bool joins_text(std::string_view name) {
    for (std::string_view n : {"span", "b", "i", "em", "strong", "font", "u", "small", "big", "sub", "sup", "abbr"})
        if (name == n) return true;
    return false;
}

struct Tag {
    std::string name; // lowercase
    bool end = false;
    std::string attributes; // raw, lowercase
};

// The value of attribute `name` in lowercase `attributes`, or "".
std::string attribute(const std::string& attributes, std::string_view name) {
    for (std::size_t at = attributes.find(name); at != std::string::npos; at = attributes.find(name, at + 1)) {
        if (at > 0 && !is_space(attributes[at - 1])) continue;
        std::size_t i = at + name.size();
        while (i < attributes.size() && is_space(attributes[i])) ++i;
        if (i >= attributes.size() || attributes[i] != '=') continue;
        ++i;
        while (i < attributes.size() && is_space(attributes[i])) ++i;
        if (i < attributes.size() && (attributes[i] == '"' || attributes[i] == '\'')) {
            char quote = attributes[i];
            auto close = attributes.find(quote, i + 1);
            return attributes.substr(i + 1, close == std::string::npos ? std::string::npos : close - i - 1);
        }
        std::size_t from = i;
        while (i < attributes.size() && !is_space(attributes[i]) && attributes[i] != '>') ++i;
        return attributes.substr(from, i - from);
    }
    return "";
}

bool is_footer(const Tag& tag) {
    if (tag.name == "footer") return true;
    return attribute(tag.attributes, "id").find("foot") != std::string::npos ||
           attribute(tag.attributes, "class").find("foot") != std::string::npos;
}

} // namespace

std::string page_text_utf8(std::string_view body, std::string_view content_type) {
    std::string charset = charset_in(content_type);
    if (charset.empty()) {
        auto head = body.substr(0, std::min<std::size_t>(body.size(), 4096));
        for (auto at = text::lower_ascii(head).find("<meta"); at != std::string::npos && charset.empty();
             at = text::lower_ascii(head).find("<meta", at + 1)) {
            auto end = head.find('>', at);
            charset = charset_in(head.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at));
        }
    }
    bool gbk = is_gbk_name(charset) || (charset.empty() && !valid_utf8(body));
    if (!gbk) return std::string(body);
    auto converted = io::gbk_to_utf8(body);
    if (converted.failed_at) return std::string(body); // not GBK after all: read as it is
    return converted.text;
}

std::string decode_entities(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '&') {
            out += text[i];
            continue;
        }
        auto semi = text.find(';', i);
        if (semi == std::string_view::npos || semi - i > 10) {
            out += '&';
            continue;
        }
        auto name = text.substr(i + 1, semi - i - 1);
        bool done = false;
        if (name.size() >= 2 && name[0] == '#') {
            bool hex = name[1] == 'x' || name[1] == 'X';
            auto digits = name.substr(hex ? 2 : 1);
            unsigned long cp = 0;
            bool ok = !digits.empty();
            for (char c : digits) {
                int v = (c >= '0' && c <= '9') ? c - '0'
                        : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                        : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                      : -1;
                if (v < 0) ok = false;
                cp = cp * (hex ? 16 : 10) + (v < 0 ? 0 : v);
            }
            if (ok && cp > 0 && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF)) {
                append_utf8(out, cp);
                done = true;
            }
        } else {
            for (const auto& n : named)
                if (n.name == name) {
                    append_utf8(out, n.cp);
                    done = true;
                }
        }
        if (done) {
            i = semi;
        } else {
            out += '&';
        }
    }
    return out;
}

PageFacts read_page(std::string_view html) {
    PageFacts facts;
    std::string text, footer, title;
    bool in_title = false;
    std::string footer_name;
    int footer_depth = 0;
    bool footer_seen = false;
    auto add_text = [&](std::string_view raw) {
        auto decoded = decode_entities(raw);
        text += decoded;
        if (footer_depth > 0) footer += decoded;
        if (in_title) title += decoded;
    };
    auto separate = [&] {
        text += ' ';
        if (footer_depth > 0) footer += ' ';
    };
    std::size_t i = 0;
    while (i < html.size()) {
        auto lt = html.find('<', i);
        if (lt == std::string_view::npos) {
            add_text(html.substr(i));
            break;
        }
        if (lt > i) add_text(html.substr(i, lt - i));
        i = lt;
        if (html.substr(i, 4) == "<!--") {
            auto close = html.find("-->", i + 4);
            i = close == std::string_view::npos ? html.size() : close + 3;
            continue;
        }
        std::size_t j = i + 1;
        bool end = j < html.size() && html[j] == '/';
        if (end) ++j;
        if (j >= html.size() || !(std::isalpha(static_cast<unsigned char>(html[j])) || html[j] == '!')) {
            add_text("<"); // a lone '<' is text
            ++i;
            continue;
        }
        // the tag's end, quotes respected
        std::size_t k = j;
        char quote = 0;
        for (; k < html.size(); ++k) {
            if (quote) {
                if (html[k] == quote) quote = 0;
            } else if (html[k] == '"' || html[k] == '\'') {
                quote = html[k];
            } else if (html[k] == '>') {
                break;
            }
        }
        std::size_t name_end = j;
        while (name_end < k && (std::isalnum(static_cast<unsigned char>(html[name_end])) || html[name_end] == '!'))
            ++name_end;
        Tag tag{text::lower_ascii(html.substr(j, name_end - j)), end,
                text::lower_ascii(html.substr(name_end, k - name_end))};
        i = k < html.size() ? k + 1 : html.size();
        if (tag.name.starts_with("!")) continue; // <!doctype>
        if (!tag.end && (tag.name == "script" || tag.name == "style")) {
            // raw text to its end tag: not page text
            std::string closing = "</" + tag.name;
            std::size_t close = i;
            while (close < html.size() && !iequal_at(html, close, closing)) {
                close = html.find('<', close + 1);
                if (close == std::string_view::npos) close = html.size();
            }
            auto gt = html.find('>', close);
            i = gt == std::string_view::npos ? html.size() : gt + 1;
            separate();
            continue;
        }
        if (tag.name == "title") {
            in_title = !tag.end && title.empty();
            continue;
        }
        if (!joins_text(tag.name)) separate();
        if (footer_depth > 0 && tag.name == footer_name) {
            footer_depth += tag.end ? -1 : 1;
        } else if (footer_depth == 0 && !footer_seen && !tag.end && is_footer(tag)) {
            footer_name = tag.name;
            footer_depth = 1;
            footer_seen = true;
        }
    }
    facts.title = collapse(title);
    facts.text = collapse(text);
    facts.has_footer = footer_seen;
    facts.footer = footer_seen ? collapse(footer) : facts.text;
    facts.numbers = filing::find_numbers(facts.footer);
    return facts;
}

std::vector<std::string> prohibited_words_in(std::string_view html, const std::vector<std::string>& words) {
    std::string raw = squeezed(decode_entities(html));
    std::string shown = squeezed(read_page(html).text);
    std::vector<std::string> found;
    for (const auto& word : words) {
        auto needle = squeezed(word);
        if (needle.empty() || std::find(found.begin(), found.end(), word) != found.end()) continue;
        if (raw.find(needle) != std::string::npos || shown.find(needle) != std::string::npos) found.push_back(word);
    }
    return found;
}

} // namespace netsec::duty
