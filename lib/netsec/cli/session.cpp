#include "netsec/cli/session.hpp"

#include "netsec/cli/formats.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/io/tty.hpp"
#include "netsec/journal/policy_record.hpp"
#include "netsec/policy/operators.hpp"

#include "netsec/core/paths.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <grp.h>
#include <iostream>
#include <unistd.h>

namespace netsec::cli {
namespace {
std::string tool_name = "netsec";
// Under std::cout from start() on, so that a failed write is known with its reason; never freed,
// as std::cout is flushed once more when the program ends.
io::FdBuf* stdout_buf = nullptr;
// The options add_shared_options filled in, whose -f run_main checks against the command.
const SharedOptions* shared_options = nullptr;

// Writes `message` to stderr a line at a time, each with `prefix`, with control characters made
// visible: a name or title inside a message cannot drive the terminal.
void to_stderr(const std::string& prefix, const std::string& message) {
    std::string::size_type start = 0;
    while (start <= message.size()) {
        auto nl = message.find('\n', start);
        std::cerr << prefix << io::terminal_safe(std::string_view(message).substr(start, nl - start)) << '\n';
        if (nl == std::string::npos) break;
        start = nl + 1;
    }
}

// Throws when anything written to stdout so far failed (`err` is the errno of the failure).
void stdout_failed(int err) {
    // A reader that went away (`| head`) is no news: SIGPIPE ends us quietly by default, and
    // where the caller ignores it, the exit status alone says the output was cut short.
    if (err == EPIPE) throw Error(Exit::io, "");
    throw Error(Exit::io, err ? _f("cannot write to standard output: {}", std::strerror(err))
                              : std::string(_("cannot write to standard output")));
}

// Under sudo, settings the caller's environment gives would date the records or choose what root
// reads as the caller likes; sudo's env_reset removes them, and an env_keep that lets them through
// is refused rather than obeyed (netsec(7), Through sudo).
void refuse_caller_environment(const Caller& caller) {
    if (!caller.elevated) return;
    for (const char* name : {"NETSEC_NOW", "NETSEC_LOCALEDIR", "TZDIR"})
        if (const char* v = std::getenv(name); v && *v)
            throw Error(Exit::no_perm,
                        _f("'{}' is set, and is not honoured under sudo: unset it, or run without sudo", name));
}
} // namespace

void flush_stdout() {
    std::cout.flush();
    if (stdout_buf && stdout_buf->error()) stdout_failed(stdout_buf->error());
    if (!std::cout.good()) stdout_failed(0);
    // What was written through stdio (netsec-backup export) instead of std::cout.
    if (std::fflush(stdout) != 0 || std::ferror(stdout)) stdout_failed(errno);
}

void add_shared_options(CLI::App& app, SharedOptions& options) {
    app.fallthrough(true);
    shared_options = &options;
    app.add_option("--policy", options.policy, _("policy file (default: $NETSEC_POLICY, else /etc/netsec/policy.yaml)"))
        ->type_name("FILE");
    app.add_option_function<std::string>(
           "-f,--format",
           [&options](const std::string& value) {
               // Checked by run_main against the formats the command declared (cli/formats.hpp).
               options.format = value;
               options.format_given = value != "auto";
           },
           _("output format, as each command's --help lists them (records: table on a terminal, jsonl in a pipe)"))
        ->type_name("FORMAT");
    app.add_option("--encoding", options.encoding,
                   _("with -f csv or tsv: utf-8 (default), utf-8-bom or gbk, for Excel on Chinese Windows"))
        ->type_name("ENCODING");
    app.add_flag("-q,--quiet", options.quiet, _("no progress and no notices: data and errors only"));
}

journal::Origin Session::origin() const { return {caller.user, host_name(), tool}; }

io::Format output_format(const SharedOptions& options) {
    return io::resolve_format(io::parse_format(options.format), io::is_terminal(STDOUT_FILENO));
}

void check_encoding(const SharedOptions& options) {
    io::Encoding encoding = io::parse_output_encoding(options.encoding);
    if (encoding == io::Encoding::utf8 || options.format == "csv" || options.format == "tsv") return;
    throw Error(Exit::usage, _f("--encoding {} is for -f csv or tsv, not '{}'", options.encoding, options.format));
}

namespace {
io::TableStyle style_for(const SharedOptions& options, const std::string& zone) {
    io::TableStyle s;
    s.zone = zone;
    s.colour = io::colour_wanted(STDOUT_FILENO);
    s.encoding = io::parse_output_encoding(options.encoding);
    return s;
}
} // namespace

void print(const SharedOptions& options, const io::Records& records, const std::string& zone) {
    io::write_records(std::cout, output_format(options), records, style_for(options, zone));
    flush_stdout();
}

io::Format Session::format() const { return output_format(options); }

io::TableStyle Session::style() const { return style_for(options, has_policy ? policy.school.timezone : "UTC"); }

void Session::print(const io::Records& records) const {
    if (check_fields)
        for (const auto& column : records.columns)
            if (std::find(declared_fields.begin(), declared_fields.end(), column.name) == declared_fields.end())
                throw Error(Exit::software, _f("internal error: '{}' prints the field '{}', which its command "
                                               "table does not declare",
                                               command, column.name));
    cli::print(options, records, has_policy ? policy.school.timezone : "UTC");
}

void notice(const SharedOptions& options, const std::string& message) {
    if (!options.quiet) to_stderr("", message);
}

void Session::notice(const std::string& message) const { cli::notice(options, message); }

timeutil::Instant Session::time_or_now(const std::string& text) const {
    return text.empty() ? timeutil::now() : timeutil::parse_time(text, policy.school.timezone);
}

std::string Session::local(timeutil::Instant t) const { return timeutil::format_local(t, policy.school.timezone); }

std::string database_path(const policy::Policy& policy) { return policy.state_dir + "/netsec.db"; }

paths::Privacy privacy_of(const policy::Policy& policy) {
    paths::Privacy privacy;
    if (!policy.state_group.empty())
        if (const group* g = ::getgrnam(policy.state_group.c_str())) privacy.group = g->gr_gid;
    return privacy;
}

Session open_session(const std::string& tool, const std::string& command, const SharedOptions& options,
                     policy::Level level, Needs needs) {
    Session s;
    s.tool = tool;
    s.command = command;
    s.options = options;
    s.caller = current_caller();
    if (needs == Needs::nothing) {
        // Level::none: the command needs no level and checks what it must itself (policy init).
        if (level != policy::Level::none)
            require_level_if_elevated(options, command.substr(command.find(' ') + 1), level);
        s.has_policy = false;
        return s;
    }
    s.policy = policy::load_policy_for(policy::locate_policy(options.policy), s.caller);
    policy::require_level(s.policy, s.caller, level, command);
    if (needs == Needs::policy) return s;
    std::string file = database_path(s.policy);
    bool want_write = needs == Needs::store_write;
    // Readers open read-write too when they may, so that a changed policy is journaled by
    // whoever runs next; a reader without write permission still reads.
    bool can_write = want_write || (paths::exists(file) && ::access(file.c_str(), W_OK) == 0 &&
                                    ::access(s.policy.state_dir.c_str(), W_OK) == 0);
    // Whoever may write also keeps the folder's privacy as the policy says now (a state_group
    // added later opens the folder to that group).
    if (can_write) paths::make_private_dir(s.policy.state_dir, privacy_of(s.policy));
    s.db = std::make_unique<store::Db>(file, can_write ? store::Access::read_write : store::Access::read_only,
                                       privacy_of(s.policy));
    if (s.db->writable() && journal::record_policy_if_changed(*s.db, s.origin(), s.policy))
        s.notice(
            _f("the policy '{}' changed since it was last recorded; its new hash is in the journal", s.policy.file));
    return s;
}

Session open_command(const SharedOptions& options, const std::string& command, policy::Level level, Needs needs) {
    return open_session(tool_name, tool_name + " " + command, options, level, needs);
}

void require_level_if_elevated(const SharedOptions& options, const std::string& command, policy::Level level) {
    Caller caller = current_caller();
    if (!caller.elevated) return;
    policy::Policy policy = policy::load_policy_for(policy::locate_policy(options.policy), caller);
    policy::require_level(policy, caller, level, tool_name + " " + command);
}

namespace {
bool acts_as_caller(const Session& s) {
    return s.caller.elevated && policy::level_of(s.policy, s.caller) < policy::Level::admin;
}
} // namespace

void require_caller_may_read(const Session& s, const std::string& file) {
    if (file == "-" || !acts_as_caller(s)) return;
    char real[PATH_MAX];
    if (::realpath(file.c_str(), real) && may_read(s.caller, real)) return;
    if (!paths::exists(file)) return; // the command names what is missing
    throw Error(Exit::no_perm,
                _f("refusing '{}' under sudo: user '{}' may not read it without sudo", file, s.caller.user));
}

void require_caller_may_write(const Session& s, const std::string& dir) {
    if (!acts_as_caller(s) || may_write_in(s.caller, dir)) return;
    throw Error(Exit::no_perm,
                _f("refusing '{}' under sudo: user '{}' may not write there without sudo", dir, s.caller.user));
}

void start(const char* tool) {
    tool_name = tool;
    // A closed standard descriptor would be taken by the next file opened (a database, an
    // evidence copy) and receive what is printed: hold it with /dev/null opened read-only, so
    // that writing to it fails (EBADF, exit 74) as writing to the closed one would.
    for (int fd = 0; fd <= 2; ++fd)
        if (::fcntl(fd, F_GETFD) == -1 && errno == EBADF) {
            int held = ::open("/dev/null", O_RDONLY);
            if (held >= 0 && held != fd) ::close(held); // only when it landed on the closed one
        }
    if (!stdout_buf) {
        stdout_buf = new io::FdBuf(STDOUT_FILENO);
        std::cout.rdbuf(stdout_buf);
    }
    // Under sudo a catalog the caller names would be read as root, and choose what root says.
    i18n::set_language(i18n::language_from_env(), !current_caller().elevated);
}

void warn(const std::string& message) {
    if (!message.empty()) to_stderr(tool_name + ": ", message);
}

int run_main(CLI::App& app, int argc, char** argv, const std::function<int()>& run) {
    auto report = [](const std::string& message) { warn(message); };
    try {
        refuse_caller_environment(current_caller());
        bool parsed = false;
        try {
            app.parse(argc, argv);
            parsed = true;
        } catch (const CLI::CallForHelp&) {
            std::cout << app.help();
        } catch (const CLI::CallForAllHelp&) {
            std::cout << app.help("", CLI::AppFormatMode::All);
        } catch (const CLI::CallForVersion& e) {
            std::cout << e.what() << '\n';
        } catch (const CLI::ParseError& e) {
            report(e.what());
            std::cerr << _f("Run '{} --help' for usage.", tool_name) << '\n';
            return int(Exit::usage);
        }
        // A format the command does not write is refused before it opens or writes anything.
        if (parsed && shared_options) {
            check_format(app, tool_name, shared_options->format);
            check_encoding(*shared_options);
        }
        int code = parsed ? run() : 0;
        // Data that did not reach its file or pipe is an I/O error, whatever the command said.
        flush_stdout();
        return code;
    } catch (const Error& e) {
        report(e.what());
        return int(e.code());
    } catch (const CLI::ParseError& e) {
        report(e.what());
        return int(Exit::usage);
    } catch (const std::bad_alloc&) {
        report(_("out of memory"));
        return int(Exit::software);
    } catch (const std::exception& e) {
        report(_f("internal error: {}", e.what()));
        return int(Exit::software);
    }
}

} // namespace netsec::cli
