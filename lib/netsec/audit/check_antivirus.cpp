// AV-0001: antivirus on every machine, with signatures within the policy's age: coverage and
// freshness per machine from netsec-asset's records, one failing finding a machine not ok,
// named by its tag. Threats found are the incident register's events, not this check's.
#include "netsec/asset/antivirus.hpp"
#include "netsec/audit/checks.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/store/db.hpp"

#include <fmt/format.h>

namespace netsec::audit {

std::vector<Outcome> check_antivirus(Context& ctx) {
    if (!store::table_exists(ctx.db, "av_states"))
        return {{"antivirus", "not_applicable", _("no machine records yet: netsec-asset has not been run"), {}}};
    auto statuses = asset::av_status(ctx.db, ctx.policy, {}, ctx.now);
    if (statuses.empty())
        return {{"antivirus",
                 "not_applicable",
                 _("no machines to check: register them with netsec-asset and import their antivirus export"),
                 {}}};
    std::vector<Outcome> out;
    for (const auto& s : statuses) {
        if (s.status == "ok") continue;
        std::string where = s.room.empty() ? s.tag : s.tag + " (" + s.room + ")";
        out.push_back({s.tag, "fail", fmt::format("{}: {} ({})", where, s.status, s.why), {}});
    }
    if (out.empty())
        out.push_back({"antivirus",
                       "pass",
                       _f("{} machines have approved antivirus with fresh signatures", statuses.size()),
                       {}});
    return out;
}

} // namespace netsec::audit
