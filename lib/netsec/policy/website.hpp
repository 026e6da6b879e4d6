// The policy's `website` section (the school's homepage and what it must never show) and its
// `filing` section (when filings and MLPS assessments fall due).
#pragma once
#include <string>
#include <vector>

namespace netsec::policy {

struct Website {
    std::string url;                     // the homepage netsec-duty patrol looks at; "" none
    std::vector<std::string> prohibited; // words a school page must never hold
};

// The list `website.prohibited` defaults to: gambling, pornography and fraud words.
const std::vector<std::string>& default_prohibited_words();

struct Filing {
    int level2_assessment_months = 24; // MLPS level 2 is assessed every two years
    int level3_assessment_months = 12; // levels 3 to 5 every year
    int file_within_days = 30;         // a graded system (level 2 and up) is filed with the police within
    int regrade_within_days = 30;      // re-grading after a major change
    int due_within_days = 30;          // how far ahead `netsec-filing due` looks
};

} // namespace netsec::policy
