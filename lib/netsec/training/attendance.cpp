#include "netsec/training/attendance.hpp"

#include "netsec/account/account.hpp"
#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/journal/import.hpp"
#include "netsec/store/account_rows.hpp"
#include "netsec/store/training_rows.hpp"
#include "netsec/training/session_register.hpp"

#include <map>
#include <set>

namespace netsec::training {
namespace {

using store::AccountRow;

// "wangfang (教导处, 工号 1003)": an account as a person tells it from another of one name.
std::string described(const AccountRow& a) {
    std::string about = a.kind == "pupil" ? a.class_name : a.department;
    if (!a.student_no.empty())
        about += (about.empty() ? "" : ", ") +
                 (a.kind == "pupil" ? _f("学号 {}", a.student_no) : _f("工号 {}", a.student_no));
    return about.empty() ? a.username : a.username + " (" + about + ")";
}

// The kind of account a session's sheet names by name: staff for staff training, a drill and a
// course, pupils for a pupil lesson, "" (any) for a campaign.
std::string kind_signing(const store::SessionRow& session) {
    if (session.kind == "pupil") return "pupil";
    if (session.kind == "campaign") return "";
    return "staff";
}

// The one account `row` names; throws Error(data) saying why none is.
AccountRow match(store::Db& db, const SigninRow& row, const std::string& kind) {
    if (!row.staff_no.empty()) {
        auto a = store::find_account_by_student_no(db, row.staff_no);
        if (!a) a = store::find_account(db, row.staff_no);
        if (!a)
            throw Error(Exit::data,
                        _f("no account has the staff number (工号) '{}', nor that username; 'netsec-account "
                           "set USER --student-no {}' records it",
                           row.staff_no, row.staff_no));
        if (!row.name.empty() && a->full_name != row.name)
            throw Error(Exit::data, _f("staff number (工号) '{}' is {}'s ('{}'), not {}'s", row.staff_no, a->full_name,
                                       a->username, row.name));
        return *a;
    }
    if (!row.username.empty()) {
        auto a = store::find_account(db, row.username);
        if (!a) throw Error(Exit::data, _f("no account '{}' in the account registry", row.username));
        if (!row.name.empty() && a->full_name != row.name)
            throw Error(Exit::data,
                        _f("username '{}' is {}'s account, not {}'s", row.username, a->full_name, row.name));
        return *a;
    }
    std::vector<AccountRow> named, others;
    for (auto& a : store::find_accounts_by_person(db, row.name))
        if (a.full_name == row.name) (kind.empty() || a.kind == kind ? named : others).push_back(std::move(a));
    if (named.empty() && !others.empty())
        throw Error(Exit::data, _f("no {} account is named '{}', only {}; give the 工号 or the username",
                                   kind == "pupil" ? _("pupil") : _("staff"), row.name, described(others.front())));
    if (named.empty())
        throw Error(Exit::data, _f("'{}' is not in the account registry; add the account (netsec-account add) or "
                                   "give the 工号",
                                   row.name));
    if (named.size() > 1) {
        std::string all;
        for (std::size_t i = 0; i < named.size(); ++i)
            all += (i == 0 ? "" : i + 1 == named.size() ? _(" and ") : ", ") + described(named[i]);
        throw Error(Exit::data, _f("{} accounts are named '{}': {}; give the 工号 on the sheet to tell them apart",
                                   named.size(), row.name, all));
    }
    return named.front();
}

// The RFC 3339 time of a sheet's sign-in time on `day` in `zone`; "" for none. Throws
// Error(data) for a date other than `day`.
std::string signed_time(const std::string& text, const std::string& day, const std::string& zone) {
    if (text.empty()) return {};
    std::string local = text;
    if (text.find('-') == std::string::npos)
        local = day + " " + text;
    else if (!text.starts_with(day + " "))
        throw Error(Exit::data, _f("signed in on {}, not on the session's day {}: is this another session's sheet?",
                                   text.substr(0, 10), day));
    return timeutil::format_rfc3339(timeutil::parse_time(local, zone));
}

// Writes `a` as an attendee of `session` and journals it.
void record(store::Transaction& tx, const journal::Origin& origin, const store::SessionRow& session, const Attended& a,
            const std::string& file) {
    store::AttendanceRow row;
    row.session_id = session.id;
    row.username = a.username;
    row.signed_at = a.signed_at;
    row.source = a.source;
    row.line = std::int64_t(a.line);
    store::insert_attendance(tx, row);
    nlohmann::ordered_json details = {{"username", a.username}, {"source", a.source}};
    if (!a.signed_at.empty()) details["signed_at"] = a.signed_at;
    if (!file.empty()) details["file"] = file, details["line"] = a.line;
    journal::append(tx, origin, journal::action::training_attended, session_ref(session.id), details);
}

std::set<std::string> attendees_of(store::Db& db, std::int64_t session_id) {
    std::set<std::string> out;
    for (const auto& a : store::attendance_of(db, session_id)) out.insert(a.username);
    return out;
}

} // namespace

std::size_t AttendResult::count(const std::string& action) const {
    std::size_t n = 0;
    for (const auto& r : rows) n += r.action == action;
    return n;
}

} // namespace netsec::training

