#include "netsec/core/i18n.hpp"
#include "netsec/policy/sections.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace netsec::policy {

namespace {

// A number of at least `least` at `key`, whole when `whole`; records what was expected.
std::optional<double> read_number(Checker& c, const YAML::Node& node, const char* key, double least, bool whole,
                                  const std::string& what) {
    auto v = c.text(node, key, Required::no, "training");
    if (!v) return std::nullopt;
    double n = 0;
    auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
    if (ec != std::errc() || end != v->data() + v->size() || n < least || (whole && n != std::floor(n))) {
        c.error(node[key].Mark(), _f("'training.{}' expects {}, found '{}'", key, what, *v));
        return std::nullopt;
    }
    return n;
}

} // namespace

void read_training(Checker& c, const YAML::Node& root, Training& out) {
    YAML::Node node = c.child(root, "training", Required::no, "");
    if (!node.IsDefined() || node.IsNull() || !c.expect_map(node, "training")) return;
    c.known_keys(node, {"staff_hours", "lesson_each_term", "administrator_courses", "drill_plans"}, "training");
    if (auto n = read_number(c, node, "staff_hours", 0, false, _("a number of hours, 0 or more, such as 4 or 1.5")))
        out.staff_hours = *n;
    if (auto v = c.text(node, "lesson_each_term", Required::no, "training")) {
        if (*v == "true" || *v == "false")
            out.lesson_each_term = *v == "true";
        else
            c.error(node["lesson_each_term"].Mark(), _f("'training.lesson_each_term' expects true or false, found '{}'", *v));
    }
    if (auto n = read_number(c, node, "administrator_courses", 0, true, _("a whole number of courses, 0 or more")))
        out.administrator_courses = int(*n);
    YAML::Node plans = c.child(node, "drill_plans", Required::no, "training");
    if (plans.IsDefined() && !plans.IsNull() && c.expect_list(plans, "training.drill_plans")) {
        YAML::Node playbooks = root["incidents"] ? root["incidents"]["playbooks"] : YAML::Node();
        std::vector<std::string> codes;
        for (std::size_t i = 0; i < plans.size(); ++i) {
            auto code = c.as_text(plans[i], fmt::format("training.drill_plans[{}]", i));
            if (!code) continue;
            if (!playbooks.IsMap() || !playbooks[*code])
                c.error(plans[i].Mark(), _f("'training.drill_plans' names '{}', which has no playbook in "
                                            "incidents.playbooks to drill",
                                            *code));
            else if (std::find(codes.begin(), codes.end(), *code) != codes.end())
                c.error(plans[i].Mark(), _f("'training.drill_plans' names '{}' twice", *code));
            codes.push_back(*code);
        }
        out.drill_plans = std::move(codes);
    }
}

nlohmann::ordered_json training_json(const Training& t) {
    // Whole hours as a whole number (2, not 2.0), as the policy writes them.
    nlohmann::ordered_json hours = t.staff_hours;
    if (t.staff_hours == std::floor(t.staff_hours)) hours = std::int64_t(t.staff_hours);
    return {{"staff_hours", hours},
            {"lesson_each_term", t.lesson_each_term},
            {"administrator_courses", t.administrator_courses},
            {"drill_plans", t.drill_plans}};
}

} // namespace netsec::policy
