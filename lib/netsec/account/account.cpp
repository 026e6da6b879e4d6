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

// Throws Error(data) when another account than `username` holds `student_no`.
void check_student_no(store::Db& db, const std::string& username, const std::string& student_no) {
    auto holder = store::find_account_by_student_no(db, student_no);
    if (holder && holder->username != username)
        throw Error(Exit::data, _f("student number '{}' is already held by '{}' ({})", student_no, holder->username,
                                   holder->full_name));
}

} // namespace

std::string kind_of(const std::string& text) {
    auto k = parse_kind(text);
    if (!k) throw Error(Exit::usage, _f("unknown kind '{}': expected staff, pupil or service", text));
    return *k;
}

AccountFilter account_filter(const std::string& kind, const std::string& class_glob, const std::string& status) {
    AccountFilter f;
    if (!kind.empty()) f.kind = kind_of(kind);
    if (!status.empty()) f.status = parse_status(status);
    f.class_glob = class_glob;
    return f;
}

Account new_account(const policy::Policy& policy, const NewAccount& n, std::int64_t offset, const std::string& at) {
    Account a;
    a.username = n.username;
    a.full_name = n.full_name;
    a.student_no = n.student_no;
    a.kind = n.kind;
    a.grade = n.grade;
    a.class_name = n.class_name;
    a.department = n.department;
    a.owner = n.owner;
    a.level = n.level;
    a.uid_number = policy.accounts.ldap.uid_start + offset;
    a.gid_number = policy.accounts.ldap.gid_start + offset;
    a.created_at = a.updated_at = at;
    return a;
}

