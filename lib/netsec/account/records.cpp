#include "netsec/account/records.hpp"

#include "netsec/account/export.hpp"
#include "netsec/io/values.hpp"

namespace netsec::account {

using io::records_of;
using io::text_or_null;

using json = nlohmann::ordered_json;
using io::Kind;

const std::vector<io::Column>& account_fields() {
    // The aliases are the headers `import` reads (roster.cpp); full_name is the one it needs.
    static const std::vector<io::Column> fields = {
        {"username", Kind::text, true, {"user", "用户名", "账号"}},
        {"full_name", Kind::text, true, {"name", "姓名"}, true},
        {"kind", Kind::text, true, {"类别"}},
        {"grade", Kind::text, true, {"年级"}},
        {"class", Kind::text, true, {"班级"}},
        {"student_no", Kind::text, true, {"student number", "学号", "学籍号"}},
        {"department", Kind::text, true, {"部门"}},
        {"owner", Kind::text, true, {"负责人"}},
        {"level", Kind::text, true, {"权限", "权限级别"}},
        {"status"},
        {"issued_at", Kind::time},
        {"password_set_at", Kind::time},
        {"last_seen_at", Kind::time},
        {"left_at", Kind::time, false},
        {"uid_number", Kind::integer, false},
        {"gid_number", Kind::integer, false},
        {"created_at", Kind::time, false},
        {"updated_at", Kind::time, false}};
    return fields;
}

json account_record(const Account& a) {
    json r;
    r["username"] = a.username;
    r["full_name"] = a.full_name;
    r["kind"] = a.kind;
    r["grade"] = text_or_null(a.grade);
    r["class"] = text_or_null(a.class_name);
    r["student_no"] = text_or_null(a.student_no);
    r["department"] = text_or_null(a.department);
    r["owner"] = text_or_null(a.owner);
    r["level"] = a.level;
    r["status"] = a.status;
    r["issued_at"] = text_or_null(a.issued_at);
    r["password_set_at"] = text_or_null(a.password_set_at);
    r["last_seen_at"] = text_or_null(a.last_seen_at);
    r["left_at"] = text_or_null(a.left_at);
    r["uid_number"] = a.uid_number;
    r["gid_number"] = a.gid_number;
    r["created_at"] = a.created_at;
    r["updated_at"] = a.updated_at;
    return r;
}

json added_details(const Account& a) {
    json details = account_record(a);
    for (const char* k :
         {"username", "issued_at", "password_set_at", "last_seen_at", "left_at", "created_at", "updated_at"})
        details.erase(k);
    return details;
}

io::Records account_records(const std::vector<Account>& accounts) {
    return records_of(account_fields(), accounts, account_record);
}

const std::vector<io::Column>& export_fields() {
    static const std::vector<io::Column> fields = [] {
        auto all = account_fields();
        all.push_back({"home_directory"});
        all.push_back({"login_shell"});
        return all;
    }();
    return fields;
}

io::Records export_records(const std::vector<Account>& accounts, const policy::Policy& policy) {
    return records_of(export_fields(), accounts, [&](const Account& a) {
        json r = account_record(a);
        r["home_directory"] = home_directory(policy, a.username);
        r["login_shell"] = policy.accounts.ldap.shell;
        return r;
    });
}

const std::vector<io::Column>& issued_fields() {
    static const std::vector<io::Column> fields = {{"username"},   {"full_name"},  {"class"},
                                                   {"student_no"}, {"department"}, {"password"}};
    return fields;
}

io::Records issued_records(const std::vector<Issued>& issued) {
    return records_of(issued_fields(), issued, [](const Issued& i) {
        return json{{"username", i.account.username},
                    {"full_name", i.account.full_name},
                    {"class", text_or_null(i.account.class_name)},
                    {"student_no", text_or_null(i.account.student_no)},
                    {"department", text_or_null(i.account.department)},
                    {"password", i.password}};
    });
}

const std::vector<io::Column>& status_change_fields() {
    static const std::vector<io::Column> fields = {{"username"}, {"previous_status"}, {"status"}};
    return fields;
}

io::Records status_change_records(const std::vector<StatusChange>& changes) {
    return records_of(status_change_fields(), changes, [](const StatusChange& c) {
        return json{{"username", c.username}, {"previous_status", c.from}, {"status", c.to}};
    });
}

const std::vector<io::Column>& login_fields() {
    static const std::vector<io::Column> fields = {{"username"},
                                                   {"address"},
                                                   {"started_at", Kind::time},
                                                   {"ended_at", Kind::time},
                                                   {"service"},
                                                   {"host"},
                                                   {"source"},
                                                   {"format", Kind::text, false},
                                                   {"fingerprint", Kind::text, false},
                                                   {"imported_at", Kind::time, false}};
    return fields;
}

json login_record(const Login& l) {
    return {{"username", l.username},       {"address", l.address},
            {"started_at", l.started_at},   {"ended_at", text_or_null(l.ended_at)},
            {"service", l.service},         {"host", l.host},
            {"source", l.source},           {"format", l.format},
            {"fingerprint", l.fingerprint}, {"imported_at", text_or_null(l.imported_at)}};
}

io::Records login_records(const std::vector<Login>& logins) { return records_of(login_fields(), logins, login_record); }

const std::vector<io::Column>& finding_fields() {
    static const std::vector<io::Column> fields = {{"check_id"},
                                                   {"problem", Kind::text, false},
                                                   {"status", Kind::text, false},
                                                   {"severity"},
                                                   {"subject", Kind::text, false},
                                                   {"username"},
                                                   {"title"},
                                                   {"title_zh", Kind::text, false},
                                                   {"detail"},
                                                   {"first_at", Kind::time, false},
                                                   {"last_at", Kind::time, false},
                                                   {"addresses", Kind::json},
                                                   {"sessions", Kind::json, false},
                                                   {"remediation", Kind::text, false},
                                                   {"fingerprint", Kind::text, false},
                                                   {"checked_at", Kind::time, false}};
    return fields;
}

json finding_record(const Finding& f, Instant now) {
    return {{"check_id", f.check_id},
            {"problem", f.problem},
            {"status", f.status},
            {"severity", finding::severity_name(f.severity)},
            {"subject", f.subject.empty() ? f.username : f.subject},
            {"username", f.username.empty() ? json() : json(f.username)},
            {"title", f.title},
            {"title_zh", f.title_zh},
            {"detail", f.detail},
            {"first_at", text_or_null(f.first_at)},
            {"last_at", text_or_null(f.last_at)},
            {"addresses", f.addresses},
            {"sessions", f.sessions},
            {"remediation", f.remediation},
            {"fingerprint", f.fingerprint},
            {"checked_at", timeutil::format_rfc3339(now)}};
}

io::Records finding_records(const std::vector<Finding>& findings, Instant now) {
    return records_of(finding_fields(), findings, [now](const Finding& f) { return finding_record(f, now); });
}

} // namespace netsec::account
