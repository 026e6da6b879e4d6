#include "netsec/training/session_register.hpp"

#include "netsec/core/date.hpp"
#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/evidence/evidence.hpp"
#include "netsec/policy/calendar.hpp"
#include "netsec/store/account_rows.hpp"
#include "netsec/store/evidence_rows.hpp"
#include "netsec/training/attendance_records.hpp"
#include "netsec/training/campaign.hpp"
#include "netsec/training/records.hpp"
#include "netsec/training/session_audience.hpp"

#include <algorithm>

namespace netsec::training {

store::SessionRow find_session(store::Db& db, const std::string& text) {
    return get_session(db, parse_session_id(text));
}

store::SessionRow record_session(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                                 const SessionRequest& request, timeutil::Instant now) {
    NewSession n = request.session;
    n.audience = format_audience(parse_audience(request.audience));
    store::Transaction tx(db); // the session and its materials commit as one
    auto row = add_session(db, policy, origin, n, now);
    if (!request.materials.empty())
        evidence::add_files(db, policy, origin, session_ref(row.id), request.materials, now);
    tx.commit();
    return row;
}

std::vector<store::SessionRow> list_sessions(store::Db& db, const policy::Policy& policy, const SessionQuery& q) {
    store::SessionFilter filter;
    if (!q.kind.empty()) {
        const auto& kinds = session_kinds();
        if (std::find(kinds.begin(), kinds.end(), q.kind) == kinds.end())
            throw Error(Exit::usage,
                        _f("invalid --kind '{}': expected staff, pupil, drill, campaign or external", q.kind));
        filter.kind = q.kind;
    }
    if (q.school_year != 0) {
        if (q.school_year < 1970 || q.school_year > 9998)
            throw Error(Exit::usage,
                        _f("invalid --school-year '{}': expected the year it starts in, e.g. 2026", q.school_year));
        auto [from, to] = policy::school_year_span(policy.calendar, q.school_year);
        filter.from = date::format(from);
        filter.to = date::format(to);
    }
    return store::list_sessions(db, filter);
}

const std::vector<io::Column>& session_show_fields() {
    static const std::vector<io::Column> fields = [] {
        auto f = session_fields();
        for (const char* name : {"materials", "attendees", "classes"}) f.push_back({name, io::Kind::json});
        return f;
    }();
    return fields;
}

nlohmann::ordered_json session_document(store::Db& db, const std::string& text) {
    auto session = find_session(db, text);
    std::string ref = session_ref(session.id);
    auto doc = session_record(session);
    auto materials = nlohmann::ordered_json::array();
    for (auto& r : evidence::records(store::evidence_of(db, ref), "session_id").rows) materials.push_back(r);
    doc["materials"] = materials;
    AttendResult attended;
    attended.session_id = session.id;
    for (const auto& a : store::attendance_of(db, session.id)) {
        auto account = store::find_account(db, a.username);
        attended.rows.push_back(
            {std::size_t(a.line), a.username, account ? account->full_name : "", a.signed_at, a.source, ""});
    }
    auto attendees = nlohmann::ordered_json::array();
    for (auto& r : attended_records(attended).rows) {
        r.erase("session_id");
        r.erase("action");
        attendees.push_back(r);
    }
    doc["attendees"] = attendees;
    auto classes = nlohmann::ordered_json::array();
    for (auto& r : class_count_records(class_counts(db, session)).rows) {
        r.erase("session_id");
        classes.push_back(r);
    }
    doc["classes"] = classes;
    return doc;
}

} // namespace netsec::training
