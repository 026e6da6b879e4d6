// Antivirus on the school's machines: status exports imported (rows matched to machines as
// scans are, unmatched rows kept and listed), and each machine judged against the policy.
//
// Decisions:
// - A machine's state is its row in the newest import that names it; an in-use PC (kinds
//   lab_pc, office_pc, multimedia) that no import names is missing.
// - One judgement a machine, the worst first: off (antivirus or real-time protection off),
//   stale (signatures older than thresholds.antivirus_signature_age or --stale; no signature
//   date at all is stale too), unapproved (a product not on assets.antivirus.approved; an
//   empty list approves every product), else ok.
// - Importing a file already imported (same SHA-256) writes nothing and says so.
// - Unmatched rows are stored with tag '' and listed; they never update a machine.
#pragma once
#include "netsec/asset/defender.hpp"
#include "netsec/journal/journal.hpp"
#include "netsec/policy/policy.hpp"
#include "netsec/store/asset_av.hpp"
#include "netsec/store/db.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace netsec::asset {

// A row no machine matched: where it is, how it named the machine, and why none matched.
struct UnmatchedRow {
    std::size_t line = 0;
    std::string hostname, mac, ip, why;
};

struct AvImported {
    std::int64_t import_id = 0;      // 0 when the file was imported before
    std::int64_t earlier_import = 0; // the import that already holds this file
    std::size_t rows = 0, matched = 0;
    std::vector<UnmatchedRow> unmatched;
};

// The options and policy settings an import reads: the policy's zone, date order and map are
// used where `options` leaves them unset.
AvReadOptions av_read_options(const policy::Policy& policy, AvReadOptions options, bool map_given);

// The bytes of `file`, or of standard input when it is "-" (then named "<stdin>" in `source`).
// Throws Error(no_input) when the file cannot be read.
std::string read_export_file(const std::string& file, std::string& source);

// Reads `file` ("-": standard input) and stores its rows in one transaction with one journal
// entry (asset.av_imported). Throws Error(data) listing every bad line with nothing written,
// Error(no_input) for a missing file.
AvImported import_av(store::Db& db, const journal::Origin& origin, const std::string& file,
                     const AvReadOptions& options, timeutil::Instant now);

// ok, stale, off, unapproved, missing.
struct AvStatus {
    std::string tag, hostname, room, kind;
    std::string status;
    std::string why;                        // what is wrong, for a person; "" when ok
    std::optional<store::AvStateRow> state; // none when missing
};

struct AvStatusOptions {
    std::optional<timeutil::Duration> stale; // else thresholds.antivirus_signature_age
    bool missing_only = false;
    std::string room;
};

// Every machine with an antivirus row, and every in-use PC without one, judged at `now`, by
// room and tag.
std::vector<AvStatus> av_status(store::Db& db, const policy::Policy& policy, const AvStatusOptions& options,
                                timeutil::Instant now);

// Counts by room and status, in room order: room -> status -> count.
std::map<std::string, std::map<std::string, std::size_t>> count_by_room(const std::vector<AvStatus>& statuses);

// "机房1: 98 ok, 2 stale" — one line a room, for the summary after the table.
std::vector<std::string> room_summary(const std::vector<AvStatus>& statuses);

} // namespace netsec::asset
