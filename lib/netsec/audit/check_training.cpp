// TRN-0001: staff trained, pupils taught, as netsec-training coverage says.
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

std::vector<Outcome> check_training(Context&) { return not_built("netsec-training", _("training")); }

} // namespace netsec::audit
