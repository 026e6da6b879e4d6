#include "netsec/filing/records.hpp"

#include "netsec/evidence/evidence.hpp"
#include "netsec/io/values.hpp"

namespace netsec::filing {

using io::Kind;
using io::text_or_null;
using json = nlohmann::ordered_json;

namespace {
json date_or_null(const std::optional<date::Date>& d) { return d ? json(date::format(*d)) : json(nullptr); }
} // namespace

const std::vector<io::Column>& filing_fields() {
    static const std::vector<io::Column> fields = {
        {"filing_id"},                {"kind"},          {"system"},          {"number"},
        {"site"},                     {"level", Kind::integer},               {"graded_on"},
        {"filed_on"},                 {"assessed_on"},   {"assessor"},        {"hosting"},
        {"changed_on"},               {"next_filing_on"}, {"next_grading_on"}, {"next_assessment_on"},
        {"note", Kind::text, false},  {"retired_at", Kind::time}, {"created_by", Kind::text, false},
        {"created_at", Kind::time, false}, {"updated_at", Kind::time, false}};
    return fields;
}

io::Records filing_records(const policy::Policy& policy, const std::vector<Filing>& filings) {
    return io::records_of(filing_fields(), filings, [&](const Filing& f) {
        auto next = next_dates(policy.filing, f);
        json r;
        r["filing_id"] = owner_of(f.id);
        r["kind"] = f.kind;
        r["system"] = f.system;
        r["number"] = text_or_null(f.number);
        r["site"] = text_or_null(f.site);
        r["level"] = f.level ? json(f.level) : json(nullptr);
        r["graded_on"] = text_or_null(f.graded_on);
        r["filed_on"] = text_or_null(f.filed_on);
        r["assessed_on"] = text_or_null(f.assessed_on);
        r["assessor"] = text_or_null(f.assessor);
        r["hosting"] = text_or_null(f.hosting);
        r["changed_on"] = text_or_null(f.changed_on);
        r["next_filing_on"] = date_or_null(next.filing);
        r["next_grading_on"] = date_or_null(next.grading);
        r["next_assessment_on"] = date_or_null(next.assessment);
        r["note"] = text_or_null(f.note);
        r["retired_at"] = text_or_null(f.retired_at);
        r["created_by"] = text_or_null(f.created_by);
        r["created_at"] = f.created_at;
        r["updated_at"] = f.updated_at;
        return r;
    });
}

const std::vector<io::Column>& show_fields() {
    static const std::vector<io::Column> fields = [] {
        auto f = filing_fields();
        f.push_back({"evidence", Kind::json});
        return f;
    }();
    return fields;
}

io::Records show_records(const policy::Policy& policy, const Filing& filing,
                         const std::vector<store::EvidenceRow>& evidence) {
    auto records = filing_records(policy, {filing});
    records.columns = show_fields();
    json files = json::array();
    for (auto& r : evidence::records(evidence, "filing_id").rows) files.push_back(r);
    for (auto& r : records.rows) r["evidence"] = files;
    return records;
}

const std::vector<io::Column>& attach_fields() {
    static const std::vector<io::Column> fields = evidence::fields("filing_id");
    return fields;
}

io::Records attach_records(const std::vector<store::EvidenceRow>& evidence) {
    return evidence::records(evidence, "filing_id");
}

const std::vector<io::Column>& due_fields() {
    static const std::vector<io::Column> fields = {{"filing_id"},                 {"kind"},    {"system"},
                                                   {"level", Kind::integer},     {"due"},     {"due_on"},
                                                   {"days_left", Kind::integer}, {"status"}};
    return fields;
}

io::Records due_records(const std::vector<DueItem>& items) {
    return io::records_of(due_fields(), items, [](const DueItem& d) {
        json r;
        r["filing_id"] = owner_of(d.record.id);
        r["kind"] = d.record.kind;
        r["system"] = d.record.system;
        r["level"] = d.record.level ? json(d.record.level) : json(nullptr);
        r["due"] = d.what;
        r["due_on"] = date::format(d.due_on);
        r["days_left"] = d.days_left;
        r["status"] = d.days_left < 0 ? "overdue" : "due";
        return r;
    });
}

const std::vector<io::Column>& stats_fields() {
    static const std::vector<io::Column> fields = {{"dimension"}, {"key"}, {"name"}, {"value", Kind::integer}};
    return fields;
}

io::Records stats_records(const std::vector<Figure>& figures) {
    return io::records_of(stats_fields(), figures, [](const Figure& f) {
        json r;
        r["dimension"] = f.dimension;
        r["key"] = text_or_null(f.key);
        r["name"] = text_or_null(f.name);
        r["value"] = f.value;
        return r;
    });
}

} // namespace netsec::filing
