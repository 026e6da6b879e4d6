#include "netsec/training/session.hpp"

#include "netsec/core/date.hpp"
#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>

namespace netsec::training {
const std::vector<std::string>& session_kinds() {
    static const std::vector<std::string> kinds = {"staff", "pupil", "drill", "campaign", "external"};
    return kinds;
}

std::string hours_text(double hours) {
    std::ostringstream out;
    out << std::round(hours * 100) / 100;
    return out.str();
}

std::string session_ref(std::int64_t id) { return "TRN-" + std::to_string(id); }

std::int64_t parse_session_id(const std::string& text, const std::string& argument) {
    std::string digits = text.rfind("TRN-", 0) == 0 ? text.substr(4) : text;
    std::int64_t id = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
    if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || id <= 0)
        throw Error(Exit::usage, _f("invalid {} '{}': expected a session number such as 3 or TRN-3", argument, text));
    return id;
}

store::SessionRow get_session(store::Db& db, std::int64_t id) {
    auto row = store::find_session(db, id);
    if (!row)
        throw Error(Exit::no_input,
                    _f("no training session '{}'; 'netsec-training session list' shows them", session_ref(id)));
    return *row;
}

store::SessionRow add_session(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                              const NewSession& s, Instant now) {
    const auto& kinds = session_kinds();
    if (std::find(kinds.begin(), kinds.end(), s.kind) == kinds.end())
        throw Error(Exit::usage, _f("invalid --kind '{}': expected one of {}", s.kind, netsec::text::join(kinds)));
    date::parse(s.date, "--date");
    std::string title = netsec::text::trim(s.title);
    if (title.empty()) throw Error(Exit::usage, _("--title is empty: name what the session was about"));
    if (!(s.hours > 0) || s.hours > 24)
        throw Error(Exit::usage, _f("invalid --hours '{}': expected the session's length in hours, above 0 and at "
                                    "most 24",
                                    s.hours));
    std::vector<std::string> steps;
    if (s.kind == "drill") {
        std::vector<std::string> plans;
        for (const auto& [code, list] : policy.incidents.playbooks)
            if (!list.empty()) plans.push_back(code);
        auto it = policy.incidents.playbooks.find(s.plan);
        if (s.plan.empty() || it == policy.incidents.playbooks.end() || it->second.empty())
            throw Error(Exit::usage, s.plan.empty()
                                         ? _f("a drill needs --plan: the emergency plan it exercises, one of {}",
                                              netsec::text::join(plans))
                                         : _f("invalid --plan '{}': the policy has no playbook for it; it has {}",
                                              s.plan, plans.empty() ? std::string("none") : netsec::text::join(plans)));
        steps = it->second;
    } else if (!s.plan.empty()) {
        throw Error(Exit::usage, _f("--plan is for a drill, not a session of kind '{}'", s.kind));
    }
    store::SessionRow row;
    row.date = s.date;
    row.title = title;
    row.kind = s.kind;
    row.hours = s.hours;
    row.trainer = netsec::text::trim(s.trainer);
    row.audience = netsec::text::trim(s.audience);
    row.plan = s.plan;
    row.note = s.note;
    row.created_by = origin.operator_name;
    row.created_at = row.updated_at = timeutil::format_rfc3339(now);
    store::Transaction tx(db);
    row.id = store::insert_session(tx, row);
    for (std::size_t i = 0; i < steps.size(); ++i)
        store::insert_drill_step(tx, {row.id, std::int64_t(i + 1), steps[i], "", "", ""});
    journal::append(tx, origin, journal::action::training_session_added, session_ref(row.id),
                    {{"date", row.date},
                     {"kind", row.kind},
                     {"title", row.title},
                     {"hours", row.hours},
                     {"plan", row.plan},
                     {"steps", steps.size()}});
    tx.commit();
    return row;
}

} // namespace netsec::training
