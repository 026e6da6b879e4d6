#include "netsec/io/selection.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"

#include <algorithm>
#include <fnmatch.h>

namespace netsec::io {
namespace {

// All of `in`, refusing more than `max` bytes without holding them.
std::string read_bounded(std::istream& in, std::size_t max, const std::string& source, const std::string& not_done) {
    std::string data;
    char buffer[65536];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        data.append(buffer, std::size_t(in.gcount()));
        if (data.size() > max)
            throw Error(Exit::data, _f("{} holds more than {} bytes of names; select fewer at once", source, max) +
                                        (not_done.empty() ? "" : "\n" + not_done));
    }
    return data;
}

} // namespace

bool matches(const std::string& pattern, const std::string& text) {
    return ::fnmatch(pattern.c_str(), text.c_str(), 0) == 0;
}

Selection read_selection(const SelectionArgs& args, const SelectionOptions& options, std::istream& in) {
    Selection s;
    s.pattern = args.pattern;
    bool from_stdin = false;
    for (const auto& n : args.names) {
        if (n == "-")
            from_stdin = true;
        else
            s.names.push_back(n);
    }
    if (s.names.empty() && s.pattern.empty() && !from_stdin) throw Error(Exit::usage, options.nothing_named);
    if (from_stdin) {
        ReadOptions ro;
        ro.key = options.key;
        ro.not_done = options.not_done;
        s.records = read_records(read_bounded(in, options.max_input, s.source, options.not_done), s.source, ro);
    }
    return s;
}

} // namespace netsec::io
