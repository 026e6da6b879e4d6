// DUTY-0001: the machine-room duty kept — over the last 30 days (since the first roster at the
// earliest), every staffed slot held, every room closed every evening, the homepage looked at
// on every patrol day. One finding per kind of gap: the roster, each room, the patrol.
#include "netsec/audit/checks.hpp"
#include "netsec/core/date.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/duty/gaps.hpp"
#include "netsec/duty/roster_month.hpp"

#include <map>

namespace netsec::audit {

std::vector<Outcome> check_duty(Context& ctx) {
    const auto& policy = ctx.policy;
    if (policy.duty.people.empty())
        return {{"records", "not_applicable", _("the policy names no duty rota (duty.people)"), {}}};
    const auto& zone = policy.school.timezone;
    date::Date today = date::of(ctx.now, zone);
    auto first = duty::first_roster_day(ctx.db);
    if (!first)
        return {{"roster", "fail",
                 _("no duty roster has been generated; run 'netsec-duty roster generate --month YYYY-MM'"), {}}};
    date::Date from = std::max(*first, date::add_days(today, -30));
    if (today < from)
        return {{"roster", "pass", _("the first roster has not begun yet"), {}}};
    auto gaps = duty::gaps_between(ctx.db, policy, from, today, timeutil::Instant{}, ctx.now, false);
    std::map<std::string, std::vector<std::string>> by_subject;
    by_subject["roster"];
    for (const auto& r : policy.duty.rooms) by_subject[r.name];
    by_subject["patrol"];
    for (const auto& g : gaps) {
        if (g.due_at > ctx.now) continue; // a slot still ahead is not yet a gap
        if (g.gap == "unstaffed_slot") by_subject["roster"].push_back(g.date + " " + g.slot);
        else if (g.gap == "missed_closing") by_subject[g.room].push_back(g.date);
        else by_subject["patrol"].push_back(g.date);
    }
    std::string period = date::format(from) + " — " + date::format(today);
    std::vector<Outcome> out;
    for (const auto& [subject, list] : by_subject) {
        if (list.empty()) {
            out.push_back({subject, "pass", _f("no gap from {}", period), {}});
            continue;
        }
        std::string days;
        for (std::size_t i = 0; i < list.size() && i < 10; ++i) days += (days.empty() ? "" : ", ") + list[i];
        if (list.size() > 10) days += _f(" and {} more", list.size() - 10);
        std::string what = subject == "roster"   ? _f("{} slots without a person: {}", list.size(), days)
                           : subject == "patrol" ? _f("{} days without a patrol of the homepage: {}", list.size(), days)
                                                 : _f("{} evenings without a closing check: {}", list.size(), days);
        out.push_back({subject, "fail", what, {}});
    }
    return out;
}

} // namespace netsec::audit
