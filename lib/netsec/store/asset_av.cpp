#include "netsec/store/asset_av.hpp"

#include <sqlite3.h>

namespace netsec::store {

namespace {

void bind_bool(Statement& st, int index, const std::optional<bool>& value) {
    if (value)
        st.bind(index, std::int64_t(*value ? 1 : 0));
    else
        st.bind_null(index);
}

constexpr const char* state_columns =
    "import_id, line, tag, hostname, product, product_version, engine_version, enabled, realtime, "
    "signature_version, signature_updated_at, quick_scan_at, full_scan_at, reported_at";

AvStateRow read_state(const Statement& st) {
    AvStateRow r;
    r.import_id = st.integer(0);
    r.line = st.integer(1);
    r.tag = st.text(2);
    r.hostname = st.text(3);
    r.product = st.text(4);
    r.product_version = st.text(5);
    r.engine_version = st.text(6);
    if (!st.is_null(7)) r.enabled = st.integer(7) != 0;
    if (!st.is_null(8)) r.realtime = st.integer(8) != 0;
    r.signature_version = st.text(9);
    r.signature_updated_at = st.text(10);
    r.quick_scan_at = st.text(11);
    r.full_scan_at = st.text(12);
    r.reported_at = st.text(13);
    return r;
}

AvImportRow read_import(const Statement& st) {
    return {st.integer(0), st.text(1), st.text(2), st.text(3), st.integer(4), st.text(5)};
}

} // namespace

std::int64_t insert_av_import(Transaction& tx, const AvImportRow& row) {
    Statement st(tx.db(), "INSERT INTO av_imports (source, format, sha256, rows, imported_at) VALUES (?, ?, ?, ?, ?)");
    st.bind(1, row.source).bind(2, row.format).bind(3, row.sha256).bind(4, row.rows).bind(5, row.imported_at);
    st.run();
    return tx.db().last_insert_id();
}

AvStateWriter::AvStateWriter(Transaction& tx)
    : insert_(tx.db(), "INSERT INTO av_states (import_id, line, tag, hostname, product, product_version, "
                       "engine_version, enabled, realtime, signature_version, signature_updated_at, quick_scan_at, "
                       "full_scan_at, reported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)") {}

void AvStateWriter::write(const AvStateRow& r) {
    insert_.reset();
    insert_.bind(1, r.import_id).bind(2, r.line).bind(3, r.tag).bind(4, r.hostname).bind(5, r.product);
    insert_.bind(6, r.product_version).bind(7, r.engine_version);
    bind_bool(insert_, 8, r.enabled);
    bind_bool(insert_, 9, r.realtime);
    insert_.bind(10, r.signature_version);
    insert_.bind(11, r.signature_updated_at);
    insert_.bind(12, r.quick_scan_at);
    insert_.bind(13, r.full_scan_at);
    insert_.bind(14, r.reported_at);
    insert_.run();
}

std::vector<AvStateRow> latest_av_states(Db& db) {
    // The newest import naming a tag wins; within one import, the last row for it. One sorted
    // pass, so ten thousand machines and a year of imports need no index.
    std::string sql =
        std::string("SELECT ") + state_columns + " FROM av_states WHERE tag <> '' ORDER BY tag, import_id, line";
    Statement st(db, sql.c_str());
    std::vector<AvStateRow> out;
    while (st.step()) {
        AvStateRow r = read_state(st);
        if (!out.empty() && out.back().tag == r.tag)
            out.back() = std::move(r);
        else
            out.push_back(std::move(r));
    }
    return out;
}

std::vector<AvStateRow> unmatched_av_states(Db& db, std::int64_t import_id) {
    std::string sql =
        std::string("SELECT ") + state_columns + " FROM av_states WHERE import_id = ? AND tag = '' ORDER BY line";
    Statement st(db, sql.c_str());
    st.bind(1, import_id);
    std::vector<AvStateRow> out;
    while (st.step()) out.push_back(read_state(st));
    return out;
}

std::vector<AvImportRow> list_av_imports(Db& db) {
    Statement st(db, "SELECT id, source, format, sha256, rows, imported_at FROM av_imports ORDER BY id");
    std::vector<AvImportRow> out;
    while (st.step()) out.push_back(read_import(st));
    return out;
}

std::optional<AvImportRow> find_av_import(Db& db, const std::string& sha256) {
    Statement st(db, "SELECT id, source, format, sha256, rows, imported_at FROM av_imports WHERE sha256 = ? "
                     "ORDER BY id DESC LIMIT 1");
    st.bind(1, sha256);
    if (!st.step()) return std::nullopt;
    return read_import(st);
}

bool insert_av_threat(Transaction& tx, const AvThreatRow& r) {
    Statement st(tx.db(), "INSERT OR IGNORE INTO av_threats (key, tag, hostname, threat, threat_id, severity, path, "
                          "detected_at, action, source, incident_id, imported_at) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, r.key).bind(2, r.tag).bind(3, r.hostname).bind(4, r.threat).bind(5, r.threat_id).bind(6, r.severity);
    st.bind(7, r.path).bind(8, r.detected_at).bind(9, r.action).bind(10, r.source).bind(11, r.incident_id);
    st.bind(12, r.imported_at);
    st.run();
    return sqlite3_changes(tx.db().handle()) > 0;
}

void set_threat_incident(Transaction& tx, const std::string& key, const std::string& incident_id) {
    Statement st(tx.db(), "UPDATE av_threats SET incident_id = ? WHERE key = ?");
    st.bind(1, incident_id).bind(2, key);
    st.run();
}

std::vector<AvThreatRow> list_av_threats(Db& db, const std::string& tag, const std::string& since) {
    Statement st(db, "SELECT key, tag, hostname, threat, threat_id, severity, path, detected_at, action, source, "
                     "incident_id, imported_at FROM av_threats WHERE (?1 = '' OR tag = ?1) "
                     "AND (?2 = '' OR detected_at >= ?2) ORDER BY detected_at DESC, hostname, key");
    st.bind(1, tag).bind(2, since);
    std::vector<AvThreatRow> out;
    while (st.step()) {
        AvThreatRow r;
        r.key = st.text(0);
        r.tag = st.text(1);
        r.hostname = st.text(2);
        r.threat = st.text(3);
        r.threat_id = st.text(4);
        r.severity = st.text(5);
        r.path = st.text(6);
        r.detected_at = st.text(7);
        r.action = st.text(8);
        r.source = st.text(9);
        r.incident_id = st.text(10);
        r.imported_at = st.text(11);
        out.push_back(std::move(r));
    }
    return out;
}

} // namespace netsec::store
