#include "netsec/duty/records.hpp"

#include "netsec/core/date.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/io/values.hpp"
#include "netsec/policy/calendar.hpp"

#include <map>

namespace netsec::duty {

using io::Kind;
using io::text_or_null;
using json = nlohmann::ordered_json;

namespace {

const char* weekday_code(date::Date d) {
    static const char* const codes[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    return codes[(date::weekday(d) + 6) % 7];
}

const char* kind_code(DayKind k) {
    return k == DayKind::workday ? "workday" : k == DayKind::weekend ? "weekend" : "holiday";
}

} // namespace

const std::vector<io::Column>& slot_fields() {
    static const std::vector<io::Column> fields = {{"date"},          {"weekday"},  {"day_kind"},
                                                   {"slot"},          {"username"}, {"rostered_username"},
                                                   {"starts_at", Kind::time},       {"ends_at", Kind::time}};
    return fields;
}

io::Records slot_records(const policy::Policy& policy, const std::vector<SlotRow>& slots) {
    return io::records_of(slot_fields(), slots, [&](const SlotRow& s) {
        auto d = date::parse(s.date, "date");
        json r;
        r["date"] = s.date;
        r["weekday"] = weekday_code(d);
        r["day_kind"] = kind_code(day_kind(policy.calendar, d));
        r["slot"] = s.slot;
        r["username"] = text_or_null(s.username);
        r["rostered_username"] = s.rostered_username == s.username ? json() : text_or_null(s.rostered_username);
        r["starts_at"] = s.starts_at;
        r["ends_at"] = s.ends_at;
        return r;
    });
}

const std::vector<io::Column>& count_fields() {
    static const std::vector<io::Column> fields = {{"username"}, {"slot_count", Kind::integer}, {"by_slot", Kind::json}};
    return fields;
}

io::Records count_records(const std::map<std::string, Count>& counts) {
    io::Records out;
    out.columns = count_fields();
    for (const auto& [user, c] : counts) {
        json by = json::object();
        for (const auto& [slot, n] : c.by_slot) by[slot] = n;
        out.rows.push_back({{"username", user}, {"slot_count", c.total}, {"by_slot", by}});
    }
    return out;
}

const std::vector<io::Column>& swap_fields() {
    static const std::vector<io::Column> fields = {
        {"swap_id", Kind::integer}, {"date"},     {"slot"},     {"from_username"},
        {"to_username"},            {"reason"},   {"operator"}, {"swapped_at", Kind::time}};
    return fields;
}

io::Records swap_records(const std::vector<SwapRow>& swaps) {
    return io::records_of(swap_fields(), swaps, [](const SwapRow& s) {
        return json{{"swap_id", s.id},
                    {"date", s.date},
                    {"slot", s.slot},
                    {"from_username", text_or_null(s.from_username)},
                    {"to_username", s.to_username},
                    {"reason", text_or_null(s.reason)},
                    {"operator", s.operator_name},
                    {"swapped_at", s.swapped_at}};
    });
}

const std::vector<io::Column>& closing_fields() {
    static const std::vector<io::Column> fields = {{"closing_id", Kind::integer},
                                                   {"room"},
                                                   {"date"},
                                                   {"closed_at", Kind::time},
                                                   {"username"},
                                                   {"all_ok"},
                                                   {"not_ok"},
                                                   {"items", Kind::json, false},
                                                   {"note"},
                                                   {"operator", Kind::text, false}};
    return fields;
}

io::Records closing_records(const std::vector<Closing>& closings) {
    return io::records_of(closing_fields(), closings, [](const Closing& c) {
        json items = json::array();
        std::string not_ok;
        for (const auto& i : c.items) {
            items.push_back({{"item", i.item}, {"answer", i.answer}, {"ok", i.ok}});
            if (!i.ok) not_ok += (not_ok.empty() ? "" : "; ") + i.item + ": " + i.answer;
        }
        return json{{"closing_id", c.row.id},
                    {"room", c.row.room},
                    {"date", c.row.date},
                    {"closed_at", c.row.closed_at},
                    {"username", c.row.by_user},
                    {"all_ok", c.row.all_ok},
                    {"not_ok", text_or_null(not_ok)},
                    {"items", items},
                    {"note", text_or_null(c.row.note)},
                    {"operator", c.row.operator_name}};
    });
}

const std::vector<io::Column>& gap_fields() {
    static const std::vector<io::Column> fields = {{"date"}, {"gap"}, {"slot"}, {"room"}, {"due_at", Kind::time}};
    return fields;
}

io::Records gap_records(const std::vector<Gap>& gaps) {
    return io::records_of(gap_fields(), gaps, [](const Gap& g) {
        return json{{"date", g.date},
                    {"gap", g.gap},
                    {"slot", text_or_null(g.slot)},
                    {"room", text_or_null(g.room)},
                    {"due_at", timeutil::format_rfc3339(g.due_at)}};
    });
}

const std::vector<io::Column>& stats_fields() {
    static const std::vector<io::Column> fields = {{"dimension"}, {"key"}, {"value", Kind::integer}};
    return fields;
}

io::Records stats_records(const std::vector<Figure>& figures) {
    return io::records_of(stats_fields(), figures, [](const Figure& f) {
        return json{{"dimension", f.dimension}, {"key", text_or_null(f.key)}, {"value", f.value}};
    });
}

io::Page roster_page(const policy::Policy& policy, date::Month month, const std::vector<SlotRow>& slots) {
    static const char* const weekdays[] = {"一", "二", "三", "四", "五", "六", "日"};
    io::Page page;
    page.title = policy.school.name + " 机房值班表 " + date::format(month);
    page.name = page.title;
    page.meta.push_back({"月份 Month", date::format(month)});
    std::string rooms;
    for (const auto& r : policy.duty.rooms) rooms += (rooms.empty() ? "" : "、") + r.name;
    if (!rooms.empty()) page.meta.push_back({"机房 Rooms", rooms});

    std::map<std::pair<std::string, std::string>, const SlotRow*> at;
    for (const auto& s : slots) at[{s.date, s.slot}] = &s;
    io::Table table;
    table.columns.push_back({"日期 Date", 14, true});
    table.columns.push_back({"星期", 10, true});
    for (const auto& rule : policy.duty.slots)
        table.columns.push_back({rule.name + " " + rule.from + "–" + rule.to, 0, false});
    table.columns.push_back({"签名 Signed", 16, false});
    for (date::Date d = date::first_day(month); d <= date::last_day(month); d = date::add_days(d, 1)) {
        std::string text = date::format(d);
        std::string weekday = weekdays[date::weekday(d) - 1];
        if (const auto* h = policy::holiday_of(policy.calendar, d)) weekday += " " + h->name;
        std::vector<io::Cell> row{io::Cell(text), io::Cell(weekday)};
        DayKind kind = day_kind(policy.calendar, d);
        for (const auto& rule : policy.duty.slots) {
            auto it = at.find({text, rule.name});
            if (it == at.end()) {
                row.emplace_back(staffed_on(rule.on, kind) ? io::Cell(io::Line{{"—", false, "fail"}}) : io::Cell(""));
                continue;
            }
            const auto& s = *it->second;
            if (s.username.empty())
                row.emplace_back(io::Line{{"—", false, "fail"}});
            else if (s.username != s.rostered_username)
                row.emplace_back(io::Line{{s.username, true, ""}, {" (" + s.rostered_username + ")", false, ""}});
            else
                row.emplace_back(s.username);
        }
        row.emplace_back("");
        table.rows.push_back(std::move(row));
    }
    io::Section section;
    section.blocks.push_back(std::move(table));
    section.blocks.push_back(io::Paragraph{io::line(
        "（括号内为原排班人；— 为无人值班。Names in brackets were rostered before a swap; — marks a slot nobody holds.）")});
    section.blocks.push_back(io::Signatures{{"值班负责人", "审核"}});
    section.keep_together = true;
    page.sections.push_back(std::move(section));
    return page;
}

} // namespace netsec::duty
