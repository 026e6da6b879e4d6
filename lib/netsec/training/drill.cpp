#include "netsec/training/drill.hpp"

#include "netsec/core/date.hpp"
#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/text.hpp"
#include "netsec/io/values.hpp"
#include "netsec/store/account_rows.hpp"

#include <map>

namespace netsec::training {
namespace {

using timeutil::format_local;
using timeutil::format_rfc3339;

// The session `id`, which must be a drill.
store::SessionRow get_drill(store::Db& db, std::int64_t id) {
    auto s = get_session(db, id);
    if (s.kind != "drill")
        throw Error(Exit::usage, _f("{} is a session of kind '{}', not a drill; a drill is recorded with "
                                    "'netsec-training session add --kind drill --plan CODE'",
                                    session_ref(id), s.kind));
    return s;
}

void require_unfinished(const store::SessionRow& s, const policy::Policy& policy) {
    if (!s.finished_at.empty())
        throw Error(Exit::usage,
                    _f("drill {} was finished at {}; nothing was changed",
                       session_ref(s.id), format_local(timeutil::parse_time(s.finished_at, "UTC"), policy.school.timezone)));
}

// `at` is neither in the future nor before the drill's day began.
void check_time(const store::SessionRow& s, const policy::Policy& policy, Instant at, Instant now,
                const std::string& option) {
    const std::string& zone = policy.school.timezone;
    if (at > now) throw Error(Exit::usage, _f("{} {} is in the future", option, format_local(at, zone)));
    if (at < date::start_of(date::parse(s.date, "date"), zone))
        throw Error(Exit::usage, _f("{} {} is before the drill's day {}", option, format_local(at, zone), s.date));
}

} // namespace

std::vector<store::DrillStepRow> drill_steps(store::Db& db, std::int64_t id) {
    get_drill(db, id);
    return store::drill_steps_of(db, id);
}

store::DrillStepRow check_off_step(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                                   std::int64_t id, const StepDone& done, Instant now) {
    store::Transaction tx(db);
    auto s = get_drill(db, id);
    require_unfinished(s, policy);
    auto steps = store::drill_steps_of(db, id);
    if (done.n < 1 || done.n > std::int64_t(steps.size()))
        throw Error(Exit::usage, _f("drill {} has steps 1 to {}, not {}", session_ref(id), steps.size(), done.n));
    store::DrillStepRow step = steps[std::size_t(done.n - 1)];
    if (!step.done_at.empty())
        throw Error(Exit::usage,
                    _f("step {} of drill {} is already done ({} by {}); nothing was changed", done.n, session_ref(id),
                       format_local(timeutil::parse_time(step.done_at, "UTC"), policy.school.timezone), step.done_by));
    Instant at = done.at.value_or(now);
    check_time(s, policy, at, now, "--at");
    std::string by = text::trim(done.by);
    if (by.empty())
        by = origin.operator_name;
    else if (!store::find_account(db, by))
        throw Error(Exit::no_input,
                    _f("no account '{}' for --by; 'netsec-account list' shows them; nothing was changed", by));
    step.done_at = format_rfc3339(at);
    step.done_by = by;
    step.note = done.note;
    store::update_drill_step(tx, step);
    journal::append(tx, origin, journal::action::drill_step_done, session_ref(id),
                    {{"step", step.n}, {"done_at", step.done_at}, {"done_by", by}, {"note", done.note}});
    tx.commit();
    return step;
}

Finished finish_drill(store::Db& db, const policy::Policy& policy, const journal::Origin& origin, std::int64_t id,
                      const DrillReport& report, Instant now) {
    std::string went_wrong = text::trim(report.went_wrong), lessons = text::trim(report.lessons);
    if (went_wrong.empty())
        throw Error(Exit::usage, _("--went-wrong is empty: say what went wrong in the drill, or that nothing did"));
    if (lessons.empty()) throw Error(Exit::usage, _("--lessons is empty: say what the drill taught"));
    store::Transaction tx(db);
    auto s = get_drill(db, id);
    require_unfinished(s, policy);
    Instant at = report.at.value_or(now);
    check_time(s, policy, at, now, "--at");
    Finished out;
    for (const auto& step : store::drill_steps_of(db, id)) {
        if (step.done_at.empty()) {
            out.not_done.push_back(step.n);
            continue;
        }
        Instant done = timeutil::parse_time(step.done_at, "UTC");
        if (at < done)
            throw Error(Exit::usage, _f("the finishing time {} is before step {} was done ({})",
                                        format_local(at, policy.school.timezone), step.n,
                                        format_local(done, policy.school.timezone)));
    }
    s.went_wrong = went_wrong;
    s.lessons = lessons;
    s.finished_at = format_rfc3339(at);
    s.updated_at = format_rfc3339(now);
    store::update_session(tx, s);
    nlohmann::ordered_json not_done = out.not_done;
    journal::append(tx, origin, journal::action::drill_finished, session_ref(id),
                    {{"finished_at", s.finished_at},
                     {"went_wrong", went_wrong},
                     {"lessons", lessons},
                     {"steps_not_done", not_done}});
    tx.commit();
    out.session = std::move(s);
    return out;
}

DrillSheet drill_sheet(store::Db& db, std::int64_t id) {
    auto s = get_drill(db, id);
    DrillSheet d;
    d.session_id = s.id;
    d.title = s.title;
    d.date = s.date;
    d.plan = s.plan;
    d.trainer = s.trainer;
    d.audience = s.audience;
    d.note = s.note;
    d.went_wrong = s.went_wrong;
    d.lessons = s.lessons;
    d.finished_at = s.finished_at;
    d.hours = s.hours;
    d.steps = store::drill_steps_of(db, id);
    for (const auto& a : store::attendance_of(db, id)) {
        auto account = store::find_account(db, a.username);
        d.attendees.push_back({a.username, account ? account->full_name : "", a.signed_at});
    }
    return d;
}

const std::vector<io::Column>& drill_step_fields() {
    static const std::vector<io::Column> fields = {{"session_id"},          {"n", io::Kind::integer}, {"text"},
                                                   {"done_at", io::Kind::time}, {"done_by"},              {"note"}};
    return fields;
}

io::Records drill_step_records(const std::vector<store::DrillStepRow>& steps) {
    return io::records_of(drill_step_fields(), steps, [](const store::DrillStepRow& s) {
        nlohmann::ordered_json r;
        r["session_id"] = session_ref(s.session_id);
        r["n"] = s.n;
        r["text"] = s.text;
        r["done_at"] = io::text_or_null(s.done_at);
        r["done_by"] = io::text_or_null(s.done_by);
        r["note"] = io::text_or_null(s.note);
        return r;
    });
}

} // namespace netsec::training
