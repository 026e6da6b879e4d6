#include "netsec/io/tty.hpp"

#include <cstdlib>
#include <cstring>
#include <unistd.h>

namespace netsec::io {

bool is_terminal(int fd) { return ::isatty(fd) == 1; }

bool colour_wanted(int fd) {
    if (!is_terminal(fd)) return false;
    const char* no_colour = std::getenv("NO_COLOR");
    if (no_colour && *no_colour) return false;
    const char* term = std::getenv("TERM");
    return !(term && std::strcmp(term, "dumb") == 0);
}

} // namespace netsec::io
