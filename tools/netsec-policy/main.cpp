// netsec-policy: write a starting policy, check one, show the policy in force.
#include "netsec/cli/session.hpp"
#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/paths.hpp"
#include "netsec/journal/policy_record.hpp"
#include "netsec/policy/operators.hpp"
#include "netsec/io/document.hpp"

#include <CLI/CLI.hpp>
#include <climits>
#include <iostream>
#include <unistd.h>

using namespace netsec;

namespace {

std::string absolute_from_cwd(const std::string& path) {
    if (path.empty() || path[0] == '/') return path;
    char cwd[PATH_MAX];
    return ::getcwd(cwd, sizeof cwd) ? paths::resolve(cwd, path) : path;
}

int init(const cli::SharedOptions& shared, const std::string& file_arg, const std::string& state_dir, bool force) {
    std::string file = policy::locate_policy(file_arg.empty() ? shared.policy : file_arg);
    Caller caller = current_caller();
    if (paths::exists(file)) {
        if (!force)
            throw Error(Exit::cant_create, _f("'{}' already exists; check it with 'netsec-policy check {}', or "
                                              "replace it with --force", file, file));
        // Replacing a school's policy is an admin's decision under the policy being replaced.
        policy::require_level(policy::load_policy(file), caller, policy::Level::admin, "netsec-policy init --force");
    }
    std::string state = state_dir.empty() ? "state" : absolute_from_cwd(state_dir);
    std::string dir = paths::parent(file);
    paths::make_dirs(dir, 0755);
    std::string text = policy::starting_policy(state, caller.user);
    // The records first, then the policy: an init that cannot create its records leaves no
    // policy behind that would make the next try say "already exists".
    policy::Policy p = policy::parse_policy(text, file);
    paths::make_private_dir(p.state_dir, cli::privacy_of(p));
    store::Db db(cli::database_path(p), store::Access::read_write, cli::privacy_of(p));
    paths::write_file_atomic(file, text, 0644);
    journal::record_policy(db, {caller.user, host_name(), "netsec-policy"}, p,
                           force ? journal::PolicyEvent::changed : journal::PolicyEvent::init);
    cli::notice(shared, _f("wrote the starting policy '{}' and the records in '{}'", file, p.state_dir));
    cli::notice(shared, _f("next: edit it for your school, then run 'netsec-policy check {}'", file));
    return 0;
}

int check(const cli::SharedOptions& shared, const std::string& file_arg) {
    std::string file = policy::locate_policy(file_arg.empty() ? shared.policy : file_arg);
    policy::Policy p = policy::load_policy(file);
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
    show_cmd->add_option("file", file, _("the policy to show (default: the policy in force)"))->type_name("FILE");

    return cli::run_main(app, argc, argv, [&] {
        if (*init_cmd) return init(shared, file, state_dir, force);
        if (*check_cmd) return check(shared, file);
        return show(shared, file);
    });
}
