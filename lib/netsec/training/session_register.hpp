// Sessions as netsec-training's session commands take them: added with their audience read
// (session_audience.hpp) and their materials kept as evidence in the same change, listed by
// school year, and shown whole with their materials, attendees and classes counted.
#pragma once
#include "netsec/core/time.hpp"
#include "netsec/io/output.hpp"
#include "netsec/journal/journal.hpp"
#include "netsec/policy/policy.hpp"
#include "netsec/training/session.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace netsec::training {

struct SessionRequest {
    NewSession session;                 // its audience is left out: `audience` is read instead
    std::vector<std::string> audience;  // --audience as typed, each holding one word or several
    std::vector<std::string> materials; // files kept as the session's evidence
};

// Adds the session and keeps its materials (evidence::add_files, owner TRN-N), all or nothing:
// a bad audience word (64) or a missing material (66) leaves no session and no file.
store::SessionRow record_session(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                                 const SessionRequest& request, timeutil::Instant now);

struct SessionQuery {
    int school_year = 0; // the school year that starts in this year (policy calendar); 0: any
    std::string kind;    // "": any; else one of session_kinds() (Error(usage) otherwise)
};
std::vector<store::SessionRow> list_sessions(store::Db& db, const policy::Policy& policy, const SessionQuery& query);

// The record of session_fields(), then materials, attendees and classes; Error(usage) for a
// text that is no session id, Error(no_input) for an unknown session.
nlohmann::ordered_json session_document(store::Db& db, const std::string& session);
// session_fields() and the three lists, for the table of `session show`.
const std::vector<io::Column>& session_show_fields();

// The session a SESSION argument names: parse_session_id, then get_session.
store::SessionRow find_session(store::Db& db, const std::string& text);

} // namespace netsec::training
