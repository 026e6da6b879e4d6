#include "netsec/asset/av_records.hpp"

#include "netsec/io/values.hpp"

namespace netsec::asset {

using io::bool_or_null;
using io::text_or_null;

namespace {

using io::Kind;
using nlohmann::ordered_json;

} // namespace

const std::vector<io::Column>& av_status_fields() {
    static const std::vector<io::Column> fields = {
        {"tag"},
        {"room"},
        {"kind", Kind::text, false},
        {"host"},
        {"status"},
        {"reason"},
        {"product", Kind::text, false},
        {"product_version", Kind::text, false},
        {"signature_version"},
        {"signature_updated_at", Kind::time},
        {"realtime", Kind::text, false},
        {"full_scan_at", Kind::time, false},
        {"import_id", Kind::integer, false},
    };
    return fields;
}

io::Records av_status_records(const std::vector<AvStatus>& statuses) {
    io::Records out{av_status_fields(), {}};
    for (const auto& s : statuses) {
        ordered_json o;
        o["tag"] = s.tag;
        o["room"] = text_or_null(s.room);
        o["kind"] = text_or_null(s.kind);
        o["host"] = text_or_null(s.hostname);
        o["status"] = s.status;
        o["reason"] = text_or_null(s.why);
        const store::AvStateRow none;
        const auto& st = s.state ? *s.state : none;
        o["product"] = text_or_null(st.product);
        o["product_version"] = text_or_null(st.product_version);
        o["signature_version"] = text_or_null(st.signature_version);
        o["signature_updated_at"] = text_or_null(st.signature_updated_at);
        o["realtime"] = bool_or_null(st.realtime);
        o["full_scan_at"] = text_or_null(st.full_scan_at);
        o["import_id"] = s.state ? ordered_json(st.import_id) : ordered_json(nullptr);
        out.rows.push_back(std::move(o));
    }
    return out;
}

const std::vector<io::Column>& unmatched_fields() {
    static const std::vector<io::Column> fields = {{"line", Kind::integer}, {"host"}, {"mac"}, {"ip"}, {"reason"}};
    return fields;
}

io::Records unmatched_records(const std::vector<UnmatchedRow>& rows) {
    io::Records out{unmatched_fields(), {}};
    for (const auto& r : rows) {
        ordered_json o;
        o["line"] = r.line;
        o["host"] = text_or_null(r.hostname);
        o["mac"] = text_or_null(r.mac);
        o["ip"] = text_or_null(r.ip);
        o["reason"] = text_or_null(r.why);
        out.rows.push_back(std::move(o));
    }
    return out;
}

const std::vector<io::Column>& threat_fields() {
    static const std::vector<io::Column> fields = {
        {"detected_at", Kind::time},
        {"tag"},
        {"host"},
        {"threat"},
        {"threat_id", Kind::text, false},
        {"severity"},
        {"path"},
        {"action"},
        {"incident_id"},
        {"source", Kind::text, false},
        {"detection_key", Kind::text, false},
    };
    return fields;
}

io::Records threat_records(const std::vector<store::AvThreatRow>& rows) {
    io::Records out{threat_fields(), {}};
    for (const auto& r : rows) {
        ordered_json o;
        o["detected_at"] = r.detected_at;
        o["tag"] = text_or_null(r.tag);
        o["host"] = text_or_null(r.hostname);
        o["threat"] = r.threat;
        o["threat_id"] = text_or_null(r.threat_id);
        o["severity"] = text_or_null(r.severity);
        o["path"] = text_or_null(r.path);
        o["action"] = text_or_null(r.action);
        o["incident_id"] = text_or_null(r.incident_id);
        o["source"] = text_or_null(r.source);
        o["detection_key"] = r.key;
        out.rows.push_back(std::move(o));
    }
    return out;
}

} // namespace netsec::asset
