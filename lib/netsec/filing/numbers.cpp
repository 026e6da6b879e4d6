// The forms of ICP and public-security filing numbers, and finding them in a page's text.
#include "netsec/filing/numbers.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"

#include <algorithm>
#include <array>

namespace netsec::filing {

namespace {

struct Province {
    std::string_view abbreviation;
    std::string_view code; // the administrative division's first two digits
};
// Both abbreviations where a province has two (川/蜀, 贵/黔, 云/滇, 甘/陇).
constexpr std::array<Province, 35> provinces{{
    {"京", "11"}, {"津", "12"}, {"冀", "13"}, {"晋", "14"}, {"蒙", "15"}, {"辽", "21"}, {"吉", "22"},
    {"黑", "23"}, {"沪", "31"}, {"苏", "32"}, {"浙", "33"}, {"皖", "34"}, {"闽", "35"}, {"赣", "36"},
    {"鲁", "37"}, {"豫", "41"}, {"鄂", "42"}, {"湘", "43"}, {"粤", "44"}, {"桂", "45"}, {"琼", "46"},
    {"渝", "50"}, {"川", "51"}, {"蜀", "51"}, {"贵", "52"}, {"黔", "52"}, {"云", "53"}, {"滇", "53"},
    {"藏", "54"}, {"陕", "61"}, {"甘", "62"}, {"陇", "62"}, {"青", "63"}, {"宁", "64"}, {"新", "65"},
}};

// Full-width digits and hyphen made ASCII, no-break and ideographic spaces made plain spaces:
// what footers and spreadsheets write instead of the plain characters.
std::string plain(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        auto rest = text.substr(i);
        if (rest.size() >= 3 && rest[0] == '\xEF' && rest[1] == '\xBC' && rest[2] >= '\x90' && rest[2] <= '\x99') {
            out += char('0' + (rest[2] - '\x90')); // U+FF10..FF19
            i += 3;
        } else if (rest.substr(0, 3) == "\xEF\xBC\x8D") { // U+FF0D
            out += '-';
            i += 3;
        } else if (rest.substr(0, 3) == "\xE3\x80\x80") { // U+3000
            out += ' ';
            i += 3;
        } else if (rest.substr(0, 2) == "\xC2\xA0") { // U+00A0
            out += ' ';
            i += 2;
        } else {
            out += rest[0];
            ++i;
        }
    }
    return out;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// One number read at an offset: its plain form, the offset after it and its province.
struct Match {
    std::string number;
    std::size_t end = 0;
    const Province* province = nullptr;
};

struct Reader {
    std::string_view s;
    std::size_t i = 0;
    void spaces() {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
    }
    bool literal(std::string_view word, bool ascii_case = false) {
        if (s.size() - i < word.size()) return false;
        for (std::size_t k = 0; k < word.size(); ++k) {
            char a = s[i + k], b = word[k];
            if (ascii_case && a >= 'a' && a <= 'z') a = char(a - 'a' + 'A');
            if (a != b) return false;
        }
        i += word.size();
        return true;
    }
    std::string_view digits() {
        std::size_t from = i;
        while (i < s.size() && is_digit(s[i])) ++i;
        return s.substr(from, i - from);
    }
};

// The number of `kind` starting at `at` in `s` (plain text), or nothing; a public-security
// number's division code is not checked here.
std::optional<Match> match_at(NumberKind kind, std::string_view s, std::size_t at) {
    Reader r{s, at};
    const Province* province = nullptr;
    for (const auto& p : provinces)
        if (s.substr(at, p.abbreviation.size()) == p.abbreviation) {
            province = &p;
            break;
        }
    if (!province) return std::nullopt;
    r.i += province->abbreviation.size();
    r.spaces();
    Match m;
    m.province = province;
    if (kind == NumberKind::icp) {
        if (!r.literal("ICP", true)) return std::nullopt;
        r.spaces();
        if (!r.literal("备")) return std::nullopt;
        r.spaces();
        auto number = r.digits();
        if (number.size() < 8 || number.size() > 10) return std::nullopt;
        r.spaces();
        if (!r.literal("号")) return std::nullopt;
        m.number = std::string(province->abbreviation) + "ICP备" + std::string(number) + "号";
        m.end = r.i;
        Reader suffix = r;
        suffix.spaces();
        if (suffix.literal("-")) {
            suffix.spaces();
            auto site = suffix.digits();
            if (!site.empty() && site.size() <= 3 && site[0] != '0') {
                m.number += "-" + std::string(site);
                m.end = suffix.i;
            }
        }
        return m;
    }
    if (!r.literal("公网安备")) return std::nullopt;
    r.spaces();
    auto number = r.digits();
    if (number.size() != 14) return std::nullopt;
    r.spaces();
    if (!r.literal("号")) return std::nullopt;
    m.number = std::string(province->abbreviation) + "公网安备" + std::string(number) + "号";
    m.end = r.i;
    return m;
}

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

} // namespace

const char* number_form(NumberKind kind) {
    return kind == NumberKind::icp ? "京ICP备12345678号-1" : "京公网安备11010802012345号";
}

std::optional<std::string> normalise_number(NumberKind kind, std::string_view text) {
    std::string s = plain(text);
    auto t = trimmed(s);
    auto m = match_at(kind, t, 0);
    if (!m || m->end != t.size()) return std::nullopt;
    if (kind == NumberKind::psb) {
        auto digits_at = m->number.find("公网安备") + std::string_view("公网安备").size();
        if (m->number.substr(digits_at, 2) != m->province->code) return std::nullopt;
    }
    return m->number;
}

std::string parse_number(NumberKind kind, const std::string& text) {
    if (auto n = normalise_number(kind, text)) return *n;
    std::string s = plain(text);
    auto t = trimmed(s);
    if (kind == NumberKind::psb) {
        auto m = match_at(kind, t, 0);
        if (m && m->end == t.size()) {
            auto digits_at = m->number.find("公网安备") + std::string_view("公网安备").size();
            throw Error(Exit::usage, _f("the public-security filing number '{}' begins with the division code {}, "
                                        "not {}'s {}",
                                        text, m->number.substr(digits_at, 2), m->province->abbreviation,
                                        m->province->code));
        }
        throw Error(Exit::usage,
                    _f("'{}' is not a public-security filing number: expected the form {} (the province's "
                       "abbreviation, 公网安备, 14 digits, 号)",
                       text, number_form(kind)));
    }
    throw Error(Exit::usage, _f("'{}' is not an ICP filing number: expected the form {} (the province's "
                                "abbreviation, ICP备, 8 to 10 digits, 号, and -N for the Nth site)",
                                text, number_form(kind)));
}

std::string icp_main_number(std::string_view icp) {
    auto at = icp.rfind("号");
    if (at == std::string_view::npos) return std::string(icp);
    return std::string(icp.substr(0, at + std::string_view("号").size()));
}

std::vector<FoundNumber> find_numbers(std::string_view text) {
    std::vector<FoundNumber> found;
    std::string s = plain(text);
    for (std::size_t i = 0; i < s.size();) {
        std::optional<Match> m;
        NumberKind kind = NumberKind::icp;
        for (auto k : {NumberKind::icp, NumberKind::psb})
            if ((m = match_at(k, s, i))) {
                kind = k;
                break;
            }
        if (m) {
            bool seen = std::any_of(found.begin(), found.end(),
                                    [&](const FoundNumber& f) { return f.kind == kind && f.number == m->number; });
            if (!seen) found.push_back({kind, m->number});
            i = m->end;
            continue;
        }
        // on to the next UTF-8 character
        ++i;
        while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
    }
    return found;
}

bool number_shown(NumberKind kind, const std::string& on_record, const std::vector<FoundNumber>& found) {
    for (const auto& f : found) {
        if (f.kind != kind) continue;
        if (f.number == on_record) return true;
        if (kind == NumberKind::icp && f.number == icp_main_number(on_record)) return true;
    }
    return false;
}

} // namespace netsec::filing
