#include "netsec/training/stats.hpp"

#include "netsec/core/date.hpp"
#include "netsec/io/values.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>

namespace netsec::training {

std::string kind_name(const std::string& kind) {
    static const std::map<std::string, std::string> names = {{"staff", "教职工培训"},
                                                             {"pupil", "学生安全教育"},
                                                             {"drill", "应急演练"},
                                                             {"campaign", "专项活动"},
                                                             {"external", "外出培训"}};
    auto it = names.find(kind);
    return it == names.end() ? kind : it->second;
}

std::vector<Figure> training_figures(const CoverageFacts& facts, const std::string& from, const std::string& to,
                                     const Coverage& coverage) {
    static const std::vector<std::string> kinds = {"staff", "pupil", "drill", "campaign", "external"};
    std::map<std::string, int> sessions, attendance;
    std::map<std::string, double> hours;
    std::map<std::string, int> drills; // finished, by plan
    std::map<std::int64_t, std::string> kind_of;
    for (const auto& s : facts.sessions) {
        if (s.date < from || s.date > to) continue;
        kind_of[s.id] = s.kind;
        ++sessions[s.kind];
        hours[s.kind] += s.hours;
        if (s.kind == "drill" && !s.finished_at.empty()) ++drills[s.plan];
    }
    for (const auto& a : facts.attendance) {
        auto k = kind_of.find(a.session_id);
        if (k != kind_of.end()) ++attendance[k->second];
    }
    std::vector<Figure> out;
    auto per_kind = [&](const std::string& dimension, auto& by_kind) {
        double total = 0;
        for (const auto& k : kinds) {
            out.push_back({dimension, k, kind_name(k), double(by_kind[k])});
            total += by_kind[k];
        }
        out.push_back({dimension, "", "合计", total});
    };
    per_kind("sessions", sessions);
    per_kind("hours", hours);
    per_kind("attendance", attendance);
    for (const auto& [plan, n] : drills) out.push_back({"drills", plan, plan, double(n)});

    Tally staff = tally(coverage, "staff"), classes = tally(coverage, "class"),
          admins = tally(coverage, "administrator"), plans = tally(coverage, "drill");
    out.push_back({"coverage", "staff", "教职工", double(staff.total)});
    out.push_back({"coverage", "staff_trained", "已培训教职工", double(staff.ok)});
    if (staff.total) // no share of nobody
        out.push_back({"coverage", "staff_trained_percent", "教职工培训率（%）",
                       std::round(1000.0 * staff.ok / staff.total) / 10});
    out.push_back({"coverage", "classes", "班级", double(classes.total)});
    out.push_back({"coverage", "classes_covered", "本学期已上安全教育课的班级", double(classes.ok)});
    out.push_back({"coverage", "administrators", "网络管理员", double(admins.total)});
    out.push_back({"coverage", "administrators_trained", "参加外出培训的网络管理员", double(admins.ok)});
    out.push_back({"coverage", "plans", "须演练的预案", double(plans.total)});
    out.push_back({"coverage", "plans_drilled", "按期演练的预案", double(plans.ok)});
    return out;
}

std::vector<Figure> gather_stats(store::Db& db, const policy::Policy& policy, std::optional<int> year,
                                 timeutil::Instant now) {
    int current = policy::school_year_of(policy.calendar, date::of(now, policy.school.timezone));
    auto facts = gather_facts(db, policy, year ? std::min(*year, current) : current, now);
    std::string from = year ? fmt::format("{:04}-01-01", *year) : "0000-01-01";
    std::string to = year ? fmt::format("{:04}-12-31", *year) : "9999-12-31";
    return training_figures(facts, from, to, compute_coverage(facts, policy.training));
}

const std::vector<io::Column>& stats_fields() {
    static const std::vector<io::Column> fields = {{"dimension"}, {"key"}, {"name"}, {"value", io::Kind::integer}};
    return fields;
}

io::Records stats_records(const std::vector<Figure>& figures) {
    return io::records_of(stats_fields(), figures, [](const Figure& f) {
        nlohmann::ordered_json r;
        r["dimension"] = f.dimension;
        r["key"] = io::text_or_null(f.key);
        r["name"] = io::text_or_null(f.name);
        if (f.value == std::floor(f.value))
            r["value"] = std::int64_t(f.value);
        else
            r["value"] = f.value;
        return r;
    });
}

} // namespace netsec::training
