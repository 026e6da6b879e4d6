#include "netsec/account/roster.hpp"
#include "netsec/account/records.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/text.hpp"
#include "netsec/journal/import.hpp"

#include <algorithm>
#include <map>
#include <optional>

namespace netsec::account {

using json = nlohmann::ordered_json;

namespace {

// The account fields a roster row gives, with the headers they are read from (records.cpp);
// the other columns of `list -f csv` (status, times, numbers) are the registry's to set.
const std::vector<io::Column>& roster_columns() {
    static const std::vector<io::Column> columns = [] {
        static const std::set<std::string> read = {"username", "full_name",  "student_no", "kind", "grade",
                                                   "class",    "department", "owner",      "level"};
        std::vector<io::Column> out;
        for (const auto& c : account_fields())
            if (read.count(c.name)) out.push_back(c);
        return out;
    }();
    return columns;
}

// The runs of ASCII digits in `s`, in order.
std::vector<std::string> digit_runs(const std::string& s) {
    std::vector<std::string> out;
    std::string run;
    for (char ch : s + " ") {
        if (ch >= '0' && ch <= '9')
            run += ch;
        else if (!run.empty()) {
            out.push_back(run);
            run.clear();
        }
    }
    return out;
}

std::string pad2(const std::string& digits) {
    return digits.size() < 2 ? std::string(2 - digits.size(), '0') + digits : digits;
}

} // namespace

std::string make_username(const std::string& pattern, const std::string& grade, const std::string& class_name,
                          const std::set<std::string>& taken) {
    std::string year;
    for (const auto& text : {grade, class_name})
        for (const auto& run : digit_runs(text))
            if (year.empty() && run.size() == 4) year = run;
    auto class_runs = digit_runs(class_name);
    // The class number is the last run of digits that is not the year: 2020级3班 -> 3.
    std::string number;
    for (const auto& run : class_runs)
        if (!(run.size() == 4 && run == year)) number = run;
    auto fill = [&](int seq) {
        std::string out;
        for (std::size_t i = 0; i < pattern.size();) {
            if (pattern[i] != '{') {
                out += pattern[i++];
                continue;
            }
            std::size_t close = pattern.find('}', i);
            std::string name = pattern.substr(i + 1, close - i - 1);
            i = close + 1;
            if (name == "year" || name == "yy") {
                if (year.empty())
                    throw Error(Exit::data, _f("no four-digit year in grade '{}' or class '{}' for {{{}}} of '{}'; "
                                               "write it as 2020级 or give a username column",
                                               grade, class_name, name, pattern));
                out += name == "year" ? year : year.substr(2);
            } else if (name == "class") {
                if (number.empty())
                    throw Error(Exit::data, _f("no class number in class '{}' for {{class}} of '{}'; write it as "
                                               "2020级3班 or give a username column",
                                               class_name, pattern));
                out += pad2(number);
            } else { // seq
                out += seq < 10 ? "0" + std::to_string(seq) : std::to_string(seq);
            }
        }
        return out;
    };
    for (int seq = 1; seq < 100000; ++seq) {
        std::string name = fill(seq);
        if (!taken.count(name)) return name;
    }
    throw Error(Exit::data, _f("no free username by '{}'", pattern));
}

RosterResult import_roster(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                           const std::vector<io::Record>& records, const std::string& source,
                           const RosterOptions& options, Instant now) {
    RosterResult result;
    std::string default_kind;
    if (!options.kind.empty()) {
        auto k = parse_kind(options.kind);
        if (!k) throw Error(Exit::usage, _f("unknown kind '{}': expected staff, pupil or service", options.kind));
        default_kind = *k;
    }
    io::Headers headers = io::map_headers(roster_columns(), records, source);
    result.ignored = headers.ignored;
    if (!records.empty() && !headers.header_of.count("kind") && default_kind.empty())
        throw Error(Exit::usage,
                    _f("{} has no kind column (kind, 类别); say which with --kind pupil, staff or service", source));

    // The usernames taken, the ones made from accounts.pupil_username and the uid numbers are
    // decided inside the transaction that writes them: two imports at once cannot both take one.
    journal::Import<NewAccount> import(db, source);
    std::set<std::string> taken = store::all_usernames(db);
    std::map<std::string, std::size_t> line_of;      // username -> roster line, within this import
    std::map<std::string, std::size_t> student_line; // student number -> roster line, within this import
    auto value = [&](const io::Record& r, const char* field) { return io::header_value(headers, r, field); };
    auto bad = [](const std::string& why) { return Error(Exit::data, why); };
    for (const auto& r : records)
        import.check(r.line, [&]() -> std::optional<NewAccount> {
            NewAccount a;
    a.full_name = value(r, "full_name");
    std::string kind_text = value(r, "kind");
    if (kind_text.empty()) kind_text = default_kind;
    a.grade = value(r, "grade");
    a.class_name = value(r, "class");
    a.department = value(r, "department");
    a.owner = value(r, "owner");
    a.level = value(r, "level");
    a.username = value(r, "username");
    a.student_no = value(r, "student_no");
    auto kind = parse_kind(kind_text);
    if (!kind)
        throw bad(kind_text.empty()
                      ? _("no kind; give one in the kind column or with --kind")
                      : _f("unknown kind '{}': expected staff, pupil or service (教师, 学生, 服务)", kind_text));
    a.kind = *kind;
    if (a.level.empty()) a.level = policy.accounts.default_level.at(a.kind);
    if (a.full_name.empty()) throw bad(_("the name is empty"));
    if (a.kind == "pupil" && a.class_name.empty()) throw bad(_f("pupil '{}' has no class", a.full_name));
    if (a.kind == "service" && a.owner.empty())
        throw bad(_f("service account '{}' has no owner (owner, 负责人)", a.full_name));
    if (std::find(policy.accounts.levels.begin(), policy.accounts.levels.end(), a.level) ==
        policy.accounts.levels.end())
        throw bad(_f("unknown level '{}' (accounts.levels)", a.level));
    if (a.username.empty()) {
        if (a.kind != "pupil")
            throw bad(_f("'{}' has no username; staff and service accounts need one in the username "
                         "column (only pupils' are made by accounts.pupil_username)",
                         a.full_name));
        a.username = make_username(policy.accounts.pupil_username, a.grade, a.class_name, taken);
    } else if (auto problem = username_problem(a.username); !problem.empty()) {
        throw bad(problem);
    } else if (auto seen = line_of.find(a.username); seen != line_of.end()) {
        throw bad(_f("username '{}' is also on line {}", a.username, seen->second));
    } else if (taken.count(a.username)) {
        auto old = store::find_account(db, a.username);
        throw bad(_f("username '{}' is already in the registry ({}); 'netsec-account show {}'", a.username,
                     old ? old->full_name : "", a.username));
    }
    if (!a.student_no.empty()) {
        if (auto seen = student_line.find(a.student_no); seen != student_line.end())
            throw bad(_f("student number '{}' is also on line {}", a.student_no, seen->second));
        if (auto holder = store::find_account_by_student_no(db, a.student_no))
            throw bad(_f("student number '{}' is already held by '{}' ({})", a.student_no, holder->username,
                         holder->full_name));
        student_line[a.student_no] = r.line;
    }
    taken.insert(a.username);
    line_of[a.username] = r.line;
    return a;
});

import.require_clean();
std::int64_t offset = store::next_uid_offset(import.transaction(), policy.accounts.ldap.uid_start);
std::string at = timeutil::format_rfc3339(now);
    import.write([&](store::Transaction& tx, const NewAccount& n, std::size_t line) {
        Account a = new_account(policy, n, offset++, at);
    if (!options.dry_run) {
        store::insert_account(tx, a);
        json details = added_details(a);
        details["source"] = fmt::format("{}:{}", source, line);
        journal::append(tx, origin, journal::action::account_added, a.username, details);
    }
    result.accounts.push_back(std::move(a));
    } // namespace netsec::account
);
if (!options.dry_run) import.commit();                         // a dry run rolls back, having written nothing
std::map<std::pair<std::string, std::string>, int> unnumbered; // (name, class) -> pupils without a number
for (const auto& a : result.accounts)
    if (a.kind == "pupil" && a.student_no.empty()) ++unnumbered[{a.full_name, a.class_name}];
for (const auto& [who, count] : unnumbered)
    if (count > 1) result.namesakes.push_back(who.first + " (" + who.second + ")");
return result;
}

} // namespace netsec::account
