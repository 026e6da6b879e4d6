// netsec-training's coverage and stats (included by main.cpp, whose table lists them).
#pragma once
#include "netsec/cli/command.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/training/stats.hpp"

#include <CLI/CLI.hpp>

namespace coverage {

using namespace netsec;

struct Coverage {
    int school_year = 0; // 0: the one today falls in

    void declare(CLI::App& c) {
        c.add_option("--school-year", school_year, _("the school year, by the year it starts in (default: this one)"))
            ->type_name("YYYY");
    }
    int run(cli::Session& s) {
        auto facts = training::gather_facts(*s.db, s.policy, school_year ? std::optional<int>(school_year) : std::nullopt,
                                            timeutil::now());
        auto c = training::compute_coverage(facts, s.policy.training);
        s.print(training::coverage_records(c));
        if (!training::is_short(c)) return 0;
        int lines = 0;
        for (const auto& l : c.lines) lines += l.status != "ok";
        s.notice(_f("coverage of the school year {} is short of the policy's goals: {} lines", c.school_year, lines));
        return 1;
    }
};

struct Stats {
    int year = 0; // 0: every year

    void declare(CLI::App& c) {
        c.add_option("--year", year, _("count the sessions of this calendar year only"))->type_name("YYYY");
    }
    int run(cli::Session& s) {
        s.print(training::stats_records(training::gather_stats(*s.db, s.policy, year ? std::optional<int>(year) : std::nullopt,
                                                                 timeutil::now())));
        return 0;
    }
};

} // namespace coverage
