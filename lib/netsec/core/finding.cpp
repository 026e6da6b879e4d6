#include "netsec/core/finding.hpp"

#include "netsec/core/error.hpp"
#include "netsec/core/i18n.hpp"

namespace netsec::finding {

const char* severity_name(Severity severity) {
    switch (severity) {
    case Severity::low: return "low";
    case Severity::medium: return "medium";
    case Severity::high: return "high";
    case Severity::critical: return "critical";
    }
    return "low";
}

std::optional<Severity> severity_named(std::string_view text) {
    for (Severity s : severities)
        if (text == severity_name(s)) return s;
    return std::nullopt;
}

Severity parse_severity(const std::string& text, const std::string& argument) {
    if (auto s = severity_named(text)) return *s;
    throw Error(Exit::usage,
                _f("unknown severity '{}' for {}; expected low, medium, high or critical", text, argument));
}

std::string fingerprint_of(const std::string& check_id, const std::string& subject) { return check_id + ":" + subject; }

bool is_failing(const std::string& status) { return status == "fail" || status == "error"; }

bool fails_at(const Finding& finding, Severity threshold) {
    return is_failing(finding.status) && finding.severity >= threshold;
}

} // namespace netsec::finding
