// Drills: a training session of kind drill runs an emergency plan (an incident playbook) as an
// exercise. Its steps are checked off with their time and who did them, and it is finished with
// what went wrong and the lessons. A drill never touches the incident register.
#pragma once
#include "netsec/io/output.hpp"
#include "netsec/training/drill_page.hpp"
#include "netsec/training/session.hpp"

#include <optional>
#include <string>
#include <vector>

namespace netsec::training {

// A step checked off: by a username of the account registry ("" for the operator), at a time
// (nothing for now), with a note.
struct StepDone {
    std::int64_t n = 0;
    std::string by, note;
    std::optional<Instant> at;
};

// Checks off step `done.n` of drill `id`, journaled drill.step_done. Error(no_input) for an
// unknown session or --by account; Error(usage) for a session that is not a drill, a finished
// drill, a step the plan lacks or one already done, a time in the future or before the drill's
// day.
store::DrillStepRow check_off_step(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                                   std::int64_t id, const StepDone& done, Instant now);

// What a finished drill says of itself; both texts are required.
struct DrillReport {
    std::string went_wrong, lessons;
    std::optional<Instant> at;
};

struct Finished {
    store::SessionRow session;
    std::vector<std::int64_t> not_done; // steps never checked off
};

// Finishes drill `id`, journaled drill.finished. Error(usage) for an empty text, a session that
// is not a drill, one already finished, a time in the future or before its last step.
Finished finish_drill(store::Db& db, const policy::Policy& policy, const journal::Origin& origin, std::int64_t id,
                      const DrillReport& report, Instant now);

// Everything drill `id`'s record prints, full names from the account registry; Error(no_input)
// when there is no such session, Error(usage) when it is not a drill.
DrillSheet drill_sheet(store::Db& db, std::int64_t id);

// The steps of drill `id`, checked as drill_sheet checks it.
std::vector<store::DrillStepRow> drill_steps(store::Db& db, std::int64_t id);

// session_id, n, text, done_at, done_by, note: a drill's steps as records.
const std::vector<io::Column>& drill_step_fields();
io::Records drill_step_records(const std::vector<store::DrillStepRow>& steps);

} // namespace netsec::training
