// The printed record of one emergency drill (应急演练记录): the drill, its plan's steps with the
// time each was done and by whom, who took part, what went wrong and the lessons, with lines to
// sign. Built as an io::Page, so it prints on A4 as HTML or becomes .docx through Markdown.
#pragma once
#include "netsec/core/label.hpp"
#include "netsec/io/page.hpp"
#include "netsec/policy/policy.hpp"
#include "netsec/store/training_rows.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace netsec::training {

// One person who took part.
struct SheetAttendee {
    std::string username, full_name, signed_at;
};

// Everything the record prints; finished_at "" while the drill is under way.
struct DrillSheet {
    std::int64_t session_id = 0;
    std::string title, date, plan, trainer, audience, note, went_wrong, lessons, finished_at;
    double hours = 0;
    std::vector<store::DrillStepRow> steps; // done_at "" while not done
    std::vector<SheetAttendee> attendees;
};

// The page of `sheet` in `lang`: the plan's name from the policy's categories, times local in
// the school's zone.
io::Page drill_page(const policy::Policy& policy, const DrillSheet& sheet, Lang lang);

} // namespace netsec::training
