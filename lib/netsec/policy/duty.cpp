#include "netsec/core/i18n.hpp"
#include "netsec/policy/sections.hpp"

#include <cctype>

#include <set>

namespace netsec::policy {
namespace {

bool is_clock(const std::string& v) {
    return v.size() == 5 && v[2] == ':' && std::isdigit(static_cast<unsigned char>(v[0])) &&
           std::isdigit(static_cast<unsigned char>(v[1])) && std::isdigit(static_cast<unsigned char>(v[3])) &&
           std::isdigit(static_cast<unsigned char>(v[4])) && (v[0] - '0') * 10 + (v[1] - '0') < 24 && v[3] < '6';
}

std::optional<std::string> clock(Checker& c, const YAML::Node& map, const char* key, Required required,
                                 const std::string& where) {
    auto v = c.text(map, key, required, where);
    if (v && !is_clock(*v)) {
        c.error(map[key].Mark(), _f("'{}.{}' expects a time of day HH:MM such as 17:30, found '{}'", where, key, *v));
        return std::nullopt;
    }
    return v;
}

// `KEY: [workdays, weekends, holidays]`: which kinds of day; absent keeps `out`.
void read_day_kinds(Checker& c, const YAML::Node& map, const char* key, const std::string& where, DayKinds& out) {
    YAML::Node list = c.child(map, key, Required::no, where);
    std::string at = where + "." + key;
    if (!list.IsDefined() || list.IsNull() || !c.expect_list(list, at)) return;
    DayKinds k{false, false, false};
    for (std::size_t i = 0; i < list.size(); ++i) {
        auto v = c.as_text(list[i], fmt::format("{}[{}]", at, i));
        if (!v) continue;
        if (*v == "workdays") k.workdays = true;
        else if (*v == "weekends") k.weekends = true;
        else if (*v == "holidays") k.holidays = true;
        else c.error(list[i].Mark(), _f("'{}' expects workdays, weekends or holidays, found '{}'", at, *v));
    }
    out = k;
}

void read_people(Checker& c, const YAML::Node& duty, Duty& out) {
    YAML::Node list = c.child(duty, "people", Required::no, "duty");
    if (!list.IsDefined() || list.IsNull() || !c.expect_list(list, "duty.people")) return;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < list.size(); ++i) {
        auto v = c.as_text(list[i], fmt::format("duty.people[{}]", i));
        if (!v) continue;
        if (v->empty() || v->find_first_of(" \t,=") != std::string::npos)
            c.error(list[i].Mark(), _f("'duty.people' expects usernames, found '{}'", *v));
        else if (!seen.insert(*v).second)
            c.error(list[i].Mark(), _f("'{}' is on the duty rota twice", *v));
        else
            out.people.push_back(*v);
    }
}

void read_slots(Checker& c, const YAML::Node& duty, Duty& out) {
    YAML::Node list = c.child(duty, "slots", Required::no, "duty");
    if (!list.IsDefined() || list.IsNull() || !c.expect_list(list, "duty.slots")) return;
    std::vector<DutySlot> slots;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < list.size(); ++i) {
        std::string where = fmt::format("duty.slots[{}]", i);
        const YAML::Node item = list[i];
        if (!c.expect_map(item, where)) continue;
        c.known_keys(item, {"name", "from", "to", "on"}, where);
        DutySlot s;
        if (auto v = c.text(item, "name", Required::yes, where)) {
            if (v->empty() || v->find_first_of(" \t,=") != std::string::npos)
                c.error(item["name"].Mark(), _f("'{}.name' expects one word such as night, found '{}'", where, *v));
            else if (!seen.insert(*v).second)
                c.error(item["name"].Mark(), _f("the duty slot '{}' is given twice", *v));
            s.name = *v;
        }
        if (auto v = clock(c, item, "from", Required::yes, where)) s.from = *v;
        if (auto v = clock(c, item, "to", Required::yes, where)) s.to = *v;
        read_day_kinds(c, item, "on", where, s.on);
        slots.push_back(std::move(s));
    }
    out.slots = std::move(slots);
}

