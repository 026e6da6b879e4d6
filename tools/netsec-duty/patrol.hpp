// netsec-duty patrol: the daily look at the school's homepage (lib/netsec/duty/patrol.hpp).
#pragma once
#include "netsec/cli/command.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/duty/patrol.hpp"

#include <CLI/CLI.hpp>

namespace patrol_commands {

using namespace netsec;

struct Patrol {
    duty::PatrolOptions options;

    void declare(CLI::App& c) {
        c.add_option("--url", options.url, _("the page to look at (default: the policy's website.url)"));
        c.add_flag("--open-incident", options.open_incident,
                   _("open a DEF incident with the page attached when it holds a prohibited word or lost a filing "
                     "number"));
    }
    int run(cli::Session& s) {
        auto result = duty::patrol(*s.db, s.policy, s.origin(), options, timeutil::now());
        if (!result.row.incident_id.empty()) s.notice(_f("opened {}", result.row.incident_id));
        s.print(duty::patrol_records({result}));
        return result.findings.empty() ? 0 : 1;
    }
};

} // namespace patrol_commands
