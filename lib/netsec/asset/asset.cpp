#include "netsec/asset/asset.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/text.hpp"
#include "netsec/journal/actions.hpp"
#include "netsec/journal/change_set.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <cctype>
#include <map>
#include <set>

namespace netsec::asset {
namespace {

int hex_value(char ch) {
    if (ch >= '0' && ch <= '9') return ch - '0';
    ch = char(std::tolower(static_cast<unsigned char>(ch)));
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    return -1;
}

std::string kinds_list(const policy::Policy& policy) {
    std::string out;
    for (const auto& k : policy.assets.kinds) out += (out.empty() ? "" : ", ") + k.code;
    return out;
}

std::string ip_problem(const std::string& ip) {
    unsigned char buf[16];
    if (ip.empty() || ::inet_pton(AF_INET, ip.c_str(), buf) == 1 || ::inet_pton(AF_INET6, ip.c_str(), buf) == 1)
        return "";
    return _f("'{}' is not an IP address", ip);
}

std::string date_problem(const char* field, const std::string& date) {
    if (date.empty()) return "";
    try {
        timeutil::parse_date(date, "UTC");
        return "";
    } catch (const Error&) {
        return _f("{} '{}' is not a date; expected YYYY-MM-DD", field, date);
    }
}

// Checks and normalises the row's fields; throws Error(usage) naming the first bad one.
void check_fields(const policy::Policy& policy, Asset& a) {
    if (auto p = tag_problem(a.tag); !p.empty()) throw Error(Exit::usage, p);
    if (a.kind.empty()) throw Error(Exit::usage, _f("'{}' needs a kind: one of {}", a.tag, kinds_list(policy)));
    a.kind = parse_kind(policy, a.kind);
    a.status = parse_status(a.status.empty() ? "in_use" : a.status);
    a.importance = parse_importance(a.importance.empty() ? "normal" : a.importance);
    if (auto p = ip_problem(a.ip); !p.empty()) throw Error(Exit::usage, p);
    for (auto [field, value] :
         {std::pair<const char*, const std::string*>{"bought_on", &a.bought_on}, {"warranty_until", &a.warranty_until}})
        if (auto p = date_problem(field, *value); !p.empty()) throw Error(Exit::usage, p);
    std::set<std::string> macs;
    for (const auto& m : a.macs) macs.insert(parse_mac(m));
    a.macs.assign(macs.begin(), macs.end());
}

// Throws Error(data) when another machine than `tag` holds one of `macs`.
void check_macs_free(store::Db& db, const std::string& tag, const std::vector<std::string>& macs) {
    for (const auto& mac : macs)
        if (auto holder = store::tag_of_mac(db, mac); holder && *holder != tag)
            throw Error(Exit::data, _f("MAC {} is already registered to '{}'", mac, *holder));
}

std::string joined_macs(const std::vector<std::string>& macs) {
    std::string out;
    for (const auto& m : macs) out += (out.empty() ? "" : " ") + m;
    return out;
}

std::vector<std::string> tags_of(const std::vector<Asset>& assets) {
    std::vector<std::string> out;
    for (const auto& a : assets) out.push_back(a.tag);
    return out;
}

std::string tag_list(const std::vector<Asset>& assets) {
    std::string out;
    for (const auto& t : tags_of(assets)) out += (out.empty() ? "" : ", ") + t;
    return out;
}

std::vector<Asset> not_retired(std::vector<Asset> assets) {
    std::erase_if(assets, [](const Asset& a) { return a.status == "retired"; });
    return assets;
}

} // namespace

std::optional<std::string> normalise_mac(std::string_view text) {
    std::string digits;
    std::string t = text::trim(text);
    for (char ch : t) {
        if (ch == ':' || ch == '-' || ch == '.') continue;
        if (hex_value(ch) < 0) return std::nullopt;
        digits += char(std::tolower(static_cast<unsigned char>(ch)));
    }
    if (digits.size() != 12) return std::nullopt;
    // The separators must stand where one of the forms puts them: every 2 digits (: or -) or
    // every 4 (.), or nowhere.
    if (t.size() != 12) {
        char sep = t.size() == 17 ? t[2] : t.size() == 14 ? t[4] : 0;
        std::size_t every = sep == '.' ? 5 : 3;
        if (!sep || (t.size() == 17 && sep == '.') || (t.size() == 14 && sep != '.')) return std::nullopt;
        for (std::size_t i = 0; i < t.size(); ++i)
            if ((i % every == every - 1) != (t[i] == sep)) return std::nullopt;
    }
    std::string out;
    for (std::size_t i = 0; i < 12; i += 2) out += (out.empty() ? "" : ":") + digits.substr(i, 2);
    return out;
}

std::string parse_mac(const std::string& text) {
    if (auto mac = normalise_mac(text)) return *mac;
    throw Error(Exit::usage, _f("'{}' is not a MAC address; write it as 00:1a:2b:3c:4d:5e, 00-1A-2B-3C-4D-5E or "
                                "001a.2b3c.4d5e",
                                text));
}

std::vector<std::string> parse_macs(const std::string& text) {
    std::set<std::string> out;
    std::string word;
    auto flush = [&] {
        if (!word.empty()) out.insert(parse_mac(word));
        word.clear();
    };
    for (char ch : text) {
        if (ch == ' ' || ch == ',' || ch == ';' || ch == '\t' || ch == '\n' || ch == '\r')
            flush();
        else
            word += ch;
    }
    flush();
    return {out.begin(), out.end()};
}

std::string parse_status(const std::string& text) {
    static const std::map<std::string, std::string> names = {
        {"in_use", "in_use"}, {"in-use", "in_use"}, {"spare", "spare"},   {"repair", "repair"}, {"retired", "retired"},
        {"在用", "in_use"},   {"使用中", "in_use"}, {"备用", "spare"},    {"闲置", "spare"},    {"维修", "repair"},
        {"维修中", "repair"}, {"报废", "retired"},  {"已报废", "retired"}};
    auto it = names.find(text::lower_ascii(text::trim(text)));
    if (it == names.end())
        throw Error(Exit::usage, _f("unknown status '{}': expected in_use, spare, repair or retired", text));
    return it->second;
}

std::string parse_importance(const std::string& text) {
    static const std::map<std::string, std::string> names = {{"low", "low"}, {"normal", "normal"}, {"high", "high"},
                                                             {"低", "low"},  {"一般", "normal"},   {"普通", "normal"},
                                                             {"高", "high"}, {"重要", "high"}};
    auto it = names.find(text::lower_ascii(text::trim(text)));
    if (it == names.end()) throw Error(Exit::usage, _f("unknown importance '{}': expected low, normal or high", text));
    return it->second;
}

std::string parse_kind(const policy::Policy& policy, const std::string& text) {
    std::string t = text::trim(text);
    for (const auto& k : policy.assets.kinds)
        if (k.code == text::lower_ascii(t) || k.name == t) return k.code;
    throw Error(Exit::usage,
                _f("unknown kind '{}': expected one of {} (policy assets.kinds)", text, kinds_list(policy)));
}

std::string tag_problem(const std::string& tag) {
    if (tag.empty()) return _("an asset tag is needed");
    if (tag.size() > 64) return _f("the asset tag '{}' is longer than 64 characters", tag);
    for (unsigned char ch : tag)
        if (ch <= ' ' || ch == 0x7f || ch == '/')
            return _f("the asset tag '{}' has a space, a '/' or a control character", tag);
    return "";
}

Asset new_asset(const policy::Policy& policy, const NewAsset& n, Instant now) {
    Asset a;
    a.tag = text::trim(n.tag);
    a.hostname = text::trim(n.hostname);
    a.ip = text::trim(n.ip);
    a.room = text::trim(n.room);
    a.kind = n.kind;
    a.custodian = text::trim(n.custodian);
    a.os = text::trim(n.os);
    a.importance = n.importance;
    a.status = n.status;
    a.bought_on = text::trim(n.bought_on);
    a.warranty_until = text::trim(n.warranty_until);
    a.note = n.note;
    a.macs = n.macs;
    check_fields(policy, a);
    if (a.status == "retired")
        throw Error(Exit::usage, _f("'{}' cannot be added as retired; add it, then 'netsec-asset retire'", a.tag));
    a.created_at = a.updated_at = timeutil::format_rfc3339(now);
    return a;
}

NewAsset new_asset_of(const std::string& tag, const Changes& f) {
    NewAsset n;
    n.tag = tag;
    for (auto [to, from] : {std::pair{&n.hostname, &f.hostname},
                            {&n.ip, &f.ip},
                            {&n.room, &f.room},
                            {&n.kind, &f.kind},
                            {&n.custodian, &f.custodian},
                            {&n.os, &f.os},
                            {&n.importance, &f.importance},
                            {&n.status, &f.status},
                            {&n.bought_on, &f.bought_on},
                            {&n.warranty_until, &f.warranty_until},
                            {&n.note, &f.note}})
        *to = from->value_or("");
    n.macs = f.macs.value_or(std::vector<std::string>{});
    n.macs.insert(n.macs.end(), f.more_macs.begin(), f.more_macs.end());
    return n;
}

Asset add_asset(store::Transaction& tx, const policy::Policy& policy, const journal::Origin& origin, const NewAsset& n,
                Instant now) {
    Asset a = new_asset(policy, n, now);
    if (store::asset_exists(tx.db(), a.tag))
        throw Error(Exit::data, _f("the asset tag '{}' is already registered", a.tag));
    check_macs_free(tx.db(), a.tag, a.macs);
    store::insert_asset(tx, a);
    nlohmann::ordered_json details;
    for (auto [k, v] : {std::pair<const char*, const std::string*>{"hostname", &a.hostname},
                        {"ip", &a.ip},
                        {"room", &a.room},
                        {"kind", &a.kind},
                        {"custodian", &a.custodian},
                        {"os", &a.os},
                        {"importance", &a.importance},
                        {"status", &a.status},
                        {"bought_on", &a.bought_on},
                        {"warranty_until", &a.warranty_until},
                        {"note", &a.note}})
        if (!v->empty()) details[k] = *v;
    if (!a.macs.empty()) details["macs"] = a.macs;
    journal::append(tx, origin, journal::action::asset_added, a.tag, details);
    return a;
}

Asset add_asset(store::Db& db, const policy::Policy& policy, const journal::Origin& origin, const NewAsset& n,
                Instant now) {
    store::Transaction tx(db);
    Asset a = add_asset(tx, policy, origin, n, now);
    tx.commit();
    return a;
}

Changed change_asset(store::Transaction& tx, const policy::Policy& policy, const journal::Origin& origin,
                     const std::string& tag, const Changes& c, Instant now) {
    Asset a = get_asset(tx.db(), tag);
    std::string old_status = a.status;
    journal::ChangeSet set;
    set.reason = c.reason;
    // Values are normalised before they are compared, so "在用" for in_use is no change.
    auto normalised = [&](const std::optional<std::string>& v, auto parse) -> std::optional<std::string> {
        if (!v) return std::nullopt;
        return parse(*v);
    };
    auto trimmed = [](const std::string& v) { return text::trim(v); };
    journal::apply_change(set, "hostname", a.hostname, normalised(c.hostname, trimmed));
    journal::apply_change(set, "ip", a.ip, normalised(c.ip, trimmed));
    journal::apply_change(set, "room", a.room, normalised(c.room, trimmed));
    journal::apply_change(set, "kind", a.kind,
                          normalised(c.kind, [&](const std::string& v) { return parse_kind(policy, v); }));
    journal::apply_change(set, "custodian", a.custodian, normalised(c.custodian, trimmed));
    journal::apply_change(set, "os", a.os, normalised(c.os, trimmed));
    journal::apply_change(set, "importance", a.importance, normalised(c.importance, parse_importance));
    journal::apply_change(set, "status", a.status, normalised(c.status, parse_status));
    journal::apply_change(set, "bought_on", a.bought_on, normalised(c.bought_on, trimmed));
    journal::apply_change(set, "warranty_until", a.warranty_until, normalised(c.warranty_until, trimmed));
    journal::apply_change(set, "note", a.note, c.note);
    journal::apply_change(set, "last_seen_at", a.last_seen_at, c.last_seen_at);
    if (c.macs || !c.more_macs.empty()) {
        std::vector<std::string> given = c.macs ? *c.macs : a.macs;
        given.insert(given.end(), c.more_macs.begin(), c.more_macs.end());
        std::set<std::string> macs;
        for (const auto& m : given)
            for (const auto& one : parse_macs(m)) macs.insert(one);
        std::vector<std::string> next(macs.begin(), macs.end());
        if (journal::record_change(set, "macs", a.macs, next)) a.macs = next;
    }
    if ((old_status == "retired") != (a.status == "retired"))
        throw Error(Exit::usage,
                    old_status == "retired"
                        ? _f("'{}' is retired and stays so; register a machine put back to use under a "
                             "new tag",
                             tag)
                        : _f("'{}' is retired with 'netsec-asset retire {} --reason TEXT', not set", tag, tag));
    check_fields(policy, a);
    check_macs_free(tx.db(), a.tag, a.macs);
    Changed out{a, {}};
    if (set.empty()) return out;
    for (const auto& f : set.changes) out.fields.push_back(f.field);
    out.asset.updated_at = timeutil::format_rfc3339(now);
    store::update_asset(tx, out.asset);
    journal::append_changes(tx, origin, journal::action::asset_changed, tag, set);
    return out;
}

Changed change_asset(store::Db& db, const policy::Policy& policy, const journal::Origin& origin, const std::string& tag,
                     const Changes& changes, Instant now) {
    store::Transaction tx(db);
    Changed c = change_asset(tx, policy, origin, tag, changes, now);
    tx.commit();
    return c;
}

Asset retire_asset(store::Db& db, const journal::Origin& origin, const std::string& tag, const std::string& reason,
                   Instant now) {
    if (text::trim(reason).empty())
        throw Error(Exit::usage, _f("say why '{}' is retired with --reason TEXT (the journal keeps it)", tag));
    store::Transaction tx(db);
    Asset a = get_asset(db, tag);
    if (a.status == "retired") throw Error(Exit::usage, _f("'{}' was already retired on {}", tag, a.retired_at));
    journal::ChangeSet set;
    set.reason = reason;
    journal::record_change(set, "status", a.status, "retired");
    a.status = "retired";
    a.retired_at = a.updated_at = timeutil::format_rfc3339(now);
    store::update_asset(tx, a);
    journal::append(tx, origin, journal::action::asset_retired, tag, journal::field_change_details(set));
    tx.commit();
    return a;
}

Asset get_asset(store::Db& db, const std::string& tag) {
    if (auto a = store::find_asset(db, tag)) return *a;
    throw Error(Exit::no_input, _f("no machine with the tag '{}'; 'netsec-asset list' shows them", tag));
}

std::vector<Asset> list_assets(store::Db& db, const policy::Policy& policy, const ListFilter& f, Instant now) {
    store::AssetFilter s;
    s.room = f.room;
    s.kind = f.kind.empty() ? "" : parse_kind(policy, f.kind);
    s.status = f.status.empty() ? "" : parse_status(f.status);
    s.custodian = f.custodian;
    s.include_retired = f.all || s.status == "retired";
    if (f.unseen) s.unseen_before = timeutil::format_rfc3339(now - *f.unseen);
    auto out = store::list_assets(db, s);
    if (f.unseen) // a machine never seen counts from when it was registered
        std::erase_if(out, [&](const Asset& a) { return a.last_seen_at.empty() && a.created_at >= s.unseen_before; });
    return out;
}

Match match_host(store::Db& db, const SeenHost& seen) {
    Match m;
    std::string mac;
    if (!seen.mac.empty()) {
        if (auto n = normalise_mac(seen.mac)) mac = *n;
        if (!mac.empty())
            if (auto a = store::find_asset_by_mac(db, mac)) {
                m.asset = std::move(a);
                m.matched_by = "mac";
                return m;
            }
    }
    if (!seen.hostname.empty()) {
        auto named = not_retired(store::find_assets_by_hostname(db, seen.hostname));
        if (named.empty() && seen.hostname.find('.') != std::string::npos)
            named = not_retired(store::find_assets_by_hostname(db, seen.hostname.substr(0, seen.hostname.find('.'))));
        if (named.size() > 1) {
            m.why = _f("the hostname '{}' is registered to {} machines ({}); register their MACs to tell them apart",
                       seen.hostname, named.size(), tag_list(named));
            return m;
        }
        if (named.size() == 1) {
            if (!mac.empty() && !named.front().macs.empty()) {
                m.why = _f("the hostname '{}' is registered to '{}' with MAC {}, but this host has MAC {}: another "
                           "machine of the same name, or a new network card ('netsec-asset set {} --mac' adds it)",
                           seen.hostname, named.front().tag, joined_macs(named.front().macs), mac, named.front().tag);
                return m;
            }
            m.asset = std::move(named.front());
            m.matched_by = "hostname";
            return m;
        }
    }
    if (!seen.ip.empty()) {
        auto at_ip = not_retired(store::find_assets_by_ip(db, seen.ip));
        if (at_ip.size() > 1) {
            m.why = _f("the IP address {} is registered to {} machines ({})", seen.ip, at_ip.size(), tag_list(at_ip));
            return m;
        }
        if (at_ip.size() == 1) {
            if (!mac.empty() && !at_ip.front().macs.empty()) {
                m.conflict = _f("{} is registered to '{}' (MAC {}) but now answers with MAC {}", seen.ip,
                                at_ip.front().tag, joined_macs(at_ip.front().macs), mac);
                m.why = m.conflict;
                return m;
            }
            m.asset = std::move(at_ip.front());
            m.matched_by = "ip";
            return m;
        }
    }
    std::vector<std::string> keys;
    if (!mac.empty()) keys.push_back(_f("MAC {}", mac));
    if (!seen.hostname.empty()) keys.push_back(_f("hostname '{}'", seen.hostname));
    if (!seen.ip.empty()) keys.push_back(_f("IP {}", seen.ip));
    std::string named;
    for (const auto& k : keys) named += (named.empty() ? "" : ", ") + k;
    m.why =
        keys.empty() ? _("the row names no MAC, hostname or IP address") : _f("no registered machine has {}", named);
    return m;
}

std::string format_tag(const std::string& pattern, const std::string& room, const std::string& kind, int seq) {
    std::string out;
    for (std::size_t i = 0; i < pattern.size();) {
        if (pattern[i] != '{') {
            out += pattern[i++];
            continue;
        }
        auto close = pattern.find('}', i);
        std::string name = pattern.substr(i + 1, close - i - 1);
        i = close == std::string::npos ? pattern.size() : close + 1;
        if (name == "room")
            out += room;
        else if (name == "kind")
            out += kind;
        else if (name == "seq")
            out += std::to_string(seq);
        else if (name.rfind("seq:0", 0) == 0) {
            std::string digits = std::to_string(seq);
            std::size_t width = std::size_t(name.back() - '0');
            if (digits.size() < width) digits.insert(0, width - digits.size(), '0');
            out += digits;
        }
    }
    return out;
}

std::string next_tag(store::Db& db, const policy::Policy& policy, const std::string& room, const std::string& kind,
                     const std::vector<std::string>& taken) {
    for (int seq = 1; seq < 1000000; ++seq) {
        std::string tag = format_tag(policy.assets.tag_pattern, room, kind, seq);
        if (std::find(taken.begin(), taken.end(), tag) == taken.end() && !store::find_asset(db, tag)) return tag;
    }
    throw Error(Exit::data, _f("no free asset tag by the pattern '{}'", policy.assets.tag_pattern));
}

} // namespace netsec::asset
