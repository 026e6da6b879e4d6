#include "netsec/policy/sections.hpp"

namespace netsec::policy {

void read_duty(Checker& c, const YAML::Node& root, Duty& out) {
    (void)out;
    YAML::Node node = c.child(root, "duty", Required::no, "");
    if (!node.IsDefined() || node.IsNull() || !c.expect_map(node, "duty")) return;
}

nlohmann::ordered_json duty_json(const Duty&) { return nlohmann::ordered_json::object(); }

} // namespace netsec::policy
