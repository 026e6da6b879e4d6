#include "netsec/io/progress.hpp"

#include "netsec/io/output.hpp"
#include "netsec/io/tty.hpp"

#include <cstdio>
#include <unistd.h>

namespace netsec::io {

Progress::Progress(std::string label, bool enabled)
    : label_(terminal_safe(label)), enabled_(enabled && is_terminal(STDERR_FILENO)),
      start_(std::chrono::steady_clock::now()) {}

Progress::~Progress() { finish(); }

void Progress::update(std::uint64_t done, std::uint64_t total) {
    if (!enabled_) return;
    auto now = std::chrono::steady_clock::now();
    if (drawn_ && now - last_ < std::chrono::milliseconds(100) && done != total) return;
    last_ = now;
    double seconds = std::chrono::duration<double>(now - start_).count();
    if (total > 0) {
        double share = double(done) / double(total);
        double eta = share > 0 ? seconds / share - seconds : 0;
        std::fprintf(stderr, "\r\033[K%s %llu/%llu (%.0f%%) ETA %.0fs", label_.c_str(), (unsigned long long)done,
                     (unsigned long long)total, share * 100, eta);
    } else {
        std::fprintf(stderr, "\r\033[K%s %llu", label_.c_str(), (unsigned long long)done);
    }
    std::fflush(stderr);
    drawn_ = true;
}

void Progress::finish() {
    if (!drawn_) return;
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
    drawn_ = false;
}

ProgressFn Progress::callback() {
    return [this](std::uint64_t done, std::uint64_t total) { update(done, total); };
}

} // namespace netsec::io
