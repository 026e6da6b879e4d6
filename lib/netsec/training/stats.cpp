#include "netsec/training/stats.hpp"

#include <cmath>
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

} // namespace netsec::training
