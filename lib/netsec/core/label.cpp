#include "netsec/core/label.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"

namespace netsec {

Lang parse_lang(const std::string& text) {
    if (text == "zh" || text == "zh_CN" || text == "zh-CN") return Lang::zh;
    if (text == "en") return Lang::en;
    throw Error(Exit::usage, _f("unknown language '{}': expected zh or en", text));
}

const std::string& label_text(const Label& label, Lang lang) {
    const std::string& wanted = lang == Lang::zh ? label.zh : label.en;
    return wanted.empty() ? (lang == Lang::zh ? label.en : label.zh) : wanted;
}

const Label* find_label(const Labels& table, std::string_view code) {
    for (const auto& l : table)
        if (l.code == code) return &l;
    return nullptr;
}

std::string label_of(const Labels& table, std::string_view code, Lang lang) {
    const Label* l = find_label(table, code);
    return l ? label_text(*l, lang) : std::string(code);
}

} // namespace netsec
