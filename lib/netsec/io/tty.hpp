// The terminal: whether a stream is one, and whether colour is wanted there.
#pragma once

namespace netsec::io {

// True when file descriptor `fd` is a terminal.
bool is_terminal(int fd);

// True when `fd` is a terminal, NO_COLOR is unset or empty, and TERM is not "dumb".
bool colour_wanted(int fd);

} // namespace netsec::io
