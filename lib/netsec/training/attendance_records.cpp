#include "netsec/training/attendance_records.hpp"

#include "netsec/io/values.hpp"
#include "netsec/training/session.hpp"

namespace netsec::training {

using io::Kind;
using io::text_or_null;
using json = nlohmann::ordered_json;

const std::vector<io::Column>& attended_fields() {
    static const std::vector<io::Column> fields = {{"session_id"}, {"line", Kind::integer},   {"username"},
                                                   {"full_name"},  {"signed_at", Kind::time}, {"source"},
                                                   {"action"}};
    return fields;
}

io::Records attended_records(const AttendResult& result) {
    return io::records_of(attended_fields(), result.rows, [&](const Attended& a) {
        json r;
        r["session_id"] = session_ref(result.session_id);
        r["line"] = a.line == 0 ? json() : json(a.line);
        r["username"] = a.username;
        r["full_name"] = a.full_name;
        r["signed_at"] = text_or_null(a.signed_at);
        r["source"] = a.source;
        r["action"] = a.action;
        return r;
    });
}

const std::vector<io::Column>& class_count_fields() {
    static const std::vector<io::Column> fields = {{"session_id"},
                                                   {"class"},
                                                   {"present", Kind::integer},
                                                   {"enrolled", Kind::integer},
                                                   {"participation", Kind::integer},
                                                   {"note"},
                                                   {"operator"},
                                                   {"recorded_at", Kind::time}};
    return fields;
}

io::Records class_count_records(const std::vector<ClassCount>& counts) {
    return io::records_of(class_count_fields(), counts, [](const ClassCount& c) {
        json r;
        r["session_id"] = session_ref(c.session_id);
        r["class"] = class_label(c.grade, c.class_no);
        r["present"] = c.present;
        r["enrolled"] = c.enrolled >= 0 ? json(c.enrolled) : json();
        // per cent of the class, rounded down; null when --of was not given
        r["participation"] = c.enrolled > 0 ? json(c.present * 100 / c.enrolled) : json();
        r["note"] = text_or_null(c.note);
        r["operator"] = c.recorded_by;
        r["recorded_at"] = c.recorded_at;
        return r;
    });
}

} // namespace netsec::training
