// Scans: an nmap run imported into the register. Each host nmap saw is matched to a known
// machine with match_host (MAC, then hostname, then IP); a match updates only what a scan sees
// (the IP and when it was last seen), a host no machine matches is listed for the administrator
// (or, asked with --register, added under the policy's tag pattern), and nothing is merged or
// created silently. The scans are kept (scan_hosts, scan_ports), so two can be compared.
#pragma once
#include "netsec/asset/nmap.hpp"
#include "netsec/journal/journal.hpp"
#include "netsec/policy/policy.hpp"
#include "netsec/store/asset_scans.hpp"
#include "netsec/store/db.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace netsec::asset {

using timeutil::Instant;

enum class DryRun { no, yes };

struct ScanImportOptions {
    DryRun dry_run = DryRun::no;
    bool register_unknown = false; // --register: add each host no machine matched
    std::string room, kind;        // what --register gives the machines it adds
};

// What an import did with one host nmap saw up.
struct SeenOutcome {
    NmapHost host;
    std::string tag;        // the machine it is (matched, or added by --register); "" when none
    std::string matched_by; // "mac", "hostname", "ip", "registered", or "" when none matched
                            // (a conflict matches none)
    std::string why;        // when none matched: why
    std::string conflict;   // a known address now answering with another MAC: nothing updated
    std::string ip_was;     // the machine's IP before this scan, when the scan changed it
    bool older = false;     // the machine was seen later than this scan: nothing updated
    // "matched", "registered", "unknown" or "conflict": what the import did with it.
    std::string outcome() const;
};

// "conflict", "registered", "unknown" or "matched": what an import did with a host.
std::string outcome_of(const std::string& conflict, const std::string& matched_by, const std::string& tag);

struct ScanImport {
    std::int64_t scan_id = 0;      // the scan's id; 0 for a dry run
    bool already = false;          // the same file (by SHA-256) was imported before as scan_id
    std::string source, sha256;    // the file as named, and its SHA-256
    Instant scanned_at{};          // when nmap started
    std::string args;              // nmap's command line
    std::vector<SeenOutcome> seen; // the hosts up, in the file's order
    std::size_t down = 0;          // hosts nmap listed as down: not seen, not matched
};

// Imports the nmap file `file` (read_nmap). Everything is written in one transaction journaled
// as asset.scan_imported (the machines --register adds as asset.added, an IP changed as
// asset.changed), or nothing is: a bad file, an unknown --kind or a tag the pattern cannot
// make is an error and writes nothing. A file imported before writes nothing and says which
// scan it was (`already`). Throws Error(usage) for --register without --room and --kind.
ScanImport import_scan(store::Db& db, const policy::Policy& policy, const journal::Origin& origin,
                       const std::string& file, const ScanImportOptions& options, Instant now);

// A scan as `scan list` shows it.
struct ScanSummary {
    store::ScanRow scan;
    std::int64_t matched = 0;   // hosts that are a registered machine
    std::int64_t unknown = 0;   // hosts that are none
    std::int64_t conflicts = 0; // hosts at a known address with another MAC
};
std::vector<ScanSummary> list_scans(store::Db& db);

// A scan with its hosts and their open ports.
struct ScanDetail {
    store::ScanRow scan;
    std::vector<store::ScanHostRow> hosts; // by address
    std::vector<store::ScanPortRow> ports; // by address, protocol, port
};

// The scan `id`: a number, or "latest" (the scan nmap ran last). Throws Error(no_input) naming
// the id when there is no such scan, Error(usage) when `id` is neither.
ScanDetail get_scan(store::Db& db, const std::string& id);

// One difference between two scans. A host is the same host in both when it is the same
// registered machine, else when it has the same MAC, else the same IP.
struct ScanChange {
    std::string change; // "new_host", "vanished_host", "opened_port"
    store::ScanHostRow host;
    std::optional<store::ScanPortRow> port; // for opened_port
};

struct ScanDiff {
    store::ScanRow from, to;
    std::vector<ScanChange> changes; // new hosts, then vanished hosts, then opened ports
};

// The differences from scan `a` to scan `b` ("" for both: the two latest). Throws
// Error(no_input) when fewer than two scans were imported or an id is unknown.
ScanDiff diff_scans(store::Db& db, const std::string& a, const std::string& b);

// The newest scan, or nothing when none was imported.
std::optional<ScanDetail> latest_scan(store::Db& db);

} // namespace netsec::asset
