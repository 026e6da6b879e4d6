// SW-0001 (only approved software) and CRED-0001 (shared devices' passwords held and changed).
#include "netsec/audit/checks.hpp"
#include "netsec/core/i18n.hpp"

namespace netsec::audit {

std::vector<Outcome> check_software(Context&) {
    return {{"software",
             "not_applicable",
             _("no software check has been recorded yet ('netsec-asset software check')"),
             {}}};
}

std::vector<Outcome> check_credentials(Context&) {
    return {{"credentials", "not_applicable", _("no credential has been recorded yet ('netsec-asset cred add')"), {}}};
}

} // namespace netsec::audit
