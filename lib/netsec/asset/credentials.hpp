// Who holds the passwords of the school's shared devices and platforms (the router, the camera
// recorder, the LED screen, the pupil-records and finance platforms, the website's admin login)
// and when each was last changed. The secret itself is never stored or asked for. A credential
// is due for a change when an outside technician has maintained its device since it was last
// changed, when it is older than the policy's assets.credentials.max_age, when no change was
// ever recorded, or when its holder has left (the account registry's status or left_at, which
// the caller looks up: HolderLookup).
#pragma once
#include "netsec/core/time.hpp"
#include "netsec/journal/journal.hpp"
#include "netsec/store/db.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace netsec::asset {

struct Credential {
    std::string name, holder, tag, note;
    std::string changed_at; // RFC 3339 UTC, "" when no change was recorded
    std::string created_at, updated_at;
};

struct NewCredential {
    std::string name, holder, tag, note; // tag "" when it is a platform, not a machine
};

// Registers `c` and journals it ("credential.added"). Throws Error(usage) for an empty name or
// holder, Error(data) for a name already registered, Error(no_input) for an unknown tag.
Credential add_credential(store::Db& db, const journal::Origin& origin, const NewCredential& c, timeutil::Instant now);

// Records that the secret of `name` was changed at `at` and journals it ("credential.changed",
// changed_at from -> to). Throws Error(no_input) for an unknown name, Error(usage) for a time
// after `now`.
Credential record_credential_change(store::Db& db, const journal::Origin& origin, const std::string& name,
                                    timeutil::Instant at, timeutil::Instant now);

// Why a credential is due, one reason each.
enum class DueReason { never_changed, outside_visit, too_old, holder_left };

// "never_changed", "outside_visit", "too_old", "holder_left".
std::string due_reason_code(DueReason reason);

// A credential with the facts its due date rests on.
struct CredentialStatus {
    Credential credential;
    std::string outside;            // the newest outside technician on its device, "" when none
    std::string outside_at;         // when they came (RFC 3339 UTC), "" when none
    std::string holder_status;      // the holder's account status, "left" when left_at is set; "" when not registered
    std::string left_at;            // the holder's left_at, "" when none
    std::vector<DueReason> reasons; // empty: not due
    std::vector<std::string> why;   // one sentence a reason, translated
    bool due() const { return !reasons.empty(); }
};

// The due reasons of `c` at `now`, given its device's newest outside visit (when any), the
// policy's maximum age and the holder's account (status and left_at, "" when not registered).
CredentialStatus credential_status(const Credential& c, const std::string& outside, const std::string& outside_at,
                                   const std::string& holder_status, const std::string& left_at,
                                   timeutil::Duration max_age, timeutil::Instant now, const std::string& zone);

// What the account registry says of a holder: status and left_at, both "" when the holder has
// no account there. The asset module does not read accounts (ARCHITECTURE.md): its callers do.
struct Holder {
    std::string status, left_at;
};
using HolderLookup = std::function<Holder(const std::string& username)>;

// Every credential with its status, by name; `holder` says what the registry knows of each holder.
std::vector<CredentialStatus> list_credentials(store::Db& db, timeutil::Duration max_age, timeutil::Instant now,
                                               const std::string& zone, const HolderLookup& holder);

} // namespace netsec::asset
