#include "netsec/account/account.hpp"
#include "netsec/account/records.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/problems.hpp"
#include "netsec/journal/change_set.hpp"

#include <algorithm>
#include <fnmatch.h>
#include <set>

namespace netsec::account {

using json = nlohmann::ordered_json;

std::optional<std::string> parse_kind(const std::string& text) {
    if (text == "staff" || text == "教师" || text == "教职工" || text == "老师") return "staff";
    if (text == "pupil" || text == "学生") return "pupil";
    if (text == "service" || text == "服务" || text == "服务账号") return "service";
    return std::nullopt;
}

std::string parse_status(const std::string& text) {
    for (const char* s : {"active", "disabled", "expired", "archived"})
        if (text == s) return text;
    throw Error(Exit::usage, _f("unknown status '{}': expected active, disabled, expired or archived", text));
}

std::string username_problem(const std::string& name) {
    if (name.empty()) return _("a username cannot be empty");
    if (name.size() > 32) return _f("username '{}' is longer than 32 characters", name);
    if (!((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_'))
        return _f("username '{}' must start with a lowercase letter or '_'", name);
    for (char ch : name)
        if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '.' || ch == '-'))
            return _f("username '{}' may hold only a-z, 0-9, '_', '.' and '-'", name);
    return "";
}

namespace {

std::string level_list(const policy::Policy& p) {
    std::string out;
    for (const auto& l : p.accounts.levels) out += (out.empty() ? "" : ", ") + l;
    return out;
}

bool known_level(const policy::Policy& p, const std::string& level) {
    return std::find(p.accounts.levels.begin(), p.accounts.levels.end(), level) != p.accounts.levels.end();
}

// "" when the fields of an account fit its kind, else why not.
std::string fields_problem(const policy::Policy& p, const NewAccount& a) {
    if (a.full_name.empty()) return _("the full name is missing");
    if (a.kind == "pupil" && a.class_name.empty()) return _("a pupil needs a class");
    if (a.kind == "service" && a.owner.empty())
        return _("a service account needs an owner, the person who answers for it");
    if (!known_level(p, a.level))
        return _f("unknown level '{}': expected one of {} (accounts.levels)", a.level, level_list(p));
    return "";
}

} // namespace

AccountFilter account_filter(const std::string& kind, const std::string& class_glob, const std::string& status) {
    AccountFilter f;
    if (!kind.empty()) {
        auto k = parse_kind(kind);
        if (!k) throw Error(Exit::usage, _f("unknown kind '{}': expected staff, pupil or service", kind));
        f.kind = *k;
    }
    if (!status.empty()) f.status = parse_status(status);
    f.class_glob = class_glob;
    return f;
}

Account add_account(store::Db& db, const policy::Policy& policy, const journal::Origin& origin, NewAccount req,
                    Instant now) {
    auto kind = parse_kind(req.kind);
    if (!kind) throw Error(Exit::usage, _f("unknown kind '{}': expected staff, pupil or service", req.kind));
    req.kind = *kind;
    if (req.level.empty()) req.level = policy.accounts.default_level.at(req.kind);
    if (auto problem = username_problem(req.username); !problem.empty()) throw Error(Exit::usage, problem);
    if (auto problem = fields_problem(policy, req); !problem.empty())
        throw Error(Exit::usage, _f("cannot add '{}': {}", req.username, problem));
    store::Transaction tx(db);
    if (auto old = store::find_account(db, req.username))
        throw Error(Exit::data, _f("account '{}' is already in the registry ({}); 'netsec-account set {}' changes it",
                                   req.username, old->full_name, req.username));
    std::int64_t offset = store::next_uid_offset(tx, policy.accounts.ldap.uid_start);
    Account a;
    a.username = req.username;
    a.full_name = req.full_name;
    a.kind = req.kind;
    a.grade = req.grade;
    a.class_name = req.class_name;
    a.department = req.department;
    a.owner = req.owner;
    a.level = req.level;
    a.uid_number = policy.accounts.ldap.uid_start + offset;
    a.gid_number = policy.accounts.ldap.gid_start + offset;
    a.created_at = a.updated_at = timeutil::format_rfc3339(now);
    store::insert_account(tx, a);
    json details = account_record(a);
    for (const char* k :
         {"username", "issued_at", "password_set_at", "last_seen_at", "left_at", "created_at", "updated_at"})
        details.erase(k);
    journal::append(tx, origin, journal::action::account_added, a.username, details);
    tx.commit();
    return a;
}

Account get_account(store::Db& db, const std::string& username) {
    auto a = store::find_account(db, username);
    if (!a) throw Error(Exit::no_input, _f("no account '{}'; 'netsec-account list' shows them", username));
    return *a;
}

Account change_account(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                       const std::string& username, const Changes& c, Instant now) {
    store::Transaction tx(db);
    Account a = get_account(db, username);
    journal::ChangeSet changes;
    changes.reason = c.reason;
    auto apply = [&](const char* field, std::string& value, const std::optional<std::string>& next) {
        journal::apply_change(changes, field, value, next);
    };
    apply("full_name", a.full_name, c.full_name);
    apply("grade", a.grade, c.grade);
    apply("class", a.class_name, c.class_name);
    apply("department", a.department, c.department);
    apply("owner", a.owner, c.owner);
    apply("level", a.level, c.level);
    apply("left_at", a.left_at, c.left_at);
    apply("last_seen_at", a.last_seen_at, c.last_seen_at);
    apply("password_set_at", a.password_set_at, c.password_set_at);
    NewAccount check{a.username, a.full_name, a.kind, a.grade, a.class_name, a.department, a.owner, a.level};
    if (auto problem = fields_problem(policy, check); !problem.empty())
        throw Error(Exit::usage, _f("cannot change '{}': {}", username, problem));
    if (changes.empty()) return a;
    a.updated_at = timeutil::format_rfc3339(now);
    store::update_account(tx, a);
    journal::append_changes(tx, origin, journal::action::account_changed, username, changes);
    tx.commit();
    return a;
}

Selection read_selection(const std::vector<std::string>& names, const std::string& class_glob, std::istream& in) {
    io::SelectionOptions o;
    o.key = "username";
    o.nothing_named = _("name the accounts: usernames, --class PATTERN, or - to read them from standard input");
    o.not_done = _("nothing was changed");
    return io::read_selection({names, class_glob}, o, in);
}

std::vector<Account> select_accounts(store::Db& db, const Selection& s) {
    io::Resolver<Account> r;
    r.key = "username";
    r.not_done = _("nothing was changed");
    r.not_done_unknown = _("nothing was changed; 'netsec-account list' shows the accounts");
    r.find = [&](const std::string& name) { return store::find_account(db, name); };
    r.match = [&](const std::string& pattern) {
        store::AccountFilter f;
        f.class_glob = pattern;
        return store::list_accounts(db, f);
    };
    r.key_of = [](const Account& a) { return a.username; };
    r.unknown = [](const std::string& name) { return _f("no account '{}'", name); };
    r.no_match = [](const std::string& pattern) {
        return _f("no account in a class matching '{}'; 'netsec-account list --kind pupil' shows the classes", pattern);
    };
    r.no_key = [](const std::string&) { return _("no 'username' in this record"); };
    return io::select(s, r);
}

std::vector<Account> list_accounts(store::Db& db, const ListFilter& f, Instant now) {
    auto rows = store::list_accounts(db, f.store);
    std::vector<Account> out;
    auto older = [&](const std::string& at, const std::string& fallback, timeutil::Duration age) {
        const std::string& t = at.empty() ? fallback : at;
        return timeutil::parse_time(t, "UTC") <= now - age;
    };
    for (auto& a : rows) {
        if (f.stale && !older(a.last_seen_at, a.created_at, *f.stale)) continue;
        if (f.password_older && !older(a.password_set_at, a.created_at, *f.password_older)) continue;
        out.push_back(std::move(a));
    }
    return out;
}

std::vector<StatusChange> change_status(store::Db& db, const journal::Origin& origin,
                                        const std::vector<Account>& accounts, const std::string& status,
                                        const std::string& reason, Instant now) {
    static const std::map<std::string, std::string> actions = {{"active", journal::action::account_enabled},
                                                               {"disabled", journal::action::account_disabled},
                                                               {"expired", journal::action::account_expired},
                                                               {"archived", journal::action::account_archived}};
    if (reason.empty()) throw Error(Exit::usage, _("say why with --reason; it is written in the journal"));
    store::Transaction tx(db);
    std::vector<StatusChange> out;
    std::string at = timeutil::format_rfc3339(now);
    for (const auto& given : accounts) {
        Account a = get_account(db, given.username); // as it is now, inside the transaction
        if (a.status == status) continue;
        out.push_back({a.username, a.status, status});
        journal::ChangeSet change{{}, reason};
        journal::apply_change(change, "status", a.status, status);
        a.updated_at = at;
        if (status == "archived" && a.left_at.empty()) a.left_at = at;
        store::update_account(tx, a);
        journal::append(tx, origin, actions.at(status), a.username, journal::field_change_details(change));
    }
    tx.commit();
    return out;
}

} // namespace netsec::account
