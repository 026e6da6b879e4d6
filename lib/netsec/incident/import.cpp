#include "netsec/incident/import.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/finding.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/journal/import.hpp"

#include <optional>
#include <string_view>

namespace netsec::incident {
namespace {

std::string text_of(const nlohmann::ordered_json& fields, const char* key) {
    auto it = fields.find(key);
    if (it == fields.end() || it->is_null()) return "";
    return it->is_string() ? it->get<std::string>() : it->dump();
}

std::optional<Instant> time_of(const nlohmann::ordered_json& fields, const char* key) {
    std::string text = text_of(fields, key);
    if (text.empty()) return std::nullopt;
    try {
        return timeutil::parse_time(text, "UTC");
    } catch (const Error&) {
        return std::nullopt;
    }
}

bool may_open_again(const Incident& existing, const nlohmann::ordered_json& finding, timeutil::Duration quiet) {
    auto fixed = time_of(finding, "last_fixed_at");
    auto first = time_of(finding, "first_seen_at");
    if (!first) first = time_of(finding, "first_seen"); // audits before the ledger wrote this name
    if (!fixed || !first) return false;
    return *fixed > timeutil::parse_time(existing.opened_at, "UTC") && *first - *fixed >= quiet;
}

} // namespace

std::string category_for_check(const std::string& check_id) {
    auto prefix = check_id.substr(0, check_id.find('-'));
    if (prefix == "ACCT") return "ACCT";
    if (prefix == "AV") return "MAL";
    if (prefix == "BKP") return "DATA";
    return "VULN";
}

bool are_findings(const std::vector<io::Record>& records) {
    return !records.empty() && records.front().fields.contains("check_id") && records.front().fields.contains("status");
}

std::vector<FindingOutcome> import_findings(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                                            const std::vector<io::Record>& records, const std::string& source,
                                            Instant now) {
    journal::Import<const io::Record*> import(db, source); // every finding's incident, or none
    for (const auto& r : records)
        import.check(r.line, [&]() -> std::optional<const io::Record*> {
            bool whole = true;
    for (const char* key : {"check_id", "status", "severity", "fingerprint"})
        if (text_of(r.fields, key).empty()) {
            import.problem(r.line, _f("a finding needs '{}'", key));
            whole = false;
        }
    if (!whole) return std::nullopt;
    return &r;
});
finding::Severity threshold = policy.incidents.import_severity;
std::vector<FindingOutcome> out;
    import.write([&](store::Transaction&, const io::Record* record, std::size_t) {
        const io::Record& r = *record;
    FindingOutcome o{text_of(r.fields, "fingerprint"), "", ""};
    const std::string check = text_of(r.fields, "check_id");
    std::optional<Incident> existing;
    if (text_of(r.fields, "status") != "fail")
        o.action = "not_failing";
    else if (check.rfind("INC-", 0) == 0 || !policy::is_event(policy.incidents, check))
        o.action = "not_event"; // the rectification ledger's, as is every finding about the register
    else if (auto severity = finding::severity_named(text_of(r.fields, "severity")); !severity || *severity < threshold)
        o.action = "below_threshold";
    else if ((existing = store::latest_incident_with_fingerprint(db, o.fingerprint)) &&
             !may_open_again(*existing, r.fields, policy.incidents.reopen_after)) {
        o.action = existing->status == "open" && !is_void(*existing) ? "already_open" : "already_recorded";
        o.incident_id = existing->id;
    } else {
        OpenRequest req;
        req.category = category_for_check(check);
        req.grade = "0";
        std::string title = text_of(r.fields, "title");
        std::string title_zh = text_of(r.fields, "title_zh");
        std::string subject = text_of(r.fields, "subject");
        req.title =
            check + " " + (title.empty() ? o.fingerprint : title) + (subject.empty() ? "" : " (" + subject + ")");
        if (!title_zh.empty()) req.title_zh = check + " " + title_zh + (subject.empty() ? "" : "（" + subject + "）");
        req.description = text_of(r.fields, "detail");
        req.discovered_at = std::min(now, time_of(r.fields, "checked_at").value_or(now));
        req.fingerprint = o.fingerprint;
        req.source = "audit";
        o.action = "opened";
        o.incident_id = open_incident(db, policy, origin, req, now).id;
    }
    out.push_back(o);
    } // namespace netsec::incident
);
import.commit();
return out;
}

namespace {

// How many of `outcomes` are `action`.
std::size_t count_action(const std::vector<FindingOutcome>& outcomes, std::string_view action) {
    std::size_t n = 0;
    for (const auto& o : outcomes) n += o.action == action;
    return n;
}

} // namespace

std::size_t left_in_ledger(const std::vector<FindingOutcome>& outcomes) { return count_action(outcomes, "not_event"); }

std::size_t opened_from_findings(const std::vector<FindingOutcome>& outcomes) {
    return count_action(outcomes, "opened");
}

PastImport import_incidents(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                            const std::vector<io::Record>& records, const std::string& source, Instant now) {
    struct Row {
        OpenRequest req;
        std::string reported_at, recipient, channel, reference, closed_at, resolution, lessons;
    };
    journal::Import<Row> import(db, source);
    const std::string& zone = policy.school.timezone;
    for (const auto& r : records) import.check(r.line, [&]() -> std::optional<Row> {
        Row row;
    row.req.category = text_of(r.fields, "category");
    row.req.subtype = text_of(r.fields, "subtype");
    row.req.grade = text_of(r.fields, "grade");
    row.req.title = text_of(r.fields, "title");
    row.req.description = text_of(r.fields, "description");
    row.req.asset = text_of(r.fields, "asset");
    row.req.account = text_of(r.fields, "account");
    row.req.source = "import";
    row.recipient = text_of(r.fields, "recipient");
    row.channel = text_of(r.fields, "channel");
    row.reference = text_of(r.fields, "reference");
    row.resolution = text_of(r.fields, "resolution");
    row.lessons = text_of(r.fields, "lessons");
    bool ok = true;
    for (const char* key : {"category", "grade", "title", "discovered_at"})
        if (text_of(r.fields, key).empty()) {
            import.problem(r.line, _f("'{}' is required", key));
            ok = false;
        }
    if (!ok) return std::nullopt;
    const policy::Category* category = policy::find_category(policy, row.req.category);
    if (!category) throw Error(Exit::data, _f("unknown category '{}'", row.req.category));
    if (!row.req.subtype.empty()) {
        bool known = false;
        for (const auto& st : category->subtypes) known = known || st.code == row.req.subtype;
        if (!known) throw Error(Exit::data, _f("unknown sub-type '{}' of {}", row.req.subtype, row.req.category));
    }
    row.req.grade = parse_grade(row.req.grade);
    row.req.discovered_at = timeutil::parse_time(text_of(r.fields, "discovered_at"), zone);
    if (row.req.discovered_at > now) throw Error(Exit::data, _("discovered_at is in the future"));
    if (!text_of(r.fields, "reported_at").empty()) {
        Instant reported = timeutil::parse_time(text_of(r.fields, "reported_at"), zone);
        row.reported_at = timeutil::format_rfc3339(reported);
        if (row.recipient.empty() || row.channel.empty() || row.reference.empty())
            throw Error(Exit::data, _("a report needs recipient, channel and reference"));
        if (!policy.incidents.recipients.count(row.recipient))
            throw Error(Exit::data, _f("unknown recipient '{}'", row.recipient));
        parse_channel(row.channel);
        if (reported < row.req.discovered_at) throw Error(Exit::data, _("reported_at is before discovered_at"));
        if (reported > now) throw Error(Exit::data, _("reported_at is in the future"));
    } else if (!row.recipient.empty() || !row.channel.empty() || !row.reference.empty()) {
        throw Error(Exit::data, _("a report needs reported_at"));
    }
    if (!text_of(r.fields, "closed_at").empty()) {
        Instant closed = timeutil::parse_time(text_of(r.fields, "closed_at"), zone);
        row.closed_at = timeutil::format_rfc3339(closed);
        if (row.resolution.empty()) throw Error(Exit::data, _("a closed incident needs a resolution"));
        if (closed < row.req.discovered_at) throw Error(Exit::data, _("closed_at is before discovered_at"));
        if (closed > now) throw Error(Exit::data, _("closed_at is in the future"));
    }
    return row;
});
// Each row checked: now write them all in one transaction, so that nothing is half-imported.
// A check above that missed something still names the row, and nothing is written.
PastImport out;
    import.write([&](store::Transaction&, const Row& row, std::size_t) {
        if (auto same = store::find_same_incident(db, row.req.category,
                                                  timeutil::format_rfc3339(row.req.discovered_at), row.req.title)) {
            out.already.push_back(*same);
    return;
    }
    Incident inc = open_incident(db, policy, origin, row.req, now);
    if (!row.reported_at.empty())
        record_report(db, policy, origin, inc.id, row.recipient, row.channel, row.reference,
                      timeutil::parse_time(row.reported_at, "UTC"), now);
    if (!row.closed_at.empty())
        inc = close_incident(db, origin, inc.id, row.resolution, row.lessons,
                             timeutil::parse_time(row.closed_at, "UTC"), now);
    out.imported.push_back(inc);
    });
    import.commit();
    return out;
    }

    } // namespace netsec::incident
