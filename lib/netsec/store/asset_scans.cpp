#include "netsec/store/asset_scans.hpp"

namespace netsec::store {
namespace {

constexpr const char* scan_columns = "id, source, sha256, scanned_at, imported_at, args, hosts";

ScanRow read_scan(const Statement& st) {
    ScanRow r;
    r.id = st.integer(0);
    int i = 1;
    for (std::string* field : {&r.source, &r.sha256, &r.scanned_at, &r.imported_at, &r.args}) *field = st.text(i++);
    r.hosts = st.integer(i);
    return r;
}

std::optional<ScanRow> one_scan(Db& db, const char* where, auto bind) {
    std::string sql = std::string("SELECT ") + scan_columns + " FROM scans WHERE " + where;
    Statement st(db, sql.c_str());
    bind(st);
    if (!st.step()) return std::nullopt;
    return read_scan(st);
}

} // namespace

std::int64_t insert_scan(Transaction& tx, const ScanRow& r) {
    Statement st(tx.db(), "INSERT INTO scans (source, sha256, scanned_at, imported_at, args, hosts) "
                          "VALUES (?, ?, ?, ?, ?, ?)");
    int i = 1;
    for (const std::string* field : {&r.source, &r.sha256, &r.scanned_at, &r.imported_at, &r.args})
        st.bind(i++, *field);
    st.bind(i, r.hosts);
    st.run();
    return tx.db().last_insert_id();
}

void insert_scan_host(Transaction& tx, const ScanHostRow& r) {
    Statement st(tx.db(), "INSERT INTO scan_hosts (scan_id, ip, mac, hostname, vendor, state, tag, matched_by, why, "
                          "conflict) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, r.scan_id);
    int i = 2;
    for (const std::string* field :
         {&r.ip, &r.mac, &r.hostname, &r.vendor, &r.state, &r.tag, &r.matched_by, &r.why, &r.conflict})
        st.bind(i++, *field);
    st.run();
}

void insert_scan_port(Transaction& tx, const ScanPortRow& r) {
    Statement st(tx.db(), "INSERT INTO scan_ports (scan_id, ip, protocol, port, service, product) "
                          "VALUES (?, ?, ?, ?, ?, ?)");
    st.bind(1, r.scan_id).bind(2, r.ip).bind(3, r.protocol).bind(4, r.port).bind(5, r.service).bind(6, r.product);
    st.run();
}

std::optional<ScanRow> find_scan(Db& db, std::int64_t id) {
    return one_scan(db, "id = ?", [&](Statement& st) { st.bind(1, id); });
}

std::optional<ScanRow> find_scan_by_sha256(Db& db, const std::string& sha256) {
    return one_scan(db, "sha256 = ?", [&](Statement& st) { st.bind(1, sha256); });
}

std::vector<ScanRow> list_scans(Db& db) {
    std::vector<ScanRow> out;
    std::string sql = std::string("SELECT ") + scan_columns + " FROM scans ORDER BY scanned_at, id";
    Statement st(db, sql.c_str());
    while (st.step()) out.push_back(read_scan(st));
    return out;
}

std::vector<ScanHostRow> list_scan_hosts(Db& db, std::int64_t scan_id) {
    std::vector<ScanHostRow> out;
    Statement st(db, "SELECT scan_id, ip, mac, hostname, vendor, state, tag, matched_by, why, conflict "
                     "FROM scan_hosts WHERE scan_id = ? ORDER BY ip");
    st.bind(1, scan_id);
    while (st.step()) {
        ScanHostRow r;
        r.scan_id = st.integer(0);
        int i = 1;
        for (std::string* field :
             {&r.ip, &r.mac, &r.hostname, &r.vendor, &r.state, &r.tag, &r.matched_by, &r.why, &r.conflict})
            *field = st.text(i++);
        out.push_back(std::move(r));
    }
    return out;
}

std::vector<ScanPortRow> list_scan_ports(Db& db, std::int64_t scan_id) {
    std::vector<ScanPortRow> out;
    Statement st(db, "SELECT scan_id, ip, protocol, port, service, product FROM scan_ports WHERE scan_id = ? "
                     "ORDER BY ip, protocol, port");
    st.bind(1, scan_id);
    while (st.step()) out.push_back({st.integer(0), st.text(1), st.text(2), st.integer(3), st.text(4), st.text(5)});
    return out;
}

} // namespace netsec::store