Account add_account(store::Db& db, const policy::Policy& policy, const journal::Origin& origin, NewAccount req,
                    Instant now) {
    req.kind = kind_of(req.kind);
    if (req.level.empty()) req.level = policy.accounts.default_level.at(req.kind);
    if (auto problem = username_problem(req.username); !problem.empty()) throw Error(Exit::usage, problem);
    if (auto problem = fields_problem(policy, req); !problem.empty())
        throw Error(Exit::usage, _f("cannot add '{}': {}", req.username, problem));
    store::Transaction tx(db);
    if (auto old = store::find_account(db, req.username))
        throw Error(Exit::data, _f("account '{}' is already in the registry ({}); 'netsec-account set {}' changes it",
                                   req.username, old->full_name, req.username));
    check_student_no(db, req.username, req.student_no);
    std::int64_t offset = store::next_uid_offset(tx, policy.accounts.ldap.uid_start);
    Account a = new_account(policy, req, offset, timeutil::format_rfc3339(now));
    store::insert_account(tx, a);
    journal::append(tx, origin, journal::action::account_added, a.username, added_details(a));
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
    apply("student_no", a.student_no, c.student_no);
    apply("department", a.department, c.department);
    apply("owner", a.owner, c.owner);
    apply("level", a.level, c.level);
    apply("left_at", a.left_at, c.left_at);
    apply("last_seen_at", a.last_seen_at, c.last_seen_at);
    apply("password_set_at", a.password_set_at, c.password_set_at);
    NewAccount check{a.username, a.full_name, a.kind, a.grade, a.class_name, a.department, a.owner, a.level};
    if (auto problem = fields_problem(policy, check); !problem.empty())
        throw Error(Exit::usage, _f("cannot change '{}': {}", username, problem));
    check_student_no(db, username, a.student_no);
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

namespace {

// "a, b, c" of the first five usernames, then "…".
std::string some_usernames(const std::vector<Account>& accounts) {
    std::string out;
    for (std::size_t i = 0; i < accounts.size() && i < 5; ++i) out += (i ? ", " : "") + accounts[i].username;
    return accounts.size() > 5 ? out + ", …" : out;
}

} // namespace

Selected select_accounts(store::Db& db, const Selection& s, const Scope& scope) {
    std::string kind = scope.kind.empty() ? "" : kind_of(scope.kind);
    Selected out;
    io::Resolver<Account> r;
    r.key = "username";
    r.not_done = _("nothing was changed");
    r.not_done_unknown = _("nothing was changed; 'netsec-account list' shows the accounts");
    r.find = [&](const std::string& name) { return store::find_account(db, name); };
    r.match = [&](const std::string& pattern) {
        store::AccountFilter f;
        f.class_glob = pattern;
        std::vector<Account> taken, other;
        for (auto& a : store::list_accounts(db, f)) {
            if (a.status == "archived" && !scope.include_archived) {
                ++out.archived_left_out;
                continue;
            }
            bool wanted = kind.empty() ? a.kind == "pupil" : a.kind == kind;
            (wanted ? taken : other).push_back(std::move(a));
        }
        if (kind.empty() && !other.empty())
            throw Error(Exit::usage,
                        _f("class pattern '{}' would reach {} accounts that are not pupils ({}); nothing was changed: "
                           "add --kind pupil to take only the pupils, or --kind staff or service to mean them",
                           pattern, other.size(), some_usernames(other)));
        return taken;
    };
    r.key_of = [](const Account& a) { return a.username; };
    r.unknown = [](const std::string& name) { return _f("no account '{}'", name); };
    r.no_match = [&](const std::string& pattern) {
        if (out.archived_left_out > 0)
            return _f("no account in a class matching '{}' that is not archived ({} are); --include-archived takes "
                      "them",
                      pattern, out.archived_left_out);
        if (!kind.empty()) return _f("no {} account in a class matching '{}'", kind, pattern);
        return _f("no account in a class matching '{}'; 'netsec-account list --kind pupil' shows the classes", pattern);
    };
    r.no_key = [](const std::string&) { return _("no 'username' in this record"); };
    out.accounts = io::select(s, r);
    return out;
}

std::vector<Account> select_accounts(store::Db& db, const Selection& s) { return select_accounts(db, s, {}).accounts; }

Account find_account_by_person(store::Db& db, const std::string& text) {
    if (auto a = store::find_account(db, text)) return *a;
    auto found = store::find_accounts_by_person(db, text);
    if (found.size() == 1) return found.front();
    if (found.empty())
        throw Error(Exit::no_input, _f("no account '{}' by username, student number or name; 'netsec-account list "
                                       "--name TEXT' searches the names",
                                       text));
    std::string candidates;
    for (const auto& a : found) {
        std::string unit = a.kind == "pupil" ? a.class_name : a.department;
        std::string about = unit;
        if (!a.student_no.empty()) about += (about.empty() ? "" : ", ") + _f("student number {}", a.student_no);
        candidates += "\n  " + a.username + (about.empty() ? "" : " (" + about + ")");
    }
    throw Error(Exit::usage, _f("'{}' names {} accounts; show one by its username:{}", text, found.size(), candidates));
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
                                        const std::string& reason, Instant now, DryRun dry_run) {
    static const std::map<std::string, std::string> actions = {{"active", journal::action::account_enabled},
                                                               {"disabled", journal::action::account_disabled},
                                                               {"expired", journal::action::account_expired},
                                                               {"archived", journal::action::account_archived}};
    if (reason.empty() && dry_run == DryRun::no)
        throw Error(Exit::usage, _("say why with --reason; it is written in the journal"));
    store::Transaction tx(db);
    std::vector<StatusChange> out;
    std::string at = timeutil::format_rfc3339(now);
    for (const auto& given : accounts) {
        Account a = get_account(db, given.username); // as it is now, inside the transaction
        if (a.status == status) continue;
        out.push_back({a.username, a.status, status});
        if (dry_run == DryRun::yes) continue;
        journal::ChangeSet change{{}, reason};
        journal::apply_change(change, "status", a.status, status);
        a.updated_at = at;
        if (status == "archived" && a.left_at.empty()) a.left_at = at;
        store::update_account(tx, a);
        journal::append(tx, origin, actions.at(status), a.username, journal::field_change_details(change));
    }
    if (dry_run == DryRun::no) tx.commit(); // a dry run rolls back, having written nothing
    return out;
}

} // namespace netsec::account
