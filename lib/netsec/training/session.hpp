// netsec::training — training sessions and who attended, sign-in sheets, drills of the
// emergency plans (a drill is a session of kind drill that exercises an incident playbook, never
// an incident), and coverage of staff, classes and plans. Layers: ARCHITECTURE.md.
#pragma once
#include "netsec/core/time.hpp"
#include "netsec/journal/journal.hpp"
#include "netsec/policy/policy.hpp"
#include "netsec/store/training_rows.hpp"

#include <optional>
#include <string>
#include <vector>

namespace netsec::training {

using timeutil::Instant;

// The kinds of session: staff training, a lesson for pupils, a drill of an emergency plan, a
// school-wide campaign (the 文明上网 pledge, class meetings), and a course outside the school.
const std::vector<std::string>& session_kinds();

struct NewSession {
    std::string date; // YYYY-MM-DD, the school's local date
    std::string title;
    std::string kind;
    double hours = 0;
    std::string trainer, audience, plan, note;
};

// Records a session. Error(usage) naming the option for a kind not in session_kinds(), a date
// that does not exist, hours not above 0 (or above 24), an empty title, a drill without a plan
// or with a plan the policy has no playbook for (listing those it has), a plan on another kind.
// A drill gets its plan's playbook steps, to be checked off. Journaled training.session_added.
store::SessionRow add_session(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                              const NewSession& session, Instant now);

// Hours as people write them: 2, 1.5 (two decimals at most).
std::string hours_text(double hours);

// "TRN-3" for session 3: how a session is named to people, the journal and the evidence.
std::string session_ref(std::int64_t id);

// "3" or "TRN-3" as a session id; Error(usage) naming `argument` for anything else.
std::int64_t parse_session_id(const std::string& text, const std::string& argument = "SESSION");

// The session `id`; Error(no_input) when there is none.
store::SessionRow get_session(store::Db& db, std::int64_t id);

} // namespace netsec::training
