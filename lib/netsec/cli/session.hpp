// netsec::cli — what every tool shares: the options -f/--format, --encoding, -q/--quiet and --policy,
// the preamble each command declares (load the policy, check the caller's level, open the
// store, journal a changed policy), printing records, and the main() wrapper that maps every
// error to its exit code. Tools call this; the library below never does.
#pragma once
#include "netsec/core/caller.hpp"
#include "netsec/core/time.hpp"
#include "netsec/io/output.hpp"
#include "netsec/journal/journal.hpp"
#include "netsec/policy/policy.hpp"
#include "netsec/store/db.hpp"

#include <memory>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace netsec::cli {

struct SharedOptions {
    std::string policy;             // --policy FILE
    std::string format = "auto";    // -f/--format
    bool quiet = false;             // -q/--quiet
    bool format_given = false;      // -f was on the command line
    std::string encoding = "utf-8"; // --encoding of what -f csv or tsv writes
};

// Adds --policy, -f/--format, --encoding and -q/--quiet to `app`; subcommands inherit them. A
// subcommand that reads a file (import) declares its own --encoding, of the file it reads, which
// CLI11 takes before this one (netsec(7), Records for spreadsheets).
void add_shared_options(CLI::App& app, SharedOptions& options);

// The output format -f asked for, resolved for stdout (table on a terminal, else jsonl).
io::Format output_format(const SharedOptions& options);

// Throws Error(usage) unless --encoding names an encoding and, when it is not utf-8, -f asks
// for csv or tsv. run_main calls it before the command runs.
void check_encoding(const SharedOptions& options);

// Writes `records` to stdout in the format -f asked for; tables show times in `zone`. For
// commands that run without a policy (netsec-backup --repo); others use Session::print.
// Throws Error(io) when stdout cannot be written (with no message for a closed pipe).
void print(const SharedOptions& options, const io::Records& records, const std::string& zone = "UTC");

// Flushes stdout and throws Error(io) when anything written to it failed, naming why; a reader
// that went away (EPIPE) gives Error(io) with no message, which run_main does not print.
// run_main calls it after every command; a command that must know its output arrived before it
// commits (a password shown once) calls it itself.
void flush_stdout();

// What a command needs before it runs.
enum class Needs {
    nothing,     // no policy: the command acts with the caller's own rights (--repo DIR); under
                 // sudo the caller's level is still checked (require_level_if_elevated), unless
                 // the level is Level::none (a command that needs none, such as policy check)
    policy,      // the policy and the caller's level
    store,       // also the database, opened read-only when writes are not needed
    store_write, // also the database, writable (created and migrated when missing)
};

// The state a command runs with once its preamble has passed.
struct Session {
    std::string tool;    // "netsec-journal"
    std::string command; // "netsec-journal verify"
    SharedOptions options;
    policy::Policy policy;
    Caller caller;
    std::unique_ptr<store::Db> db;
    bool has_policy = true; // false for Needs::nothing: `policy` holds only defaults
    // The fields the command's table entry declares; print refuses a record with any other
    // (a programming error, exit 70), so what --describe and the man page list is what is printed.
    std::vector<std::string> declared_fields;
    bool check_fields = false;

    journal::Origin origin() const;
    io::Format format() const;    // resolved for stdout
    io::TableStyle style() const; // the policy's zone (UTC without a policy), colour on a terminal
    void print(const io::Records& records) const;
    void notice(const std::string& message) const; // stderr, unless --quiet
    // A time the user typed (RFC 3339, "YYYY-MM-DD HH:MM" in the policy's zone, "now"); now
    // when `text` is empty. Throws Error(usage) naming the text.
    timeutil::Instant time_or_now(const std::string& text) const;
    // `t` as "YYYY-MM-DD HH:MM" in the policy's zone, for notices.
    std::string local(timeutil::Instant t) const;
};

// Runs the preamble: loads the policy (78), checks the caller has `level` (77), and opens the
// store as `needs` says; a changed policy is journaled whenever the database is writable.
Session open_session(const std::string& tool, const std::string& command, const SharedOptions& options,
                     policy::Level level, Needs needs);

// open_session for COMMAND ("add", "evidence list") of the tool named to start(), whose
// refusals then name "netsec-TOOL COMMAND"; a command changes records unless it says otherwise.
Session open_command(const SharedOptions& options, const std::string& command, policy::Level level,
                     Needs needs = Needs::store_write);

// For a command that needs no policy because it acts with the caller's own rights (netsec-backup
// --repo): under sudo, where it would act as root, loads the policy as open_session does and
// requires `level` of the caller (77), naming "netsec-TOOL COMMAND"; otherwise does nothing.
void require_level_if_elevated(const SharedOptions& options, const std::string& command, policy::Level level);

// Under sudo a command reads and writes the paths its caller names with root's rights. Below
// admin (who may do anything, as with --repo) the caller may name only what they could read,
// or write into, without sudo: these throw Error(no_perm) naming the path otherwise, and do
// nothing when the run is not elevated. "-" (standard input) is always the caller's.
void require_caller_may_read(const Session& s, const std::string& file);
void require_caller_may_write(const Session& s, const std::string& dir);

// The database file inside a policy's state folder.
std::string database_path(const policy::Policy& policy);

// How a policy wants its records protected (owner only, or also its state_group).
paths::Privacy privacy_of(const policy::Policy& policy);

// Sets the language from the environment; call first in main, before any message is built.
// Under sudo (Caller::elevated) NETSEC_LOCALEDIR is not read.
void start(const char* tool);

// Parses argv into `app` and calls `run`; prints any error once as "tool: message" and
// returns its exit code (CLI11 usage errors become 64, --help and --version 0). Under sudo,
// first refuses (77) settings of the caller's environment that would steer root: NETSEC_NOW,
// NETSEC_LOCALEDIR, TZDIR (netsec(7), Through sudo). Stdout is flushed at the end: when any of
// it could not be written, the exit is 74. Messages have their control characters made visible
// (io::terminal_safe).
int run_main(CLI::App& app, int argc, char** argv, const std::function<int()>& run);

// A notice for stderr in the tool's name, control characters made visible; an empty message
// prints nothing.
void warn(const std::string& message);

// What went well, on stderr without the tool's name, unless -q; control characters made
// visible. As Session::notice, for commands that run without a session (--repo).
void notice(const SharedOptions& options, const std::string& message);

} // namespace netsec::cli
