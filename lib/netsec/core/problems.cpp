#include "netsec/core/problems.hpp"

#include "netsec/core/i18n.hpp"

namespace netsec {

Problems::Problems(std::string source) : source_(std::move(source)) {}

void Problems::keep(std::string text) {
    ++count_;
    if (kept_.size() < shown) kept_.push_back(std::move(text));
}

void Problems::add(std::size_t line, const std::string& reason) {
    keep(fmt::format("{}:{}: {}", source_, line, reason));
}

void Problems::add(std::size_t line, std::size_t column, const std::string& reason) {
    keep(fmt::format("{}:{}:{}: {}", source_, line, column, reason));
}

void Problems::add(const std::string& reason) { keep(reason); }

std::string Problems::message(const std::string& not_done) const {
    if (empty()) return "";
    std::string all;
    for (const auto& k : kept_) all += k + "\n";
    if (count_ > kept_.size()) all += _f("… and {} more", count_ - kept_.size()) + "\n";
    return all + not_done;
}

void Problems::throw_if_any(const std::string& not_done, Exit code) const {
    if (!empty()) throw Error(code, message(not_done));
}

} // namespace netsec
