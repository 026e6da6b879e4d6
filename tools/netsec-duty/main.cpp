// netsec-duty: the duty roster from the policy's rota, swaps, the machine rooms' closing checks,
// the daily patrol of the school's homepage, and the gaps among them. A table of thin commands;
// each group's commands live in a header of their own.
#include "close.hpp"
#include "gaps.hpp"
#include "netsec/cli/command.hpp"
#include "netsec/core/i18n.hpp"
#include "patrol.hpp"
#include "roster.hpp"

#include <CLI/CLI.hpp>

using namespace netsec;
using cli::Needs;
using policy::Level;

int main(int argc, char** argv) {
    return cli::run_tool(argc, argv, "netsec-duty", [] {
        auto records = cli::records();
        return cli::Tool{_("Duty: the roster, swaps, closing checks, the homepage patrol and the gaps."),
                         {
                             // the homepage patrol (patrol.hpp)
                             cli::command<patrol_commands::Patrol>(
                                 "patrol", _("look at the school's homepage: changed, prohibited words, filing numbers"),
                                 Level::operator_, Needs::store_write, cli::records(), duty::patrol_fields()),
                // roster, swap, close, gaps, stats (helper duty: roster.hpp, close.hpp, gaps.hpp)
                cli::group("roster", _("the duty roster: generate a month, list it, write it as iCalendar")),
                cli::command<duty_roster::Generate>("roster generate", _("fill a month of the rota fairly"),
                                                    Level::admin, Needs::store_write, records, duty::count_fields()),
                cli::command<duty_roster::List>("roster list", _("a month's roster; -f html prints it on one A4 page"),
                                                Level::viewer, Needs::store, records + cli::document(),
                                                duty::slot_fields()),
                cli::command<duty_roster::Ical>("roster ical", _("the roster as an iCalendar file for calendar programs"),
                                                Level::viewer, Needs::store),
                cli::command<duty_roster::Swap>("swap", _("hand a slot not yet begun to someone else on the rota"),
                                                Level::operator_, Needs::store_write, records, duty::swap_fields()),
                cli::command<duty_close::Close>("close", _("record a room's closing check against its checklist"),
                                                Level::operator_, Needs::store_write, records,
                                                duty::closing_fields()),
                cli::command<duty_gaps::Gaps>("gaps", _("slots without a person, missed closing checks and patrols"),
                                              Level::viewer, Needs::store, records, duty::gap_fields()),
                cli::command<duty_gaps::Stats>("stats", _("the year's duty figures"), Level::viewer, Needs::store,
                                               records, duty::stats_fields()),
                         }};
    });
}
