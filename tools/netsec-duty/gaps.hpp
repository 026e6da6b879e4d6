// netsec-duty's gaps and stats commands (included by main.cpp, whose table lists them).
#pragma once
#include "netsec/cli/command.hpp"
#include "netsec/core/date.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/core/period.hpp"
#include "netsec/duty/gaps.hpp"
#include "netsec/duty/records.hpp"
#include "netsec/duty/stats.hpp"

#include <CLI/CLI.hpp>

namespace duty_gaps {

using namespace netsec;

struct Gaps {
    std::string month;

    void declare(CLI::App& c) {
        c.add_option("--month", month,
                     _("every gap of this month, YYYY-MM (default: those of the last day and the slots of the next)"))
            ->type_name("MONTH");
    }
    int run(cli::Session& s) {
        std::optional<date::Month> m;
        if (!month.empty()) m = date::parse_month(month, "--month");
        auto gaps = duty::find_gaps(*s.db, s.policy, m, timeutil::now());
        s.print(duty::gap_records(gaps));
        return gaps.empty() ? 0 : 1;
    }
};

struct Stats {
    int year = 0;

    void declare(CLI::App& c) {
        c.add_option("--year", year, _("the calendar year (default: this year)"))->type_name("YYYY");
    }
    int run(cli::Session& s) {
        auto now = timeutil::now();
        int y = year ? check_year(year) : date::of(now, s.policy.school.timezone).y;
        s.print(duty::stats_records(duty::gather_stats(*s.db, s.policy, y, now)));
        return 0;
    }
};

} // namespace duty_gaps
