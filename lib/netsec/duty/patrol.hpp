// The daily patrol of the school's homepage (netsec-duty patrol): fetch it, keep it compressed
// as evidence, and flag what an inspector would: a page that changed since the last patrol, a
// page holding a word of the policy's prohibited list, a footer that no longer shows the ICP
// and public-security numbers on record in the filing register, a site that cannot be reached.
//
// Decisions:
// - The numbers checked are those of every current ICP and public-security record whose site
//   is the URL's host or is not given (a school usually files one website); a file:// page is
//   checked against all of them.
// - "Changed" compares the page's SHA-256 with the last patrol of the same URL that fetched a
//   page; the first patrol of a URL has nothing to compare with and is not "changed".
// - --open-incident opens one DEF incident (grade IV) with the page attached when the page holds
//   a prohibited word or its footer lost a number on record: what a defaced or injected page
//   shows. A page that merely changed, or a site that is down, is reported, not an incident.
// - A status of 400 or more, or no page at all, is the finding "unreachable".
#pragma once
#include "netsec/core/time.hpp"
#include "netsec/duty/patrol_fetch.hpp"
#include "netsec/io/output.hpp"
#include "netsec/journal/journal.hpp"
#include "netsec/policy/policy.hpp"
#include "netsec/store/db.hpp"
#include "netsec/store/duty_patrol_rows.hpp"

#include <string>
#include <vector>

namespace netsec::duty {

struct PatrolOptions {
    std::string url; // "": the policy's website.url
    bool open_incident = false;
    FetchLimits limits;
};

struct PatrolResult {
    store::PatrolRow row;
    std::vector<std::string> findings; // unreachable, changed, prohibited, numbers_missing
};

// "PAT-7": the owner of patrol 7's evidence.
std::string patrol_owner(std::int64_t id);

// The words of a patrol's JSON list column (prohibited, numbers_shown, missing_numbers).
std::vector<std::string> list_of(const std::string& json_text);

// The host of `url` in lower case ("" for file://).
std::string url_host(const std::string& url);

// Patrols the homepage once and records it (journaled "duty.patrolled"). Throws Error(usage)
// when no URL is given or in the policy, or for a URL that is not http(s) or file://; a site
// that cannot be reached is recorded with its error, not thrown.
PatrolResult patrol(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                    const PatrolOptions& options, timeutil::Instant now);

// patrol_id, url, fetched_at, status, size_bytes, sha256, title, changed, prohibited,
// numbers_shown, missing_numbers, error, findings, evidence_id, incident_id, operator; the
// table leaves out sha256 and numbers_shown.
const std::vector<io::Column>& patrol_fields();
io::Records patrol_records(const std::vector<PatrolResult>& results);

} // namespace netsec::duty
