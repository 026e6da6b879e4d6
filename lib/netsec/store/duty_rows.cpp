#include "netsec/store/duty_rows.hpp"

#include <sqlite3.h>

namespace netsec::store {
namespace {

constexpr const char* slot_columns =
    "date, slot, username, rostered_username, starts_at, ends_at, month, generated_at, updated_at";

DutySlotRow read_slot(const Statement& st) {
    return {st.text(0), st.text(1), st.text(2), st.text(3), st.text(4),
            st.text(5), st.text(6), st.text(7), st.text(8)};
}

constexpr const char* closing_columns =
    "id, room, date, closed_at, by_user, items, note, operator, recorded_at, all_ok";

DutyClosingRow read_closing(const Statement& st) {
    DutyClosingRow r;
    r.id = st.integer(0);
    r.room = st.text(1);
    r.date = st.text(2);
    r.closed_at = st.text(3);
    r.by_user = st.text(4);
    r.items = st.text(5);
    r.note = st.text(6);
    r.operator_name = st.text(7);
    r.recorded_at = st.text(8);
    r.all_ok = st.integer(9) != 0;
    return r;
}

} // namespace

void put_duty_slot(Transaction& tx, const DutySlotRow& r) {
    Statement st(tx.db(), "INSERT OR REPLACE INTO duty_slots (date, slot, username, rostered_username, starts_at, "
                          "ends_at, month, generated_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, r.date).bind(2, r.slot).bind(3, r.username).bind(4, r.rostered_username).bind(5, r.starts_at);
    st.bind(6, r.ends_at).bind(7, r.month).bind(8, r.generated_at).bind(9, r.updated_at);
    st.run();
}

void delete_duty_slots_after(Transaction& tx, const std::string& month, const std::string& after_at) {
    Statement st(tx.db(), "DELETE FROM duty_slots WHERE month = ? AND starts_at > ?");
    st.bind(1, month).bind(2, after_at);
    st.run();
}

bool set_duty_slot_user(Transaction& tx, const std::string& date, const std::string& slot, const std::string& username,
                        const std::string& updated_at) {
    Statement st(tx.db(), "UPDATE duty_slots SET username = ?, updated_at = ? WHERE date = ? AND slot = ?");
    st.bind(1, username).bind(2, updated_at).bind(3, date).bind(4, slot);
    st.run();
    return sqlite3_changes(tx.db().handle()) > 0;
}

std::optional<DutySlotRow> find_duty_slot(Db& db, const std::string& date, const std::string& slot) {
    if (!table_exists(db, "duty_slots")) return std::nullopt;
    std::string sql = std::string("SELECT ") + slot_columns + " FROM duty_slots WHERE date = ? AND slot = ?";
    Statement st(db, sql.c_str());
    st.bind(1, date).bind(2, slot);
    if (!st.step()) return std::nullopt;
    return read_slot(st);
}

std::vector<DutySlotRow> list_duty_slots(Db& db, const std::string& from, const std::string& to) {
    if (!table_exists(db, "duty_slots")) return {};
    std::string sql = std::string("SELECT ") + slot_columns +
                      " FROM duty_slots WHERE (?1 = '' OR date >= ?1) AND (?2 = '' OR date <= ?2)"
                      " ORDER BY date, starts_at, slot";
    Statement st(db, sql.c_str());
    st.bind(1, from).bind(2, to);
    std::vector<DutySlotRow> out;
    while (st.step()) out.push_back(read_slot(st));
    return out;
}

void record_duty_month(Transaction& tx, const std::string& month, const std::string& at, const std::string& by) {
    Statement st(tx.db(), "INSERT INTO duty_months (month, generated_at, generated_by, generations) VALUES (?, ?, ?, 1)"
                          " ON CONFLICT(month) DO UPDATE SET generated_at = excluded.generated_at,"
                          " generated_by = excluded.generated_by, generations = generations + 1");
    st.bind(1, month).bind(2, at).bind(3, by);
    st.run();
}

std::optional<DutyMonthRow> find_duty_month(Db& db, const std::string& month) {
    if (!table_exists(db, "duty_months")) return std::nullopt;
    Statement st(db, "SELECT month, generated_at, generated_by, generations FROM duty_months WHERE month = ?");
    st.bind(1, month);
    if (!st.step()) return std::nullopt;
    return DutyMonthRow{st.text(0), st.text(1), st.text(2), st.integer(3)};
}

std::optional<std::string> first_duty_month(Db& db) {
    if (!table_exists(db, "duty_months")) return std::nullopt;
    Statement st(db, "SELECT min(month) FROM duty_months");
    if (!st.step() || st.is_null(0)) return std::nullopt;
    return st.text(0);
}

std::int64_t insert_duty_swap(Transaction& tx, const DutySwapRow& r) {
    Statement st(tx.db(), "INSERT INTO duty_swaps (date, slot, from_username, to_username, reason, operator, "
                          "swapped_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, r.date).bind(2, r.slot).bind(3, r.from_username).bind(4, r.to_username).bind(5, r.reason);
    st.bind(6, r.operator_name).bind(7, r.swapped_at);
    st.run();
    return tx.db().last_insert_id();
}

std::vector<DutySwapRow> list_duty_swaps(Db& db, const std::string& from, const std::string& to) {
    if (!table_exists(db, "duty_swaps")) return {};
    Statement st(db, "SELECT id, date, slot, from_username, to_username, reason, operator, swapped_at FROM duty_swaps"
                     " WHERE (?1 = '' OR date >= ?1) AND (?2 = '' OR date <= ?2) ORDER BY swapped_at, id");
    st.bind(1, from).bind(2, to);
    std::vector<DutySwapRow> out;
    while (st.step())
        out.push_back(
            {st.integer(0), st.text(1), st.text(2), st.text(3), st.text(4), st.text(5), st.text(6), st.text(7)});
    return out;
}

std::int64_t insert_duty_closing(Transaction& tx, const DutyClosingRow& r) {
    Statement st(tx.db(), "INSERT INTO duty_closings (room, date, closed_at, by_user, items, note, operator, "
                          "recorded_at, all_ok) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, r.room).bind(2, r.date).bind(3, r.closed_at).bind(4, r.by_user).bind(5, r.items).bind(6, r.note);
    st.bind(7, r.operator_name).bind(8, r.recorded_at).bind(9, std::int64_t{r.all_ok ? 1 : 0});
    st.run();
    return tx.db().last_insert_id();
}

std::vector<DutyClosingRow> list_duty_closings(Db& db, const std::string& from, const std::string& to) {
    if (!table_exists(db, "duty_closings")) return {};
    std::string sql = std::string("SELECT ") + closing_columns +
                      " FROM duty_closings WHERE (?1 = '' OR date >= ?1) AND (?2 = '' OR date <= ?2)"
                      " ORDER BY date, room, closed_at, id";
    Statement st(db, sql.c_str());
    st.bind(1, from).bind(2, to);
    std::vector<DutyClosingRow> out;
    while (st.step()) out.push_back(read_closing(st));
    return out;
}

} // namespace netsec::store
