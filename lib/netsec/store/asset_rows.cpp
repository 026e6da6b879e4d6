#include "netsec/store/asset_rows.hpp"

#include <map>

namespace netsec::store {
namespace {

constexpr const char* columns = "tag, hostname, ip, room, kind, custodian, os, importance, status, bought_on, "
                                "warranty_until, last_seen_at, retired_at, note, created_at, updated_at";

std::vector<std::string*> fields_of(AssetRow& r) {
    return {&r.tag,        &r.hostname,   &r.ip,         &r.room,      &r.kind,           &r.custodian,
            &r.os,         &r.importance, &r.status,     &r.bought_on, &r.warranty_until, &r.last_seen_at,
            &r.retired_at, &r.note,       &r.created_at, &r.updated_at};
}

std::vector<std::string> macs_of(Db& db, const std::string& tag) {
    std::vector<std::string> out;
    Statement st(db, "SELECT mac FROM asset_macs WHERE tag = ? ORDER BY mac");
    st.bind(1, tag);
    while (st.step()) out.push_back(st.text(0));
    return out;
}

std::vector<AssetRow> read_rows(Db& db, Statement& st) {
    std::vector<AssetRow> out;
    while (st.step()) {
        AssetRow r;
        int i = 0;
        for (std::string* f : fields_of(r)) *f = st.text(i++);
        out.push_back(std::move(r));
    }
    if (out.size() <= 16) {
        for (auto& r : out) r.macs = macs_of(db, r.tag);
        return out;
    }
    // A long list reads every address at once rather than one query a machine.
    std::map<std::string, std::vector<std::string>> macs;
    Statement all(db, "SELECT tag, mac FROM asset_macs ORDER BY mac");
    while (all.step()) macs[all.text(0)].push_back(all.text(1));
    for (auto& r : out)
        if (auto it = macs.find(r.tag); it != macs.end()) r.macs = std::move(it->second);
    return out;
}

std::vector<AssetRow> query(Db& db, const std::string& where, const std::string& value) {
    if (!table_exists(db, "assets")) return {};
    std::string sql = std::string("SELECT ") + columns + " FROM assets WHERE " + where + " ORDER BY tag";
    Statement st(db, sql.c_str());
    st.bind(1, value);
    return read_rows(db, st);
}

void put_macs(Transaction& tx, const AssetRow& row, bool replace = true) {
    if (replace) {
        Statement del(tx.db(), "DELETE FROM asset_macs WHERE tag = ?");
        del.bind(1, row.tag);
        del.run();
    }
    Statement ins(tx.db(), "INSERT INTO asset_macs (mac, tag) VALUES (?, ?)");
    for (const auto& mac : row.macs) {
        ins.reset();
        ins.bind(1, mac).bind(2, row.tag);
        ins.run();
    }
}

} // namespace

std::optional<AssetRow> find_asset(Db& db, const std::string& tag) {
    auto rows = query(db, "tag = ?1", tag);
    if (rows.empty()) return std::nullopt;
    return std::move(rows.front());
}

bool asset_exists(Db& db, const std::string& tag) {
    if (!table_exists(db, "assets")) return false;
    Statement st(db, "SELECT 1 FROM assets WHERE tag = ?");
    st.bind(1, tag);
    return st.step();
}

std::optional<std::string> tag_of_mac(Db& db, const std::string& mac) {
    if (!table_exists(db, "asset_macs")) return std::nullopt;
    Statement st(db, "SELECT tag FROM asset_macs WHERE mac = ?");
    st.bind(1, mac);
    if (!st.step()) return std::nullopt;
    return st.text(0);
}

std::optional<AssetRow> find_asset_by_mac(Db& db, const std::string& mac) {
    auto rows = query(db, "tag = (SELECT tag FROM asset_macs WHERE mac = ?1)", mac);
    if (rows.empty()) return std::nullopt;
    return std::move(rows.front());
}

std::vector<AssetRow> find_assets_by_hostname(Db& db, const std::string& hostname) {
    return query(db, "hostname = ?1 COLLATE NOCASE AND hostname != ''", hostname);
}

std::vector<AssetRow> find_assets_by_ip(Db& db, const std::string& ip) { return query(db, "ip = ?1 AND ip != ''", ip); }

std::vector<AssetRow> list_assets(Db& db, const AssetFilter& f) {
    if (!table_exists(db, "assets")) return {};
    std::string sql = std::string("SELECT ") + columns +
                      " FROM assets WHERE (?1 = '' OR room = ?1) AND (?2 = '' OR kind = ?2)"
                      " AND (?3 = '' OR status = ?3) AND (?4 = '' OR custodian = ?4)"
                      " AND (?5 = 1 OR status != 'retired')"
                      " AND (?6 = '' OR last_seen_at = '' OR last_seen_at < ?6) ORDER BY tag";
    Statement st(db, sql.c_str());
    st.bind(1, f.room).bind(2, f.kind).bind(3, f.status).bind(4, f.custodian);
    st.bind(5, std::int64_t(f.include_retired ? 1 : 0)).bind(6, f.unseen_before);
    return read_rows(db, st);
}

std::int64_t count_assets(Db& db) {
    if (!table_exists(db, "assets")) return 0;
    Statement st(db, "SELECT count(*) FROM assets");
    st.step();
    return st.integer(0);
}

void insert_asset(Transaction& tx, const AssetRow& row) {
    std::string sql =
        std::string("INSERT INTO assets (") + columns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    Statement st(tx.db(), sql.c_str());
    AssetRow copy = row;
    int i = 1;
    for (const std::string* f : fields_of(copy)) st.bind(i++, *f);
    st.run();
    put_macs(tx, row, false); // a new machine has no addresses to replace
}

void update_asset(Transaction& tx, const AssetRow& row) {
    Statement st(tx.db(), "UPDATE assets SET hostname = ?2, ip = ?3, room = ?4, kind = ?5, custodian = ?6, os = ?7,"
                          " importance = ?8, status = ?9, bought_on = ?10, warranty_until = ?11, last_seen_at = ?12,"
                          " retired_at = ?13, note = ?14, created_at = ?15, updated_at = ?16 WHERE tag = ?1");
    AssetRow copy = row;
    int i = 1;
    for (const std::string* f : fields_of(copy)) st.bind(i++, *f);
    st.run();
    put_macs(tx, row);
}

} // namespace netsec::store
