// netsec-training: training sessions and who attended, drills of the emergency plans, and
// coverage of staff, classes and plans. A table of thin commands; each group's commands live in
// a header of their own.
#include "netsec/cli/command.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/training/records.hpp"
#include "netsec/training/session.hpp"

#include <CLI/CLI.hpp>

using namespace netsec;
using cli::Needs;
using policy::Level;

namespace {

timeutil::Instant now() { return timeutil::now(); }

// --- sessions -------------------------------------------------------------------------------------

struct SessionAdd {
    training::NewSession n;

    void declare(CLI::App& c) {
        c.add_option("--date", n.date, _("the day it was held, YYYY-MM-DD"))->required()->type_name("DATE");
        c.add_option("--title", n.title, _("what it was about"))->required();
        c.add_option("--kind", n.kind, _("staff, pupil, drill, campaign or external"))->required();
        c.add_option("--hours", n.hours, _("how long it lasted, in hours (1.5)"))->required();
        c.add_option("--trainer", n.trainer, _("who taught it"));
        c.add_option("--audience", n.audience, _("who it was for: staff, all, grade:3, class:3-2 (several with spaces)"));
        c.add_option("--plan", n.plan, _("a drill's emergency plan: the incident category whose playbook it runs"));
        c.add_option("--note", n.note, _("a note"));
    }
    int run(cli::Session& s) {
        auto row = training::add_session(*s.db, s.policy, s.origin(), n, now());
        s.notice(_f("recorded {}", training::session_ref(row.id)));
        if (s.options.format_given) s.print(training::session_records({row}));
        return 0;
    }
};

} // namespace

int main(int argc, char** argv) {
    return cli::run_tool(argc, argv, "netsec-training", [] {
        auto records = cli::records();
        const auto& sessions = training::session_fields();
        return cli::Tool{
            _("Training: sessions and who attended, drills of the emergency plans, coverage."),
            {
                cli::group("session", _("training sessions, lessons, campaigns, drills and courses")),
                cli::command<SessionAdd>("session add", _("record a session"), Level::operator_,
                                         Needs::store_write, records, sessions),
            }};
    });
}
