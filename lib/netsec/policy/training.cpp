#include "netsec/policy/sections.hpp"

namespace netsec::policy {

void read_training(Checker& c, const YAML::Node& root, Training& out) {
    (void)out;
    YAML::Node node = c.child(root, "training", Required::no, "");
    if (!node.IsDefined() || node.IsNull() || !c.expect_map(node, "training")) return;
}

nlohmann::ordered_json training_json(const Training&) { return nlohmann::ordered_json::object(); }

} // namespace netsec::policy
