// DUTY-0001: the roster filled, the rooms closed every evening, the homepage patrolled.
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

std::vector<Outcome> check_duty(Context&) { return not_built("netsec-duty", _("duty roster")); }

} // namespace netsec::audit
