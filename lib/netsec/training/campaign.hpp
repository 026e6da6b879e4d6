// Participation counted per class: how many pupils of a class took part in a campaign (the
// 文明上网 pledge, a class meeting on network law) or a pupil lesson, of how many. A campaign is
// school-wide and its pupils need not have accounts, so the class teacher's count is recorded,
// not a list of names (`attend class SESSION CLASS --present N [--of M]`).
//
// Decisions:
// - A class is named as the audience names it: 3-2, class:3-2, 3年级2班 or 三(2)班.
// - Only sessions of kind campaign and pupil count classes, and only classes their audience
//   reaches (all, the grade, the class).
// - A class counted again replaces its count only with a reason, journaled from → to.
#pragma once
#include "netsec/core/time.hpp"
#include "netsec/journal/journal.hpp"
#include "netsec/store/db.hpp"
#include "netsec/store/training_attendance.hpp"
#include "netsec/store/training_rows.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace netsec::training {

// A class's count as stored: enrolled -1 when --of was not given.
using ClassCount = store::ClassCountRow;

struct NewClassCount {
    std::string class_name; // as typed: 3-2, class:3-2, 三(2)班
    std::int64_t present = 0;
    std::optional<std::int64_t> enrolled;
    std::string note, reason;
};

// Records `count` for `session`; throws Error(no_input) for an unknown session, Error(usage)
// for a session of another kind, a class that is none or outside its audience, a count below
// zero or above --of, and a class counted already without a reason.
ClassCount count_class(store::Db& db, const journal::Origin& origin, const std::string& session,
                       const NewClassCount& count, timeutil::Instant now);

// The classes counted for `session`, by grade and class.
std::vector<ClassCount> class_counts(store::Db& db, const store::SessionRow& session);

// "3-2".
std::string class_label(int grade, int class_no);

} // namespace netsec::training
