#include "netsec/core/i18n.hpp"
#include "netsec/core/text.hpp"
#include "netsec/policy/sections.hpp"

#include <charconv>

namespace netsec::policy {

namespace {

// A whole number from `min` to `max` at `key` of `node`; nothing (and a problem recorded) when
// it is not one.
std::optional<int> whole_number(Checker& c, const YAML::Node& node, const char* key, int min, int max,
                                const std::string& where) {
    auto v = c.text(node, key, Required::no, where);
    if (!v) return std::nullopt;
    int n = 0;
    auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
    if (ec != std::errc() || end != v->data() + v->size() || n < min || n > max) {
        c.error(node[key].Mark(),
                _f("'{}.{}' expects a whole number from {} to {}, found '{}'", where, key, min, max, *v));
        return std::nullopt;
    }
    return n;
}

std::optional<int> days_of(Checker& c, const YAML::Node& node, const char* key, const std::string& where) {
    auto d = c.duration(node, key, Required::no, where);
    if (!d) return std::nullopt;
    return static_cast<int>(d->count() / 86400);
}

} // namespace

const std::vector<std::string>& default_prohibited_words() {
    static const std::vector<std::string> words = {"赌博", "博彩", "六合彩", "时时彩", "百家乐", "色情",
                                                   "代开发票", "私服", "外挂", "枪支", "毒品"};
    return words;
}

void read_website(Checker& c, const YAML::Node& root, Website& out, Filing& filing) {
    out.prohibited = default_prohibited_words();
    YAML::Node node = c.child(root, "website", Required::no, "");
    if (node.IsDefined() && !node.IsNull() && c.expect_map(node, "website")) {
        c.known_keys(node, {"url", "prohibited"}, "website");
        if (auto v = c.text(node, "url", Required::no, "website")) {
            auto lower = text::lower_ascii(*v);
            if (!v->empty() && !lower.starts_with("http://") && !lower.starts_with("https://") &&
                !lower.starts_with("file://"))
                c.error(node["url"].Mark(),
                        _f("'website.url' expects an http://, https:// or file:// URL, found '{}'", *v));
            else
                out.url = *v;
        }
        YAML::Node list = c.child(node, "prohibited", Required::no, "website");
        if (list.IsDefined() && !list.IsNull()) {
            if (c.expect_list(list, "website.prohibited")) {
                out.prohibited.clear();
                for (std::size_t i = 0; i < list.size(); ++i)
                    if (auto w = c.as_text(list[i], fmt::format("website.prohibited[{}]", i))) {
                        if (text::trim(*w).empty())
                            c.error(list[i].Mark(), _f("'website.prohibited[{}]' is empty", i));
                        else
                            out.prohibited.push_back(text::trim(*w));
                    }
            }
        } else if (list.IsDefined()) {
            out.prohibited.clear();
        }
    }
    YAML::Node f = c.child(root, "filing", Required::no, "");
    if (!f.IsDefined() || f.IsNull() || !c.expect_map(f, "filing")) return;
    c.known_keys(f, {"level2_assessment_months", "level3_assessment_months", "file_within", "regrade_within",
                     "due_within"},
                 "filing");
    if (auto n = whole_number(c, f, "level2_assessment_months", 1, 120, "filing")) filing.level2_assessment_months = *n;
    if (auto n = whole_number(c, f, "level3_assessment_months", 1, 120, "filing")) filing.level3_assessment_months = *n;
    if (auto d = days_of(c, f, "file_within", "filing")) filing.file_within_days = *d;
    if (auto d = days_of(c, f, "regrade_within", "filing")) filing.regrade_within_days = *d;
    if (auto d = days_of(c, f, "due_within", "filing")) filing.due_within_days = *d;
}

nlohmann::ordered_json website_json(const Website& w) {
    nlohmann::ordered_json j;
    j["url"] = w.url.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(w.url);
    j["prohibited"] = w.prohibited;
    return j;
}

nlohmann::ordered_json filing_json(const Filing& f) {
    nlohmann::ordered_json j;
    j["level2_assessment_months"] = f.level2_assessment_months;
    j["level3_assessment_months"] = f.level3_assessment_months;
    j["file_within"] = std::to_string(f.file_within_days) + "d";
    j["regrade_within"] = std::to_string(f.regrade_within_days) + "d";
    j["due_within"] = std::to_string(f.due_within_days) + "d";
    return j;
}

} // namespace netsec::policy
