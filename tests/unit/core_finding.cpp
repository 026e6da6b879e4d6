#include "netsec/core/error.hpp"
#include "netsec/core/finding.hpp"

#include <doctest/doctest.h>
#include <string>
#include <vector>

using namespace netsec;
using finding::Severity;

namespace {

finding::Finding found(const std::string& status, Severity severity) {
    finding::Finding f;
    f.check_id = "ORG-0001";
    f.status = status;
    f.severity = severity;
    return f;
}

// Derived findings, as the registers keep them, are judged alike.
struct RegisterFinding : finding::Finding {
    std::string extra;
};

} // namespace

TEST_CASE("every severity is parsed from the name users see, lowest first") {
    CHECK(finding::parse_severity("low", "--fail-on") == Severity::low);
    CHECK(finding::parse_severity("medium", "--fail-on") == Severity::medium);
    CHECK(finding::parse_severity("high", "--fail-on") == Severity::high);
    CHECK(finding::parse_severity("critical", "--fail-on") == Severity::critical);
    std::vector<std::string> names;
    for (Severity s : finding::severities) names.push_back(finding::severity_name(s));
    CHECK(names == std::vector<std::string>{"low", "medium", "high", "critical"});
    CHECK(Severity::low < Severity::medium);
    CHECK(Severity::medium < Severity::high);
    CHECK(Severity::high < Severity::critical);
}

TEST_CASE("a name that is no severity is nothing, and as an argument a usage error naming it") {
    CHECK(!finding::severity_named("severe"));
    CHECK(!finding::severity_named("High"));
    CHECK(!finding::severity_named(""));
    CHECK(finding::severity_named("critical") == Severity::critical);
    try {
        finding::parse_severity("severe", "--fail-on");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(std::string(e.what()) ==
              "unknown severity 'severe' for --fail-on; expected low, medium, high or critical");
        CHECK(e.code() == Exit::usage);
    }
}

TEST_CASE("fails_at: a fail or an error at or above the threshold, at every threshold") {
    std::vector<finding::Finding> medium_fail = {found("pass", Severity::critical), found("fail", Severity::medium)};
    CHECK(finding::fails_at(medium_fail, Severity::low));
    CHECK(finding::fails_at(medium_fail, Severity::medium));
    CHECK(!finding::fails_at(medium_fail, Severity::high));
    CHECK(!finding::fails_at(medium_fail, Severity::critical));

    std::vector<RegisterFinding> critical_error(1);
    critical_error[0].status = "error";
    critical_error[0].severity = Severity::critical;
    for (Severity threshold : finding::severities) CHECK(finding::fails_at(critical_error, threshold));

    std::vector<finding::Finding> low_fail = {found("fail", Severity::low)};
    CHECK(finding::fails_at(low_fail, Severity::low));
    CHECK(!finding::fails_at(low_fail, Severity::medium));
}

TEST_CASE("fails_at: statuses that are not failures never fail, nor does no finding") {
    for (const char* status : {"pass", "not_applicable", "manual", "exception"})
        for (Severity threshold : finding::severities)
            CHECK(!finding::fails_at(found(status, Severity::critical), threshold));
    for (Severity threshold : finding::severities)
        CHECK(!finding::fails_at(std::vector<finding::Finding>{}, threshold));
}

TEST_CASE("a fingerprint is the check and the subject") {
    CHECK(finding::fingerprint_of("ACCT-0101", "zhaoli") == "ACCT-0101:zhaoli");
    CHECK(finding::is_failing("fail"));
    CHECK(finding::is_failing("error"));
    CHECK(!finding::is_failing("pass"));
}
