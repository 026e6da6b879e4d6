#include "netsec/audit/records.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"

#include <algorithm>

namespace netsec::audit {

using json = nlohmann::ordered_json;

namespace {
json or_null(const std::string& text) { return text.empty() ? json() : json(text); }
} // namespace

const std::vector<io::Column>& finding_fields() {
    static const std::vector<io::Column> fields = {{"run_id", io::Kind::integer, false},
                                                   {"check_id"},
                                                   {"status"},
                                                   {"severity"},
                                                   {"title"},
                                                   {"title_zh", io::Kind::text, false},
                                                   {"subject"},
                                                   {"detail"},
                                                   {"remediation", io::Kind::text, false},
                                                   {"remediation_zh", io::Kind::text, false},
                                                   {"basis", io::Kind::text, false},
                                                   {"evidence", io::Kind::json, false},
                                                   {"fingerprint", io::Kind::text, false},
                                                   {"first_seen_at", io::Kind::time, false},
                                                   {"checked_at", io::Kind::time, false},
                                                   {"host", io::Kind::text, false},
                                                   {"exception", io::Kind::json, false},
                                                   {"last_fixed_at", io::Kind::time, false}};
    return fields;
}

json evidence_json(const std::vector<Evidence>& evidence) {
    json list = json::array();
    for (const auto& e : evidence) {
        json item = {{"path", e.path}};
        item["sha256"] = or_null(e.sha256);
        item["copy"] = or_null(e.copy);
        list.push_back(item);
    }
    return list;
}

json exception_json(const policy::AuditException& e) {
    return {{"check", e.check},
            {"subject", e.subject},
            {"reason", e.reason},
            {"approved_by", e.approved_by},
            {"expires", e.expires}};
}

json finding_record(const Finding& f) {
    json j;
    j["run_id"] = f.run_id;
    j["check_id"] = f.check_id;
    j["status"] = f.status;
    j["severity"] = finding::severity_name(f.severity);
    j["title"] = f.title;
    j["title_zh"] = f.title_zh;
    j["subject"] = f.subject;
    j["detail"] = f.detail;
    j["remediation"] = f.remediation;
    j["remediation_zh"] = f.remediation_zh;
    j["basis"] = f.basis;
    j["evidence"] = evidence_json(f.evidence);
    j["fingerprint"] = f.fingerprint;
    j["first_seen_at"] = f.first_seen_at;
    j["checked_at"] = f.checked_at;
    j["host"] = f.host;
    j["exception"] = f.exception ? exception_json(*f.exception) : json();
    j["last_fixed_at"] = or_null(f.last_fixed_at);
    return j;
}

io::Records finding_records(const std::vector<Finding>& findings) {
    io::Records out;
    out.columns = finding_fields();
    for (const auto& f : findings) out.rows.push_back(finding_record(f));
    return out;
}

std::vector<Finding> failing_findings(const std::vector<Finding>& findings, Severity fail_on) {
    std::vector<Finding> failing;
    for (const auto& f : findings)
        if (finding::fails_at(f, fail_on)) failing.push_back(f);
    return failing;
}

std::string summary_line(const Run& run) {
    std::string counts;
    for (const auto& st : statuses())
        counts += fmt::format("{}{} {}", counts.empty() ? "" : ", ", run.summary.counts.at(st), st);
    std::string score = run.summary.score ? fmt::format("{}/100", *run.summary.score) : std::string("-");
    return _f("run {}: {}; score {} over the applicable checks", run.row.id, counts, score);
}

const std::vector<io::Column>& check_fields() {
    static const std::vector<io::Column> fields = {{"check_id"},
                                                   {"severity"},
                                                   {"profile"},
                                                   {"title"},
                                                   {"title_zh"},
                                                   {"remediation", io::Kind::text, false},
                                                   {"remediation_zh", io::Kind::text, false},
                                                   {"basis", io::Kind::text, false}};
    return fields;
}

io::Records check_records(const std::vector<Check>& checks) {
    io::Records out;
    out.columns = check_fields();
    for (const auto& c : checks)
        out.rows.push_back({{"check_id", c.id},
                            {"severity", finding::severity_name(c.severity)},
                            {"profile", profile_name(c.profile)},
                            {"title", c.title},
                            {"title_zh", c.title_zh},
                            {"remediation", c.remediation},
                            {"remediation_zh", c.remediation_zh},
                            {"basis", c.basis}});
    return out;
}

const std::vector<io::Column>& explained_check_fields() {
    static const std::vector<io::Column> fields = {{"check_id"},       {"severity"}, {"profile"},     {"title"},
                                                   {"title_zh"},       {"examines"}, {"examines_zh"}, {"remediation"},
                                                   {"remediation_zh"}, {"basis"}};
    return fields;
}

json explained_check(const Check& c) {
    json doc;
    doc["check_id"] = c.id;
    doc["severity"] = finding::severity_name(c.severity);
    doc["profile"] = profile_name(c.profile);
    doc["title"] = c.title;
    doc["title_zh"] = c.title_zh;
    doc["examines"] = c.examines;
    doc["examines_zh"] = c.examines_zh;
    doc["remediation"] = c.remediation;
    doc["remediation_zh"] = c.remediation_zh;
    doc["basis"] = c.basis;
    return doc;
}

const Check& check_named(const std::string& id) {
    const Check* c = find_check(id);
    if (!c) throw Error(Exit::usage, _f("unknown check '{}'; 'netsec-audit list' shows them", id));
    return *c;
}

const std::vector<io::Column>& change_fields() {
    static const std::vector<io::Column> fields = {{"change"},
                                                   {"check_id"},
                                                   {"severity"},
                                                   {"subject"},
                                                   {"title"},
                                                   {"status_before"},
                                                   {"status_after"},
                                                   {"detail"},
                                                   {"fingerprint", io::Kind::text, false},
                                                   {"before_run_id", io::Kind::integer, false},
                                                   {"after_run_id", io::Kind::integer, false}};
    return fields;
}

io::Records change_records(const Diff& d) {
    io::Records out;
    out.columns = change_fields();
    for (const auto& c : d.changes) {
        const Finding& f = c.change == "resolved" ? c.before : c.after;
        out.rows.push_back({{"change", c.change},
                            {"check_id", f.check_id},
                            {"severity", finding::severity_name(f.severity)},
                            {"subject", f.subject},
                            {"title", f.title},
                            {"status_before", or_null(c.before.status)},
                            {"status_after", or_null(c.after.status)},
                            {"detail", c.after.status.empty() ? c.before.detail : c.after.detail},
                            {"fingerprint", f.fingerprint},
                            {"before_run_id", d.from},
                            {"after_run_id", d.to}});
    }
    return out;
}

bool has_new(const Diff& d) {
    return std::any_of(d.changes.begin(), d.changes.end(), [](const Change& c) { return c.change == "new"; });
}

const std::vector<io::Column>& run_fields() {
    static const std::vector<io::Column> fields = [] {
        std::vector<io::Column> f = {{"run_id", io::Kind::integer},
                                     {"started_at", io::Kind::time},
                                     {"operator"},
                                     {"host"},
                                     {"profile"},
                                     {"root", io::Kind::text, false},
                                     {"check_ids", io::Kind::text, false},
                                     {"fail_on", io::Kind::text, false}};
        for (const auto& st : statuses()) f.push_back({st + "_count", io::Kind::integer});
        f.push_back({"score", io::Kind::integer});
        f.push_back({"journal_head", io::Kind::text, false});
        return f;
    }();
    return fields;
}

io::Records run_records(const std::vector<store::AuditRunRow>& runs) {
    io::Records out;
    out.columns = run_fields();
    for (const auto& r : runs) {
        json row = {{"run_id", r.id},        {"started_at", r.started_at}, {"operator", r.operator_name},
                    {"host", r.host},        {"profile", r.profile},       {"root", r.root},
                    {"check_ids", r.checks}, {"fail_on", r.fail_on}};
        json counts = json::parse(r.counts, nullptr, false);
        for (const auto& st : statuses())
            row[st + "_count"] = counts.is_object() && counts.contains(st) ? counts[st] : json(0);
        row["score"] = r.score ? json(*r.score) : json();
        row["journal_head"] = or_null(r.journal_head);
        out.rows.push_back(row);
    }
    return out;
}

const std::vector<io::Column>& ledger_fields() {
    static const std::vector<io::Column> fields = {{"fingerprint"},
                                                   {"check_id", io::Kind::text, false},
                                                   {"subject", io::Kind::text, false},
                                                   {"severity"},
                                                   {"title"},
                                                   {"title_zh", io::Kind::text, false},
                                                   {"state"},
                                                   {"first_seen_at", io::Kind::time},
                                                   {"last_seen_at", io::Kind::time, false},
                                                   {"fixed_at", io::Kind::time, false},
                                                   {"reopened_at", io::Kind::time, false},
                                                   {"last_fixed_at", io::Kind::time, false},
                                                   {"fixed_count", io::Kind::integer, false},
                                                   {"reopened_count", io::Kind::integer, false},
                                                   {"owner"},
                                                   {"plan", io::Kind::text, false},
                                                   {"due_at", io::Kind::time},
                                                   {"overdue"},
                                                   {"run_id", io::Kind::integer, false}};
    return fields;
}

io::Records ledger_records(const std::vector<LedgerItem>& items) {
    io::Records out;
    out.columns = ledger_fields();
    for (const auto& item : items) {
        const auto& r = item.row;
        json row;
        row["fingerprint"] = r.fingerprint;
        row["check_id"] = r.check_id;
        row["subject"] = r.subject;
        row["severity"] = r.severity;
        row["title"] = r.title;
        row["title_zh"] = r.title_zh;
        row["state"] = r.state;
        row["first_seen_at"] = r.first_seen_at;
        row["last_seen_at"] = r.last_seen_at;
        row["fixed_at"] = or_null(r.fixed_at);
        row["reopened_at"] = or_null(r.reopened_at);
        row["last_fixed_at"] = or_null(r.last_fixed_at);
        row["fixed_count"] = r.times_fixed;
        row["reopened_count"] = r.times_reopened;
        row["owner"] = or_null(r.owner);
        row["plan"] = or_null(r.plan);
        row["due_at"] = r.due_at;
        row["overdue"] = item.overdue;
        row["run_id"] = r.run_id;
        out.rows.push_back(std::move(row));
    }
    return out;
}

std::vector<Finding> raised_findings(const Run& run, Severity fail_on) {
    std::vector<Finding> out;
    for (const auto& f : run.findings)
        if (finding::fails_at(f, fail_on) && run.raised.count(f.fingerprint)) out.push_back(f);
    return out;
}

Run load_run_or_newest(store::Db& db, std::optional<std::int64_t> id) {
    if (!id) {
        auto runs = history(db);
        if (runs.empty()) throw Error(Exit::no_input, _("no audit runs yet; run one with 'netsec-audit run'"));
        id = runs.back().id;
    }
    return load_run(db, *id);
}

} // namespace netsec::audit
