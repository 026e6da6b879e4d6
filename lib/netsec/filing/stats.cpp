#include "netsec/filing/stats.hpp"

#include "netsec/core/date.hpp"
#include "netsec/filing/filing.hpp"

#include <map>

namespace netsec::filing {

namespace {
const char* kind_name(const std::string& kind) {
    return kind == "icp" ? "ICP备案" : kind == "psb" ? "公安备案" : "等级保护";
}
} // namespace

std::vector<Figure> gather_stats(store::Db& db, const policy::Policy& policy, const std::optional<Period>& period,
                                 timeutil::Instant now) {
    std::vector<Figure> out;
    auto current = list_filings(db, "", false);
    for (const char* kind : {"icp", "psb", "mlps"}) {
        std::int64_t n = 0;
        for (const auto& f : current) n += f.kind == kind;
        out.push_back({"current", kind, kind_name(kind), n});
    }
    std::map<std::int64_t, std::int64_t> levels;
    for (const auto& f : current)
        if (f.kind == "mlps") ++levels[f.level];
    for (const auto& [level, n] : levels)
        out.push_back({"mlps_level", std::to_string(level), "第" + std::to_string(level) + "级", n});
    auto zone = policy.school.timezone;
    auto in_period = [&](const std::string& text) {
        auto d = date::try_parse(text);
        if (!d) return false;
        if (!period) return true;
        auto at = date::start_of(*d, zone);
        return period->contains(at);
    };
    auto all = list_filings(db, "", true);
    for (const char* what : {"filed", "graded", "assessed"}) {
        std::int64_t n = 0;
        for (const auto& f : all) {
            const std::string& d = std::string(what) == "filed" ? f.filed_on
                                   : std::string(what) == "graded" ? f.graded_on
                                                                   : f.assessed_on;
            n += in_period(d);
        }
        out.push_back({what, period ? period->label : "", "", n});
    }
    auto today = date::of(now, zone);
    auto items = due_items(db, policy, today, policy.filing.due_within_days);
    for (const char* what : {"filing", "grading", "assessment"}) {
        std::int64_t due = 0, overdue = 0;
        for (const auto& i : items)
            if (i.what == what) (i.days_left < 0 ? overdue : due) += 1;
        out.push_back({"due", what, "", due});
        out.push_back({"overdue", what, "", overdue});
    }
    return out;
}

} // namespace netsec::filing
