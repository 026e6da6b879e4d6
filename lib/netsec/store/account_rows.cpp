#include "netsec/store/account_rows.hpp"

namespace netsec::store {
namespace {

constexpr const char* account_columns =
    "username, full_name, student_no, kind, grade, class, department, owner, level, status, uid_number, gid_number, "
    "created_at, updated_at, coalesce(issued_at, ''), coalesce(password_set_at, ''), coalesce(last_seen_at, ''), "
    "coalesce(left_at, '')";

AccountRow read_account(const Statement& st, bool with_hash) {
    AccountRow r;
    int i = 0;
    r.username = st.text(i++);
    r.full_name = st.text(i++);
    r.student_no = st.text(i++);
    r.kind = st.text(i++);
    r.grade = st.text(i++);
    r.class_name = st.text(i++);
    r.department = st.text(i++);
    r.owner = st.text(i++);
    r.level = st.text(i++);
    r.status = st.text(i++);
    r.uid_number = st.integer(i++);
    r.gid_number = st.integer(i++);
    r.created_at = st.text(i++);
    r.updated_at = st.text(i++);
    r.issued_at = st.text(i++);
    r.password_set_at = st.text(i++);
    r.last_seen_at = st.text(i++);
    r.left_at = st.text(i++);
    if (with_hash) r.hash = st.text(i++);
    return r;
}

void bind_optional(Statement& st, int index, const std::string& value) {
    if (value.empty())
        st.bind_null(index);
    else
        st.bind(index, value);
}

std::vector<AccountRow> list(Db& db, const AccountFilter& f, bool with_hash) {
    std::string sql = std::string("SELECT ") + account_columns + (with_hash ? ", hash" : "") +
                      " FROM accounts WHERE (?1 = '' OR kind = ?1) AND (?2 = '' OR class GLOB ?2)"
                      " AND (?3 = '' OR status = ?3) AND (?4 = '' OR updated_at >= ?4)"
                      " AND (?5 = '' OR instr(full_name, ?5) > 0) AND (?6 = '' OR student_no = ?6) ORDER BY username";
    Statement st(db, sql.c_str());
    st.bind(1, f.kind).bind(2, f.class_glob).bind(3, f.status).bind(4, f.changed_since);
    st.bind(5, f.name_contains).bind(6, f.student_no);
    std::vector<AccountRow> out;
    while (st.step()) out.push_back(read_account(st, with_hash));
    return out;
}

} // namespace

void insert_account(Transaction& tx, const AccountRow& r) {
    Statement st(tx.db(), "INSERT INTO accounts (username, full_name, kind, grade, class, department, owner, level, "
                          "status, uid_number, gid_number, created_at, updated_at, issued_at, password_set_at, "
                          "last_seen_at, left_at, hash, student_no) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, r.username).bind(2, r.full_name).bind(3, r.kind).bind(4, r.grade).bind(5, r.class_name);
    st.bind(6, r.department).bind(7, r.owner).bind(8, r.level).bind(9, r.status).bind(10, r.uid_number);
    st.bind(11, r.gid_number).bind(12, r.created_at).bind(13, r.updated_at);
    bind_optional(st, 14, r.issued_at);
    bind_optional(st, 15, r.password_set_at);
    bind_optional(st, 16, r.last_seen_at);
    bind_optional(st, 17, r.left_at);
    st.bind(18, r.hash).bind(19, r.student_no);
    st.run();
}

void update_account(Transaction& tx, const AccountRow& r) {
    Statement st(tx.db(), "UPDATE accounts SET full_name = ?, kind = ?, grade = ?, class = ?, department = ?, "
                          "owner = ?, level = ?, status = ?, updated_at = ?, issued_at = ?, password_set_at = ?, "
                          "last_seen_at = ?, left_at = ?, student_no = ? WHERE username = ?");
    st.bind(1, r.full_name).bind(2, r.kind).bind(3, r.grade).bind(4, r.class_name).bind(5, r.department);
    st.bind(6, r.owner).bind(7, r.level).bind(8, r.status).bind(9, r.updated_at);
    bind_optional(st, 10, r.issued_at);
    bind_optional(st, 11, r.password_set_at);
    bind_optional(st, 12, r.last_seen_at);
    bind_optional(st, 13, r.left_at);
    st.bind(14, r.student_no).bind(15, r.username);
    st.run();
}

void set_account_hash(Transaction& tx, const std::string& username, const std::string& hash, const std::string& at) {
    Statement st(tx.db(), "UPDATE accounts SET hash = ?, issued_at = ?, password_set_at = ?, updated_at = ? "
                          "WHERE username = ?");
    st.bind(1, hash).bind(2, at).bind(3, at).bind(4, at).bind(5, username);
    st.run();
}

namespace {
std::optional<AccountRow> find(Db& db, const std::string& username, bool with_hash) {
    std::string sql =
        std::string("SELECT ") + account_columns + (with_hash ? ", hash" : "") + " FROM accounts WHERE username = ?";
    Statement st(db, sql.c_str());
    st.bind(1, username);
    if (!st.step()) return std::nullopt;
    return read_account(st, with_hash);
}
} // namespace

std::optional<AccountRow> find_account(Db& db, const std::string& username) { return find(db, username, false); }
std::optional<AccountRow> find_account_with_hash(Db& db, const std::string& username) {
    return find(db, username, true);
}

std::vector<AccountRow> list_accounts(Db& db, const AccountFilter& f) { return list(db, f, false); }
std::vector<AccountRow> list_accounts_with_hash(Db& db, const AccountFilter& f) { return list(db, f, true); }

std::vector<AccountRow> find_accounts_by_person(Db& db, const std::string& text) {
    std::string sql = std::string("SELECT ") + account_columns +
                      " FROM accounts WHERE full_name = ?1 OR (student_no != '' AND student_no = ?1) ORDER BY username";
    Statement st(db, sql.c_str());
    st.bind(1, text);
    std::vector<AccountRow> out;
    while (st.step()) out.push_back(read_account(st, false));
    return out;
}

std::optional<AccountRow> find_account_by_student_no(Db& db, const std::string& student_no) {
    if (student_no.empty()) return std::nullopt;
    std::string sql = std::string("SELECT ") + account_columns + " FROM accounts WHERE student_no = ?";
    Statement st(db, sql.c_str());
    st.bind(1, student_no);
    if (!st.step()) return std::nullopt;
    return read_account(st, false);
}

std::set<std::string> all_usernames(Db& db) {
    Statement st(db, "SELECT username FROM accounts");
    std::set<std::string> out;
    while (st.step()) out.insert(st.text(0));
    return out;
}

std::int64_t next_uid_offset(Transaction& tx, std::int64_t uid_start) {
    Statement st(tx.db(), "SELECT coalesce(max(uid_number) - ? + 1, 0) FROM accounts");
    st.bind(1, uid_start);
    st.step();
    std::int64_t next = st.integer(0);
    return next < 0 ? 0 : next;
}

} // namespace netsec::store
