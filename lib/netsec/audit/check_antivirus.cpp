// AV-0001: antivirus on every machine, approved, switched on, with fresh signatures.
#include "netsec/audit/checks.hpp"
#include "netsec/core/i18n.hpp"

namespace netsec::audit {

std::vector<Outcome> check_antivirus(Context&) {
    return {
        {"antivirus", "not_applicable", _("no antivirus export has been imported yet ('netsec-asset av import')"), {}}};
}

} // namespace netsec::audit
