// A progress line for long work: shown on a terminal's stderr, rewritten at most ten times a
// second, erased when done; silent under cron, in pipes and with -q. The library reports
// progress through a callback; tools pass Progress::callback() to it.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

namespace netsec::io {

// What a long task reports: how far it is, out of how much (0 when unknown), in what unit.
using ProgressFn = std::function<void(std::uint64_t done, std::uint64_t total)>;

class Progress {
public:
    // Shown only when `enabled` (the tool passes !quiet) and stderr is a terminal.
    Progress(std::string label, bool enabled);
    ~Progress();
    void update(std::uint64_t done, std::uint64_t total);
    // Erases the line.
    void finish();
    ProgressFn callback();
    bool shown() const { return enabled_; }

private:
    std::string label_;
    bool enabled_;
    bool drawn_ = false;
    std::chrono::steady_clock::time_point start_, last_;
};

} // namespace netsec::io
