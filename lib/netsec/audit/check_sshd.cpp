// HOST-0001: sshd's global settings.
#include "netsec/audit/checks_host.hpp"
#include "netsec/audit/host_files.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/paths.hpp"
#include "netsec/core/text.hpp"

#include <glob.h>
#include <map>

namespace netsec::audit::host {

using text::lower_ascii;

// --- HOST-0001 --------------------------------------------------------------------------------

namespace {

// sshd's global settings: the first value of each keyword wins; Include is followed; a Match
// block ends the global part.
void read_sshd(Context& ctx, const std::string& file, std::map<std::string, std::string>& set,
               std::vector<std::string>& files, bool& matched, int depth) {
    files.push_back(file);
    for (const auto& line : config_lines(file)) {
        if (matched) return;
        auto w = words(line);
        std::string key = lower_ascii(w[0]);
        auto eq = key.find('=');
        std::string value = w.size() > 1 ? w[1] : "";
        if (eq != std::string::npos) { // Keyword=value
            value = w[0].substr(eq + 1);
            key = key.substr(0, eq);
        }
        if (key == "match") {
            matched = true;
            return;
        }
        if (key == "include" && depth < 4) {
            for (std::size_t i = 1; i < w.size(); ++i) {
                std::string pattern = w[i].front() == '/' ? under(ctx, w[i].substr(1)) : under(ctx, "etc/ssh/" + w[i]);
                glob_t g{};
                if (::glob(pattern.c_str(), 0, nullptr, &g) == 0)
                    for (std::size_t k = 0; k < g.gl_pathc; ++k)
                        read_sshd(ctx, g.gl_pathv[k], set, files, matched, depth + 1);
                ::globfree(&g);
            }
            continue;
        }
        if (!set.count(key)) set[key] = lower_ascii(value);
    }
}

} // namespace

void check_sshd(Context& ctx, std::vector<Outcome>& out) {
    std::string conf = under(ctx, "etc/ssh/sshd_config");
    if (!paths::exists(conf)) {
        out.push_back({"sshd", "not_applicable", _f("no SSH server: '{}' does not exist", conf), {}});
        return;
    }
    std::map<std::string, std::string> set;
    std::vector<std::string> files;
    bool matched = false;
    read_sshd(ctx, conf, set, files, matched, 0);
    std::string root = set.count("permitrootlogin") ? set["permitrootlogin"] : "prohibit-password";
    if (root == "yes")
        out.push_back(
            {"sshd:PermitRootLogin", "fail", _("PermitRootLogin yes: root may log in with a password"), files});
    else
        out.push_back({"sshd:PermitRootLogin", "pass",
                       set.count("permitrootlogin") ? _f("PermitRootLogin {}", root)
                                                    : _f("PermitRootLogin not set: OpenSSH's default {}", root),
                       files});
    std::string pw = set.count("passwordauthentication") ? set["passwordauthentication"] : "";
    if (pw == "no")
        out.push_back({"sshd:PasswordAuthentication", "pass", _("PasswordAuthentication no"), files});
    else
        out.push_back({"sshd:PasswordAuthentication", "fail",
                       pw.empty() ? _("PasswordAuthentication not set: OpenSSH's default yes lets passwords be guessed")
                                  : _("PasswordAuthentication yes: passwords can be guessed over the network"),
                       files});
}

} // namespace netsec::audit::host
