#include "netsec/training/records.hpp"

#include "netsec/io/values.hpp"
#include "netsec/training/session.hpp"

namespace netsec::training {

using io::Column;
using io::Kind;

const std::vector<Column>& session_fields() {
    static const std::vector<Column> fields = {
        {"session_id"}, {"date"},         {"kind"},        {"title"},
        {"hours"},      {"trainer"},      {"audience"},    {"plan"},
        {"note", Kind::text, false},      {"finished_at", Kind::time},
        {"created_by", Kind::text, false}, {"created_at", Kind::time, false}};
    return fields;
}

nlohmann::ordered_json session_record(const store::SessionRow& s) {
    return {{"session_id", session_ref(s.id)},
            {"date", s.date},
            {"kind", s.kind},
            {"title", s.title},
            {"hours", s.hours},
            {"trainer", io::text_or_null(s.trainer)},
            {"audience", io::text_or_null(s.audience)},
            {"plan", io::text_or_null(s.plan)},
            {"note", io::text_or_null(s.note)},
            {"finished_at", io::text_or_null(s.finished_at)},
            {"created_by", s.created_by},
            {"created_at", s.created_at}};
}

io::Records session_records(const std::vector<store::SessionRow>& sessions) {
    io::Records out;
    out.columns = session_fields();
    for (const auto& s : sessions) out.rows.push_back(session_record(s));
    return out;
}

} // namespace netsec::training
