#include "netsec/policy/audit.hpp"

#include "netsec/core/i18n.hpp"

#include <cctype>
#include <set>

namespace netsec::policy {
namespace {

// "ABC-0001": upper-case letters, a dash, four digits (the audit's check ids).
bool is_check_id(const std::string& s) {
    auto dash = s.find('-');
    if (dash == std::string::npos || dash == 0 || s.size() != dash + 5) return false;
    for (std::size_t i = 0; i < dash; ++i)
        if (!std::isupper(static_cast<unsigned char>(s[i]))) return false;
    for (std::size_t i = dash + 1; i < s.size(); ++i)
        if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    return true;
}

} // namespace

void read_audit(Checker& c, const YAML::Node& root, Audit& out) {
    YAML::Node node = c.child(root, "audit", Required::no, "");
    if (!node.IsDefined() || node.IsNull() || !c.expect_map(node, "audit")) return;
    c.known_keys(node, {"exceptions"}, "audit");
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
