#include "netsec/store/login_rows.hpp"

#include <sqlite3.h>

namespace netsec::store {

LoginStored store_login(Transaction& tx, const LoginRow& r) {
    Statement find(tx.db(), "SELECT coalesce(ended_at, '') FROM logins WHERE fingerprint = ?");
    find.bind(1, r.fingerprint);
    if (find.step()) {
        if (!find.text(0).empty() || r.ended_at.empty()) return LoginStored::already;
        Statement st(tx.db(), "UPDATE logins SET ended_at = ? WHERE fingerprint = ?");
        st.bind(1, r.ended_at).bind(2, r.fingerprint);
        st.run();
        return LoginStored::ended;
    }
    Statement st(tx.db(), "INSERT INTO logins (fingerprint, username, address, service, host, started_at, ended_at, "
                          "source, format, imported_at, result) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, r.fingerprint).bind(2, r.username).bind(3, r.address).bind(4, r.service).bind(5, r.host);
    st.bind(6, r.started_at);
    if (r.ended_at.empty())
        st.bind_null(7);
    else
        st.bind(7, r.ended_at);
    st.bind(8, r.source).bind(9, r.format).bind(10, r.imported_at);
    st.bind(11, r.result == LoginResult::failure ? "failure" : "success");
    st.run();
    return LoginStored::added;
}

std::vector<LoginRow> list_logins(Db& db, const std::string& username, const std::string& since, LoginResult result) {
    Statement st(
        db, "SELECT fingerprint, username, address, service, host, started_at, coalesce(ended_at, ''), "
            "source, format, imported_at FROM logins WHERE (?1 = '' OR username = ?1) "
            "AND (?2 = '' OR started_at >= ?2) AND result = ?3 ORDER BY started_at, username, address, fingerprint");
    st.bind(1, username).bind(2, since).bind(3, result == LoginResult::failure ? "failure" : "success");
    std::vector<LoginRow> out;
    while (st.step()) {
        LoginRow r;
        r.fingerprint = st.text(0);
        r.username = st.text(1);
        r.address = st.text(2);
        r.service = st.text(3);
        r.host = st.text(4);
        r.started_at = st.text(5);
        r.ended_at = st.text(6);
        r.source = st.text(7);
        r.format = st.text(8);
        r.imported_at = st.text(9);
        r.result = result;
        out.push_back(std::move(r));
    }
    return out;
}

bool raise_last_seen(Transaction& tx, const std::string& username, const std::string& at) {
    // updated_at stays: it is what the nightly LDIF sync compares, and last_seen_at is not exported.
    Statement st(tx.db(), "UPDATE accounts SET last_seen_at = ?1 WHERE username = ?2 "
                          "AND (last_seen_at IS NULL OR last_seen_at < ?1)");
    st.bind(1, at).bind(2, username);
    st.run();
    return sqlite3_changes(tx.db().handle()) > 0;
}

} // namespace netsec::store
