// The approved-software list (no software is brought in without permission) and the check of
// what a machine has installed against it. A name and a version are shell patterns (fnmatch):
// "Microsoft Visual C++ *" with version "14.*". A machine's latest check is kept for the
// audit's SW-0001, replacing its previous one.
#pragma once
#include "netsec/asset/software.hpp"
#include "netsec/core/time.hpp"
#include "netsec/io/records.hpp"
#include "netsec/journal/journal.hpp"
#include "netsec/store/db.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace netsec::asset {

struct AllowedSoftware {
    std::string name;               // a name or a shell pattern, compared without ASCII case
    std::string version_glob = "*"; // a shell pattern; "*" allows every version
    std::string note;
    std::string added_at; // RFC 3339 UTC
};

// True when `name` at `version` is on `allowed`.
bool is_approved(const std::vector<AllowedSoftware>& allowed, const std::string& name, const std::string& version);

// Puts `entry` on the list and journals it ("software.allowed"); false, and nothing written or
// journaled, when it is on the list already. Throws Error(usage) for an empty name.
bool allow_software(store::Db& db, const journal::Origin& origin, AllowedSoftware entry, timeutil::Instant now);

struct AllowedImport {
    std::size_t rows = 0, added = 0; // rows read; of them, new on the list
};

// Imports `records` read from `source` (columns name, version_glob, note, or their Chinese
// headers) all or nothing: every bad row is named by its line and nothing is written.
AllowedImport import_allowed_software(store::Db& db, const journal::Origin& origin,
                                      const std::vector<io::Record>& records, const std::string& source,
                                      timeutil::Instant now);

std::vector<AllowedSoftware> list_allowed_software(store::Db& db);

struct SoftwareVerdict {
    std::string tag; // the machine checked, "" when the list names none
    std::string name, version;
    bool approved = false;
};

struct SoftwareCheck {
    std::vector<SoftwareVerdict> packages; // every package, by machine in file order
    std::vector<std::string> stored;       // the machines whose latest check this became
    std::size_t unapproved = 0;
};

// Checks `list` (read from `source`) against the approved list. The machine is `host_tag` when
// given, else each wmic Node (or PSComputerName) matched as a scan's hostname is; a list that
// names no machine is checked but not kept. Journals "software.checked" for each machine kept.
// Throws Error(no_input) for an unknown --host, Error(usage) for --host with a list of several
// machines, Error(data) naming the line of a node no machine matches; nothing is kept then.
SoftwareCheck check_software(store::Db& db, const journal::Origin& origin, const SoftwareList& list,
                             const std::string& source, const std::string& host_tag, timeutil::Instant now);

} // namespace netsec::asset
