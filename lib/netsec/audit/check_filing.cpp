// FIL-0001 (the website filed twice, the numbers shown on it) and FIL-0002 (MLPS current).
#include "netsec/audit/checks.hpp"
#include "netsec/core/date.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/text.hpp"
#include "netsec/duty/patrol.hpp"
#include "netsec/filing/filing.hpp"
#include "netsec/store/duty_patrol_rows.hpp"

#include <algorithm>
#include <map>

namespace netsec::audit {

// FIL-0001: every public website filed twice (ICP and public security), and both numbers shown
// on the homepage by the latest patrol that read it. One finding per website.
std::vector<Outcome> check_ict_filing(Context& ctx) {
    auto records = filing::list_filings(ctx.db, "", false);
    // the websites: each record's site, "" for the school's website (the policy's website.url)
    std::map<std::string, std::vector<filing::Filing>> by_site;
    for (const auto& f : records)
        if (f.kind != "mlps") by_site[f.site].push_back(f);
    std::string home_host = duty::url_host(ctx.policy.website.url);
    if (by_site.empty()) {
        if (ctx.policy.website.url.empty())
            return {
                {"records", "not_applicable", _("no website is filed and the policy names none (website.url)"), {}}};
        return {{ctx.policy.website.url,
                 "fail",
                 _("the school's website has neither an ICP nor a public-security filing on record "
                   "('netsec-filing add --kind icp|psb')"),
                 {}}};
    }
    auto patrols =
        store::table_exists(ctx.db, "patrols") ? store::list_patrols(ctx.db, "", "") : std::vector<store::PatrolRow>{};
    std::vector<Outcome> out;
    for (const auto& [site, filings] : by_site) {
        std::string subject = !site.empty() ? site : !home_host.empty() ? home_host : _("the school's website");
        std::vector<std::string> problems, fine;
        bool icp = false, psb = false;
        for (const auto& f : filings) (f.kind == "icp" ? icp : psb) = true;
        if (!icp) problems.push_back(_("no ICP filing is on record"));
        if (!psb) problems.push_back(_("no public-security filing is on record"));
        // the newest patrol of this site that read a page
        const store::PatrolRow* last = nullptr;
        for (const auto& p : patrols) {
            if (!p.error.empty()) continue;
            auto host = duty::url_host(p.url);
            if (!site.empty() && !host.empty() && host != site) continue;
            last = &p;
        }
        if (!last) {
            problems.push_back(_("no patrol has read the homepage yet ('netsec-duty patrol')"));
        } else {
            auto missing = duty::list_of(last->missing_numbers);
            std::vector<std::string> ours;
            for (const auto& f : filings) ours.push_back(f.number);
            std::vector<std::string> not_shown;
            for (const auto& m : missing)
                if (std::find(ours.begin(), ours.end(), m) != ours.end()) not_shown.push_back(m);
            if (!not_shown.empty())
                problems.push_back(_f("the homepage does not show {} (patrol PAT-{} on {})",
                                      netsec::text::join(not_shown), last->id,
                                      local_date(ctx, timeutil::parse_time(last->fetched_at, "UTC"))));
            else
                fine.push_back(_f("the homepage shows the numbers (patrol PAT-{} on {})", last->id,
                                  local_date(ctx, timeutil::parse_time(last->fetched_at, "UTC"))));
        }
        std::vector<std::string> numbers;
        for (const auto& f : filings) numbers.push_back(f.number);
        if (problems.empty())
            out.push_back({subject,
                           "pass",
                           _f("filed as {}; {}", netsec::text::join(numbers), netsec::text::join(fine, "; ")),
                           {}});
        else
            out.push_back({subject, "fail", netsec::text::join(problems, "; "), {}});
    }
    return out;
}

// FIL-0002: every current MLPS system graded, filed with the police (level 2 and up) and
// assessed in time. One finding per system.
std::vector<Outcome> check_mlps(Context& ctx) {
    auto systems = filing::list_filings(ctx.db, "mlps", false);
    if (systems.empty()) {
        if (ctx.policy.website.url.empty() && filing::list_filings(ctx.db, "", false).empty())
            return {{"records", "not_applicable", _("no MLPS record and no website: nothing is graded"), {}}};
        return {{"mlps",
                 "fail",
                 _("no system is graded under MLPS: grade the website and the school's systems and record them "
                   "('netsec-filing add --kind mlps')"),
                 {}}};
    }
    auto today = date::of(ctx.now, ctx.policy.school.timezone);
    std::vector<Outcome> out;
    for (const auto& f : systems) {
        auto subject = fmt::format("{} ({})", f.system, filing::owner_of(f.id));
        auto next = filing::next_dates(ctx.policy.filing, f);
        std::vector<std::string> problems;
        if (f.graded_on.empty()) problems.push_back(_("no grading date is recorded"));
        if (f.level >= 2 && f.filed_on.empty()) {
            if (!next.filing || *next.filing < today)
                problems.push_back(next.filing ? _f("not filed with the police; due by {}", date::format(*next.filing))
                                               : _("not filed with the police"));
        }
        if (next.grading && *next.grading < today)
            problems.push_back(
                _f("re-grading after the change of {} was due by {}", f.changed_on, date::format(*next.grading)));
        if (next.assessment && *next.assessment < today)
            problems.push_back(_f("the assessment was due by {}", date::format(*next.assessment)));
        if (problems.empty()) {
            std::string detail = _f("level {}, graded on {}", f.level, f.graded_on);
            if (!f.filed_on.empty()) detail += _f(", filed on {}", f.filed_on);
            if (next.assessment) detail += _f(", next assessment by {}", date::format(*next.assessment));
            out.push_back({subject, "pass", detail, {}});
        } else {
            out.push_back({subject, "fail", netsec::text::join(problems, "; "), {}});
        }
    }
    return out;
}

} // namespace netsec::audit
