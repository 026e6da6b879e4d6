#include "netsec/policy/calendar.hpp"

#include "netsec/core/i18n.hpp"
#include "netsec/policy/sections.hpp"

namespace netsec::policy {
namespace {

// "09-01" as a month and day that exist in every year (02-29 does not).
bool read_month_day(const std::string& text, int& month, int& day) {
    if (text.size() != 5 || text[2] != '-') return false;
    auto d = date::try_parse("2025-" + text); // a year without 29 February
    if (!d) return false;
    month = d->m;
    day = d->d;
    return true;
}

void read_spans(Checker& c, const YAML::Node& node, const char* key, std::vector<Span>& out, bool no_overlap) {
    YAML::Node list = c.child(node, key, Required::no, "calendar");
    std::string where = std::string("calendar.") + key;
    if (!list.IsDefined() || list.IsNull() || !c.expect_list(list, where)) return;
    for (std::size_t i = 0; i < list.size(); ++i) {
        YAML::Node item = list[i];
        std::string at = where + "[" + std::to_string(i) + "]";
        if (!c.expect_map(item, at)) continue;
        c.known_keys(item, {"name", "from", "to"}, at);
        auto name = c.text(item, "name", Required::yes, at);
        auto from = c.date(item, "from", Required::yes, at);
        auto to = c.date(item, "to", Required::yes, at);
        if (!name || !from || !to) continue;
        Span s{*name, *date::try_parse(*from), *date::try_parse(*to), int(item.Mark().line) + 1};
        if (s.to < s.from) {
            c.error(item["to"].Mark(), _f("'{}.to' ({}) is before its 'from' ({})", at, *to, *from));
            continue;
        }
        if (no_overlap && !out.empty() && s.from <= out.back().to) {
            c.error(item["from"].Mark(), _f("'{}' ({}) starts before the term before it ends ({}); terms are listed "
                                            "in order and do not overlap",
                                            at, *from, date::format(out.back().to)));
            continue;
        }
        out.push_back(std::move(s));
    }
}

const Span* span_of(const std::vector<Span>& spans, date::Date day) {
    for (const auto& s : spans)
        if (s.from <= day && day <= s.to) return &s;
    return nullptr;
}

} // namespace

void read_calendar(Checker& c, const YAML::Node& root, Calendar& out) {
    YAML::Node node = c.child(root, "calendar", Required::no, "");
    if (!node.IsDefined() || node.IsNull() || !c.expect_map(node, "calendar")) return;
    c.known_keys(node, {"year_starts", "terms", "holidays"}, "calendar");
    if (auto v = c.text(node, "year_starts", Required::no, "calendar"))
        if (!read_month_day(*v, out.year_starts_month, out.year_starts_day))
            c.error(node["year_starts"].Mark(),
                    _f("'calendar.year_starts' expects a month and day as MM-DD (09-01), found '{}'", *v));
    read_spans(c, node, "terms", out.terms, true);
    read_spans(c, node, "holidays", out.holidays, false);
}

nlohmann::ordered_json calendar_json(const Calendar& cal) {
    auto spans = [](const std::vector<Span>& list) {
        auto out = nlohmann::ordered_json::array();
        for (const auto& s : list)
            out.push_back({{"name", s.name}, {"from", date::format(s.from)}, {"to", date::format(s.to)}});
        return out;
    };
    return {{"year_starts", fmt::format("{:02}-{:02}", cal.year_starts_month, cal.year_starts_day)},
            {"terms", spans(cal.terms)},
            {"holidays", spans(cal.holidays)}};
}

int school_year_of(const Calendar& cal, date::Date day) {
    bool before = day.m < cal.year_starts_month || (day.m == cal.year_starts_month && day.d < cal.year_starts_day);
    return before ? day.y - 1 : day.y;
}

std::pair<date::Date, date::Date> school_year_span(const Calendar& cal, int year) {
    date::Date first{year, cal.year_starts_month, cal.year_starts_day};
    date::Date next{year + 1, cal.year_starts_month, cal.year_starts_day};
    return {first, date::add_days(next, -1)};
}

const Span* term_of(const Calendar& cal, date::Date day) { return span_of(cal.terms, day); }
const Span* holiday_of(const Calendar& cal, date::Date day) { return span_of(cal.holidays, day); }

} // namespace netsec::policy
