#include "netsec/account/export.hpp"

#include <openssl/evp.h>

namespace netsec::account {
namespace {

// LDIF's SAFE-STRING (RFC 2849): ASCII without NUL, LF, CR, not starting with space, ':' or
// '<', not ending with space. Anything else, such as a Chinese name, is written in base64.
bool ldif_safe(const std::string& v) {
    if (v.empty()) return true;
    if (v.front() == ' ' || v.front() == ':' || v.front() == '<' || v.back() == ' ') return false;
    for (unsigned char ch : v)
        if (ch == 0 || ch == '\n' || ch == '\r' || ch > 0x7f) return false;
    return true;
}

std::string base64(const std::string& v) {
    std::string out(4 * ((v.size() + 2) / 3) + 1, '\0');
    int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                            reinterpret_cast<const unsigned char*>(v.data()), int(v.size()));
    out.resize(std::size_t(n));
    return out;
}

std::string attr(const std::string& name, const std::string& value) {
    return ldif_safe(value) ? name + ": " + value + "\n" : name + ":: " + base64(value) + "\n";
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    for (std::size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size())
        s.replace(pos, from.size(), to);
    return s;
}

// The password as the directory should hold it: locked unless the account is active.
std::string stored_hash(const Account& a) { return a.status == "active" ? a.hash : "!" + a.hash; }

struct Attribute {
    std::string name;
    std::string value; // "" means absent
};

std::vector<Attribute> attributes(const Account& a, const policy::Policy& p) {
    std::vector<Attribute> out = {
        {"cn", a.full_name},
        {"sn", a.full_name},
        {"displayName", a.full_name},
        {"employeeType", a.kind},
        {"departmentNumber", a.kind == "pupil" ? a.class_name : a.department},
        {"uidNumber", std::to_string(a.uid_number)},
        {"gidNumber", std::to_string(a.gid_number)},
        {"homeDirectory", home_directory(p, a.username)},
        {"loginShell", p.accounts.ldap.shell},
        {"userPassword", a.hash.empty() ? "" : "{CRYPT}" + stored_hash(a)},
    };
    std::string last_change;
    if (!a.password_set_at.empty())
        last_change = std::to_string(timeutil::parse_time(a.password_set_at, "UTC").time_since_epoch().count() / 86400);
    out.push_back({"shadowLastChange", last_change});
    // An expired or archived account is expired in the directory too (shadowExpire 1: 1970-01-02).
    out.push_back({"shadowExpire", a.status == "expired" || a.status == "archived" ? "1" : ""});
    return out;
}

} // namespace

std::vector<Account> export_accounts(store::Db& db, const AccountFilter& filter) {
    return store::list_accounts_with_hash(db, filter);
}

std::string home_directory(const policy::Policy& policy, const std::string& username) {
    return replace_all(policy.accounts.ldap.home, "{username}", username);
}

std::string account_dn(const policy::Policy& policy, const std::string& username) {
    return "uid=" + username + "," + policy.accounts.ldap.base_dn;
}

std::string export_chpasswd(const std::vector<Account>& accounts) {
    std::string out;
    for (const auto& a : accounts)
        if (!a.hash.empty()) out += a.username + ":" + stored_hash(a) + "\n";
    return out;
}

std::size_t count_without_password(const std::vector<Account>& accounts) {
    std::size_t without = 0;
    for (const auto& a : accounts) without += a.hash.empty();
    return without;
}

std::string export_ldif(const std::vector<Account>& accounts, const policy::Policy& policy,
                        const std::string& changed_since) {
    std::string out;
    for (const auto& a : accounts) {
        bool modify = !changed_since.empty() && a.created_at < changed_since;
        if (!out.empty()) out += "\n";
        out += attr("dn", account_dn(policy, a.username));
        if (modify) {
            out += "changetype: modify\n";
            for (const auto& at : attributes(a, policy)) {
                out += "replace: " + at.name + "\n";
                if (!at.value.empty()) out += attr(at.name, at.value);
                out += "-\n";
            }
            continue;
        }
        if (!changed_since.empty()) out += "changetype: add\n";
        out += "objectClass: top\nobjectClass: inetOrgPerson\nobjectClass: posixAccount\nobjectClass: shadowAccount\n";
        out += attr("uid", a.username);
        for (const auto& at : attributes(a, policy))
            if (!at.value.empty()) out += attr(at.name, at.value);
    }
    return out;
}

} // namespace netsec::account
