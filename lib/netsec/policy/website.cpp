#include "netsec/policy/sections.hpp"

namespace netsec::policy {

void read_website(Checker& c, const YAML::Node& root, Website& website, Filing& filing) {
    (void)website;
    (void)filing;
    YAML::Node node = c.child(root, "website", Required::no, "");
    if (node.IsDefined() && !node.IsNull()) c.expect_map(node, "website");
    YAML::Node f = c.child(root, "filing", Required::no, "");
    if (f.IsDefined() && !f.IsNull()) c.expect_map(f, "filing");
}

nlohmann::ordered_json website_json(const Website&) { return nlohmann::ordered_json::object(); }
nlohmann::ordered_json filing_json(const Filing&) { return nlohmann::ordered_json::object(); }

} // namespace netsec::policy
