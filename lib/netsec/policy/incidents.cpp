#include "netsec/policy/incidents.hpp"

#include "netsec/core/i18n.hpp"

#include <algorithm>
#include <cctype>
#include <set>

namespace netsec::policy {

const std::vector<Category>& default_categories() {
    // The prohibited kinds of content of the Internet information-service rules (九不准).
    static const std::vector<Subtype> content = {
        {"constitution", "反对宪法确定的基本原则"},
        {"security", "危害国家安全、泄露国家秘密"},
        {"honour", "损害国家荣誉和利益"},
        {"ethnic", "煽动民族仇恨、民族歧视"},
        {"religion", "破坏国家宗教政策、宣扬邪教"},
        {"rumour", "散布谣言、扰乱社会秩序"},
        {"obscene", "淫秽、色情"},
        {"gambling", "赌博"},
        {"violence", "暴力、凶杀、恐怖或教唆犯罪"},
        {"defamation", "侮辱或者诽谤他人"},
        {"other", "其他违法违规内容"},
    };
    static const std::vector<Category> all = {
        {"MAL", "恶意代码（病毒）", "Malicious code", false, {}},
        {"ATK", "网络攻击", "Network attack", false, {}},
        {"DEF", "网页篡改或有害信息", "Defacement or harmful content", true, content},
        {"DATA", "数据泄露或丢失", "Data leak or loss", false, {}},
        {"ACCT", "账号转借、被盗或滥用", "Account lent, stolen or misused", false, {}},
        {"FAC", "设备设施故障", "Equipment or facility failure", false, {}},
        {"DIS", "灾害性事件", "Disaster", false, {}},
        {"FRAUD", "网络钓鱼或诈骗", "Phishing or fraud", false, {}},
        {"VULN", "安全隐患或上级通报", "Weakness or notice from superiors", false, {}},
        {"ABN", "可疑异常（未确认）", "Suspicious, unconfirmed", false, {}},
        {"OTH", "其他", "Other", false, {}},
    };
    return all;
}

const Category* find_category(const Policy& policy, const std::string& code) {
    for (const auto& c : policy.incidents.categories)
        if (c.code == code) return &c;
    return nullptr;
}

namespace {

bool is_code(const std::string& s) {
    if (s.size() < 2 || s.size() > 8) return false;
    for (char ch : s)
        if (!std::isupper(static_cast<unsigned char>(ch))) return false;
    return true;
}

void read_categories(Checker& c, const YAML::Node& node, std::vector<Category>& out) {
    if (!c.expect_list(node, "incidents.categories")) return;
    out.clear();
    std::set<std::string> codes;
    for (std::size_t i = 0; i < node.size(); ++i) {
        std::string where = fmt::format("incidents.categories[{}]", i);
        const YAML::Node item = node[i];
        if (!c.expect_map(item, where)) continue;
        c.known_keys(item, {"code", "name", "name_en", "police", "subtypes"}, where);
        Category cat;
        if (auto v = c.text(item, "code", Required::yes, where)) {
            cat.code = *v;
            if (!is_code(*v))
                c.error(item["code"].Mark(), _f("'{}.code' expects 2 to 8 capital letters, found '{}'", where, *v));
            else if (!codes.insert(*v).second)
                c.error(item["code"].Mark(), _f("category '{}' is given twice", *v));
        }
        if (auto v = c.text(item, "name", Required::yes, where)) cat.name = *v;
        if (auto v = c.text(item, "name_en", Required::no, where)) cat.name_en = *v;
        if (auto v = c.text(item, "police", Required::no, where)) {
            if (*v == "true" || *v == "false")
                cat.police = *v == "true";
            else
                c.error(item["police"].Mark(), _f("'{}.police' expects true or false, found '{}'", where, *v));
        }
        YAML::Node subs = c.child(item, "subtypes", Required::no, where);
        if (subs.IsDefined() && c.expect_list(subs, where + ".subtypes")) {
            for (std::size_t k = 0; k < subs.size(); ++k) {
                std::string sw = fmt::format("{}.subtypes[{}]", where, k);
                if (!c.expect_map(subs[k], sw)) continue;
                c.known_keys(subs[k], {"code", "name"}, sw);
                Subtype st;
                if (auto v = c.text(subs[k], "code", Required::yes, sw)) st.code = *v;
                if (auto v = c.text(subs[k], "name", Required::yes, sw)) st.name = *v;
                cat.subtypes.push_back(st);
            }
        }
        out.push_back(std::move(cat));
    }
}

} // namespace

void read_incidents(Checker& c, const YAML::Node& root, const Reporting& reporting, Incidents& out) {
    out.categories = default_categories();
    out.recipients = {
        {"bureau", {"bureau", reporting.superior.empty() ? "教育局" : reporting.superior, RecipientRole::superior}},
        {"police", {"police", "公安机关", RecipientRole::police}},
        {"leadership", {"leadership", "学校网络安全领导小组", RecipientRole::internal}}};
    YAML::Node node = c.child(root, "incidents", Required::no, "");
    if (!node.IsDefined() || !c.expect_map(node, "incidents")) return;
    c.known_keys(node, {"categories", "recipients", "playbooks", "import_severity", "events", "reopen_after"},
                 "incidents");
    if (YAML::Node cats = c.child(node, "categories", Required::no, "incidents"); cats.IsDefined())
        read_categories(c, cats, out.categories);
    if (auto v = c.severity(node, "import_severity", Required::no, "incidents")) out.import_severity = *v;
    if (auto v = c.duration(node, "reopen_after", Required::no, "incidents")) out.reopen_after = *v;
    YAML::Node events = c.child(node, "events", Required::no, "incidents");
    if (events.IsDefined() && (events.IsNull() || c.expect_list(events, "incidents.events"))) {
        out.events.clear();
        for (std::size_t i = 0; events.IsSequence() && i < events.size(); ++i) {
            auto id = c.as_text(events[i], fmt::format("incidents.events[{}]", i));
            if (!id) continue;
            if (!is_check_id(*id))
                c.error(events[i].Mark(),
                        _f("'incidents.events[{}]' expects a check id such as ACCT-0103 ('netsec-audit list' shows "
                           "them), found '{}'",
                           i, *id));
            else if (id->rfind("INC-", 0) == 0)
                c.error(events[i].Mark(),
                        _f("'incidents.events[{}]' names {}, a check of the incident register itself; its findings "
                           "never open incidents",
                           i, *id));
            else
                out.events.push_back(*id);
        }
    }
    YAML::Node recipients = c.child(node, "recipients", Required::no, "incidents");
    if (recipients.IsDefined() && c.expect_map(recipients, "incidents.recipients")) {
        out.recipients.clear();
        for (const auto& kv : recipients) {
            std::string code = kv.first.as<std::string>("");
            std::string where = "incidents.recipients." + code;
            Recipient r{code, "",
                        code == "police"   ? RecipientRole::police
                        : code == "bureau" ? RecipientRole::superior
                                           : RecipientRole::internal};
            if (kv.second.IsMap()) {
                c.known_keys(kv.second, {"name", "role"}, where);
                if (auto name = c.text(kv.second, "name", Required::yes, where)) r.name = *name;
                if (auto role = c.text(kv.second, "role", Required::yes, where)) {
                    if (*role == "superior")
                        r.role = RecipientRole::superior;
                    else if (*role == "police")
                        r.role = RecipientRole::police;
                    else if (*role == "internal")
                        r.role = RecipientRole::internal;
                    else
                        c.error(kv.second["role"].Mark(),
                                _f("'{}.role' expects superior, police or internal, found '{}'", where, *role));
                }
            } else if (auto name = c.as_text(kv.second, where)) {
                r.name = *name;
            }
            out.recipients[code] = r;
        }
        bool police = false, superior = false;
        for (const auto& [code, r] : out.recipients) {
            police = police || r.role == RecipientRole::police;
            superior = superior || r.role == RecipientRole::superior;
        }
        if (!police)
            c.error(recipients.Mark(), _("'incidents.recipients' must have one with role police (illegal content is "
                                         "reported there)"));
        if (!superior)
            c.error(recipients.Mark(), _("'incidents.recipients' must have one with role superior (every incident is "
                                         "reported there)"));
    }
    YAML::Node playbooks = c.child(node, "playbooks", Required::no, "incidents");
    if (playbooks.IsDefined() && c.expect_map(playbooks, "incidents.playbooks")) {
        for (const auto& kv : playbooks) {
            std::string code = kv.first.as<std::string>("");
            std::string where = "incidents.playbooks." + code;
            bool known = false;
            for (const auto& cat : out.categories) known = known || cat.code == code;
            if (!known) c.error(kv.first.Mark(), _f("'{}' names no category of 'incidents.categories'", where));
            if (!c.expect_list(kv.second, where)) continue;
            std::vector<std::string> steps;
            for (std::size_t i = 0; i < kv.second.size(); ++i)
                if (auto step = c.as_text(kv.second[i], fmt::format("{}[{}]", where, i))) steps.push_back(*step);
            out.playbooks[code] = steps;
        }
    }
}

const char* role_name(RecipientRole role) {
    switch (role) {
    case RecipientRole::superior: return "superior";
    case RecipientRole::police: return "police";
    case RecipientRole::internal: return "internal";
    }
    return "internal";
}

bool is_event(const Incidents& incidents, const std::string& check_id) {
    return std::find(incidents.events.begin(), incidents.events.end(), check_id) != incidents.events.end();
}

} // namespace netsec::policy
