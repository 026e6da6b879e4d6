// netsec-policy: write a starting policy, check one, show the policy in force.
#include "netsec/cli/command.hpp"
#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/paths.hpp"
#include "netsec/io/document.hpp"
#include "netsec/journal/policy_record.hpp"
#include "netsec/policy/operators.hpp"

#include <CLI/CLI.hpp>
#include <cerrno>
#include <climits>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <iostream>
#include <sys/stat.h>
#include <unistd.h>

using namespace netsec;

namespace {

std::string absolute_from_cwd(const std::string& path) {
    if (path.empty() || path[0] == '/') return path;
    char cwd[PATH_MAX];
    return ::getcwd(cwd, sizeof cwd) ? paths::resolve(cwd, path) : path;
}

// Makes `dir` the new records' folder: one init creates, or an empty one the caller owns (or
// the folder of the policy --force replaces). Init then sets its mode and group, so it must
// never take a folder that holds or means something to someone else. Throws Error(cant_create).
void claim_state_dir(const std::string& dir, const std::string& replaced_state) {
    paths::make_dirs(paths::parent(dir), 0755);
    if (::mkdir(dir.c_str(), 0700) == 0) return;
    if (errno != EEXIST) return; // make_private_dir names what is wrong
    struct stat st;
    if (::lstat(dir.c_str(), &st) != 0) return;
    if (S_ISLNK(st.st_mode))
        throw Error(Exit::cant_create,
                    _f("'{}' is a symbolic link: init keeps the records in a new folder, or an empty "
                       "one of your own",
                       dir));
    if (!S_ISDIR(st.st_mode)) return; // "is not a folder"
    struct stat old;
    if (!replaced_state.empty() && ::stat(replaced_state.c_str(), &old) == 0 && old.st_dev == st.st_dev &&
        old.st_ino == st.st_ino)
        return;
    if (st.st_uid != ::geteuid()) {
        throw Error(Exit::cant_create, _f("'{}' belongs to '{}': init keeps the records in a new folder, or an empty "
                                          "one of your own",
                                          dir, user_name(st.st_uid)));
    }
    std::error_code ec;
    if (!std::filesystem::is_empty(dir, ec) || ec)
        throw Error(Exit::cant_create, _f("'{}' is not empty: init keeps the records in a new folder, or an empty one "
                                          "of your own",
                                          dir));
}

// Writes `text` to `file`, which must not exist (not even as a link): a link planted there is
// never followed, and a file another init wrote meanwhile is never overwritten.
void write_new_file(const std::string& file, const std::string& text, mode_t mode) {
    struct stat st {};
    if (::lstat(file.c_str(), &st) == 0)
        throw Error(Exit::cant_create, _f("'{}' already exists; check it with 'netsec-policy check {}', or "
                                          "replace it with --force",
                                          file, file));
    int fd = paths::create_new_file(file, mode); // O_EXCL: one planted meanwhile is refused too
    bool ok = paths::write_all(fd, text.data(), text.size()) && ::fsync(fd) == 0;
    int saved = errno;
    if (::close(fd) != 0 && ok) ok = false, saved = errno;
    if (!ok) {
        ::unlink(file.c_str());
        throw Error(Exit::cant_create, _f("cannot write '{}': {}", file, std::strerror(saved ? saved : EIO)));
    }
}

struct Init {
    std::string file, state_dir;
    bool force = false;

