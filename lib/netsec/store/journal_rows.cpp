#include "netsec/store/journal_rows.hpp"

#include <nlohmann/json.hpp>

namespace netsec::store {
namespace {

constexpr const char* columns = "seq, time, operator, host, tool, action, subject, details, prev_hash, hash";

JournalRow read_row(const Statement& st) {
    JournalRow r;
    r.seq = st.integer(0);
    r.time = st.text(1);
    r.operator_name = st.text(2);
    r.host = st.text(3);
    r.tool = st.text(4);
    r.action = st.text(5);
    r.subject = st.text(6);
    r.details = st.text(7);
    r.prev_hash = st.text(8);
    r.hash = st.text(9);
    return r;
}

std::optional<JournalRow> first(Statement& st) {
    if (!st.step()) return std::nullopt;
    return read_row(st);
}

} // namespace

void insert_journal_row(Transaction& tx, const JournalRow& r) {
    Statement st(tx.db(), "INSERT INTO journal (seq, time, operator, host, tool, action, subject, details, "
                          "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, r.seq).bind(2, r.time).bind(3, r.operator_name).bind(4, r.host).bind(5, r.tool);
    st.bind(6, r.action).bind(7, r.subject).bind(8, r.details).bind(9, r.prev_hash).bind(10, r.hash);
    st.run();
}

std::optional<JournalRow> last_journal_row(Db& db) {
    Statement st(db, (std::string("SELECT ") + columns + " FROM journal ORDER BY seq DESC LIMIT 1").c_str());
    return first(st);
}

std::optional<JournalHeadRow> last_journal_head(Db& db) {
    Statement st(db, "SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1");
    if (!st.step()) return std::nullopt;
    return JournalHeadRow{st.integer(0), st.text(1)};
}

std::optional<JournalRow> journal_row(Db& db, std::int64_t seq) {
    Statement st(db, (std::string("SELECT ") + columns + " FROM journal WHERE seq = ?").c_str());
    st.bind(1, seq);
    return first(st);
}

std::optional<JournalRow> last_journal_row_for(Db& db, const std::vector<std::string>& actions,
                                               const std::string& subject) {
    Statement st(db, (std::string("SELECT ") + columns +
                      " FROM journal WHERE action IN (SELECT value FROM json_each(?)) AND subject = ?"
                      " ORDER BY seq DESC LIMIT 1")
                         .c_str());
    st.bind(1, nlohmann::json(actions).dump()).bind(2, subject);
    return first(st);
}

std::vector<JournalRow> journal_rows(Db& db, const JournalFilter& f) {
    // Empty filters match everything, so one plain statement serves every combination.
    Statement st(db, (std::string("SELECT ") + columns +
                      " FROM journal WHERE (?1 = '' OR time >= ?1) AND (?2 = '' OR time <= ?2)"
                      " AND (?3 = '' OR subject = ?3) AND (?4 = '' OR tool = ?4) AND (?5 = '[]' OR action IN (SELECT "
                      "value FROM json_each(?5)))"
                      " ORDER BY seq")
                         .c_str());
    st.bind(1, f.since).bind(2, f.until).bind(3, f.subject).bind(4, f.tool).bind(5, nlohmann::json(f.actions).dump());
    std::vector<JournalRow> rows;
    while (st.step()) rows.push_back(read_row(st));
    return rows;
}

void each_journal_row(Db& db, const std::function<bool(const JournalRow&)>& visit) {
    Statement st(db, (std::string("SELECT ") + columns + " FROM journal ORDER BY seq").c_str());
    while (st.step())
        if (!visit(read_row(st))) return;
}

} // namespace netsec::store
