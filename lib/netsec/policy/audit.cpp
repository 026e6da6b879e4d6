#include "netsec/policy/audit.hpp"

#include "netsec/core/i18n.hpp"

#include <set>

namespace netsec::policy {

void read_audit(Checker& c, const YAML::Node& root, Audit& out) {
    YAML::Node node = c.child(root, "audit", Required::no, "");
    if (!node.IsDefined() || node.IsNull() || !c.expect_map(node, "audit")) return;
    c.known_keys(node, {"exceptions", "due"}, "audit");
    YAML::Node due = c.child(node, "due", Required::no, "audit");
    if (due.IsDefined() && !due.IsNull() && c.expect_map(due, "audit.due")) {
        c.known_keys(due, {"critical", "high", "medium", "low"}, "audit.due");
        for (finding::Severity s : finding::severities)
            if (auto v = c.duration(due, finding::severity_name(s), Required::no, "audit.due")) out.due[s] = *v;
    }
    YAML::Node list = c.child(node, "exceptions", Required::no, "audit");
    if (!list.IsDefined() || list.IsNull() || !c.expect_list(list, "audit.exceptions")) return;
    std::set<std::pair<std::string, std::string>> seen;
    for (std::size_t i = 0; i < list.size(); ++i) {
        std::string where = fmt::format("audit.exceptions[{}]", i);
        const YAML::Node item = list[i];
        if (!c.expect_map(item, where)) continue;
        c.known_keys(item, {"check", "subject", "reason", "approved_by", "expires"}, where);
        AuditException e;
        e.line = item.Mark().line + 1;
        if (auto v = c.text(item, "check", Required::yes, where)) {
            if (is_check_id(*v))
                e.check = *v;
            else
                c.error(
                    item["check"].Mark(),
                    _f("'{}.check' expects a check id such as ACCT-0101 ('netsec-audit list' shows them), found '{}'",
                       where, *v));
        }
        if (auto v = c.text(item, "subject", Required::yes, where)) {
            if (v->empty())
                c.error(item["subject"].Mark(), _f("'{}.subject' expects a finding's subject or *", where));
            else
                e.subject = *v;
        }
        if (auto v = c.text(item, "reason", Required::yes, where)) {
            if (v->empty())
                c.error(item["reason"].Mark(), _f("'{}.reason' expects why the finding is accepted", where));
            else
                e.reason = *v;
        }
        if (auto v = c.text(item, "approved_by", Required::yes, where)) {
            if (v->empty())
                c.error(item["approved_by"].Mark(), _f("'{}.approved_by' expects who approved it", where));
            else
                e.approved_by = *v;
        }
        if (auto v = c.date(item, "expires", Required::yes, where)) e.expires = *v;
        if (!e.check.empty() && !e.subject.empty() && !seen.insert({e.check, e.subject}).second)
            c.error(item.Mark(), _f("an exception for {} '{}' is given twice", e.check, e.subject));
        out.exceptions.push_back(std::move(e));
    }
}

} // namespace netsec::policy
