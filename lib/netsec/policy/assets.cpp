#include "netsec/policy/assets.hpp"

#include "netsec/core/i18n.hpp"

#include <charconv>
#include <regex>
#include <set>

namespace netsec::policy {
namespace {

// The fields a generic antivirus export may map (assets.antivirus.map).
const std::set<std::string>& antivirus_fields() {
    static const std::set<std::string> fields = {
        "hostname",       "ip",          "mac",      "product",           "product_version",
        "engine_version", "enabled",     "realtime", "signature_version", "signature_updated_at",
        "quick_scan_at",  "full_scan_at"};
    return fields;
}

std::string joined(const std::set<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

void read_kinds(Checker& c, const YAML::Node& node, Assets& out) {
    YAML::Node list = c.child(node, "kinds", Required::no, "assets");
    if (!list.IsDefined() || list.IsNull() || !c.expect_list(list, "assets.kinds")) return;
    static const std::regex code_form("[a-z][a-z0-9_]{0,31}");
    std::vector<AssetKind> kinds;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < list.size(); ++i) {
        std::string where = fmt::format("assets.kinds[{}]", i);
        const YAML::Node item = list[i];
        if (!c.expect_map(item, where)) continue;
        c.known_keys(item, {"code", "name"}, where);
        AssetKind k;
        if (auto v = c.text(item, "code", Required::yes, where)) {
            if (!std::regex_match(*v, code_form))
                c.error(item["code"].Mark(),
                        _f("'{}.code' expects lower-case letters, digits and _ such as lab_pc, found '{}'", where, *v));
            else if (!seen.insert(*v).second)
                c.error(item["code"].Mark(), _f("the asset kind '{}' is given twice", *v));
            k.code = *v;
        }
        if (auto v = c.text(item, "name", Required::yes, where)) k.name = *v;
        kinds.push_back(std::move(k));
    }
    if (!kinds.empty()) out.kinds = std::move(kinds);
}

void read_tag_pattern(Checker& c, const YAML::Node& node, Assets& out) {
    auto v = c.text(node, "tag_pattern", Required::no, "assets");
    if (!v) return;
    static const std::regex placeholder(R"(\{(room|kind|seq|seq:0[1-9])\})");
    std::string rest = std::regex_replace(*v, placeholder, "");
    bool has_seq = v->find("{seq") != std::string::npos;
    if (rest.find('{') != std::string::npos || rest.find('}') != std::string::npos || !has_seq)
        c.error(node["tag_pattern"].Mark(),
                _f("'assets.tag_pattern' expects text with {{seq}} or {{seq:03}} and optionally {{room}} and "
                   "{{kind}}, such as '{{room}}-{{seq:03}}', found '{}'",
                   *v));
    else
        out.tag_pattern = *v;
}

void read_antivirus(Checker& c, const YAML::Node& node, Antivirus& out) {
    YAML::Node av = c.child(node, "antivirus", Required::no, "assets");
    if (!av.IsDefined() || av.IsNull() || !c.expect_map(av, "assets.antivirus")) return;
    c.known_keys(av, {"approved", "date_order", "map", "outbreak_machines"}, "assets.antivirus");
    YAML::Node list = c.child(av, "approved", Required::no, "assets.antivirus");
    if (list.IsDefined() && !list.IsNull() && c.expect_list(list, "assets.antivirus.approved"))
        for (std::size_t i = 0; i < list.size(); ++i) {
            std::string where = fmt::format("assets.antivirus.approved[{}]", i);
            const YAML::Node item = list[i];
            if (!c.expect_map(item, where)) continue;
            c.known_keys(item, {"product", "licence"}, where);
            ApprovedProduct p;
            if (auto v = c.text(item, "product", Required::yes, where)) p.product = *v;
            if (auto v = c.text(item, "licence", Required::yes, where)) {
                if (v->empty())
                    c.error(item["licence"].Mark(),
                            _f("'{}.licence' expects the product's sales-licence number (销售许可证号)", where));
                p.licence = *v;
            }
            out.approved.push_back(std::move(p));
        }
    if (auto v = c.text(av, "date_order", Required::no, "assets.antivirus")) {
        if (*v != "ymd" && *v != "mdy" && *v != "dmy")
            c.error(av["date_order"].Mark(),
                    _f("'assets.antivirus.date_order' expects ymd, mdy or dmy, found '{}'", *v));
        else
            out.date_order = *v;
    }
    YAML::Node map = c.child(av, "map", Required::no, "assets.antivirus");
    if (map.IsDefined() && !map.IsNull() && c.expect_map(map, "assets.antivirus.map"))
        for (const auto& kv : map) {
            std::string field = kv.first.Scalar();
            if (!antivirus_fields().count(field)) {
                c.error(kv.first.Mark(), _f("'assets.antivirus.map' has no field '{}'; the fields are {}", field,
                                            joined(antivirus_fields())));
                continue;
            }
            if (auto header = c.as_text(kv.second, "assets.antivirus.map." + field)) out.map[field] = *header;
        }
    if (auto v = c.text(av, "outbreak_machines", Required::no, "assets.antivirus")) {
        int n = 0;
        auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
        if (ec != std::errc() || end != v->data() + v->size() || n < 2)
            c.error(av["outbreak_machines"].Mark(),
                    _f("'assets.antivirus.outbreak_machines' expects a whole number of machines, 2 or more, found '{}'",
                       *v));
        else
            out.outbreak_machines = n;
    }
}

} // namespace

const std::vector<AssetKind>& default_asset_kinds() {
    static const std::vector<AssetKind> kinds = {{"lab_pc", "机房电脑"},
                                                 {"multimedia", "多媒体教学设备"},
                                                 {"office_pc", "办公电脑"},
                                                 {"server", "服务器"},
                                                 {"switch", "交换机"},
                                                 {"router", "路由器"},
                                                 {"access_point", "无线接入点"},
                                                 {"printer", "打印机"},
                                                 {"camera", "摄像头/录像机"},
                                                 {"led_screen", "LED 显示屏"},
                                                 {"other", "其他"}};
    return kinds;
}

const AssetKind* find_asset_kind(const Policy& policy, const std::string& code) {
    for (const auto& k : policy.assets.kinds)
        if (k.code == code) return &k;
    return nullptr;
}

void read_assets(Checker& c, const YAML::Node& root, Assets& out) {
    out.kinds = default_asset_kinds();
    YAML::Node node = c.child(root, "assets", Required::no, "");
    if (!node.IsDefined() || node.IsNull() || !c.expect_map(node, "assets")) return;
    c.known_keys(node, {"kinds", "tag_pattern", "unseen_after", "antivirus", "credentials"}, "assets");
    read_kinds(c, node, out);
    read_tag_pattern(c, node, out);
    if (auto v = c.duration(node, "unseen_after", Required::no, "assets")) out.unseen_after = *v;
    read_antivirus(c, node, out.antivirus);
    YAML::Node cred = c.child(node, "credentials", Required::no, "assets");
    if (cred.IsDefined() && !cred.IsNull() && c.expect_map(cred, "assets.credentials")) {
        c.known_keys(cred, {"max_age"}, "assets.credentials");
        if (auto v = c.duration(cred, "max_age", Required::no, "assets.credentials")) out.credential_max_age = *v;
    }
}

} // namespace netsec::policy
