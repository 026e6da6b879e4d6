#include "netsec/training/attendance.hpp"

#include "netsec/account/account.hpp"
#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/journal/import.hpp"
#include "netsec/store/account_rows.hpp"
#include "netsec/store/training_rows.hpp"
#include "netsec/training/session.hpp"

#include <map>
#include <set>

namespace netsec::training {
namespace {

using store::AccountRow;

// "wangfang (教导处, 工号 1003)": an account as a person tells it from another of one name.
std::string described(const AccountRow& a) {
    std::string about = a.kind == "pupil" ? a.class_name : a.department;
    if (!a.student_no.empty()) about += (about.empty() ? "" : ", ") + _f("工号 {}", a.student_no);
    return about.empty() ? a.username : a.username + " (" + about + ")";
}

// The one account `row` names; throws Error(data) saying why none is.
AccountRow match(store::Db& db, const SigninRow& row) {
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
    std::vector<AccountRow> named;
    for (auto& a : store::find_accounts_by_person(db, row.name))
        if (a.full_name == row.name) named.push_back(std::move(a));
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

} // namespace

std::size_t AttendResult::count(const std::string& action) const {
    std::size_t n = 0;
    for (const auto& r : rows) n += r.action == action;
    return n;
}

} // namespace netsec::training
