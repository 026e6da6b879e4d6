#include "netsec/account/check.hpp"
#include "netsec/core/text.hpp"

#include "netsec/account/logins.hpp"
#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace netsec::account {

using finding::Severity;
using json = nlohmann::ordered_json;

namespace {

Instant at(const std::string& t) { return timeutil::parse_time(t, "UTC"); }

// A stored time as a person reads it in `zone`: "2026-03-02 14:05", to the second with `seconds`
// (the sign-ins of a burst are seconds apart).
std::string local_time(const std::string& t, const std::string& zone, bool seconds = false) {
    return timeutil::format_local(at(t), zone, seconds);
}

// A stored time's local date in `zone`: "2026-03-02".
std::string local_date(const std::string& t, const std::string& zone) { return local_time(t, zone).substr(0, 10); }

// A failing finding of `problem`'s check, with that check's one severity.
Finding make(const policy::Policy& p, const char* problem, const std::string& title, const std::string& title_zh,
             const std::string& username, const std::string& detail, const std::string& remediation) {
    const AccountCheck& check = check_of(problem);
    Finding f;
    f.check_id = check.id;
    f.status = "fail";
    f.problem = problem;
    f.severity = check_severity(p, check.id);
    f.title = title;
    f.title_zh = title_zh;
    f.username = username;
    f.subject = username;
    f.detail = detail;
    f.remediation = remediation;
    f.fingerprint = finding::fingerprint_of(check.id, username);
    return f;
}

std::string session_text(const Login& l) {
    return fmt::format("{} {}..{} ({}{}{})", l.address.empty() ? "?" : l.address, l.started_at,
                       l.ended_at.empty() ? "?" : l.ended_at, l.service, l.host.empty() ? "" : " on ", l.host);
}

// Lent: overlapping sessions from different places, too many places in one day, sign-ins at
// night. One finding per account, naming every session that shows it.
void check_lent(const policy::Policy& p, const std::vector<Account>& accounts, const std::vector<Login>& logins,
                std::vector<Finding>& out) {
    std::map<std::string, std::vector<const Login*>> by_user;
    for (const auto& l : logins) by_user[l.username].push_back(&l);
    const auto& rules = p.accounts.logins;
    const std::string& zone = p.school.timezone;
    for (const auto& a : accounts) {
        auto it = by_user.find(a.username);
        if (it == by_user.end()) continue;
        const auto& ss = it->second;
        std::set<std::size_t> shown;
        std::vector<std::string> reasons;
        // Two places at once: sessions with recorded ends that overlap.
        std::set<std::string> pairs;
        for (std::size_t i = 0; i < ss.size(); ++i)
            for (std::size_t j = i + 1; j < ss.size(); ++j) {
                const Login& x = *ss[i];
                const Login& y = *ss[j];
                if (x.ended_at.empty() || y.ended_at.empty() || x.address.empty() || y.address.empty() ||
                    x.address == y.address)
                    continue;
                // Logs keep whole seconds: a session that began and ended within one second
                // lasted that second.
                auto until = [](const Login& l) {
                    Instant end = at(l.ended_at);
                    return end > at(l.started_at) ? end : at(l.started_at) + std::chrono::seconds{1};
                };
                if (at(y.started_at) < until(x) && at(x.started_at) < until(y)) {
                    shown.insert(i);
                    shown.insert(j);
                    pairs.insert(std::min(x.address, y.address) + " " + _("and") + " " +
                                 std::max(x.address, y.address));
                }
            }
        if (!pairs.empty())
            reasons.push_back(
                _f("signed in from two places at once ({})", netsec::text::join({pairs.begin(), pairs.end()}, ", ")));
        // Too many places in one local day.
        std::map<std::string, std::set<std::string>> places;
        std::map<std::string, std::vector<std::size_t>> day_sessions;
        for (std::size_t i = 0; i < ss.size(); ++i) {
            if (ss[i]->address.empty()) continue;
            std::string day = timeutil::format_local(at(ss[i]->started_at), zone).substr(0, 10);
            places[day].insert(ss[i]->address);
            day_sessions[day].push_back(i);
        }
        for (const auto& [day, set] : places)
            if (int(set.size()) > rules.max_machines_per_day) {
                reasons.push_back(_f("signed in from {} places on {} (accounts.logins.max_machines_per_day is {})",
                                     set.size(), day, rules.max_machines_per_day));
                for (auto i : day_sessions[day]) shown.insert(i);
            }
        // At night: a sign-in outside the policy's hours, in the school's time zone.
        std::vector<std::string> nights;
        for (std::size_t i = 0; i < ss.size(); ++i) {
            std::string local = timeutil::format_local(at(ss[i]->started_at), zone);
            int minute = std::stoi(local.substr(11, 2)) * 60 + std::stoi(local.substr(14, 2));
            bool day = rules.day_from < rules.day_until ? minute >= rules.day_from && minute < rules.day_until
                                                        : minute >= rules.day_from || minute < rules.day_until;
            if (!day) {
                nights.push_back(local);
                shown.insert(i);
            }
        }
        if (!nights.empty())
            reasons.push_back(_f("signed in at night ({}), outside accounts.logins.hours {:02d}:{:02d}-{:02d}:{:02d}",
                                 netsec::text::join(nights, ", "), rules.day_from / 60, rules.day_from % 60,
                                 rules.day_until / 60, rules.day_until % 60));
        if (reasons.empty()) continue;
        Finding f = make(p, "lent", "account possibly lent", "账号疑似转借", a.username,
                         _f("'{}' ({}): {}", a.username, a.full_name, netsec::text::join(reasons, "; ")),
                         _f("ask {} who used the account; if it was lent, 'netsec-account reset {}' and record why",
                            a.full_name, a.username));
        std::set<std::string> addresses;
        for (auto i : shown) {
            const Login& l = *ss[i];
            f.sessions.push_back(session_text(l));
            if (!l.address.empty()) addresses.insert(l.address);
            if (f.first_at.empty() || l.started_at < f.first_at) f.first_at = l.started_at;
            std::string end = l.ended_at.empty() ? l.started_at : l.ended_at;
            if (end > f.last_at) f.last_at = end;
        }
        f.addresses.assign(addresses.begin(), addresses.end());
        f.sessions.erase(std::unique(f.sessions.begin(), f.sessions.end()), f.sessions.end());
        out.push_back(f);
    }
}

// The first `burst` failures within `window` of each other among `fs` (by time), widened to
// every failure in that window; empty when there is no such burst.
std::vector<const Login*> first_burst(const std::vector<const Login*>& fs, int burst, timeutil::Duration window) {
    std::size_t n = std::size_t(burst);
    for (std::size_t i = 0; i + n <= fs.size(); ++i) {
        Instant start = at(fs[i]->started_at);
        if (at(fs[i + n - 1]->started_at) - start > window) continue;
        std::vector<const Login*> out;
        for (std::size_t j = i; j < fs.size() && at(fs[j]->started_at) - start <= window; ++j) out.push_back(fs[j]);
        return out;
    }
    return {};
}

// Guessing: at least accounts.logins.failed_burst failed sign-ins within failed_window at one
// username, or from one address at any usernames. One finding per username (a registered
// account tried in an address's burst is a subject too); an address whose burst was only at
// unregistered usernames with no finding of their own is the subject of one.
void check_guessing(const policy::Policy& p, const std::vector<Account>& accounts, const std::vector<Login>& failures,
                    const std::vector<Login>& sessions, std::vector<Finding>& out) {
    const auto& rules = p.accounts.logins;
    std::set<std::string> known;
    for (const auto& a : accounts) known.insert(a.username);
    std::map<std::string, std::vector<const Login*>> by_user, by_address;
    for (const auto& l : failures) {
        by_user[l.username].push_back(&l);
        if (!l.address.empty()) by_address[l.address].push_back(&l);
    }
    std::map<std::string, std::vector<const Login*>> users, addresses; // subject -> the failures that show it
    for (const auto& [user, fs] : by_user)
        if (auto burst = first_burst(fs, rules.failed_burst, rules.failed_window); !burst.empty()) users[user] = burst;
    std::map<std::string, std::vector<const Login*>> sprayed; // registered accounts tried in an address's burst
    for (const auto& [address, fs] : by_address) {
        auto burst = first_burst(fs, rules.failed_burst, rules.failed_window);
        if (burst.empty()) continue;
        bool uncovered = false;
        for (const Login* l : burst) {
            if (users.count(l->username)) continue;
            if (known.count(l->username)) {
                if (!sprayed.count(l->username)) sprayed[l->username] = burst;
            } else
                uncovered = true;
        }
        if (uncovered) addresses[address] = burst;
    }
    users.insert(sprayed.begin(), sprayed.end());
    auto report = [&](const std::string& user, const std::string& subject, const std::vector<const Login*>& burst) {
        std::set<std::string> from, tried;
        for (const Login* l : burst) {
            if (!l->address.empty()) from.insert(l->address);
            tried.insert(l->username);
        }
        std::string first = burst.front()->started_at, last = burst.back()->started_at;
        // A session from a guessing address, of the username guessed at, once the guessing began.
        const Login* success = nullptr;
        for (const auto& s : sessions)
            if (s.started_at >= first && from.count(s.address) &&
                (user.empty() ? tried.count(s.username) : s.username == user)) {
                success = &s;
                break;
            }
        std::vector<std::string> from_list(from.begin(), from.end()), names;
        for (const auto& t : tried) names.push_back("'" + t + "'");
        std::string window = timeutil::format_duration(rules.failed_window);
        std::string detail = _f(
            "{} failed sign-ins within {} at {} from {}, {} to {} (accounts.logins.failed_burst is {})", burst.size(),
            window, netsec::text::join(names, ", "), netsec::text::join(from_list, ", "),
            local_time(first, p.school.timezone, true), local_time(last, p.school.timezone, true), rules.failed_burst);
        std::string remediation;
        if (success) {
            detail += _f("; then '{}' signed in from {} at {}", success->username, success->address,
                         local_time(success->started_at, p.school.timezone, true));
            remediation =
                _f("a guess may have succeeded: 'netsec-account reset {}' now, ask the owner whether the sign-in "
                   "from {} at {} was theirs, and block {} in the firewall",
                   success->username, success->address, local_time(success->started_at, p.school.timezone, true),
                   netsec::text::join(from_list, ", "));
        } else {
            detail += _("; no sign-in from there succeeded after them");
            remediation = _f("block {} in the firewall; no sign-in from there succeeded, so no reset is needed",
                             netsec::text::join(from_list, ", "));
        }
        Finding f = make(p, "guessing", "password guessing (a burst of failed sign-ins)", "密码猜测（连续登录失败）",
                         user, detail, remediation);
        f.subject = subject;
        f.fingerprint = finding::fingerprint_of(f.check_id, subject);
        f.first_at = first;
        f.last_at = success ? std::max(last, success->started_at) : last;
        f.addresses = from_list;
        out.push_back(f);
    };
    for (const auto& [user, burst] : users) report(user, user, burst);
    for (const auto& [address, burst] : addresses) report("", address, burst);
}

} // namespace

