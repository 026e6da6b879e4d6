// netsec-policy: write a starting policy, check one, show the policy in force.
#include "netsec/cli/formats.hpp"
#include "netsec/cli/session.hpp"
#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/paths.hpp"
#include "netsec/journal/policy_record.hpp"
#include "netsec/policy/operators.hpp"
#include "netsec/io/document.hpp"

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
        throw Error(Exit::cant_create, _f("'{}' is a symbolic link: init keeps the records in a new folder, or an empty "
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
                                          "replace it with --force", file, file));
    int fd = paths::create_new_file(file, mode); // O_EXCL: one planted meanwhile is refused too
    bool ok = paths::write_all(fd, text.data(), text.size()) && ::fsync(fd) == 0;
    int saved = errno;
    if (::close(fd) != 0 && ok) ok = false, saved = errno;
    if (!ok) {
        ::unlink(file.c_str());
        throw Error(Exit::cant_create, _f("cannot write '{}': {}", file, std::strerror(saved ? saved : EIO)));
    }
}

int init(const cli::SharedOptions& shared, const std::string& file_arg, const std::string& state_dir, bool force) {
    Caller caller = current_caller();
    // Under sudo init would create folders and files as root wherever the caller asks, and a
    // policy root owns naming the caller admin is one sudo then trusts (netsec(7), SECURITY).
    if (caller.elevated)
        throw Error(Exit::no_perm, _f("'netsec-policy init' does not run under sudo, where it would write as root "
                                      "wherever user '{}' asks: run it as root itself ('sudo env -u SUDO_USER "
                                      "netsec-policy init ...'), or without sudo for a policy of your own",
                                      caller.user));
    std::string file = policy::locate_policy(file_arg.empty() ? shared.policy : file_arg);
    std::string replaced_state;
    if (paths::exists(file)) {
        if (!force)
            throw Error(Exit::cant_create, _f("'{}' already exists; check it with 'netsec-policy check {}', or "
                                              "replace it with --force", file, file));
        // Replacing a school's policy is an admin's decision under the policy being replaced.
        policy::Policy old = policy::load_policy(file);
        policy::require_level(old, caller, policy::Level::admin, "netsec-policy init --force");
        replaced_state = old.state_dir;
    }
    std::string state = state_dir.empty() ? "state" : absolute_from_cwd(state_dir);
    std::string dir = paths::parent(file);
    paths::make_dirs(dir, 0755);
    std::string text = policy::starting_policy(state, caller.user);
    // The records first, then the policy: an init that cannot create its records leaves no
    // policy behind that would make the next try say "already exists".
    policy::Policy p = policy::parse_policy(text, file);
    claim_state_dir(p.state_dir, replaced_state);
    paths::make_private_dir(p.state_dir, cli::privacy_of(p));
    store::Db db(cli::database_path(p), store::Access::read_write, cli::privacy_of(p));
    if (force && !replaced_state.empty())
        paths::write_file_atomic(file, text, 0644);
    else
        write_new_file(file, text, 0644);
    journal::record_policy(db, {caller.user, host_name(), "netsec-policy"}, p,
                           force ? journal::PolicyEvent::changed : journal::PolicyEvent::init);
    cli::notice(shared, _f("wrote the starting policy '{}' and the records in '{}'", file, p.state_dir));
    cli::notice(shared, _f("next: edit it for your school, then run 'netsec-policy check {}'", file));
    return 0;
}

int check(const cli::SharedOptions& shared, const std::string& file_arg) {
    std::string file = policy::locate_policy(file_arg.empty() ? shared.policy : file_arg);
    policy::Policy p = policy::load_policy_for(file, current_caller());
    std::string problems;
    for (const auto& line : policy::file_mode_problems(p)) problems += (problems.empty() ? "" : "\n") + line;
    if (!problems.empty()) throw Error(Exit::config, problems);
    cli::notice(shared, _f("'{}' is a valid policy", file));
    return 0;
}

int show(cli::SharedOptions shared, const std::string& file_arg) {
    if (!file_arg.empty()) shared.policy = file_arg;
    cli::Session s = cli::open_command(shared, "show", policy::Level::viewer,
                                       cli::Needs::policy);
    std::cout << io::render_document(policy::to_json(s.policy), s.format());
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    cli::start("netsec-policy");
    CLI::App app{_("Write, check and show the school's network-security policy."), "netsec-policy"};
    app.set_version_flag("--version", "netsec-policy " NETSEC_VERSION);
    cli::SharedOptions shared;
    cli::add_shared_options(app, shared);
    app.require_subcommand(1);

    std::string file, state_dir;
    bool force = false;
    auto* init_cmd = app.add_subcommand("init", _("write a commented starting policy and create its records"));
    init_cmd->add_option("file", file, _("where to write it (default: --policy, $NETSEC_POLICY or /etc/netsec/policy.yaml)"))
        ->type_name("FILE");
    init_cmd->add_option("--state-dir", state_dir, _("where records are kept (default: 'state' beside the policy)"))
        ->type_name("DIR");
    init_cmd->add_flag("--force", force, _("replace an existing policy (needs admin under it)"));

    auto* check_cmd = app.add_subcommand("check", _("validate a policy and report every problem as file:line:column"));
    check_cmd->add_option("file", file, _("the policy to check (default: the policy in force)"))->type_name("FILE");

    auto* show_cmd = app.add_subcommand("show", _("print the policy in force with every default filled in"));
    cli::declare_formats(*show_cmd, cli::records());
    show_cmd->add_option("file", file, _("the policy to show (default: the policy in force)"))->type_name("FILE");

    return cli::run_main(app, argc, argv, [&] {
        if (*init_cmd) return init(shared, file, state_dir, force);
        if (*check_cmd) return check(shared, file);
        return show(shared, file);
    });
}
