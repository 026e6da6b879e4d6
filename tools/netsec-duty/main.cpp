// netsec-duty: the duty roster from the policy's rota, swaps, the machine rooms' closing checks,
// the daily patrol of the school's homepage, and the gaps among them. A table of thin commands;
// each group's commands live in a header of their own.
#include "netsec/cli/command.hpp"
#include "netsec/core/i18n.hpp"

#include <CLI/CLI.hpp>

using namespace netsec;
using cli::Needs;
using policy::Level;

int main(int argc, char** argv) {
    return cli::run_tool(argc, argv, "netsec-duty", [] {
        return cli::Tool{_("Duty: the roster, swaps, closing checks, the homepage patrol and the gaps."),
                         {
                         }};
    });
}
