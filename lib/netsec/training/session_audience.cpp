#include "netsec/training/session_audience.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/text.hpp"
#include "netsec/training/signin.hpp"

#include <algorithm>
#include <optional>
#include <regex>

namespace netsec::training {
namespace {

using Kind = AudienceWord::Kind;

// 1 to 12 written as digits or in Chinese (三, 十二); 0 for anything else.
int number_of(const std::string& text) {
    static const std::vector<std::string> chinese = {"一", "二", "三", "四", "五",   "六",
                                                     "七", "八", "九", "十", "十一", "十二"};
    if (auto at = std::find(chinese.begin(), chinese.end(), text); at != chinese.end())
        return int(at - chinese.begin()) + 1;
    if (text.empty() || text.size() > 2 || !std::all_of(text.begin(), text.end(), ::isdigit)) return 0;
    return std::stoi(text);
}

std::optional<AudienceWord> word_of(const std::string& text) {
    std::string w = text::lower_ascii(text);
    if (w == "all" || w == "全校" || w == "全体") return AudienceWord{Kind::all};
    if (w == "staff" || w == "教职工" || w == "教师" || w == "全体教师") return AudienceWord{Kind::staff};
    static const std::regex grade(R"(^grade:(\d+)$|^(\d+|[一二三四五六七八九十]+)年级$)");
    static const std::regex class_(
        R"(^class:(\d+)-(\d+)$|^(\d+|[一二三四五六七八九十]+)年级(\d+)班$|^(\d+|[一二三四五六七八九十]+)\((\d+)\)(?:班)?$)");
    std::smatch m;
    if (std::regex_match(w, m, grade)) {
        int g = number_of(m[1].matched ? m[1].str() : m[2].str());
        if (g >= 1 && g <= 12) return AudienceWord{Kind::grade, g};
        return std::nullopt;
    }
    if (std::regex_match(w, m, class_)) {
        int i = m[1].matched ? 1 : m[3].matched ? 3 : 5;
        int g = number_of(m[i].str());
        std::string c = m[i + 1].str();
        int n = c.size() <= 2 ? std::stoi(c) : 0;
        if (g >= 1 && g <= 12 && n >= 1 && n <= 99) return AudienceWord{Kind::class_, g, n};
    }
    for (auto [prefix, kind] : {std::pair<std::string, Kind>{"grade:", Kind::grade}, {"class:", Kind::class_}}) {
        std::string rest = w.rfind(prefix, 0) == 0 ? w.substr(prefix.size()) : "";
        if (!rest.empty() && rest.find_first_not_of("0123456789-") != std::string::npos)
            return AudienceWord{kind, 0, 0, rest};
    }
    return std::nullopt;
}

bool same(const AudienceWord& a, const AudienceWord& b) {
    return a.kind == b.kind && a.grade == b.grade && a.class_no == b.class_no && a.name == b.name;
}

} // namespace

std::vector<AudienceWord> parse_audience(const std::vector<std::string>& given) {
    std::vector<AudienceWord> words;
    for (const auto& option : given) {
        std::string text = normalize_cell(option);
        std::replace(text.begin(), text.end(), ',', ' ');
        for (std::size_t start = 0; start < text.size();) {
            auto end = text.find(' ', start);
            std::string token = text.substr(start, end == std::string::npos ? end : end - start);
            start = end == std::string::npos ? text.size() : end + 1;
            if (token.empty()) continue;
            auto w = word_of(token);
            if (!w)
                throw Error(Exit::usage,
                            _f("unknown audience '{}': expected staff, all, grade:N (e.g. grade:3) or class:N-M "
                               "(e.g. class:3-2)",
                               token));
            if (std::none_of(words.begin(), words.end(), [&](const auto& x) { return same(x, *w); }))
                words.push_back(*w);
        }
    }
    if (words.size() > 1 && std::any_of(words.begin(), words.end(), [](const auto& w) { return w.kind == Kind::all; }))
        throw Error(Exit::usage, _("audience 'all' already takes in everyone: give it alone"));
    return words;
}

std::string format_audience(const std::vector<AudienceWord>& words) {
    std::string out;
    for (const auto& w : words) {
        if (!out.empty()) out += ' ';
        switch (w.kind) {
        case Kind::all: out += "all"; break;
        case Kind::staff: out += "staff"; break;
        case Kind::grade: out += "grade:" + (w.name.empty() ? std::to_string(w.grade) : w.name); break;
        case Kind::class_:
            out += "class:" + (w.name.empty() ? std::to_string(w.grade) + "-" + std::to_string(w.class_no) : w.name);
            break;
        }
    }
    return out;
}

std::vector<AudienceWord> read_audience(const std::string& stored) {
    try {
        return parse_audience({stored});
    } catch (const Error& e) {
        throw Error(Exit::data, e.what());
    }
}

bool reaches_class(const std::vector<AudienceWord>& words, int grade, int class_no) {
    return std::any_of(words.begin(), words.end(), [&](const AudienceWord& w) {
        return w.kind == Kind::all || (w.kind == Kind::grade && w.name.empty() && w.grade == grade) ||
               (w.kind == Kind::class_ && w.name.empty() && w.grade == grade && w.class_no == class_no);
    });
}

} // namespace netsec::training
