#include "netsec/store/asset_upkeep.hpp"

namespace netsec::store {
namespace {

constexpr const char* maintenance_columns =
    "id, tag, at, action, coalesce(fault, ''), coalesce(by_user, ''), coalesce(outside, ''), recorded_at";

MaintenanceRow read_maintenance(const Statement& st) {
    MaintenanceRow r;
    r.id = st.integer(0);
    r.tag = st.text(1);
    r.at = st.text(2);
    r.action = st.text(3);
    r.fault = st.text(4);
    r.by_user = st.text(5);
    r.outside = st.text(6);
    r.recorded_at = st.text(7);
    return r;
}

constexpr const char* credential_columns =
    "name, holder, coalesce(tag, ''), coalesce(note, ''), coalesce(changed_at, ''), coalesce(retired_at, ''), "
    "created_at, updated_at";

CredentialRow read_credential(const Statement& st) {
    CredentialRow r;
    r.name = st.text(0);
    r.holder = st.text(1);
    r.tag = st.text(2);
    r.note = st.text(3);
    r.changed_at = st.text(4);
    r.retired_at = st.text(5);
    r.created_at = st.text(6);
    r.updated_at = st.text(7);
    return r;
}

} // namespace

std::int64_t insert_maintenance(Transaction& tx, const MaintenanceRow& r) {
    Statement st(tx.db(), "INSERT INTO maintenance (tag, at, action, fault, by_user, outside, recorded_at) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, r.tag).bind(2, r.at).bind(3, r.action).bind(4, r.fault).bind(5, r.by_user).bind(6, r.outside);
    st.bind(7, r.recorded_at);
    st.run();
    return tx.db().last_insert_id();
}

std::vector<MaintenanceRow> list_maintenance(Db& db, const MaintenanceFilter& f) {
    std::string sql = std::string("SELECT ") + maintenance_columns +
                      " FROM maintenance WHERE (?1 = '' OR tag = ?1) AND (?2 = '' OR by_user = ?2)"
                      " AND (?3 = '' OR at >= ?3) AND (?4 = '' OR at < ?4) ORDER BY at, id";
    Statement st(db, sql.c_str());
    st.bind(1, f.tag).bind(2, f.by_user).bind(3, f.since).bind(4, f.until);
    std::vector<MaintenanceRow> out;
    while (st.step()) out.push_back(read_maintenance(st));
    return out;
}

std::optional<MaintenanceRow> last_outside_visit(Db& db, const std::string& tag) {
    std::string sql = std::string("SELECT ") + maintenance_columns +
                      " FROM maintenance WHERE tag = ? AND coalesce(outside, '') <> '' ORDER BY at DESC, id DESC "
                      "LIMIT 1";
    Statement st(db, sql.c_str());
    st.bind(1, tag);
    if (!st.step()) return std::nullopt;
    return read_maintenance(st);
}

bool insert_allowed_software(Transaction& tx, const AllowedSoftwareRow& r) {
    Statement st(tx.db(), "INSERT OR IGNORE INTO software_allowed (name, version_glob, note, added_at) "
                          "VALUES (?, ?, ?, ?)");
    st.bind(1, r.name).bind(2, r.version_glob).bind(3, r.note).bind(4, r.added_at);
    st.run();
    Statement changed(tx.db(), "SELECT changes()");
    changed.step();
    return changed.integer(0) > 0;
}

std::vector<AllowedSoftwareRow> list_allowed_software(Db& db) {
    Statement st(db, "SELECT name, version_glob, coalesce(note, ''), added_at FROM software_allowed "
                     "ORDER BY name, version_glob");
    std::vector<AllowedSoftwareRow> out;
    while (st.step()) out.push_back({st.text(0), st.text(1), st.text(2), st.text(3)});
    return out;
}

void replace_software_checks(Transaction& tx, const std::string& tag, const std::vector<SoftwareCheckRow>& rows) {
    Statement del(tx.db(), "DELETE FROM software_checks WHERE tag = ?");
    del.bind(1, tag);
    del.run();
    Statement st(tx.db(), "INSERT OR IGNORE INTO software_checks (tag, source, checked_at, name, version, approved) "
                          "VALUES (?, ?, ?, ?, ?, ?)");
    for (const auto& r : rows) {
        st.reset();
        st.bind(1, tag).bind(2, r.source).bind(3, r.checked_at).bind(4, r.name).bind(5, r.version);
        st.bind(6, std::int64_t(r.approved));
        st.run();
    }
}

std::vector<SoftwareCheckRow> list_software_checks(Db& db, bool unapproved_only) {
    Statement st(db, "SELECT tag, source, checked_at, name, version, approved FROM software_checks "
                     "WHERE ? = 0 OR approved = 0 ORDER BY tag, name, version");
    st.bind(1, std::int64_t(unapproved_only));
    std::vector<SoftwareCheckRow> out;
    while (st.step()) out.push_back({st.text(0), st.text(1), st.text(2), st.text(3), st.text(4), st.integer(5) != 0});
    return out;
}

void insert_credential(Transaction& tx, const CredentialRow& r) {
    Statement st(tx.db(), "INSERT INTO credentials (name, holder, tag, note, changed_at, retired_at, created_at, "
                          "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, r.name).bind(2, r.holder).bind(3, r.tag).bind(4, r.note).bind(5, r.changed_at).bind(6, r.retired_at);
    st.bind(7, r.created_at).bind(8, r.updated_at);
    st.run();
}

void update_credential(Transaction& tx, const CredentialRow& r) {
    Statement st(tx.db(), "UPDATE credentials SET holder = ?, tag = ?, note = ?, changed_at = ?, retired_at = ?, "
                          "updated_at = ? WHERE name = ?");
    st.bind(1, r.holder).bind(2, r.tag).bind(3, r.note).bind(4, r.changed_at).bind(5, r.retired_at);
    st.bind(6, r.updated_at).bind(7, r.name);
    st.run();
}

std::optional<CredentialRow> find_credential(Db& db, const std::string& name) {
    std::string sql = std::string("SELECT ") + credential_columns + " FROM credentials WHERE name = ?";
    Statement st(db, sql.c_str());
    st.bind(1, name);
    if (!st.step()) return std::nullopt;
    return read_credential(st);
}

std::vector<CredentialRow> list_credentials(Db& db) {
    std::string sql = std::string("SELECT ") + credential_columns + " FROM credentials ORDER BY name";
    Statement st(db, sql.c_str());
    std::vector<CredentialRow> out;
    while (st.step()) out.push_back(read_credential(st));
    return out;
}

std::vector<Count> count_assets_by(Db& db, AssetColumn column) {
    const char* sql = column == AssetColumn::kind
                          ? "SELECT coalesce(kind, ''), count(*) FROM assets WHERE status <> 'retired' GROUP BY 1"
                      : column == AssetColumn::room
                          ? "SELECT coalesce(room, ''), count(*) FROM assets WHERE status <> 'retired' GROUP BY 1"
                          : "SELECT coalesce(status, ''), count(*) FROM assets GROUP BY 1";
    Statement st(db, sql);
    std::vector<Count> out;
    while (st.step()) out.push_back({st.text(0), st.integer(1)});
    return out;
}

std::vector<std::string> machines_in_use(Db& db, const std::vector<std::string>& kinds) {
    Statement st(db, "SELECT tag, kind FROM assets WHERE status = 'in_use' ORDER BY tag");
    std::vector<std::string> out;
    while (st.step()) {
        std::string kind = st.text(1);
        for (const auto& k : kinds)
            if (k == kind) {
                out.push_back(st.text(0));
                break;
            }
    }
    return out;
}

std::vector<AntivirusLatest> latest_antivirus(Db& db) {
    std::vector<AntivirusLatest> out;
    if (!table_exists(db, "av_states")) return out;
    // The newest import that names a machine holds its state.
    Statement st(db, "SELECT s.tag, coalesce(s.signature_updated_at, ''), coalesce(s.realtime, -1) "
                     "FROM av_states s WHERE coalesce(s.tag, '') <> '' AND s.import_id = "
                     "(SELECT max(t.import_id) FROM av_states t WHERE t.tag = s.tag) "
                     "GROUP BY s.tag ORDER BY s.tag");
    while (st.step()) {
        std::int64_t rt = st.integer(2);
        out.push_back({st.text(0), st.text(1), rt < 0 ? "" : rt ? "1" : "0"});
    }
    return out;
}

DetectionCount count_detections(Db& db, const std::string& from, const std::string& to) {
    DetectionCount out;
    if (!table_exists(db, "av_threats")) return out;
    Statement st(db, "SELECT count(*), count(DISTINCT CASE WHEN coalesce(tag, '') <> '' THEN tag ELSE hostname END) "
                     "FROM av_threats WHERE detected_at >= ? AND detected_at < ?");
    st.bind(1, from).bind(2, to);
    st.step();
    out.detections = st.integer(0);
    out.machines = st.integer(1);
    return out;
}

} // namespace netsec::store
