// The problems found in bad input, each "source:line: reason", and the one wording every tool
// reports them in: the first 20 a line each, then "… and N more", then what was not done.
// Only the first 20 texts are kept (and a count of the rest), so a file of a million bad lines
// costs no more memory than one of 21.
#pragma once
#include "netsec/core/error.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace netsec {

class Problems {
public:
    static constexpr std::size_t shown = 20; // problems a message lists before "… and N more"

    // `source` names the input in every "source:line: reason" (a file name, "<stdin>").
    explicit Problems(std::string source = {});

    void add(std::size_t line, const std::string& reason);                     // source:line: reason
    void add(std::size_t line, std::size_t column, const std::string& reason); // source:line:column: reason
    void add(const std::string& reason); // a problem of no line of the source (an argument, a pattern)

    const std::string& source() const { return source_; }
    std::size_t count() const { return count_; }
    bool empty() const { return count_ == 0; }
    const std::vector<std::string>& kept() const { return kept_; } // the first `shown`, in order

    // The message: the problems kept, "… and N more" when there were more, then `not_done`
    // (e.g. "nothing was imported") on a line of its own. Empty when there is no problem.
    std::string message(const std::string& not_done) const;

    // Throws Error(code, message(not_done)) when there is any problem.
    void throw_if_any(const std::string& not_done, Exit code = Exit::data) const;

private:
    void keep(std::string text);

    std::string source_;
    std::vector<std::string> kept_;
    std::size_t count_ = 0;
};

} // namespace netsec
