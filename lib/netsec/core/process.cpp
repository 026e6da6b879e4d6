// A command run through the shell, its standard output read by the caller.
#include "netsec/core/process.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace netsec::process {

Command::Command(const std::string& command) : command_(command) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw Error(Exit::software, _f("cannot make a pipe: {}", std::strerror(errno)));
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    const char* argv[] = {"/bin/sh", "-c", command.c_str(), nullptr};
    int rc = ::posix_spawn(&pid_, "/bin/sh", &actions, nullptr, const_cast<char**>(argv), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    if (rc != 0) {
        ::close(fds[0]);
        throw Error(Exit::unavailable, _f("cannot run '{}': {}", command, std::strerror(rc)));
    }
    fd_ = fds[0];
}

Command::~Command() {
    if (fd_ >= 0) ::close(fd_);
    if (pid_ > 0) {
        ::kill(pid_, SIGTERM);
        int status = 0;
        ::waitpid(pid_, &status, 0);
    }
}

void Command::finish(const std::string& not_done) {
    ::close(fd_);
    fd_ = -1;
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = 0;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return;
    std::string how = WIFEXITED(status) ? _f("exit status {}", WEXITSTATUS(status))
                                        : _f("signal {}", WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    throw Error(Exit::unavailable, _f("the command '{}' failed ({}): {}", command_, how, not_done));
}

} // namespace netsec::process
