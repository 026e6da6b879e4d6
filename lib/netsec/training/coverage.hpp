// What training coverage is, computed from plain facts: who was trained this school year and
// for how long, which classes had a safe-use lesson this term, the network administrators'
// external courses, and the last finished drill of each required emergency plan.
// compute_coverage is pure; gather_facts reads the facts from the records and the policy.
#pragma once
#include "netsec/core/time.hpp"
#include "netsec/io/output.hpp"
#include "netsec/policy/policy.hpp"
#include "netsec/store/db.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace netsec::training {

// A training session as coverage sees it; dates are YYYY-MM-DD in the school's zone.
struct SessionFact {
    std::int64_t id = 0;
    std::string date, kind, title, plan, audience, finished_at;
    double hours = 0;
};

// Who attended which session.
struct AttendanceFact {
    std::int64_t session_id = 0;
    std::string username;
};

// An account of the registry: staff are counted when active, pupils give the classes.
struct PersonFact {
    std::string username, full_name, kind, grade, class_name, status;
};

// A network administrator of the policy: username when known, else matched by full name.
struct AdministratorFact {
    std::string username, name;
};

struct CoverageFacts {
    int school_year = 0;
    std::string year_from, year_to;            // the school year, inclusive
    std::string term, term_from, term_to;      // the term today falls in; term "" when none
    std::string drill_since;                   // a drill on or after this date is within the interval
    std::vector<SessionFact> sessions;         // every session; coverage picks by date
    std::vector<AttendanceFact> attendance;    // of those sessions
    std::vector<PersonFact> people;            // the account registry
    std::vector<AdministratorFact> administrators;
};

// One line of coverage. `area` is staff, grade, class, administrator or drill; `subject` the
// username, grade, class or plan code; `status` ok or short.
struct CoverageLine {
    std::string area, subject, name;
    double hours = 0;
    int session_count = 0;
    std::string last_date;        // "" when none
    std::int64_t session_id = 0;  // the last session or drill, 0 when none
    std::string status = "ok";
    std::string why;              // what is short, in words; "" when ok
};

struct Coverage {
    int school_year = 0;
    std::string term;
    std::vector<CoverageLine> lines; // staff, grades, classes, administrators, drills, in that order
};

// Whether any line of `c` is short of the goals.
bool is_short(const Coverage& c);

// How many lines of `area` there are, and how many of them are ok.
struct Tally {
    int total = 0, ok = 0;
};
Tally tally(const Coverage& c, const std::string& area);

// Whether `audience` (space-separated: all, staff, pupils, grade:G, class:C) reaches the class
// `class_name` of grade `grade`; names are compared as the account registry writes them, a
// grade also without its trailing 级 (grade:2026 reaches 2026级).
bool audience_reaches_class(const std::string& audience, const std::string& grade, const std::string& class_name);

// Coverage of `facts` against `goals`:
// - staff: each active staff account's attended sessions in the school year, their hours; short
//   with no session, or fewer hours than goals.staff_hours;
// - classes: each class of the active pupils, covered by a pupil or campaign session in the
//   term that its audience reaches or one of its pupils attended; grades: short when a class is
//   (only when goals.lesson_each_term and a term is on);
// - administrators: external sessions attended in the school year, short below
//   goals.administrator_courses;
// - drills: the last finished drill of each plan in goals.drill_plans, short when none is on
//   or after facts.drill_since.
Coverage compute_coverage(const CoverageFacts& facts, const policy::Training& goals);

// The facts of `school_year` (the one today falls in when none) from the records: every session
// and attendance, the account registry, the policy's administrators; the term today falls in,
// between terms the last one that ended, for a past school year its last. A past school year is
// judged as of its last day. Error(usage) for a school year that has not begun.
CoverageFacts gather_facts(store::Db& db, const policy::Policy& policy, std::optional<int> school_year,
                           timeutil::Instant now);

// area, subject, name, hours, session_count, last_date, session_id, status, why.
const std::vector<io::Column>& coverage_fields();
io::Records coverage_records(const Coverage& coverage);

} // namespace netsec::training
