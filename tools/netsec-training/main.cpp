// netsec-training: training sessions and who attended, drills of the emergency plans, and
// coverage of staff, classes and plans. A table of thin commands; each group's commands live in
// a header of their own.
#include "netsec/cli/command.hpp"
#include "netsec/core/i18n.hpp"
#include "netsec/training/records.hpp"
#include "netsec/training/session.hpp"

#include <CLI/CLI.hpp>

#include "attend.hpp"  // attend add, import, class
#include "session.hpp" // session add, list, show
#include "coverage.hpp" // drill: coverage, stats
#include "drill.hpp"    // drill: drill step, finish, show

using namespace netsec;
using cli::Needs;
using policy::Level;

int main(int argc, char** argv) {
    return cli::run_tool(argc, argv, "netsec-training", [] {
        auto records = cli::records();
        const auto& sessions = training::session_fields();
        return cli::Tool{
            _("Training: sessions and who attended, drills of the emergency plans, coverage."),
            {
                cli::group("session", _("training sessions, lessons, campaigns, drills and courses")),
                // sessions and attendance (session.hpp, attend.hpp)
                cli::command<session::Add>("session add", _("record a session, its audience and materials"),
                                           Level::operator_, Needs::store_write, records, sessions),
                cli::command<session::List>("session list", _("list sessions, by school year"), Level::viewer,
                                            Needs::store, records, sessions),
                cli::command<session::Show>("session show",
                                            _("one session with its materials, attendees and classes counted"),
                                            Level::viewer, Needs::store, records, training::session_show_fields()),
                cli::group("attend", _("who attended: by hand, from a sign-in sheet, counted per class")),
                cli::command<attend::Add>("attend add", _("record attendees by username"), Level::operator_,
                                          Needs::store_write, records, training::attended_fields()),
                cli::command<attend::Import>(
                    "attend import", _("record the attendees of a sign-in sheet, all or nothing"), Level::operator_,
                    Needs::store_write, records, training::attended_fields()),
                cli::command<attend::Class>("attend class", _("count a class's participation in a campaign or lesson"),
                                            Level::operator_, Needs::store_write, records,
                                            training::class_count_fields()),
                // drill: drills, coverage, stats
                cli::group("drill", _("run an emergency plan as an exercise: check off its steps, finish it")),
                cli::command<drill::Step>("drill step", _("check off a step of a drill's plan, with its time"),
                                          Level::operator_, Needs::store_write, records,
                                          training::drill_step_fields()),
                cli::command<drill::Finish>("drill finish", _("finish a drill with what went wrong and its lessons"),
                                            Level::operator_, Needs::store_write),
                cli::command<drill::Show>("drill show",
                                          _("a drill's steps, or its printable record (-f html or markdown)"),
                                          Level::viewer, Needs::store, records + cli::document(),
                                          training::drill_step_fields()),
                cli::command<coverage::Coverage>("coverage",
                                                 _("staff, classes, administrators and drills against the policy's "
                                                   "goals; exit 1 when short"),
                                                 Level::viewer, Needs::store, records, training::coverage_fields()),
                cli::command<coverage::Stats>("stats", _("sessions, hours, drills and coverage for the yearly report"),
                                              Level::viewer, Needs::store, records, training::stats_fields()),
            }};
    });
}
