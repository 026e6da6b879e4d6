// netsec::core — the ground every module stands on: errors and exit codes, time and
// durations, syslog times, paths and file modes, text helpers, display width, hashing, the
// caller's identity and host, findings and their severity, and message translation. It
// includes no other netsec module (layers: ARCHITECTURE.md).
#pragma once
#include <stdexcept>
#include <string>

namespace netsec {

// Exit codes of DESIGN.md (sysexits); every tool returns one of these.
enum class Exit : int {
    ok = 0,
    finding = 1, // done, and the answer is "not fine"
    usage = 64,
    data = 65,        // bad input data
    no_input = 66,    // input missing
    unavailable = 69, // a needed service or program is unavailable
    software = 70,    // internal error
    cant_create = 73,
    io = 74,
    temp_fail = 75, // try again later (locked)
    no_perm = 77,   // the operator's level is too low
    config = 78,    // bad policy
};

// The one error type the library throws: a translated message and the exit code it maps to.
// A message may hold several lines (one problem a line); the cli wrapper prints it once.
class Error : public std::runtime_error {
public:
    Error(Exit code, const std::string& message) : std::runtime_error(message), code_(code) {}
    Exit code() const noexcept { return code_; }

private:
    Exit code_;
};

} // namespace netsec
