// netsec::cli — a tool as a table of commands. Each entry says in one line what a command is
// called, what it is for, the operator level it needs, what it needs opened (policy, store,
// writable store, or nothing), what -f takes and which fields its records carry; the command
// itself is a small struct that declares its options and runs with the Session the preamble
// opened. run_tool builds the CLI11 app from the table, checks -f, runs the preamble, and maps
// every error to its exit code, so a tool's main() is its table.
//
//     struct Show {
//         std::string since;
//         void declare(CLI::App& c) { c.add_option("--since", since, _("...")); }
//         int run(cli::Session& s) { ...; s.print(records); return 0; }
//     };
//     return cli::run_tool(argc, argv, "netsec-journal", [] {
//         return cli::Tool{_("Show and verify the journal."), {
//             cli::command<Show>("show", _("list entries"), Level::viewer, Needs::store,
//                                cli::records(), journal::entry_fields()),
//         }};
//     });
//
// `netsec-TOOL --describe` prints the table as JSON Lines (one command a line: its name, level,
// needs, formats, options and fields), which the tests compare with the man pages and the bash
// completions, so neither can drift from the code.
#pragma once
#include "netsec/cli/formats.hpp"
#include "netsec/cli/session.hpp"
#include "netsec/io/output.hpp"
#include "netsec/policy/policy.hpp"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace netsec::cli {

// The level and needs a command runs with; a command whose needs depend on its options
// (`head --record`, `--repo DIR`) adjusts the declared ones before the preamble runs.
struct Preamble {
    policy::Level level = policy::Level::viewer; // Level::none with Needs::nothing: no check at all
    Needs needs = Needs::store;
    std::string variant; // named after the command in refusals: "--repo" gives "netsec-backup run --repo"
};

struct Command {
    std::string name;                           // "show"; "evidence add" for a command of a group
    std::string help;                           // one line for --help; a group's line when `run` is empty
    Preamble preamble;                          // as declared: the level the man page states
    Formats formats;                            // what -f takes; none: -f is ignored (it prints no records)
    std::vector<io::Column> fields;             // every field its records may carry (Session::print checks)
    std::function<void(CLI::App&)> declare;     // its options and arguments
    std::function<Preamble(Preamble)> adjust;   // the preamble for the options given, if it varies
    std::function<void(SharedOptions&)> before; // sees and may change the shared options first
    std::function<int(Session&)> run;           // empty for a group ("evidence")
};

struct Tool {
    std::string about;             // the first line of --help
    std::vector<Command> commands; // in the order --help lists them; a group before its members
};

// A command group ("evidence", "logins") whose members are "evidence add" and so on.
Command group(std::string name, std::string help);

// An entry for the command struct C: C has `void declare(CLI::App&)` and `int run(Session&)`,
// and may have `Preamble preamble(Preamble declared) const` when its level or needs depend on
// its options, and `void before(SharedOptions&)` to read or change the shared options before
// the preamble runs (a FILE argument that stands for --policy, a -f that changes what is checked
// first). One C is made per entry and lives as long as the table.
template <class C>
Command command(std::string name, std::string help, policy::Level level, Needs needs, Formats formats = {},
                std::vector<io::Column> fields = {}) {
    auto c = std::make_shared<C>();
    Command e;
    e.name = std::move(name);
    e.help = std::move(help);
    e.preamble = {level, needs};
    e.formats = std::move(formats);
    e.fields = std::move(fields);
    e.declare = [c](CLI::App& app) { c->declare(app); };
    if constexpr (requires(const C& x, Preamble p) { x.preamble(p); })
        e.adjust = [c](Preamble p) { return c->preamble(p); };
    if constexpr (requires(C & x, SharedOptions & o) { x.before(o); })
        e.before = [c](SharedOptions& o) { c->before(o); };
    e.run = [c](Session& s) { return c->run(s); };
    return e;
}

// Runs the tool: sets the language (cli::start), builds the table, parses argv, refuses a -f the
// command does not take (64), runs the preamble the entry declares (adjusted by its options)
// and the command, and returns the exit code; errors are printed once as "TOOL: message".
// `table` is called after the language is set, so its help texts are translated.
int run_tool(int argc, char** argv, const char* tool, const std::function<Tool()>& table);

// The table as JSON Lines, what `--describe` prints.
std::string describe(const std::string& tool, const Tool& table);

} // namespace netsec::cli
