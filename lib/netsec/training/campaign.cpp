#include "netsec/training/campaign.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/store/training_attendance.hpp"
#include "netsec/training/session_audience.hpp"
#include "netsec/training/session_register.hpp"
#include "netsec/training/signin.hpp"

#include <regex>

namespace netsec::training {
namespace {

AudienceWord class_of(const std::string& text) {
    std::string t = normalize_cell(text);
    static const std::regex bare(R"(^\d+-\d+$)");
    if (std::regex_match(t, bare)) t = "class:" + t;
    try {
        auto words = parse_audience({t});
        if (words.size() == 1 && words.front().kind == AudienceWord::Kind::class_) return words.front();
    } catch (const Error&) {
    }
    throw Error(Exit::usage, _f("'{}' is not a class: expected GRADE-CLASS, e.g. 3-2 (also 3年级2班, 三(2)班)", text));
}

nlohmann::ordered_json count_json(const store::ClassCountRow& r) {
    nlohmann::ordered_json j = {{"present", r.present}};
    j["enrolled"] = r.enrolled < 0 ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(r.enrolled);
    if (!r.note.empty()) j["note"] = r.note;
    return j;
}

} // namespace

std::string class_label(int grade, int class_no) { return std::to_string(grade) + "-" + std::to_string(class_no); }

ClassCount count_class(store::Db& db, const journal::Origin& origin, const std::string& session_text,
                       const NewClassCount& n, timeutil::Instant now) {
    store::SessionRow session = find_session(db, session_text);
    if (session.kind != "campaign" && session.kind != "pupil")
        throw Error(Exit::usage, _f("{} is a session of kind {}: classes are counted for campaign and pupil sessions",
                                    session_ref(session.id), session.kind));
    AudienceWord c = class_of(n.class_name);
    std::string label = class_label(c.grade, c.class_no);
    if (!reaches_class(read_audience(session.audience), c.grade, c.class_no))
        throw Error(Exit::usage, _f("class {} is not in the audience of {} ('{}')", label, session_ref(session.id),
                                    session.audience));
    if (n.present < 0) throw Error(Exit::usage, _f("--present {} is below zero", n.present));
    if (n.enrolled && *n.enrolled < n.present)
        throw Error(Exit::usage, _f("--present {} is more than --of {}", n.present, *n.enrolled));
    store::Transaction tx(db);
    auto before = store::find_class_count(db, session.id, c.grade, c.class_no);
    if (before && n.reason.empty())
        throw Error(Exit::usage, _f("class {} of {} is counted already ({} present); give --reason to replace it",
                                    label, session_ref(session.id), before->present));
    store::ClassCountRow row;
    row.session_id = session.id;
    row.grade = c.grade;
    row.class_no = c.class_no;
    row.present = n.present;
    row.enrolled = n.enrolled ? *n.enrolled : -1;
    row.note = n.note;
    row.recorded_by = origin.operator_name;
    row.recorded_at = timeutil::format_rfc3339(now);
    store::put_class_count(tx, row);
    nlohmann::ordered_json details = {{"class", label}};
    if (before) {
        details["from"] = count_json(*before);
        details["to"] = count_json(row);
        details["reason"] = n.reason;
    } else {
        details.update(count_json(row));
    }
    journal::append(tx, origin, journal::action::training_class_counted, session_ref(session.id), details);
    tx.commit();
    return row;
}

std::vector<ClassCount> class_counts(store::Db& db, const store::SessionRow& session) {
    return store::list_class_counts(db, session.id);
}

} // namespace netsec::training
