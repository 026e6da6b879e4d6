// The heads file: journal heads kept outside the database (policy `journal.heads_file`), one
// "SEQ:HASH TIME" a line, only ever appended to. Whoever rewrites the database whole cannot
// rewrite these lines too unless they can also write that file, so `netsec-journal verify` and
// the audit's JRNL-0001 check the chain against the newest head in it.
#pragma once
#include "netsec/core/time.hpp"
#include "netsec/journal/journal.hpp"

#include <optional>
#include <string>

namespace netsec::journal {

// One line of the heads file.
struct RecordedHead {
    Head head;
    std::string time; // RFC 3339 UTC, when it was recorded
    std::size_t line = 0;
};

// Appends "SEQ:HASH TIME" to `file` (O_APPEND; created 0644 when missing; never through a
// symlink, never into anything but a regular file). Throws Error(cant_create) naming the file.
void record_head(const std::string& file, const Head& head, timeutil::Instant now);

// The head with the greatest sequence number in `file`; nothing when the file is missing or
// has no lines. Throws Error(data) naming file:line for a line that is not "SEQ:HASH TIME",
// and Error(no_input) when the file cannot be read.
std::optional<RecordedHead> newest_recorded_head(const std::string& file);

} // namespace netsec::journal
