#include "netsec/store/asset_history.hpp"

namespace netsec::store {

std::vector<Sighting> sightings_of(Db& db, const std::string& tag, int limit) {
    std::vector<Sighting> out;
    if (!table_exists(db, "scan_hosts")) return out;
    Statement st(db, "SELECT h.scan_id, s.scanned_at, h.ip, h.mac, h.hostname, h.matched_by FROM scan_hosts h"
                     " JOIN scans s ON s.id = h.scan_id WHERE h.tag = ? ORDER BY s.scanned_at DESC, h.scan_id DESC"
                     " LIMIT ?");
    st.bind(1, tag).bind(2, std::int64_t(limit));
    while (st.step()) out.push_back({st.integer(0), st.text(1), st.text(2), st.text(3), st.text(4), st.text(5), {}});
    Statement ports(db, "SELECT protocol, port FROM scan_ports WHERE scan_id = ? AND ip = ? ORDER BY port, protocol");
    for (auto& s : out) {
        ports.reset();
        ports.bind(1, s.scan_id).bind(2, s.ip);
        while (ports.step()) s.ports.push_back(ports.text(0) + "/" + std::to_string(ports.integer(1)));
    }
    return out;
}

std::optional<AvState> latest_av_state(Db& db, const std::string& tag) {
    if (!table_exists(db, "av_states")) return std::nullopt;
    Statement st(db, "SELECT i.source, i.imported_at, a.product, a.product_version, a.signature_version,"
                     " a.signature_updated_at, a.quick_scan_at, a.full_scan_at, a.enabled, a.realtime"
                     " FROM av_states a JOIN av_imports i ON i.id = a.import_id WHERE a.tag = ?"
                     " ORDER BY i.imported_at DESC, i.id DESC, a.line DESC LIMIT 1");
    st.bind(1, tag);
    if (!st.step()) return std::nullopt;
    AvState a{st.text(0), st.text(1), st.text(2), st.text(3), st.text(4), st.text(5), st.text(6), st.text(7), {}, {}};
    if (!st.is_null(8)) a.enabled = st.integer(8) != 0;
    if (!st.is_null(9)) a.realtime = st.integer(9) != 0;
    return a;
}

std::vector<Detection> detections_of(Db& db, const std::string& tag) {
    std::vector<Detection> out;
    if (!table_exists(db, "av_threats")) return out;
    Statement st(db, "SELECT detected_at, threat, path, action, incident_id FROM av_threats WHERE tag = ?"
                     " ORDER BY detected_at");
    st.bind(1, tag);
    while (st.step()) out.push_back({st.text(0), st.text(1), st.text(2), st.text(3), st.text(4)});
    return out;
}

std::vector<Visit> visits_of(Db& db, const std::string& tag) {
    std::vector<Visit> out;
    if (!table_exists(db, "maintenance")) return out;
    Statement st(db, "SELECT at, action, fault, by_user, outside FROM maintenance WHERE tag = ? ORDER BY at, id");
    st.bind(1, tag);
    while (st.step()) out.push_back({st.text(0), st.text(1), st.text(2), st.text(3), st.text(4)});
    return out;
}

} // namespace netsec::store
