#include "netsec/store/training_attendance.hpp"

namespace netsec::store {
namespace {

constexpr const char* class_columns = "session_id, grade, class_no, present, enrolled, note, recorded_by, recorded_at";

ClassCountRow read_class_count(const Statement& st) {
    ClassCountRow r;
    r.session_id = st.integer(0);
    r.grade = int(st.integer(1));
    r.class_no = int(st.integer(2));
    r.present = st.integer(3);
    r.enrolled = st.is_null(4) ? -1 : st.integer(4);
    r.note = st.text(5);
    r.recorded_by = st.text(6);
    r.recorded_at = st.text(7);
    return r;
}

} // namespace

void put_class_count(Transaction& tx, const ClassCountRow& r) {
    Statement st(tx.db(), "INSERT OR REPLACE INTO training_classes (session_id, grade, class_no, present, enrolled, "
                          "note, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, r.session_id).bind(2, std::int64_t(r.grade)).bind(3, std::int64_t(r.class_no)).bind(4, r.present);
    if (r.enrolled < 0)
        st.bind_null(5);
    else
        st.bind(5, r.enrolled);
    st.bind(6, r.note).bind(7, r.recorded_by).bind(8, r.recorded_at);
    st.run();
}

std::optional<ClassCountRow> find_class_count(Db& db, std::int64_t session_id, int grade, int class_no) {
    std::string sql = std::string("SELECT ") + class_columns +
                      " FROM training_classes WHERE session_id = ? AND grade = ? AND class_no = ?";
    Statement st(db, sql.c_str());
    st.bind(1, session_id).bind(2, std::int64_t(grade)).bind(3, std::int64_t(class_no));
    if (!st.step()) return std::nullopt;
    return read_class_count(st);
}

std::vector<ClassCountRow> list_class_counts(Db& db, std::int64_t session_id) {
    std::string sql =
        std::string("SELECT ") + class_columns + " FROM training_classes WHERE session_id = ? ORDER BY grade, class_no";
    Statement st(db, sql.c_str());
    st.bind(1, session_id);
    std::vector<ClassCountRow> out;
    while (st.step()) out.push_back(read_class_count(st));
    return out;
}

} // namespace netsec::store
