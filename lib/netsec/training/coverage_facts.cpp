#include "netsec/core/date.hpp"
#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/io/values.hpp"
#include "netsec/store/account_rows.hpp"
#include "netsec/store/training_rows.hpp"
#include "netsec/training/coverage.hpp"
#include "netsec/training/session.hpp"

#include <cmath>

namespace netsec::training {

CoverageFacts gather_facts(store::Db& db, const policy::Policy& policy, std::optional<int> school_year,
                           timeutil::Instant now) {
    const auto& cal = policy.calendar;
    date::Date today = date::of(now, policy.school.timezone);
    int current = policy::school_year_of(cal, today);
    int year = school_year.value_or(current);
    auto [from, to] = policy::school_year_span(cal, year);
    if (year > current)
        throw Error(Exit::usage, _f("invalid --school-year {}: it has not begun (it starts on {})", year,
                                    date::format(from)));
    date::Date as_of = year < current ? to : today;

    CoverageFacts f;
    f.school_year = year;
    f.year_from = date::format(from);
    f.year_to = date::format(to);
    const policy::Span* term = policy::term_of(cal, as_of);
    if (!term)
        for (const auto& t : cal.terms)
            if (t.to < as_of && t.from >= from) term = &t; // the last one that ended
    if (term) {
        f.term = term->name;
        f.term_from = date::format(term->from);
        f.term_to = date::format(term->to);
    }
    auto within_days = int(std::ceil(double(policy.thresholds.emergency_drill_within.count()) / 86400));
    f.drill_since = date::format(date::add_days(as_of, -within_days));

    for (const auto& s : store::list_sessions(db, {}))
        f.sessions.push_back({s.id, s.date, s.kind, s.title, s.plan, s.audience, s.finished_at, s.hours});
    for (const auto& a : store::attendance_of(db, 0)) f.attendance.push_back({a.session_id, a.username});
    for (const auto& a : store::list_accounts(db, {}))
        f.people.push_back({a.username, a.full_name, a.kind, a.grade, a.class_name, a.status});
    for (const auto& p : policy.organization.network_administrators) f.administrators.push_back({p.user, p.name});
    return f;
}

const std::vector<io::Column>& coverage_fields() {
    static const std::vector<io::Column> fields = {{"area"},
                                                   {"subject"},
                                                   {"name"},
                                                   {"hours", io::Kind::integer},
                                                   {"session_count", io::Kind::integer},
                                                   {"last_date"},
                                                   {"session_id"},
                                                   {"status"},
                                                   {"why"}};
    return fields;
}

io::Records coverage_records(const Coverage& c) {
    return io::records_of(coverage_fields(), c.lines, [](const CoverageLine& l) {
        nlohmann::ordered_json r;
        r["area"] = l.area;
        r["subject"] = l.subject;
        r["name"] = io::text_or_null(l.name);
        r["hours"] = std::round(l.hours * 100) / 100;
        r["session_count"] = l.session_count;
        r["last_date"] = io::text_or_null(l.last_date);
        r["session_id"] = l.session_id ? nlohmann::ordered_json(session_ref(l.session_id)) : nlohmann::ordered_json();
        r["status"] = l.status;
        r["why"] = io::text_or_null(l.why);
        return r;
    });
}

} // namespace netsec::training