const std::vector<AccountCheck>& account_checks() {
    static const std::vector<AccountCheck> table = {
        {"ACCT-0101", Severity::medium, {"stale", "leaver", "ownerless"}},
        {"ACCT-0102", Severity::low, {"unchanged_password", "old_password", "weak_hash"}},
        {"ACCT-0103", Severity::high, {"lent"}},
        {"ACCT-0104", Severity::high, {"guessing"}},
    };
    return table;
}

const AccountCheck& check_of(const std::string& problem) {
    for (const auto& c : account_checks())
        if (std::find(c.problems.begin(), c.problems.end(), problem) != c.problems.end()) return c;
    throw Error(Exit::software, fmt::format("no account check reports '{}'", problem));
}

Severity check_severity(const policy::Policy& p, const std::string& check_id) {
    if (check_id == "ACCT-0103") return p.accounts.logins.lent_severity;
    if (check_id == "ACCT-0104") return p.accounts.logins.guessing_severity;
    for (const auto& c : account_checks())
        if (c.id == check_id) return c.severity;
    throw Error(Exit::software, fmt::format("no account check '{}'", check_id));
}

std::vector<Finding> check_accounts(store::Db& db, const policy::Policy& p, const CheckOptions& o, Instant now) {
    auto accounts = store::list_accounts_with_hash(db, {});
    auto logins = store::list_logins(db, "", timeutil::format_rfc3339(o.since));
    std::vector<Finding> out;
    check_lent(p, accounts, logins, out);
    auto failures = store::list_logins(db, "", timeutil::format_rfc3339(o.since), store::LoginResult::failure);
    check_guessing(p, accounts, failures, logins, out);
    const auto& t = p.thresholds;
    std::map<std::string, const Account*> by_name;
    for (const auto& a : accounts) by_name[a.username] = &a;
    for (const auto& a : accounts) {
        if (a.status != "active") continue;
        const std::string& seen = a.last_seen_at.empty() ? a.created_at : a.last_seen_at;
        if (at(seen) <= now - t.stale_account) {
            Finding f =
                make(p, "stale", "account unused past the stale age", "账号长期未使用", a.username,
                     a.last_seen_at.empty()
                         ? _f("'{}' ({}) has never been seen in use since it was added on {} (thresholds.stale_account "
                              "is {})",
                              a.username, a.full_name, local_date(a.created_at, p.school.timezone),
                              timeutil::format_duration(t.stale_account))
                         : _f("'{}' ({}) was last seen in use on {} (thresholds.stale_account is {})", a.username,
                              a.full_name, local_date(a.last_seen_at, p.school.timezone),
                              timeutil::format_duration(t.stale_account)),
                     _f("'netsec-account disable {} --reason ...' if it is no longer needed", a.username));
            f.first_at = f.last_at = seen;
            out.push_back(f);
        }
        if (!a.left_at.empty() && at(a.left_at) <= now) {
            std::string used;
            if (!a.last_seen_at.empty() && a.last_seen_at > a.left_at)
                used = _f("; it was used after that, last on {}", local_time(a.last_seen_at, p.school.timezone));
            Finding f = make(p, "leaver", "account of a person who has left is still active", "离校人员账号仍在使用",
                             a.username,
                             _f("'{}' ({}) left on {} and the account is still active{}", a.username, a.full_name,
                                local_date(a.left_at, p.school.timezone), used),
                             _f("'netsec-account archive {} --reason ...'", a.username));
            f.first_at = a.left_at;
            f.last_at = used.empty() ? a.left_at : a.last_seen_at;
            out.push_back(f);
        }
        if (a.kind == "service") {
            std::string problem;
            if (a.owner.empty())
                problem = _f("service account '{}' ({}) has no owner", a.username, a.full_name);
            else if (auto o2 = by_name.find(a.owner);
                     o2 != by_name.end() && (o2->second->status == "archived" ||
                                             (!o2->second->left_at.empty() && at(o2->second->left_at) <= now)))
                problem =
                    _f("the owner of service account '{}' ({}), '{}', has left", a.username, a.full_name, a.owner);
            if (!problem.empty())
                out.push_back(make(p, "ownerless", "service account without an owner", "服务账号无负责人", a.username,
                                   problem,
                                   _f("'netsec-account set {} --owner NAME' names who answers for it", a.username)));
        }
        if (!a.issued_at.empty() && a.password_set_at == a.issued_at && at(a.issued_at) <= now - t.password_grace) {
            out.push_back(
                make(p, "unchanged_password", "issued password never changed", "初始密码未修改", a.username,
                     _f("'{}' ({}) still has the password issued on {} (thresholds.password_grace is {})", a.username,
                        a.full_name, a.issued_at.substr(0, 10), timeutil::format_duration(t.password_grace)),
                     _f("ask {} to change it; 'netsec-account set {} --password-set DATE' records the change",
                        a.full_name, a.username)));
        } else if (!a.password_set_at.empty() && at(a.password_set_at) <= now - t.password_max_age) {
            out.push_back(
                make(p, "old_password", "password older than the maximum age", "密码超过最长使用期限", a.username,
                     _f("the password of '{}' ({}) was set on {} (thresholds.password_max_age is {})", a.username,
                        a.full_name, a.password_set_at.substr(0, 10), timeutil::format_duration(t.password_max_age)),
                     _f("'netsec-account reset {}', or record a change with --password-set", a.username)));
        }
        if (!a.hash.empty() && a.hash.rfind("$y$", 0) != 0)
            out.push_back(make(p, "weak_hash", "password hash not yescrypt", "密码散列不是 yescrypt", a.username,
                               _f("the stored hash of '{}' is not yescrypt ($y$)", a.username),
                               _f("'netsec-account reset {}' stores a yescrypt hash", a.username)));
    }
    std::stable_sort(out.begin(), out.end(), [](const Finding& x, const Finding& y) {
        return std::tie(x.check_id, x.subject, x.problem) < std::tie(y.check_id, y.subject, y.problem);
    });
    return out;
}

} // namespace netsec::account
