// The policy's `website` section (the school's homepage and what it must never show) and its
// `filing` section (when filings and MLPS assessments fall due).
#pragma once

namespace netsec::policy {

struct Website {};

struct Filing {};

} // namespace netsec::policy
