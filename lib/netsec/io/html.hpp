// Pieces every HTML document netsec writes shares (the security log, report forms, password
// slips): text made safe for element content and attribute values.
#pragma once
#include <string>
#include <string_view>

namespace netsec::io {

// `text` with & < > " ' escaped, for element content and double- or single-quoted attributes.
std::string html_escape(std::string_view text);

} // namespace netsec::io
