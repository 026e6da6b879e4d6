// The rectification ledger: its state machine, run by run, and the assignments made by hand.
#include "netsec/audit/ledger.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/problems.hpp"
#include "netsec/journal/actions.hpp"
#include "netsec/journal/change_set.hpp"

#include <algorithm>
#include <map>

namespace netsec::audit {
namespace {

using json = nlohmann::ordered_json;
using finding::is_failing;

std::string text(Instant t) { return timeutil::format_rfc3339(t); }
Instant instant(const std::string& t) { return timeutil::parse_time(t, "UTC"); }

json or_null(const std::string& s) { return s.empty() ? json() : json(s); }

// A new item for finding `f`, in `state`, seen first at `now`.
store::LedgerRow new_row(const policy::Policy& policy, const Finding& f, const std::string& state, std::int64_t run_id,
                         Instant now) {
    store::LedgerRow r;
    r.fingerprint = f.fingerprint;
    r.check_id = f.check_id;
    r.subject = f.subject;
    r.severity = finding::severity_name(f.severity);
    r.title = f.title;
    r.title_zh = f.title_zh;
    r.state = state;
    r.first_seen_at = r.last_seen_at = text(now);
    r.due_at = text(due_from(policy, f.severity, now));
    r.run_id = run_id;
    return r;
}

// The finding's facts that follow the catalogue (a severity changed by the policy, a title).
void refresh(store::LedgerRow& r, const Finding& f, std::int64_t run_id, Instant now) {
    r.severity = finding::severity_name(f.severity);
    r.title = f.title;
    r.title_zh = f.title_zh;
    r.last_seen_at = text(now);
    r.run_id = run_id;
}

void journal_state(store::Transaction& tx, const journal::Origin& origin, const char* action, const store::LedgerRow& r,
                   const std::string& from, std::int64_t run_id) {
    json details = {{"check_id", r.check_id}, {"subject", r.subject},
                    {"severity", r.severity}, {"from", or_null(from)},
                    {"to", r.state},          {"run_id", run_id},
                    {"due_at", r.due_at},     {"last_fixed_at", or_null(r.last_fixed_at)}};
    journal::append(tx, origin, action, r.fingerprint, details);
}

} // namespace

const std::vector<std::string>& ledger_states() {
    static const std::vector<std::string> states = {"open", "assigned", "fixed", "excepted"};
    return states;
}

Instant due_from(const policy::Policy& policy, Severity severity, Instant seen) {
    auto it = policy.audit.due.find(severity);
    if (it != policy.audit.due.end()) return seen + it->second;
    return seen + policy::Audit{}.due.at(severity);
}

LedgerUpdate update_ledger(store::Transaction& tx, const policy::Policy& policy, const journal::Origin& origin,
                           std::int64_t run_id, std::vector<Finding>& findings, const std::set<std::string>& checks_ran,
                           Instant now) {
    namespace action = journal::action;
    LedgerUpdate u;
    std::set<std::string> seen;
    // An item a run that took its check no longer sees failing: fixed, now.
    auto fix = [&](store::LedgerRow r) {
        std::string from = r.state;
        r.state = "fixed";
        r.fixed_at = text(now);
        ++r.times_fixed;
        r.run_id = run_id;
        store::put_ledger_row(tx, r);
        journal_state(tx, origin, action::audit_finding_fixed, r, from, run_id);
        ++u.fixed;
        return r;
    };
    for (auto& f : findings) {
        seen.insert(f.fingerprint);
        auto item = store::find_ledger_row(tx.db(), f.fingerprint);
        if (is_failing(f.status)) {
            if (!item) {
                auto r = new_row(policy, f, "open", run_id, now);
                store::put_ledger_row(tx, r);
                journal_state(tx, origin, action::audit_finding_opened, r, "", run_id);
                u.raised.insert(f.fingerprint);
                ++u.opened;
            } else if (item->state == "fixed" || item->state == "excepted") {
                std::string from = item->state;
                store::LedgerRow r = *item;
                refresh(r, f, run_id, now);
                if (from == "fixed") r.last_fixed_at = r.fixed_at;
                r.fixed_at.clear();
                r.state = "open";
                r.reopened_at = text(now);
                ++r.times_reopened;
                r.due_at = text(due_from(policy, f.severity, now));
                store::put_ledger_row(tx, r);
                journal_state(tx, origin, action::audit_finding_reopened, r, from, run_id);
                u.raised.insert(f.fingerprint);
                ++u.reopened;
                item = r;
            } else {
                store::LedgerRow r = *item;
                refresh(r, f, run_id, now);
                store::put_ledger_row(tx, r);
                item = r;
            }
            f.last_fixed_at = item ? item->last_fixed_at : "";
        } else if (f.status == "exception") {
            if (!item) {
                auto r = new_row(policy, f, "excepted", run_id, now);
                store::put_ledger_row(tx, r);
                journal_state(tx, origin, action::audit_finding_excepted, r, "", run_id);
                ++u.excepted;
            } else {
                store::LedgerRow r = *item;
                refresh(r, f, run_id, now);
                std::string from = r.state;
                r.state = "excepted";
                store::put_ledger_row(tx, r);
                if (from != "excepted") {
                    journal_state(tx, origin, action::audit_finding_excepted, r, from, run_id);
                    ++u.excepted;
                }
                f.last_fixed_at = r.fixed_at.empty() ? r.last_fixed_at : r.fixed_at;
            }
        } else if (item) {
            f.last_fixed_at = item->state == "fixed" ? item->fixed_at : fix(*item).fixed_at;
        }
    }
    // Gone: a check that ran no longer names the subject at all.
    for (const auto& id : checks_ran)
        for (const auto& r : store::list_ledger(tx.db(), {"", id}))
            if (r.state != "fixed" && !seen.count(r.fingerprint)) fix(r);
    return u;
}

bool is_overdue(const store::LedgerRow& row, Instant now) {
    return (row.state == "open" || row.state == "assigned") && !row.due_at.empty() && instant(row.due_at) < now;
}

void check_ledger_query(const LedgerQuery& q) {
    const auto& states = ledger_states();
    if (!q.state.empty() && std::find(states.begin(), states.end(), q.state) == states.end())
        throw Error(Exit::usage,
                    _f("unknown state '{}' for --state; expected open, assigned, fixed or excepted", q.state));
    if (!q.check_id.empty() && !find_check(q.check_id))
        throw Error(Exit::usage, _f("unknown check '{}'; 'netsec-audit list' shows them", q.check_id));
}

std::vector<LedgerItem> ledger_items(store::Db& db, const LedgerQuery& q, Instant now) {
    check_ledger_query(q);
    std::vector<LedgerItem> out;
    for (auto& r : store::list_ledger(db, {q.state, q.check_id})) {
        LedgerItem item{std::move(r), false};
        item.overdue = is_overdue(item.row, now);
        if (q.overdue && !item.overdue) continue;
        out.push_back(std::move(item));
    }
    return out;
}

Instant parse_due(const std::string& text, const std::string& zone, Instant now) {
    bool date_only = text.size() == 10 && text[4] == '-' && text[7] == '-';
    Instant due;
    try {
        due = date_only ? timeutil::parse_date(text, zone) + std::chrono::hours(24) : timeutil::parse_time(text, zone);
    } catch (const Error& e) {
        throw Error(Exit::usage, _f("--due: {}", e.what()));
    }
    if (due <= now) throw Error(Exit::usage, _f("--due '{}' is in the past; give a date to come", text));
    return due;
}

io::Selection read_fingerprints(const std::vector<std::string>& names, std::istream& in) {
    io::SelectionOptions o;
    o.key = "fingerprint";
    o.nothing_named = _("name the findings: fingerprints, or - to read them from standard input");
    o.not_done = _("nothing was assigned");
    return io::read_selection({names, ""}, o, in);
}

std::vector<LedgerItem> assign_findings(store::Db& db, const journal::Origin& origin, const io::Selection& selection,
                                        const Assignment& a, Instant now) {
    if (a.owner.empty()) throw Error(Exit::usage, _("--owner is empty; name who answers for the rectification"));
    if (a.plan.empty()) throw Error(Exit::usage, _("--plan is empty; say how the finding will be rectified"));
    store::Transaction tx(db);
    io::Resolver<store::LedgerRow> resolver;
    resolver.key = "fingerprint";
    resolver.not_done = _("nothing was assigned");
    resolver.not_done_unknown = _("nothing was assigned; 'netsec-audit findings' lists the ledger");
    resolver.find = [&](const std::string& name) { return store::find_ledger_row(db, name); };
    resolver.match = [](const std::string&) { return std::vector<store::LedgerRow>{}; };
    resolver.key_of = [](const store::LedgerRow& r) { return r.fingerprint; };
    resolver.unknown = [](const std::string& name) { return _f("no finding '{}' in the rectification ledger", name); };
    resolver.no_match = [](const std::string& p) { return _f("no finding matching '{}'", p); };
    resolver.no_key = [](const std::string& key) { return _f("no '{}' in this record", key); };
    auto rows = io::select(selection, resolver);
    Problems problems(selection.source);
    for (const auto& r : rows)
        if (r.state == "fixed" || r.state == "excepted")
            problems.add(
                _f("finding '{}' is {}; only open and assigned findings can be assigned", r.fingerprint, r.state));
    problems.throw_if_any(_("nothing was assigned"), Exit::data);
    std::vector<LedgerItem> out;
    for (auto r : rows) {
        journal::ChangeSet changes;
        journal::record_change(changes, "state", r.state, "assigned");
        journal::apply_change(changes, "owner", r.owner, a.owner);
        journal::apply_change(changes, "plan", r.plan, a.plan);
        if (a.due) journal::apply_change(changes, "due_at", r.due_at, text(*a.due));
        r.state = "assigned";
        if (!changes.empty()) {
            store::put_ledger_row(tx, r);
            journal::append_changes(tx, origin, journal::action::audit_finding_assigned, r.fingerprint, changes);
        }
        LedgerItem item{r, false};
        item.overdue = is_overdue(r, now);
        out.push_back(std::move(item));
    }
    tx.commit();
    return out;
}

} // namespace netsec::audit
