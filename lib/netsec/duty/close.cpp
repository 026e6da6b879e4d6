#include "netsec/duty/close.hpp"

#include "netsec/core/date.hpp"
#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/text.hpp"
#include "netsec/journal/actions.hpp"

#include <map>

namespace netsec::duty {

std::string evening_of(timeutil::Instant at, const std::string& zone) {
    return date::format(date::of(at - std::chrono::hours(6), zone));
}

const policy::DutyRoom& find_room(const policy::Policy& policy, const std::string& name) {
    std::string names;
    for (const auto& r : policy.duty.rooms) {
        if (r.name == name) return r;
        names += (names.empty() ? "" : ", ") + r.name;
    }
    if (names.empty())
        throw Error(Exit::usage, _f("unknown room '{}'; the policy names no rooms to close (duty.rooms)", name));
    throw Error(Exit::usage, _f("unknown room '{}'; the policy's rooms are {}", name, names));
}

std::vector<ItemAnswer> read_answers(const policy::DutyRoom& room, const std::vector<std::string>& words) {
    std::string list;
    for (const auto& i : room.checklist) list += (list.empty() ? "" : ", ") + i.item;
    std::map<std::string, std::string> given;
    for (const auto& w : words) {
        auto eq = w.find('=');
        if (eq == std::string::npos || eq == 0)
            throw Error(Exit::usage, _f("--item '{}' expects ITEM=ANSWER, such as power=ok", w));
        std::string item = text::trim(w.substr(0, eq)), answer = text::trim(w.substr(eq + 1));
        bool known = false;
        for (const auto& i : room.checklist) known = known || i.item == item;
        if (!known)
            throw Error(Exit::usage,
                        _f("--item '{}': the checklist of {} has no item '{}'; its items are {}", w, room.name, item, list));
        if (answer.empty()) throw Error(Exit::usage, _f("--item '{}' gives no answer; say ok or what is wrong", w));
        if (!given.emplace(item, answer).second) throw Error(Exit::usage, _f("--item '{}' is given twice", item));
    }
    std::vector<ItemAnswer> out;
    std::string missing;
    for (const auto& i : room.checklist) {
        auto it = given.find(i.item);
        if (it == given.end()) {
            missing += (missing.empty() ? "" : " ") + i.item + "=" + i.ok;
            continue;
        }
        out.push_back({i.item, it->second, it->second == i.ok});
    }
    if (!missing.empty())
        throw Error(Exit::usage, _f("the closing check of {} is missing items; answer them too: --item {}", room.name,
                                    missing));
    return out;
}

std::vector<ItemAnswer> answers_of(const store::DutyClosingRow& row) {
    std::vector<ItemAnswer> out;
    auto j = nlohmann::json::parse(row.items, nullptr, false);
    if (!j.is_array()) return out;
    for (const auto& i : j)
        out.push_back({i.value("item", ""), i.value("answer", ""), i.value("ok", false)});
    return out;
}

Closing close_room(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                   const std::string& room_name, const std::string& by, const std::vector<std::string>& words,
                   const std::string& note, timeutil::Instant at, timeutil::Instant now) {
    const auto& room = find_room(policy, room_name);
    if (at > now)
        throw Error(Exit::usage, _f("--at {} is in the future; a room is recorded closed once it is",
                                    timeutil::format_local(at, policy.school.timezone)));
    Closing out;
    out.items = read_answers(room, words);
    nlohmann::ordered_json items = nlohmann::ordered_json::array();
    bool all_ok = true;
    for (const auto& i : out.items) {
        items.push_back({{"item", i.item}, {"answer", i.answer}, {"ok", i.ok}});
        all_ok = all_ok && i.ok;
    }
    auto& r = out.row;
    r.room = room.name;
    r.date = evening_of(at, policy.school.timezone);
    r.closed_at = timeutil::format_rfc3339(at);
    r.by_user = by.empty() ? origin.operator_name : by;
    r.items = items.dump();
    r.note = note;
    r.operator_name = origin.operator_name;
    r.recorded_at = timeutil::format_rfc3339(now);
    r.all_ok = all_ok;
    store::Transaction tx(db);
    r.id = store::insert_duty_closing(tx, r);
    journal::append(tx, origin, journal::action::duty_closed, room.name + " " + r.date,
                    {{"closed_at", r.closed_at}, {"by", r.by_user}, {"items", items}, {"all_ok", all_ok},
                     {"note", note}});
    tx.commit();
    return out;
}

} // namespace netsec::duty
