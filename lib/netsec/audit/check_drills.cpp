// INC-0002: the emergency plan is written down and drilled.
#include "netsec/audit/checks.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/paths.hpp"
#include "netsec/training/coverage.hpp"
#include "netsec/training/session.hpp"

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
    // The drills: the last finished drill of each required plan (netsec-training drill).
    const auto& plans = ctx.policy.training.drill_plans;
    if (plans.empty()) {
        out.push_back({"drill", "not_applicable", _("training.drill_plans names no emergency plan to drill"),
                       {ctx.policy.file}});
        return out;
    }
    auto facts = training::gather_facts(ctx.db, ctx.policy, std::nullopt, ctx.now);
    policy::Training drills_only;
    drills_only.lesson_each_term = false;
    drills_only.administrator_courses = 0;
    drills_only.drill_plans = plans;
    facts.administrators.clear();
    facts.people.clear();
    std::string within = detail_duration(ctx.policy.thresholds.emergency_drill_within);
    for (const auto& l : training::compute_coverage(facts, drills_only).lines) {
        if (l.area != "drill") continue;
        if (l.status == "ok")
            out.push_back({"drill:" + l.subject, "pass",
                           _f("plan {} drilled on {} ({} {}), within {}", l.subject, l.last_date,
                              training::session_ref(l.session_id), l.name, within),
                           {}});
        else
            out.push_back({"drill:" + l.subject, "fail",
                           _f("{}; a drill is due within {}: 'netsec-training session add --kind drill --plan {}', "
                              "then 'netsec-training drill step' and 'drill finish'",
                              l.why, within, l.subject),
                           {}});
    }
    return out;
}

} // namespace netsec::audit
