#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/incident/incident.hpp"
#include "netsec/journal/change_set.hpp"

#include <fmt/format.h>

namespace netsec::incident {
namespace {

using timeutil::format_rfc3339;
using json = nlohmann::ordered_json;

Instant at(const std::string& rfc3339) { return timeutil::parse_time(rfc3339, "UTC"); }

int local_year(Instant t, const std::string& zone) { return std::stoi(timeutil::format_local(t, zone).substr(0, 4)); }

void timeline(store::Transaction& tx, const journal::Origin& origin, const std::string& id, const std::string& kind,
              const std::string& text, Instant now, const json& details = json::object(),
              std::optional<std::int64_t> corrects = std::nullopt) {
    store::TimelineRow row;
    row.incident_id = id;
    row.at = format_rfc3339(now);
    row.actor = origin.operator_name;
    row.kind = kind;
    row.text = text;
    row.corrects = corrects;
    row.details = details.dump();
    store::insert_timeline(tx, row);
}

timeutil::Duration deadline_for(const policy::Policy& policy, const std::string& grade) {
    return policy.reporting.deadlines.at(grade);
}

// Refuses to change a void incident, naming why it was voided.
void require_not_void(const Incident& inc) {
    if (is_void(inc))
        throw Error(Exit::usage, _f("incident '{}' is void ({}); nothing was changed", inc.id, inc.void_reason));
}

// A time given with --at: not in the future, not before the incident was discovered.
void check_at(const Incident& inc, Instant when, Instant now) {
    if (when > now) throw Error(Exit::usage, _f("--at {} is in the future", format_rfc3339(when)));
    if (when < at(inc.discovered_at))
        throw Error(Exit::usage, _f("--at {} is before incident '{}' was discovered ({})", format_rfc3339(when), inc.id,
                                    inc.discovered_at));
}

// Details of a timeline entry for a time given with --at (when it happened, as told).
json happened(std::optional<Instant> when, json details = json::object()) {
    if (when) details["happened_at"] = format_rfc3339(*when);
    return details;
}

} // namespace

Incident get_incident(store::Db& db, const std::string& id) {
    auto inc = store::find_incident(db, id);
    if (!inc) throw Error(Exit::no_input, _f("no incident '{}'; 'netsec-incident list' shows them", id));
    return *inc;
}

Incident open_incident(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                       const OpenRequest& req, Instant now) {
    const policy::Category* category = policy::find_category(policy, req.category);
    if (!category) {
        std::string codes;
        for (const auto& c : policy.incidents.categories) codes += (codes.empty() ? "" : ", ") + c.code;
        throw Error(Exit::usage, _f("unknown category '{}': expected one of {}", req.category, codes));
    }
    if (!req.subtype.empty()) {
        bool known = false;
        std::string codes;
        for (const auto& st : category->subtypes) {
            known = known || st.code == req.subtype;
            codes += (codes.empty() ? "" : ", ") + st.code;
        }
        if (!known)
            throw Error(Exit::usage, codes.empty() ? _f("category '{}' has no sub-types", req.category)
                                                   : _f("unknown sub-type '{}' of {}: expected one of {}", req.subtype,
                                                        req.category, codes));
    }
    std::string grade = parse_grade(req.grade);
    if (req.title.empty()) throw Error(Exit::usage, _("an incident needs a title (--title)"));
    if (req.discovered_at > now)
        throw Error(Exit::usage, _f("the discovery time {} is in the future",
                                    timeutil::format_local(req.discovered_at, policy.school.timezone, true)));
    if (req.rectify_by && *req.rectify_by <= req.discovered_at)
        throw Error(Exit::usage, _f("the rectification date {} is not after the discovery time {}",
                                    timeutil::format_local(*req.rectify_by, policy.school.timezone, true),
                                    timeutil::format_local(req.discovered_at, policy.school.timezone, true)));

    Incident inc;
    inc.category = req.category;
    inc.subtype = req.subtype;
    inc.grade = grade;
    inc.title = req.title;
    inc.description = req.description;
    inc.asset = req.asset;
    inc.account = req.account;
    inc.discovered_at = format_rfc3339(req.discovered_at);
    inc.opened_at = format_rfc3339(now);
    inc.opened_by = origin.operator_name;
    inc.report_due_at = format_rfc3339(req.discovered_at + deadline_for(policy, grade));
    if (category->police || req.suspected_crime)
        inc.police_due_at = format_rfc3339(req.discovered_at + policy.reporting.police_within);
    if (req.rectify_by) inc.rectify_by = format_rfc3339(*req.rectify_by);
    inc.fingerprint = req.fingerprint;
    inc.source = req.source;
    inc.title_zh = req.title_zh;
    inc.year = local_year(req.discovered_at, policy.school.timezone);

    store::Transaction tx(db);
    inc.number = store::next_incident_number(tx, inc.year);
    inc.id = fmt::format("INC-{}-{:04}", inc.year, inc.number);
    store::insert_incident(tx, inc);
    timeline(tx, origin, inc.id, "open", inc.title, now, {{"grade", grade}, {"category", inc.category}});
    std::int64_t n = 0;
    if (auto it = policy.incidents.playbooks.find(inc.category); it != policy.incidents.playbooks.end())
        for (const auto& text : it->second) store::insert_step(tx, {inc.id, ++n, text, "", "", ""});
    journal::append(tx, origin, journal::action::incident_opened, inc.id,
                    {{"category", inc.category},
                     {"subtype", inc.subtype},
                     {"grade", grade},
                     {"title", inc.title},
                     {"discovered_at", inc.discovered_at},
                     {"report_due_at", inc.report_due_at},
                     {"source", inc.source},
                     {"fingerprint", inc.fingerprint}});
    tx.commit();
    return inc;
}

store::ReportRow record_report(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                               const std::string& id, const std::string& recipient, const std::string& channel,
                               const std::string& reference, Instant when, Instant now) {
    if (!policy.incidents.recipients.count(recipient)) {
        std::string codes;
        for (const auto& [code, r] : policy.incidents.recipients) codes += (codes.empty() ? "" : ", ") + code;
        throw Error(Exit::usage,
                    _f("unknown recipient '{}': expected one of {} (incidents.recipients)", recipient, codes));
    }
    std::string ch = parse_channel(channel);
    if (reference.empty())
        throw Error(Exit::usage, _("a report needs a reference (--ref): the document number, call record or "
                                   "receipt that proves it"));
    const std::string& zone = policy.school.timezone;
    if (when > now)
        throw Error(Exit::usage, _f("the report time {} is in the future", timeutil::format_local(when, zone, true)));
    store::Transaction tx(db);
    Incident inc = get_incident(db, id);
    require_not_void(inc);
    if (when < at(inc.discovered_at))
        throw Error(Exit::usage, _f("the report time {} is before the incident was discovered ({})",
                                    timeutil::format_local(when, zone, true),
                                    timeutil::format_local(at(inc.discovered_at), zone, true)));
    const policy::Recipient& to = policy.incidents.recipients.at(recipient);
    store::ReportRow r{0,
                       id,
                       recipient,
                       ch,
                       reference,
                       format_rfc3339(when),
                       origin.operator_name,
                       format_rfc3339(now),
                       policy::role_name(to.role)};
    r.id = store::insert_report(tx, r);
    json details = {{"recipient", recipient},
                    {"role", r.role},
                    {"channel", ch},
                    {"reference", reference},
                    {"reported_at", r.reported_at}};
    timeline(tx, origin, id, "report", to.name, now, details);
    journal::append(tx, origin, journal::action::incident_reported, id, details);
    tx.commit();
    return r;
}

store::TimelineRow add_note(store::Db& db, const journal::Origin& origin, const std::string& id,
                            const std::string& text, std::optional<std::int64_t> corrects, Instant now,
                            std::optional<Instant> when) {
    if (text.empty()) throw Error(Exit::usage, _("a note needs text"));
    store::Transaction tx(db);
    Incident inc = get_incident(db, id);
    if (when) check_at(inc, *when, now);
    if (corrects) {
        auto old = store::find_timeline(db, *corrects);
        if (!old || old->incident_id != id)
            throw Error(Exit::usage, _f("incident '{}' has no timeline entry {} to correct", id, *corrects));
    }
    json details = corrects ? json{{"text", text}, {"corrects", *corrects}} : json{{"text", text}};
    timeline(tx, origin, id, corrects ? "correction" : "note", text, now, happened(when), corrects);
    journal::append(tx, origin, corrects ? journal::action::incident_corrected : journal::action::incident_noted, id,
                    happened(when, details));
    auto rows = store::timeline_of(db, id);
    tx.commit();
    return rows.back();
}

Incident regrade(store::Db& db, const policy::Policy& policy, const journal::Origin& origin, const std::string& id,
                 const std::string& grade_text, const std::string& reason, Instant now) {
    std::string grade = parse_grade(grade_text);
    if (reason.empty()) throw Error(Exit::usage, _("a regrade needs a reason (--reason)"));
    store::Transaction tx(db);
    Incident inc = get_incident(db, id);
    require_not_void(inc);
    if (inc.grade == grade) throw Error(Exit::usage, _f("incident '{}' is already grade {}", id, grade));
    std::string from = inc.grade;
    Clock clock = report_clock(inc, store::reports_of(db, id), now);
    bool upgrade = grade_rank(grade) > grade_rank(from);
    if (!clock.met) {
        if (!upgrade && now > clock.due) {
            inc.report_missed = true; // a downgrade never clears a missed deadline
        } else if (!inc.report_missed) {
            inc.report_due_at = format_rfc3339(at(inc.discovered_at) + deadline_for(policy, grade));
        }
    }
    inc.grade = grade;
    store::update_incident(tx, inc);
    journal::ChangeSet change{{}, reason};
    journal::record_change(change, "grade", from, grade);
    json details = journal::field_change_details(change);
    details["report_due_at"] = inc.report_due_at;
    timeline(tx, origin, id, "regrade", reason, now, details);
    journal::append(tx, origin, journal::action::incident_regraded, id, details);
    tx.commit();
    return inc;
}

Incident assign(store::Db& db, const journal::Origin& origin, const std::string& id, const std::string& assignee,
                Instant now) {
    if (assignee.empty()) throw Error(Exit::usage, _("name the person to assign"));
    store::Transaction tx(db);
    Incident inc = get_incident(db, id);
    require_not_void(inc);
    inc.assignee = assignee;
    store::update_incident(tx, inc);
    timeline(tx, origin, id, "assign", assignee, now);
    journal::append(tx, origin, journal::action::incident_assigned, id, {{"assignee", assignee}});
    tx.commit();
    return inc;
}

Incident close_incident(store::Db& db, const journal::Origin& origin, const std::string& id,
                        const std::string& resolution, const std::string& lessons, Instant when, Instant now) {
    if (resolution.empty()) throw Error(Exit::usage, _("closing needs a resolution (--resolution)"));
    store::Transaction tx(db);
    Incident inc = get_incident(db, id);
    require_not_void(inc);
    if (inc.status == "closed")
        throw Error(Exit::usage, _f("incident '{}' is already closed; 'netsec-incident reopen {}' reopens it", id, id));
    if (when > now) throw Error(Exit::usage, _f("the closing time {} is in the future", format_rfc3339(when)));
    if (when < at(inc.discovered_at))
        throw Error(Exit::usage, _f("the closing time {} is before the incident was discovered ({})",
                                    format_rfc3339(when), inc.discovered_at));
    inc.status = "closed";
    inc.closed_at = format_rfc3339(when);
    inc.resolution = resolution;
    inc.lessons = lessons;
    store::update_incident(tx, inc);
    json details = {{"resolution", resolution}, {"lessons", lessons}, {"closed_at", inc.closed_at}};
    timeline(tx, origin, id, "close", resolution, now, details);
    journal::append(tx, origin, journal::action::incident_closed, id, details);
    tx.commit();
    return inc;
}

Incident reopen(store::Db& db, const journal::Origin& origin, const std::string& id, const std::string& reason,
                Instant now) {
    if (reason.empty()) throw Error(Exit::usage, _("reopening needs a reason (--reason)"));
    store::Transaction tx(db);
    Incident inc = get_incident(db, id);
    require_not_void(inc);
    if (inc.status != "closed") throw Error(Exit::usage, _f("incident '{}' is not closed", id));
    inc.status = "open";
    inc.closed_at.clear();
    store::update_incident(tx, inc);
    timeline(tx, origin, id, "reopen", reason, now);
    journal::append(tx, origin, journal::action::incident_reopened, id, {{"reason", reason}});
    tx.commit();
    return inc;
}

store::StepRow mark_step(store::Db& db, const journal::Origin& origin, const std::string& id, std::int64_t n,
                         const std::string& note, Instant now, std::optional<Instant> when) {
    store::Transaction tx(db);
    Incident inc = get_incident(db, id);
    require_not_void(inc);
    if (when) check_at(inc, *when, now);
    auto steps = store::steps_of(db, id);
    if (n < 1 || n > std::int64_t(steps.size()))
        throw Error(Exit::usage, steps.empty() ? _f("incident '{}' has no checklist", id)
                                               : _f("incident '{}' has steps 1 to {}, not {}", id, steps.size(), n));
    store::StepRow step = steps[std::size_t(n - 1)];
    if (!step.done_at.empty()) throw Error(Exit::usage, _f("step {} of '{}' is already done", n, id));
    step.done_at = format_rfc3339(when.value_or(now));
    step.done_by = origin.operator_name;
    step.note = note;
    store::update_step(tx, step);
    timeline(tx, origin, id, "step", step.text, now, happened(when, {{"step", n}, {"note", note}}));
    journal::append(tx, origin, journal::action::incident_step_done, id, happened(when, {{"step", n}, {"note", note}}));
    tx.commit();
    return step;
}

Incident void_incident(store::Db& db, const journal::Origin& origin, const std::string& id, const std::string& reason,
                       const std::string& duplicate_of, Instant now) {
    if (reason.empty()) throw Error(Exit::usage, _("voiding needs a reason (--reason)"));
    store::Transaction tx(db);
    Incident inc = get_incident(db, id);
    if (is_void(inc))
        throw Error(Exit::usage, _f("incident '{}' is already void since {} ({}); nothing was changed", id,
                                    inc.voided_at, inc.void_reason));
    if (!duplicate_of.empty()) {
        if (duplicate_of == id) throw Error(Exit::usage, _f("incident '{}' cannot be a duplicate of itself", id));
        Incident kept = get_incident(db, duplicate_of);
        if (is_void(kept))
            throw Error(Exit::usage, _f("incident '{}' is void itself; name the incident that stands (--duplicate-of)",
                                        duplicate_of));
    }
    inc.voided_at = format_rfc3339(now);
    inc.void_reason = reason;
    inc.duplicate_of = duplicate_of;
    store::update_incident(tx, inc);
    json details = {{"reason", reason},
                    {"duplicate_of", duplicate_of.empty() ? json() : json(duplicate_of)},
                    {"status", inc.status}};
    timeline(tx, origin, id, "void", reason, now, details);
    journal::append(tx, origin, journal::action::incident_voided, id, details);
    tx.commit();
    return inc;
}

Edited edit_incident(store::Db& db, const policy::Policy& policy, const journal::Origin& origin, const std::string& id,
                     const Edit& edit, const std::string& reason, Instant now) {
    if (reason.empty()) throw Error(Exit::usage, _("an edit needs a reason (--reason)"));
    if (!edit.title && !edit.description && !edit.category)
        throw Error(Exit::usage, _("name what to change: --title, --description or --category"));
    if (edit.title && edit.title->empty()) throw Error(Exit::usage, _("an incident needs a title (--title)"));
    const policy::Category* category = nullptr;
    if (edit.category) {
        category = policy::find_category(policy, *edit.category);
        if (!category) {
            std::string codes;
            for (const auto& c : policy.incidents.categories) codes += (codes.empty() ? "" : ", ") + c.code;
            throw Error(Exit::usage, _f("unknown category '{}': expected one of {}", *edit.category, codes));
        }
    }
    store::Transaction tx(db);
    Edited out{get_incident(db, id), {{}, reason}, false};
    Incident& inc = out.incident;
    require_not_void(inc);
    journal::apply_change(out.changes, "title", inc.title, edit.title);
    journal::apply_change(out.changes, "description", inc.description, edit.description);
    if (journal::apply_change(out.changes, "category", inc.category, edit.category)) {
        // The clocks as opening under the new category would have set them: a subtype the new
        // category lacks is dropped; a police category starts the police clock from discovery.
        // A police clock already running (perhaps a suspected crime) is kept.
        bool known = false;
        for (const auto& st : category->subtypes) known = known || st.code == inc.subtype;
        if (!known) journal::apply_change(out.changes, "subtype", inc.subtype, std::string());
        if (category->police && inc.police_due_at.empty())
            journal::apply_change(out.changes, "police_due_at", inc.police_due_at,
                                  format_rfc3339(at(inc.discovered_at) + policy.reporting.police_within));
        out.clocks_recomputed = true;
    }
    if (out.changes.empty()) throw Error(Exit::usage, _f("incident '{}' already reads so; nothing was changed", id));
    store::update_incident(tx, inc);
    json details = journal::change_details(out.changes);
    timeline(tx, origin, id, "edit", reason, now, details);
    journal::append(tx, origin, journal::action::incident_edited, id, details);
    tx.commit();
    return out;
}

void all_or_nothing(store::Db& db, const std::function<void()>& work) {
    store::Transaction tx(db);
    work();
    tx.commit();
}

} // namespace netsec::incident
