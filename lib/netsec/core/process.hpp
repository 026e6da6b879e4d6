// A command run through the shell, its standard output read by the caller.
#pragma once
#include <string>
#include <sys/types.h>

namespace netsec::process {

// `/bin/sh -c COMMAND` with standard input from /dev/null and standard output a pipe read
// through fd(); waited for by finish(), killed (SIGTERM) and reaped when dropped before that.
class Command {
public:
    // Throws Error(software) without a pipe, Error(unavailable) when the shell cannot start.
    explicit Command(const std::string& command);
    ~Command();
    Command(const Command&) = delete;
    Command& operator=(const Command&) = delete;

    int fd() const { return fd_; }

    // Waits for the command; throws Error(unavailable) when it did not exit 0, its message
    // ending in `not_done` (what the caller did not do because of it).
    void finish(const std::string& not_done);

private:
    std::string command_;
    pid_t pid_ = 0;
    int fd_ = -1;
};

} // namespace netsec::process
