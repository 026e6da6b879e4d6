// AST-0001: every host on the network registered, every machine in use seen by a scan.
#include "netsec/audit/checks.hpp"
#include "netsec/core/i18n.hpp"

namespace netsec::audit {

std::vector<Outcome> check_assets(Context&) {
    return {{"scans", "not_applicable", _("no scan has been imported yet ('netsec-asset scan import')"), {}}};
}

} // namespace netsec::audit
