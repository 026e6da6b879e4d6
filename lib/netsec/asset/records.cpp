#include "netsec/asset/records.hpp"

#include "netsec/asset/register_import.hpp"
#include "netsec/io/values.hpp"

namespace netsec::asset {

using io::text_or_null;

using json = nlohmann::ordered_json;
using io::Kind;

const std::vector<io::Column>& asset_fields() {
    static const std::vector<io::Column> fields = {
        {"tag", Kind::text, true, {"asset tag", "资产编号", "资产标签", "编号"}, true},
        {"host", Kind::text, true, {"hostname", "computer name", "主机名", "计算机名"}},
        {"macs", Kind::text, true, {"mac", "mac address", "MAC地址", "物理地址"}},
        {"ip", Kind::text, true, {"ip address", "IP地址"}},
        {"room", Kind::text, true, {"location", "位置", "房间", "教室", "所在位置"}},
        {"kind", Kind::text, true, {"type", "类型", "设备类型"}},
        {"custodian", Kind::text, true, {"责任人", "保管人", "使用人"}},
        {"os", Kind::text, false, {"operating system", "操作系统"}},
        {"importance", Kind::text, false, {"重要性", "重要程度"}},
        {"status", Kind::text, true, {"状态"}},
        {"bought_on", Kind::text, false, {"bought", "购置日期", "购买日期"}},
        {"warranty_until", Kind::text, false, {"warranty", "保修截止", "保修期至"}},
        {"last_seen_at", Kind::time},
        {"retired_at", Kind::time, false},
        {"note", Kind::text, false, {"备注"}},
        {"created_at", Kind::time, false},
        {"updated_at", Kind::time, false}};
    return fields;
}

const std::vector<io::Column>& show_fields() {
    static const std::vector<io::Column> fields = [] {
        auto f = asset_fields();
        for (const char* name : {"sightings", "antivirus", "detections", "maintenance", "incidents"})
            f.push_back({name, Kind::json});
        return f;
    }();
    return fields;
}

json asset_record(const Asset& a) {
    json r;
    r["tag"] = a.tag;
    r["host"] = text_or_null(a.hostname);
    std::string macs;
    for (const auto& m : a.macs) macs += (macs.empty() ? "" : " ") + m;
    r["macs"] = text_or_null(macs);
    r["ip"] = text_or_null(a.ip);
    r["room"] = text_or_null(a.room);
    r["kind"] = a.kind;
    r["custodian"] = text_or_null(a.custodian);
    r["os"] = text_or_null(a.os);
    r["importance"] = a.importance;
    r["status"] = a.status;
    r["bought_on"] = text_or_null(a.bought_on);
    r["warranty_until"] = text_or_null(a.warranty_until);
    r["last_seen_at"] = text_or_null(a.last_seen_at);
    r["retired_at"] = text_or_null(a.retired_at);
    r["note"] = text_or_null(a.note);
    r["created_at"] = a.created_at;
    r["updated_at"] = a.updated_at;
    return r;
}

io::Records asset_records(const std::vector<Asset>& assets) {
    io::Records out;
    out.columns = asset_fields();
    for (const auto& a : assets) out.rows.push_back(asset_record(a));
    return out;
}

const std::vector<io::Column>& imported_fields() {
    static const std::vector<io::Column> fields = {{"line", Kind::integer}, {"tag"}, {"action"}, {"fields"}};
    return fields;
}

io::Records imported_records(const std::vector<ImportedRow>& rows) {
    io::Records out;
    out.columns = imported_fields();
    for (const auto& r : rows) {
        std::string fields;
        for (const auto& f : r.fields) fields += (fields.empty() ? "" : " ") + f;
        out.rows.push_back({{"line", r.line}, {"tag", r.tag}, {"action", r.action}, {"fields", text_or_null(fields)}});
    }
    return out;
}

} // namespace netsec::asset
