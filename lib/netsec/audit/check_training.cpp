// TRN-0001: staff trained, pupils taught, administrators trained further, as netsec-training
// coverage says (the drills are INC-0002's).
#include "netsec/audit/checks.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/training/coverage.hpp"

namespace netsec::audit {
namespace {

// The short lines of `area` as "subject (name): why; ...", the first ten and how many more.
std::string short_lines(const training::Coverage& c, const std::string& area) {
    std::string out;
    int n = 0, more = 0;
    for (const auto& l : c.lines) {
        if (l.area != area || l.status == "ok") continue;
        if (++n > 10) {
            ++more;
            continue;
        }
        std::string who = l.name.empty() || l.name == l.subject ? l.subject : l.subject + " (" + l.name + ")";
        out += (out.empty() ? "" : "; ") + who + ": " + l.why;
    }
    if (more) out += "; " + _f("and {} more ('netsec-training coverage' lists them)", more);
    return out;
}

} // namespace

std::vector<Outcome> check_training(Context& ctx) {
    auto facts = training::gather_facts(ctx.db, ctx.policy, std::nullopt, ctx.now);
    auto c = training::compute_coverage(facts, ctx.policy.training);
    auto staff = training::tally(c, "staff"), classes = training::tally(c, "class"),
         admins = training::tally(c, "administrator");
    bool pupils = false;
    for (const auto& p : facts.people) pupils = pupils || (p.kind == "pupil" && p.status == "active");
    if (staff.total == 0 && !pupils && facts.sessions.empty())
        return {{"records", "not_applicable",
                 _("no staff or pupils in the account registry and no training recorded: nothing to check"), {}}};
    std::vector<Outcome> out;
    if (staff.total == 0)
        out.push_back({"staff", "not_applicable", _("no active staff in the account registry"), {}});
    else if (staff.ok < staff.total)
        out.push_back({"staff", "fail",
                       _f("staff short of training in the school year {}: {} of {}: {}", c.school_year,
                          staff.total - staff.ok, staff.total, short_lines(c, "staff")),
                       {}});
    else
        out.push_back({"staff", "pass", _f("all {} staff trained in the school year {}", staff.total, c.school_year),
                       {}});
    if (ctx.policy.training.lesson_each_term) {
        if (!pupils)
            out.push_back({"classes", "not_applicable", _("no active pupils in the account registry"), {}});
        else if (c.term.empty())
            out.push_back({"classes", "not_applicable",
                           _("the policy's calendar names no term of this school year, so lessons per term are not "
                             "checked"),
                           {ctx.policy.file}});
        else if (classes.ok < classes.total)
            out.push_back({"classes", "fail",
                           _f("classes without a safe-use lesson in the term {}: {} of {}: {}", c.term,
                              classes.total - classes.ok, classes.total, short_lines(c, "class")),
                           {}});
        else
            out.push_back({"classes", "pass",
                           _f("all {} classes had a safe-use lesson in the term {}", classes.total, c.term), {}});
    }
    if (ctx.policy.training.administrator_courses > 0 && admins.total > 0) {
        if (admins.ok < admins.total)
            out.push_back({"administrators", "fail", short_lines(c, "administrator"), {}});
        else
            out.push_back({"administrators", "pass",
                           _f("every network administrator attended {} external courses or more in the school year {}",
                              ctx.policy.training.administrator_courses, c.school_year),
                           {}});
    }
    return out;
}

} // namespace netsec::audit