    void declare(CLI::App& c) {
        c.add_option("file", file,
                     _("where to write it (default: --policy, $NETSEC_POLICY or /etc/netsec/policy.yaml)"))
            ->type_name("FILE");
        c.add_option("--state-dir", state_dir, _("where records are kept (default: 'state' beside the policy)"))
            ->type_name("DIR");
        c.add_flag("--force", force, _("replace an existing policy (needs admin under it)"));
    }
    void before(cli::SharedOptions& o) {
        if (!file.empty()) o.policy = file;
    }
    int run(cli::Session& s) {
        const Caller& caller = s.caller;
        // Under sudo init would create folders and files as root wherever the caller asks, and a
        // policy root owns naming the caller admin is one sudo then trusts (netsec(7), SECURITY).
        if (caller.elevated)
            throw Error(Exit::no_perm, _f("'netsec-policy init' does not run under sudo, where it would write as root "
                                          "wherever user '{}' asks: run it as root itself ('sudo env -u SUDO_USER "
                                          "netsec-policy init ...'), or without sudo for a policy of your own",
                                          caller.user));
        std::string file = policy::locate_policy(s.options.policy);
        std::string replaced_state;
        if (paths::exists(file)) {
            if (!force)
                throw Error(Exit::cant_create, _f("'{}' already exists; check it with 'netsec-policy check {}', or "
                                                  "replace it with --force",
                                                  file, file));
            // Replacing a school's policy is an admin's decision under the policy being replaced.
            policy::Policy old = policy::load_policy(file);
            policy::require_level(old, caller, policy::Level::admin, "netsec-policy init --force");
            replaced_state = old.state_dir;
        }
        std::string state = state_dir.empty() ? "state" : absolute_from_cwd(state_dir);
        paths::make_dirs(paths::parent(file), 0755);
        std::string text = policy::starting_policy(state, caller.user);
        // The records first, then the policy: an init that cannot create its records leaves no
        // policy behind that would make the next try say "already exists".
        policy::Policy p = policy::parse_policy(text, file);
        claim_state_dir(p.state_dir, replaced_state);
        paths::make_private_dir(p.state_dir, cli::privacy_of(p));
        journal::start_records(cli::database_path(p), cli::privacy_of(p), {caller.user, host_name(), "netsec-policy"},
                               p, force ? journal::PolicyEvent::changed : journal::PolicyEvent::init, [&] {
                                   if (force && !replaced_state.empty())
                                       paths::write_file_atomic(file, text, 0644);
                                   else
                                       write_new_file(file, text, 0644);
                               });
        s.notice(_f("wrote the starting policy '{}' and the records in '{}'", file, p.state_dir));
        s.notice(_f("next: edit it for your school, then run 'netsec-policy check {}'", file));
        return 0;
    }
};

struct Check {
    std::string file;

    void declare(CLI::App& c) {
        c.add_option("file", file, _("the policy to check (default: the policy in force)"))->type_name("FILE");
    }
    void before(cli::SharedOptions& o) {
        if (!file.empty()) o.policy = file;
    }
    int run(cli::Session& s) {
        std::string file = policy::locate_policy(s.options.policy);
        policy::Policy p = policy::load_policy_for(file, s.caller);
        std::string problems;
        for (const auto& line : policy::file_mode_problems(p)) problems += (problems.empty() ? "" : "\n") + line;
        if (!problems.empty()) throw Error(Exit::config, problems);
        s.notice(_f("'{}' is a valid policy", file));
        return 0;
    }
};

struct Show {
    std::string file;

    void declare(CLI::App& c) {
        c.add_option("file", file, _("the policy to show (default: the policy in force)"))->type_name("FILE");
    }
    void before(cli::SharedOptions& o) {
        if (!file.empty()) o.policy = file;
    }
    int run(cli::Session& s) {
        std::cout << io::render_document(policy::to_json(s.policy), s.format());
        return 0;
    }
};

// What show prints: the policy's top-level keys as one document, or flattened into key and value
// rows for csv and tsv (io::render_document).
std::vector<io::Column> show_fields() {
    std::vector<io::Column> fields;
    const auto document = policy::to_json(policy::Policy{});
    for (const auto& [key, value] : document.items()) fields.push_back({key});
    fields.push_back({"key"});
    fields.push_back({"value"});
    return fields;
}

} // namespace

int main(int argc, char** argv) {
    using cli::Needs;
    using policy::Level;
    return cli::run_tool(argc, argv, "netsec-policy", [] {
        return cli::Tool{
            _("Write, check and show the school's network-security policy."),
            {
                cli::command<Init>("init", _("write a commented starting policy and create its records"), Level::none,
                                   Needs::nothing),
                cli::command<Check>("check", _("validate a policy and report every problem as file:line:column"),
                                    Level::none, Needs::nothing),
                cli::command<Show>("show", _("print the policy in force with every default filled in"), Level::viewer,
                                   Needs::policy, cli::records(), show_fields()),
            }};
    });
}
