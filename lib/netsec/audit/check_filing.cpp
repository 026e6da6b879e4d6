// FIL-0001 (the website filed twice, the numbers shown on it) and FIL-0002 (MLPS current).
#include "netsec/audit/checks.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/paths.hpp"

namespace netsec::audit {

namespace {

std::vector<Outcome> not_built(const std::string& tool, const std::string& what) {
    return {{"records",
             "not_applicable",
             _f("no {} records to check: they will come from {}, which is not built yet", what, tool),
             {}}};
}

} // namespace

std::vector<Outcome> check_ict_filing(Context&) { return not_built("netsec-filing", _("website filing")); }
std::vector<Outcome> check_mlps(Context&) { return not_built("netsec-filing", _("MLPS")); }

} // namespace netsec::audit