void read_rooms(Checker& c, const YAML::Node& duty, Duty& out) {
    YAML::Node list = c.child(duty, "rooms", Required::no, "duty");
    if (!list.IsDefined() || list.IsNull() || !c.expect_list(list, "duty.rooms")) return;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < list.size(); ++i) {
        std::string where = fmt::format("duty.rooms[{}]", i);
        const YAML::Node item = list[i];
        if (!c.expect_map(item, where)) continue;
        c.known_keys(item, {"name", "on", "close_by", "checklist"}, where);
        DutyRoom r;
        if (auto v = c.text(item, "name", Required::yes, where)) {
            if (!seen.insert(*v).second) c.error(item["name"].Mark(), _f("the room '{}' is given twice", *v));
            r.name = *v;
        }
        read_day_kinds(c, item, "on", where, r.on);
        if (auto v = clock(c, item, "close_by", Required::no, where)) r.close_by = *v;
        YAML::Node items = c.child(item, "checklist", Required::yes, where);
        if (items.IsDefined() && c.expect_list(items, where + ".checklist")) {
            std::set<std::string> names;
            for (std::size_t j = 0; j < items.size(); ++j) {
                std::string at = fmt::format("{}.checklist[{}]", where, j);
                ClosingItem ci;
                if (items[j].IsMap()) {
                    c.known_keys(items[j], {"item", "ok"}, at);
                    if (auto v = c.text(items[j], "item", Required::yes, at)) ci.item = *v;
                    if (auto v = c.text(items[j], "ok", Required::no, at)) ci.ok = *v;
                } else if (auto v = c.as_text(items[j], at)) {
                    ci.item = *v;
                }
                if (ci.item.empty() || ci.item.find_first_of(" \t,=") != std::string::npos)
                    c.error(items[j].Mark(), _f("'{}' expects one word such as power, found '{}'", at, ci.item));
                else if (!names.insert(ci.item).second)
                    c.error(items[j].Mark(), _f("the checklist item '{}' is given twice", ci.item));
                else
                    r.checklist.push_back(std::move(ci));
            }
            if (items.size() == 0) c.error(items.Mark(), _f("'{}.checklist' expects at least one item", where));
        }
        out.rooms.push_back(std::move(r));
    }
}

void read_leave(Checker& c, const YAML::Node& duty, Duty& out) {
    YAML::Node list = c.child(duty, "leave", Required::no, "duty");
    if (!list.IsDefined() || list.IsNull() || !c.expect_list(list, "duty.leave")) return;
    for (std::size_t i = 0; i < list.size(); ++i) {
        std::string where = fmt::format("duty.leave[{}]", i);
        const YAML::Node item = list[i];
        if (!c.expect_map(item, where)) continue;
        c.known_keys(item, {"user", "from", "to", "note"}, where);
        DutyLeave l;
        if (auto v = c.text(item, "user", Required::yes, where)) l.user = *v;
        if (auto v = c.date(item, "from", Required::yes, where)) l.from = *v;
        if (auto v = c.date(item, "to", Required::yes, where)) l.to = *v;
        if (auto v = c.text(item, "note", Required::no, where)) l.note = *v;
        if (!l.from.empty() && !l.to.empty() && l.to < l.from)
            c.error(item["to"].Mark(), _f("'{}.to' is before its 'from' ({} < {})", where, l.to, l.from));
        out.leave.push_back(std::move(l));
    }
}

nlohmann::ordered_json kinds_json(const DayKinds& k) {
    auto list = nlohmann::ordered_json::array();
    if (k.workdays) list.push_back("workdays");
    if (k.weekends) list.push_back("weekends");
    if (k.holidays) list.push_back("holidays");
    return list;
}

} // namespace

const std::vector<DutySlot>& default_duty_slots() {
    static const std::vector<DutySlot> slots = {{"day", "08:00", "17:00", {true, false, false}},
                                                {"night", "17:00", "08:00", {true, true, true}},
                                                {"weekend", "08:00", "17:00", {false, true, true}}};
    return slots;
}

void read_duty(Checker& c, const YAML::Node& root, Duty& out) {
    YAML::Node duty = c.child(root, "duty", Required::no, "");
    if (!duty.IsDefined() || duty.IsNull() || !c.expect_map(duty, "duty")) return;
    c.known_keys(duty, {"people", "slots", "rooms", "patrol_on", "leave"}, "duty");
    read_people(c, duty, out);
    read_slots(c, duty, out);
    read_rooms(c, duty, out);
    read_day_kinds(c, duty, "patrol_on", "duty", out.patrol_on);
    read_leave(c, duty, out);
    std::set<std::string> people(out.people.begin(), out.people.end());
    for (std::size_t i = 0; i < out.leave.size(); ++i)
        if (!out.leave[i].user.empty() && !people.count(out.leave[i].user))
            c.error(duty["leave"][i]["user"].Mark(),
                    _f("'duty.leave[{}].user' names '{}', who is not on the duty rota (duty.people)", i,
                       out.leave[i].user));
}

nlohmann::ordered_json duty_json(const Duty& d) {
    using json = nlohmann::ordered_json;
    json j;
    j["people"] = d.people;
    json slots = json::array();
    for (const auto& s : d.slots) slots.push_back({{"name", s.name}, {"from", s.from}, {"to", s.to}, {"on", kinds_json(s.on)}});
    j["slots"] = slots;
    json rooms = json::array();
    for (const auto& r : d.rooms) {
        json items = json::array();
        for (const auto& i : r.checklist) items.push_back({{"item", i.item}, {"ok", i.ok}});
        rooms.push_back({{"name", r.name}, {"on", kinds_json(r.on)}, {"close_by", r.close_by}, {"checklist", items}});
    }
    j["rooms"] = rooms;
    j["patrol_on"] = kinds_json(d.patrol_on);
    json leave = json::array();
    for (const auto& l : d.leave) leave.push_back({{"user", l.user}, {"from", l.from}, {"to", l.to}, {"note", l.note}});
    j["leave"] = leave;
    return j;
}

} // namespace netsec::policy
