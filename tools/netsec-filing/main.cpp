// netsec-filing: the school's filings — ICP and public-security numbers of its websites, MLPS
// grading, filing and assessment — and when each falls due. A table of thin commands.
#include "netsec/cli/command.hpp"
#include "netsec/core/i18n.hpp"
#include "register.hpp"

#include <CLI/CLI.hpp>

using namespace netsec;
using cli::Needs;
using policy::Level;

int main(int argc, char** argv) {
    return cli::run_tool(argc, argv, "netsec-filing", [] {
        return cli::Tool{_("Filings: ICP and public-security numbers, MLPS grading and assessment, and what is due."),
                         {
                             // the register and its dates (register.hpp)
                             cli::command<filing_commands::Add>("add", _("record a filing: ICP, public security or MLPS"),
                                                                Level::admin, Needs::store_write, cli::records(),
                                                                filing::filing_fields()),
                             cli::command<filing_commands::Set>("set", _("change a filing's fields, with a reason"),
                                                                Level::admin, Needs::store_write, cli::records(),
                                                                filing::filing_fields()),
                             cli::command<filing_commands::Retire>("retire", _("retire a filing; it is kept"),
                                                                   Level::admin, Needs::store_write, cli::records(),
                                                                   filing::filing_fields()),
                             cli::command<filing_commands::List>("list", _("list the filings with their next dates"),
                                                                 Level::viewer, Needs::store, cli::records(),
                                                                 filing::filing_fields()),
                             cli::command<filing_commands::Show>("show", _("one filing with its next dates and files"),
                                                                 Level::viewer, Needs::store_write, cli::records(),
                                                                 filing::show_fields()),
                             cli::command<filing_commands::Attach>(
                                 "attach", _("keep certificate scans with a filing, with their SHA-256"), Level::admin,
                                 Needs::store_write, cli::records(), filing::attach_fields()),
                             cli::command<filing_commands::Due>("due", _("what falls due or is overdue; exit 1 if any"),
                                                                Level::viewer, Needs::store, cli::records(),
                                                                filing::due_fields()),
                             cli::command<filing_commands::Stats>("stats",
                                                                  _("the filings' figures for the yearly report"),
                                                                  Level::viewer, Needs::store, cli::records(),
                                                                  filing::stats_fields()),
                         }};
    });
}
