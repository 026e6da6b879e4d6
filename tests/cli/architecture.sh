#!/bin/bash
# The dependency rule: every `#include "netsec/..."` under lib/ and tools/ is an edge that the
# layer table of ARCHITECTURE.md allows (scripts/check-architecture.sh reads both).
. "$(dirname "$0")/lib.sh"

check=$NETSEC_SOURCE/scripts/check-architecture.sh

# tree: a copy of the source's ARCHITECTURE.md, lib/ and tools/ in ./tree, to break on purpose.
tree() {
    mkdir tree && cp -r "$NETSEC_SOURCE/ARCHITECTURE.md" "$NETSEC_SOURCE/lib" "$NETSEC_SOURCE/tools" tree/
}

test_expect 'every include of the source tree is an edge the layer table allows' '
    expect_code 0 bash "$check" "$NETSEC_SOURCE" &&
    expect_equal /dev/null out
'

test_expect 'an include the table does not allow is named with its file, line and edge' '
    tree &&
    sed -i "3i #include \"netsec/policy/policy.hpp\"" tree/lib/netsec/core/time.cpp &&
    sed -i "2i #include \"netsec/store/db.hpp\"" tree/tools/netsec-audit/main.cpp &&
    expect_code 1 bash "$check" tree &&
    cat >want <<-EOF &&
	lib/netsec/core/time.cpp:3: forbidden edge core -> policy (#include "netsec/policy/policy.hpp"): ARCHITECTURE.md lets core include nothing
	tools/netsec-audit/main.cpp:2: forbidden edge tools -> store (#include "netsec/store/db.hpp"): ARCHITECTURE.md lets tools include core, policy, journal, io, cli, evidence, account, incident, backup, audit, asset, filing, training, duty
	EOF
    expect_equal want out
'

test_expect 'an include upward between domain modules is refused' '
    tree &&
    sed -i "1a #include \"netsec/audit/audit.hpp\"" tree/lib/netsec/account/check.cpp &&
    expect_code 1 bash "$check" tree &&
    expect_grep "lib/netsec/account/check.cpp:2: forbidden edge account -> audit" out
'

test_expect 'a module without a row in the table is named where it is included and where it includes' '
    tree &&
    mkdir tree/lib/netsec/fields &&
    echo "#include \"netsec/core/error.hpp\"" >tree/lib/netsec/fields/fields.hpp &&
    echo "#include \"netsec/fields/fields.hpp\"" >>tree/lib/netsec/io/tty.cpp &&
    expect_code 1 bash "$check" tree &&
    expect_grep "lib/netsec/fields/fields.hpp:1: module \`fields\` has no row in the layer table of ARCHITECTURE.md" out &&
    expect_grep "lib/netsec/io/tty.cpp:" out
'

test_expect 'a row in the table lets the new module pass' '
    tree &&
    mkdir tree/lib/netsec/fields &&
    echo "#include \"netsec/core/error.hpp\"" >tree/lib/netsec/fields/fields.hpp &&
    sed -i "s/^| 1 | \`io\` | \`core\` |\$/&\n| 1 | \`fields\` | \`core\` |/" tree/ARCHITECTURE.md &&
    expect_code 0 bash "$check" tree
'

test_expect 'a known exception lets one include pass, and one no longer used is refused' '
    tree &&
    sed -i "1a #include \"netsec/audit/audit.hpp\"" tree/lib/netsec/account/check.cpp &&
    printf "| \`lib/netsec/account/check.cpp\` | \`netsec/audit/audit.hpp\` | a reason |\n" >>tree/ARCHITECTURE.md &&
    expect_code 0 bash "$check" tree &&
    sed -i 2d tree/lib/netsec/account/check.cpp &&
    expect_code 1 bash "$check" tree &&
    expect_grep "the known exception lib/netsec/account/check.cpp -> netsec/audit/audit.hpp is no longer needed; remove its row" out
'

test_expect 'a table row that lets a module include one on its own layer or above is refused' '
    tree &&
    sed -i "s/^\(| 2 | \`journal\` | .*\) |\$/\1, \`account\` |/" tree/ARCHITECTURE.md &&
    grep -q "^| 2 | \`journal\` | .*\`account\` |\$" tree/ARCHITECTURE.md &&
    expect_code 1 bash "$check" tree &&
    expect_grep "\`journal\` (layer 2) may include \`account\` (layer 3), which is not below it" out
'

test_expect 'no tool names store:: (through another header either): a domain module owns the SQL it needs' '
    expect_code 1 grep -rn "store::" "$NETSEC_SOURCE/tools"
'

test_expect 'no header keeps a "Depends on" line: the table is the one place for the rule' '
    expect_code 1 grep -rn "Depends on" "$NETSEC_SOURCE/lib" "$NETSEC_SOURCE/tools"
'

test_done
