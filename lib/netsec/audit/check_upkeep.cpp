// SW-0001 (only approved software) and CRED-0001 (shared devices' passwords held and changed).
#include "netsec/asset/credentials.hpp"
#include "netsec/asset/software_approval.hpp"
#include "netsec/audit/checks.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/store/account_rows.hpp"
#include "netsec/store/asset_upkeep.hpp"

#include <map>

namespace netsec::audit {

// One finding per machine from its latest software check: fail naming what is not approved.
std::vector<Outcome> check_software(Context& ctx) {
    auto rows = store::list_software_checks(ctx.db, false);
    if (rows.empty())
        return {{"software",
                 "not_applicable",
                 _("no software check has been recorded yet ('netsec-asset software check')"),
                 {}}};
    std::map<std::string, std::vector<std::string>> unapproved_of;
    for (const auto& r : rows) {
        auto& list = unapproved_of[r.tag];
        if (!r.approved) list.push_back(r.version.empty() ? r.name : r.name + " " + r.version);
    }
    std::vector<Outcome> out;
    for (const auto& [tag, list] : unapproved_of) {
        if (list.empty()) {
            out.push_back({tag, "pass", _("every program of its latest check is approved"), {}});
            continue;
        }
        std::string names;
        for (const auto& n : list) names += (names.empty() ? "" : ", ") + n;
        out.push_back({tag, "fail", _f("{} programs not approved: {}", list.size(), names), {}});
    }
    return out;
}

// One finding per credential: fail with the reasons it is due.
std::vector<Outcome> check_credentials(Context& ctx) {
    auto holder = [&](const std::string& username) -> asset::Holder {
        if (auto a = store::find_account(ctx.db, username)) return {a->status, a->left_at};
        return {};
    };
    auto creds = asset::list_credentials(ctx.db, ctx.policy.assets.credential_max_age, ctx.now,
                                         ctx.policy.school.timezone, holder);
    if (creds.empty())
        return {
            {"credentials", "not_applicable", _("no credential has been recorded yet ('netsec-asset cred add')"), {}}};
    std::vector<Outcome> out;
    for (const auto& c : creds) {
        if (!c.due()) {
            out.push_back({c.credential.name, "pass", _f("held by {}, changed in time", c.credential.holder), {}});
            continue;
        }
        std::string why;
        for (const auto& w : c.why) why += (why.empty() ? "" : "; ") + w;
        out.push_back({c.credential.name, "fail", why, {}});
    }
    return out;
}

} // namespace netsec::audit
