// INC-0002: the emergency plan is written down and drilled.
#include "netsec/audit/checks.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/paths.hpp"

namespace netsec::audit {

std::vector<Outcome> check_emergency_plan(Context& ctx) {
    const policy::Regulation* plan = nullptr;
    for (const auto& r : ctx.policy.regulations)
        if (r.id == "virus-emergency-plan" || r.title.find("应急预案") != std::string::npos) {
            plan = &r;
            break;
        }
    std::vector<Outcome> out;
    if (!plan)
        out.push_back(
            {"plan", "fail", _("the policy's regulations name no virus-outbreak emergency plan"), {ctx.policy.file}});
    else if (plan->document.empty())
        out.push_back({"plan", "fail", _f("the emergency plan '{}' names no document", plan->id), {ctx.policy.file}});
    else if (!paths::exists(plan->document))
        out.push_back({"plan", "fail", _f("the emergency plan's document '{}' is missing", plan->document), {}});
    else
        out.push_back({"plan", "pass", _f("'{}' present at '{}'", plan->title, plan->document), {plan->document}});
    out.push_back({"drill",
                   "manual",
                   _f("drills are not recorded anywhere yet: confirm by hand that the plan was drilled within {}",
                      detail_duration(ctx.policy.thresholds.emergency_drill_within)),
                   {}});
    return out;
}

} // namespace netsec::audit
