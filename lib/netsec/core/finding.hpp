// netsec::finding — what every register's checks report: one check's finding about one
// subject, with a severity, and whether a list of findings fails at a threshold (the
// `--fail-on` that turns findings into exit 1). netsec-audit's and netsec-account's findings
// extend Finding with their own fields. Prints nothing (layers: ARCHITECTURE.md).
#pragma once
#include <array>
#include <concepts>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace netsec::finding {

// How much a shortcoming matters, lowest first. Its names are what users read and write.
enum class Severity { low, medium, high, critical };

// Every severity, lowest first.
inline constexpr std::array<Severity, 4> severities = {Severity::low, Severity::medium, Severity::high,
                                                       Severity::critical};

// "low", "medium", "high" or "critical".
const char* severity_name(Severity severity);
// The severity named `text`; nullopt for any other text.
std::optional<Severity> severity_named(std::string_view text);
// The severity `text` given as `argument` (such as "--fail-on"); throws Error(usage) naming
// the text, the argument and the names accepted.
Severity parse_severity(const std::string& text, const std::string& argument);

// One check's finding about one subject; the fields every register's findings share.
struct Finding {
    std::string check_id;              // ORG-0001, ACCT-0101; stable, never reused
    std::string status;                // pass, fail, error, not_applicable, manual, exception
    Severity severity = Severity::low; // the check's
    std::string title, title_zh, subject, detail, remediation;
    std::string fingerprint; // stable across runs: fingerprint_of(check_id, subject)
};

// "CHECK:SUBJECT".
std::string fingerprint_of(const std::string& check_id, const std::string& subject);

// Whether `status` says the check failed: fail, or error (it could not look).
bool is_failing(const std::string& status);
// Whether `finding` fails at `threshold`: a failing status at or above that severity.
bool fails_at(const Finding& finding, Severity threshold);
// Whether any of `findings` fails at `threshold`: the "not fine" that exit 1 reports.
template <std::derived_from<Finding> F>
bool fails_at(const std::vector<F>& findings, Severity threshold) {
    for (const Finding& f : findings)
        if (fails_at(f, threshold)) return true;
    return false;
}

} // namespace netsec::finding
