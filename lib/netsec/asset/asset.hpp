// netsec::asset — the asset register: every machine and device of the school by its asset tag,
// its MAC addresses, room, kind, custodian and status; what scans saw, its antivirus, its
// maintenance, the software allowed on it and who holds the passwords of shared devices. A
// retired machine is kept with its history, never deleted. Never prints and never reads argv
// (layers: ARCHITECTURE.md).
//
// Decisions:
// - MAC addresses are stored one way, "00:1a:2b:3c:4d:5e": Windows' 00-1A-2B-3C-4D-5E, Cisco's
//   001a.2b3c.4d5e and a bare 001A2B3C4D5E are the same address. A MAC belongs to one machine.
// - Every importer (scans, antivirus exports, software lists) finds the machine a row speaks of
//   with match_host(), in one stated order: MAC, then hostname, then IP. A key held by several
//   machines, or a hostname or IP whose registered MAC differs from the one seen, matches
//   nothing and says why: never a guess, never a silent merge.
#pragma once
#include "netsec/core/time.hpp"
#include "netsec/io/records.hpp"
#include "netsec/journal/journal.hpp"
#include "netsec/policy/policy.hpp"
#include "netsec/store/asset_rows.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace netsec::asset {

using Asset = store::AssetRow;
using timeutil::Instant;

// The address `text` names, as "00:1a:2b:3c:4d:5e"; nothing when it is not a MAC address.
std::optional<std::string> normalise_mac(std::string_view text);
// The same; throws Error(usage) naming `text` and the forms read.
std::string parse_mac(const std::string& text);
// The addresses in `text`, separated by spaces, commas or semicolons, normalised and sorted;
// throws Error(usage) for one that is not a MAC address.
std::vector<std::string> parse_macs(const std::string& text);

// "in_use", "spare", "repair", "retired" (Chinese too: 在用 备用 维修 报废); Error(usage) otherwise.
std::string parse_status(const std::string& text);
// "low", "normal", "high" (低 一般 高 重要); Error(usage) otherwise.
std::string parse_importance(const std::string& text);
// The code of the kind `text` names: a code of the policy's kinds or its Chinese name;
// Error(usage) listing the codes otherwise.
std::string parse_kind(const policy::Policy& policy, const std::string& text);
// "" when `tag` is a usable asset tag (1 to 64 characters, no space, no control character, no
// '/'), else why not.
std::string tag_problem(const std::string& tag);

// What `add` and each import row give; empty text is "not set".
struct NewAsset {
    std::string tag, hostname, ip, room, kind, custodian, os, importance, status, bought_on, warranty_until, note;
    std::vector<std::string> macs; // as typed; normalised on the way in
};

// The register row for `n` made at `now`: fields checked and normalised. Throws Error(usage)
// for a bad field (naming it), never touches the store.
Asset new_asset(const policy::Policy& policy, const NewAsset& n, Instant now);

// Adds `n` inside `tx` and journals "asset.added"; throws Error(data) when its tag or one of
// its MACs is already registered, naming the machine that holds it.
Asset add_asset(store::Transaction& tx, const policy::Policy& policy, const journal::Origin& origin, const NewAsset& n,
                Instant now);
// The same in a transaction of its own.
Asset add_asset(store::Db& db, const policy::Policy& policy, const journal::Origin& origin, const NewAsset& n,
                Instant now);

// The fields `set` may change; unset optionals stay as they are, "" clears.
struct Changes {
    std::optional<std::string> hostname, ip, room, kind, custodian, os, importance, status, bought_on, warranty_until,
        note, last_seen_at;
    std::optional<std::vector<std::string>> macs; // the whole list, as typed
    std::vector<std::string> more_macs;           // added to the list (macs when given, else the registered)
    std::string reason;
};

// The machine `tag` with the fields `fields` gives (absent ones empty): what `add` registers.
NewAsset new_asset_of(const std::string& tag, const Changes& fields);

// Applies `changes` to the machine `tag` inside `tx` and journals "asset.changed" with each
// field's from and to and the reason; nothing when nothing changes. Throws Error(no_input) for
// an unknown tag, Error(usage) for a bad value or a change to or from retired (retire does
// that), Error(data) for a MAC another machine holds.
struct Changed {
    Asset asset;                     // as it is now
    std::vector<std::string> fields; // the fields that changed, in the order of Changes; none: unchanged
};
Changed change_asset(store::Transaction& tx, const policy::Policy& policy, const journal::Origin& origin,
                     const std::string& tag, const Changes& changes, Instant now);
Changed change_asset(store::Db& db, const policy::Policy& policy, const journal::Origin& origin, const std::string& tag,
                     const Changes& changes, Instant now);

// Retires the machine `tag` (status retired, retired_at now), journaled "asset.retired" with
// `reason`, which is required. Throws Error(no_input) for an unknown tag, Error(usage) when it
// is already retired or no reason is given.
Asset retire_asset(store::Db& db, const journal::Origin& origin, const std::string& tag, const std::string& reason,
                   Instant now);

// The machine `tag`; throws Error(no_input) naming the command that lists them.
Asset get_asset(store::Db& db, const std::string& tag);

struct ListFilter {
    std::string room, kind, status, custodian; // as typed; "" for any
    bool all = false;                          // also retired machines (always when status is retired)
    std::optional<timeutil::Duration> unseen;  // not seen by a scan for this long (or never)
};
std::vector<Asset> list_assets(store::Db& db, const policy::Policy& policy, const ListFilter& filter, Instant now);

// What a scan, an antivirus export or a software list saw of a host; any may be "".
struct SeenHost {
    std::string mac, hostname, ip;
};

struct Match {
    std::optional<Asset> asset; // the machine it is, when one matched
    std::string matched_by;     // "mac", "hostname", "ip", or "" when none did
    std::string why;            // when none did: why, in words for the administrator
    std::string conflict;       // a registered IP now answering with another MAC (then nothing matched)
};

// The machine `seen` is, by MAC, then hostname, then IP (module comment). A hostname is
// compared without case, and a seen "pc01.school.lan" also finds a registered "pc01". Retired
// machines are matched by MAC only.
Match match_host(store::Db& db, const SeenHost& seen);

// The tag `pattern` (policy assets.tag_pattern) gives for `room`, `kind` and `seq`.
std::string format_tag(const std::string& pattern, const std::string& room, const std::string& kind, int seq);
// The first tag by the pattern with seq from 1 up that is registered nowhere and not in `taken`.
std::string next_tag(store::Db& db, const policy::Policy& policy, const std::string& room, const std::string& kind,
                     const std::vector<std::string>& taken = {});

} // namespace netsec::asset
