// Fetching the school's homepage for the daily patrol, through libcurl: http, https and
// file:// (a page kept on disk, as the demo's), bounded in size and time.
//
// Decisions:
// - A page over the size limit is refused before it is held: by its Content-Length when the
//   server gives one, else as soon as the bytes received pass the limit (compressed pages are
//   counted after decompression).
// - Redirects are followed up to five times, to http and https only: a web page never sends
//   the patrol to a file on this machine.
// - A site that cannot be reached is not an error of the command: the patrol records why
//   (refused, timed out, too large) and reports it as a finding.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace netsec::duty {

struct FetchLimits {
    std::int64_t max_bytes = 8 * 1024 * 1024;
    long connect_timeout_seconds = 10;
    long timeout_seconds = 30;
};

struct Fetched {
    std::optional<int> status; // the HTTP status; nothing for file:// and when nothing came back
    std::string body;          // the page as received (decompressed)
    std::string content_type;  // the Content-Type header, "" for a file
    std::string url;           // where the page was found at last (after redirects)
    std::string error;         // "" when a page came back, else why not (translated)
};

// Throws Error(usage) when `url` is not http://, https:// or file://.
void check_patrol_url(const std::string& url);

// The page at `url`; a failure to fetch is in `error`, never thrown. Throws Error(usage) for a
// URL check_patrol_url refuses and Error(unavailable) when libcurl cannot start.
Fetched fetch_page(const std::string& url, const FetchLimits& limits = {});

} // namespace netsec::duty
