// The filing register: add, set, retire, list, attach, and the dates that fall due.
#include "netsec/filing/filing.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/text.hpp"
#include "netsec/evidence/evidence.hpp"
#include "netsec/filing/numbers.hpp"
#include "netsec/journal/change_set.hpp"

#include <algorithm>
#include <charconv>

namespace netsec::filing {

namespace {

using json = nlohmann::ordered_json;

date::Date today_of(const policy::Policy& policy, Instant now) { return date::of(now, policy.school.timezone); }

// `text` as a date no later than `today`; "" stays "" (not set). Error(usage) naming `option`.
std::string checked_date(const std::string& text, const char* option, date::Date today) {
    if (text.empty()) return "";
    auto d = date::parse(text, option);
    if (today < d)
        throw Error(Exit::usage, _f("{} {} is after today ({}): record what has happened", option, text,
                                    date::format(today)));
    return date::format(d);
}

std::int64_t checked_level(const std::string& text) {
    int level = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), level);
    if (ec != std::errc() || end != text.data() + text.size() || level < 1 || level > 5)
        throw Error(Exit::usage, _f("--level {} is not an MLPS level: expected 1 to 5", text));
    return level;
}

// Refuses the fields that do not belong to `kind`.
void check_fields_of_kind(const std::string& kind, const Fields& f) {
    auto refuse = [&](const std::optional<std::string>& v, const char* option) {
        if (v && !v->empty())
            throw Error(Exit::usage, kind == "mlps" ? _f("{} is for ICP and public-security records, not MLPS", option)
                                                    : _f("{} is for MLPS records (--kind mlps)", option));
    };
    if (kind == "mlps") {
        refuse(f.site, "--site");
    } else {
        refuse(f.level, "--level");
        refuse(f.graded_on, "--graded");
        refuse(f.assessed_on, "--assessed");
        refuse(f.assessor, "--assessor");
        refuse(f.changed_on, "--changed");
    }
}

// Applies `f` to `row` (kind set), checking each value; records what changed in `set`.
void apply_fields(Filing& row, const Fields& f, date::Date today, journal::ChangeSet& set) {
    check_fields_of_kind(row.kind, f);
    if (f.system) {
        auto v = text::trim(*f.system);
        if (v.empty()) throw Error(Exit::usage, _("--system needs the name of the website or system filed"));
        journal::apply_change(set, "system", row.system, v);
    }
    if (f.number) {
        std::string v = text::trim(*f.number);
        if (row.kind == "icp") v = parse_number(NumberKind::icp, v);
        if (row.kind == "psb") v = parse_number(NumberKind::psb, v);
        journal::apply_change(set, "number", row.number, v);
    }
    if (f.site) journal::apply_change(set, "site", row.site, text::lower_ascii(text::trim(*f.site)));
    if (f.level) {
        auto level = f.level->empty() ? 0 : checked_level(*f.level);
        if (journal::record_change(set, "level", row.level, level)) row.level = level;
    }
    if (f.graded_on) journal::apply_change(set, "graded_on", row.graded_on, checked_date(*f.graded_on, "--graded", today));
    if (f.filed_on) journal::apply_change(set, "filed_on", row.filed_on, checked_date(*f.filed_on, "--filed", today));
    if (f.assessed_on)
        journal::apply_change(set, "assessed_on", row.assessed_on, checked_date(*f.assessed_on, "--assessed", today));
    if (f.assessor) journal::apply_change(set, "assessor", row.assessor, text::trim(*f.assessor));
    if (f.hosting) journal::apply_change(set, "hosting", row.hosting, text::trim(*f.hosting));
    if (f.changed_on)
        journal::apply_change(set, "changed_on", row.changed_on, checked_date(*f.changed_on, "--changed", today));
    if (f.note) journal::apply_change(set, "note", row.note, text::trim(*f.note));
}

// Refuses a record that lacks what its kind needs, or whose number is on another current record.
void check_complete(store::Db& db, const Filing& row) {
    if (row.system.empty()) throw Error(Exit::usage, _("--system needs the name of the website or system filed"));
    if (row.kind == "icp" && row.number.empty())
        throw Error(Exit::usage, _f("an ICP record needs --number, in the form {}", number_form(NumberKind::icp)));
    if (row.kind == "psb" && row.number.empty())
        throw Error(Exit::usage,
                    _f("a public-security record needs --number, in the form {}", number_form(NumberKind::psb)));
    if (row.kind == "mlps" && row.level == 0) throw Error(Exit::usage, _("an MLPS record needs --level, 1 to 5"));
    if (row.number.empty()) return;
    for (const auto& other : store::list_filings(db, {row.kind, false}))
        if (other.id != row.id && other.number == row.number)
            throw Error(Exit::data, _f("{} is already on record as {} ({})", row.number, owner_of(other.id), other.system));
}

json record_json(const Filing& f) {
    json r;
    r["kind"] = f.kind;
    r["system"] = f.system;
    if (!f.number.empty()) r["number"] = f.number;
    if (f.level) r["level"] = f.level;
    return r;
}

} // namespace

std::string parse_kind(const std::string& text) {
    auto t = text::lower_ascii(text::trim(text));
    if (t == "icp" || t == "icp备案") return "icp";
    if (t == "psb" || t == "公安备案" || t == "公网安备") return "psb";
    if (t == "mlps" || t == "等保" || t == "等级保护") return "mlps";
    throw Error(Exit::usage, _f("unknown kind '{}': expected icp, psb or mlps", text));
}

