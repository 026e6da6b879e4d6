#include "netsec/asset/upkeep_records.hpp"

#include "netsec/io/values.hpp"

namespace netsec::asset {

using io::records_of;
using io::text_or_null;

using json = nlohmann::ordered_json;
using io::Kind;

const std::vector<io::Column>& maintenance_fields() {
    static const std::vector<io::Column> fields = {{"maintenance_id", Kind::integer},
                                                   {"tag"},
                                                   {"maintained_at", Kind::time},
                                                   {"action"},
                                                   {"fault"},
                                                   {"maintainer"},
                                                   {"outside"},
                                                   {"recorded_at", Kind::time, false}};
    return fields;
}

io::Records maintenance_records(const std::vector<Maintenance>& entries) {
    return records_of(maintenance_fields(), entries, [](const Maintenance& m) {
        json r;
        r["maintenance_id"] = m.id;
        r["tag"] = m.tag;
        r["maintained_at"] = m.maintained_at;
        r["action"] = m.action;
        r["fault"] = text_or_null(m.fault);
        r["maintainer"] = text_or_null(m.maintainer);
        r["outside"] = text_or_null(m.outside);
        r["recorded_at"] = m.recorded_at;
        return r;
    });
}

const std::vector<io::Column>& allowed_software_fields() {
    static const std::vector<io::Column> fields = {{"name"}, {"version_glob"}, {"note"}, {"added_at", Kind::time}};
    return fields;
}

io::Records allowed_software_records(const std::vector<AllowedSoftware>& entries) {
    return records_of(allowed_software_fields(), entries, [](const AllowedSoftware& a) {
        json r;
        r["name"] = a.name;
        r["version_glob"] = a.version_glob;
        r["note"] = text_or_null(a.note);
        r["added_at"] = a.added_at;
        return r;
    });
}

const std::vector<io::Column>& software_verdict_fields() {
    static const std::vector<io::Column> fields = {{"tag"}, {"name"}, {"version"}, {"approved"}};
    return fields;
}

io::Records software_verdict_records(const std::vector<SoftwareVerdict>& verdicts) {
    return records_of(software_verdict_fields(), verdicts, [](const SoftwareVerdict& v) {
        json r;
        r["tag"] = text_or_null(v.tag);
        r["name"] = v.name;
        r["version"] = text_or_null(v.version);
        r["approved"] = v.approved;
        return r;
    });
}

const std::vector<io::Column>& credential_fields() {
    static const std::vector<io::Column> fields = {{"name"},
                                                   {"holder"},
                                                   {"tag"},
                                                   {"changed_at", Kind::time},
                                                   {"due"},
                                                   {"why"},
                                                   {"due_reasons", Kind::json, false},
                                                   {"outside", Kind::text, false},
                                                   {"outside_visit_at", Kind::time, false},
                                                   {"holder_status", Kind::text, false},
                                                   {"note", Kind::text, false},
                                                   {"created_at", Kind::time, false}};
    return fields;
}

io::Records credential_records(const std::vector<CredentialStatus>& credentials) {
    return records_of(credential_fields(), credentials, [](const CredentialStatus& s) {
        const Credential& c = s.credential;
        json r;
        r["name"] = c.name;
        r["holder"] = c.holder;
        r["tag"] = text_or_null(c.tag);
        r["changed_at"] = text_or_null(c.changed_at);
        r["due"] = s.due();
        std::string why;
        for (const auto& w : s.why) why += (why.empty() ? "" : "; ") + w;
        r["why"] = text_or_null(why);
        json codes = json::array();
        for (auto reason : s.reasons) codes.push_back(due_reason_code(reason));
        r["due_reasons"] = codes;
        r["outside"] = text_or_null(s.outside);
        r["outside_visit_at"] = text_or_null(s.outside_at);
        r["holder_status"] = text_or_null(s.holder_status);
        r["note"] = text_or_null(c.note);
        r["created_at"] = c.created_at;
        return r;
    });
}

const std::vector<io::Column>& stats_fields() {
    static const std::vector<io::Column> fields = {{"dimension"}, {"key"}, {"name"}, {"value", Kind::integer}};
    return fields;
}

io::Records stats_records(const std::vector<Figure>& figures) {
    return records_of(stats_fields(), figures, [](const Figure& f) {
        json r;
        r["dimension"] = f.dimension;
        r["key"] = text_or_null(f.key);
        r["name"] = text_or_null(f.name);
        if (f.is_percent)
            r["value"] = f.value;
        else
            r["value"] = std::int64_t(f.value);
        return r;
    });
}

} // namespace netsec::asset