namespace netsec::training {

AttendResult add_attendees(store::Db& db, const journal::Origin& origin, const std::string& session_text,
                           const io::Selection& selection, timeutil::Instant) {
    store::SessionRow session = find_session(db, session_text);
    auto accounts = account::select_accounts(db, selection);
    AttendResult result;
    result.session_id = session.id;
    auto already = attendees_of(db, session.id);
    store::Transaction tx(db);
    for (const auto& a : accounts) {
        Attended at{0, a.username, a.full_name, "", "hand", already.count(a.username) ? "unchanged" : "added"};
        if (at.action == "added") record(tx, origin, session, at, "");
        result.rows.push_back(std::move(at));
    }
    tx.commit();
    return result;
}

AttendResult import_sheet(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                          const std::string& session_text, std::string_view bytes, const std::string& source,
                          const SheetOptions& options, timeutil::Instant) {
    store::SessionRow session = find_session(db, session_text);
    SigninSheet sheet = read_signin_rows(bytes, source, options.encoding);
    AttendResult result;
    result.session_id = session.id;
    result.ignored = sheet.ignored;
    journal::Import<Attended> import(db, source);
    auto already = attendees_of(db, session.id);
    std::map<std::string, std::size_t> line_of;
    auto bad = sheet.bad_rows.begin(); // the reader's problems, in line order with the rows'
    for (const auto& row : sheet.rows) {
        for (; bad != sheet.bad_rows.end() && bad->first < row.line; ++bad) import.problem(bad->first, bad->second);
        import.check(row.line, [&]() -> std::optional<Attended> {
            AccountRow a = match(db, row, kind_signing(session));
        if (auto seen = line_of.find(a.username); seen != line_of.end())
            throw Error(Exit::data, _f("{} ('{}') signs in on line {} too; two people of one name need their 工号",
                                       a.full_name, a.username, seen->second));
        line_of[a.username] = row.line;
        return Attended{row.line,    a.username,
                        a.full_name, signed_time(row.signed_at, session.date, policy.school.timezone),
                        "sheet",     already.count(a.username) ? "unchanged" : "added"};
    });
}
for (; bad != sheet.bad_rows.end(); ++bad) import.problem(bad->first, bad->second);
    import.write([&](store::Transaction& tx, const Attended& a, std::size_t) {
        if (a.action == "added") record(tx, origin, session, a, source);
    } // namespace netsec::training
);
if (!options.dry_run) import.commit();
for (const auto& c : import.rows()) result.rows.push_back(c.row);
return result;
}

} // namespace netsec::training
