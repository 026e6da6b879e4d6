// A command run through the shell: its output read through fd(), its failure worded once, and
// a command dropped unfinished killed.
#include "netsec/core/error.hpp"
#include "netsec/core/process.hpp"

#include <chrono>
#include <doctest/doctest.h>
#include <string>
#include <unistd.h>

using namespace netsec;
using process::Command;

namespace {

std::string read_all(int fd) {
    std::string out;
    char buf[256];
    for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) out.append(buf, std::size_t(n));
    return out;
}

} // namespace

TEST_CASE("a command's standard output is read through fd()") {
    Command c("printf 'one\\ntwo\\n'");
    CHECK(read_all(c.fd()) == "one\ntwo\n");
    CHECK_NOTHROW(c.finish("nothing was saved"));
}

TEST_CASE("a command reads nothing on its standard input") {
    Command c("cat; echo end");
    CHECK(read_all(c.fd()) == "end\n");
    CHECK_NOTHROW(c.finish("nothing was saved"));
}

TEST_CASE("a command that fails names its exit status and what was not done") {
    Command c("exit 3");
    read_all(c.fd());
    try {
        c.finish("nothing was saved");
        FAIL("finish did not throw");
    } catch (const Error& e) {
        CHECK(e.code() == Exit::unavailable);
        CHECK(std::string(e.what()) == "the command 'exit 3' failed (exit status 3): nothing was saved");
    }
}

TEST_CASE("a command killed by a signal names the signal") {
    Command c("kill -9 $$");
    read_all(c.fd());
    try {
        c.finish("nothing was saved");
        FAIL("finish did not throw");
    } catch (const Error& e) {
        CHECK(std::string(e.what()) == "the command 'kill -9 $$' failed (signal 9): nothing was saved");
    }
}

TEST_CASE("a command dropped before it finishes is killed") {
    auto start = std::chrono::steady_clock::now();
    { Command c("sleep 30"); }
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));
}
