// netsec-filing: the school's filings — ICP and public-security numbers of its websites, MLPS
// grading, filing and assessment — and when each falls due. A table of thin commands.
#include "netsec/cli/command.hpp"
#include "netsec/core/i18n.hpp"

#include <CLI/CLI.hpp>

using namespace netsec;
using cli::Needs;
using policy::Level;

int main(int argc, char** argv) {
    return cli::run_tool(argc, argv, "netsec-filing", [] {
        return cli::Tool{_("Filings: ICP and public-security numbers, MLPS grading and assessment, and what is due."),
                         {
                         }};
    });
}
