// The SQL of a training session's participation counted per class (migration 14,
// training_classes): a campaign's or a pupil lesson's class, how many of its pupils took part
// and of how many. Sessions and attendance by person are in training_rows.hpp.
#pragma once
#include "netsec/store/db.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace netsec::store {

struct ClassCountRow {
    std::int64_t session_id = 0;
    int grade = 0, class_no = 0;
    std::int64_t present = 0;
    std::int64_t enrolled = -1; // -1: not given
    std::string note, recorded_by, recorded_at;
};

// Inserts the row, or replaces the one of its session and class.
void put_class_count(Transaction& tx, const ClassCountRow& row);
std::optional<ClassCountRow> find_class_count(Db& db, std::int64_t session_id, int grade, int class_no);
// The classes of `session_id`, by grade and class.
std::vector<ClassCountRow> list_class_counts(Db& db, std::int64_t session_id);

} // namespace netsec::store