std::int64_t parse_id(const std::string& text) {
    std::string_view t = text;
    if (t.size() > 4 && (t.substr(0, 4) == "FIL-" || t.substr(0, 4) == "fil-")) t.remove_prefix(4);
    std::int64_t id = 0;
    auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), id);
    if (ec != std::errc() || end != t.data() + t.size() || id <= 0)
        throw Error(Exit::usage, _f("'{}' is not a filing record id: expected a number such as 3 or FIL-3", text));
    return id;
}

std::string owner_of(std::int64_t id) { return "FIL-" + std::to_string(id); }

Filing add_filing(store::Db& db, const policy::Policy& policy, const journal::Origin& origin, const std::string& kind,
                  const Fields& fields, Instant now) {
    Filing row;
    row.kind = parse_kind(kind);
    journal::ChangeSet ignored;
    apply_fields(row, fields, today_of(policy, now), ignored);
    row.created_by = origin.operator_name;
    row.created_at = row.updated_at = timeutil::format_rfc3339(now);
    store::Transaction tx(db);
    check_complete(db, row);
    row.id = store::insert_filing(tx, row);
    auto details = record_json(row);
    journal::append(tx, origin, journal::action::filing_added, owner_of(row.id), details);
    tx.commit();
    return row;
}

Filing set_filing(store::Db& db, const policy::Policy& policy, const journal::Origin& origin, std::int64_t id,
                  const Fields& fields, const std::string& reason, Instant now) {
    if (text::trim(reason).empty())
        throw Error(Exit::usage, _f("say why {} changes with --reason TEXT (the journal keeps it)", owner_of(id)));
    store::Transaction tx(db);
    Filing row = get_filing(db, id);
    if (!row.retired_at.empty())
        throw Error(Exit::usage, _f("{} was retired on {}; add a new record instead", owner_of(id), row.retired_at));
    journal::ChangeSet set;
    set.reason = text::trim(reason);
    apply_fields(row, fields, today_of(policy, now), set);
    if (set.empty()) return row;
    check_complete(db, row);
    row.updated_at = timeutil::format_rfc3339(now);
    store::update_filing(tx, row);
    journal::append_changes(tx, origin, journal::action::filing_changed, owner_of(id), set);
    tx.commit();
    return row;
}

Filing retire_filing(store::Db& db, const journal::Origin& origin, std::int64_t id, const std::string& reason,
                     Instant now) {
    if (text::trim(reason).empty())
        throw Error(Exit::usage, _f("say why {} is retired with --reason TEXT (the journal keeps it)", owner_of(id)));
    store::Transaction tx(db);
    Filing row = get_filing(db, id);
    if (!row.retired_at.empty())
        throw Error(Exit::usage, _f("{} was already retired on {}", owner_of(id), row.retired_at));
    row.retired_at = row.updated_at = timeutil::format_rfc3339(now);
    store::update_filing(tx, row);
    auto details = record_json(row);
    details["reason"] = text::trim(reason);
    journal::append(tx, origin, journal::action::filing_retired, owner_of(id), details);
    tx.commit();
    return row;
}

Filing get_filing(store::Db& db, std::int64_t id) {
    if (auto row = store::find_filing(db, id)) return *row;
    throw Error(Exit::no_input, _f("no filing record {}; 'netsec-filing list' shows them", owner_of(id)));
}

std::vector<Filing> list_filings(store::Db& db, const std::string& kind, bool all) {
    return store::list_filings(db, {kind.empty() ? "" : parse_kind(kind), all});
}

std::vector<store::EvidenceRow> attach_files(store::Db& db, const policy::Policy& policy,
                                             const journal::Origin& origin, std::int64_t id,
                                             const std::vector<std::string>& files, Instant now) {
    auto row = get_filing(db, id);
    if (!row.retired_at.empty())
        throw Error(Exit::usage, _f("{} was retired on {}; attach to a current record", owner_of(id), row.retired_at));
    return evidence::add_files(db, policy, origin, owner_of(id), files, now);
}

NextDates next_dates(const policy::Filing& rules, const Filing& f) {
    NextDates next;
    if (f.kind != "mlps" || !f.retired_at.empty()) return next;
    auto graded = date::try_parse(f.graded_on);
    auto filed = date::try_parse(f.filed_on);
    auto assessed = date::try_parse(f.assessed_on);
    auto changed = date::try_parse(f.changed_on);
    int months = f.level >= 3 ? rules.level3_assessment_months : f.level == 2 ? rules.level2_assessment_months : 0;
    if (months > 0) {
        auto base = assessed ? assessed : graded;
        if (base) next.assessment = date::add_months(*base, months);
        if (graded && !filed) next.filing = date::add_days(*graded, rules.file_within_days);
    }
    if (changed && (!graded || *graded < *changed)) next.grading = date::add_days(*changed, rules.regrade_within_days);
    return next;
}

std::vector<DueItem> due_items(store::Db& db, const policy::Policy& policy, date::Date today, int within_days) {
    std::vector<DueItem> out;
    auto until = date::add_days(today, within_days);
    for (const auto& f : store::list_filings(db, {"mlps", false})) {
        auto next = next_dates(policy.filing, f);
        auto add = [&](const std::optional<date::Date>& d, const char* what) {
            if (d && !(until < *d)) out.push_back({f, what, *d, date::days_between(today, *d)});
        };
        add(next.filing, "filing");
        add(next.grading, "grading");
        add(next.assessment, "assessment");
    }
    std::stable_sort(out.begin(), out.end(), [](const DueItem& a, const DueItem& b) { return a.due_on < b.due_on; });
    return out;
}

} // namespace netsec::filing
