#!/bin/bash
# netsec: the front command that lists and runs the tools.
. "$(dirname "$0")/lib.sh"

test_expect 'netsec alone lists every tool with its summary' '
    expect_code 0 netsec &&
    grep -qE "^  policy +write, check and show the school'"'"'s security policy$" out &&
    grep -qE "^  journal +show and verify the hash-chained journal of every change$" out &&
    grep -qE "^  incident +record incidents, report them to superiors in time, and keep the security log$" out
'

test_expect 'netsec TOOL runs netsec-TOOL with its arguments' '
    expect_code 0 netsec policy --version &&
    echo "netsec-policy 0.1.0" >expect &&
    expect_equal expect out
'

test_expect 'netsec passes the tool'"'"'s exit code through' '
    expect_code 78 netsec journal show --policy missing.yaml
'

test_expect 'an unknown tool is a usage error that says where the list is' '
    expect_code 64 netsec frobnicate &&
    expect_grep "'"'"'frobnicate'"'"' is not a netsec tool; '"'"'netsec'"'"' lists them" err
'

test_expect 'netsec --version prints the version' '
    expect_code 0 netsec --version &&
    expect_grep "netsec 0.1.0" out
'

test_expect 'netsec help TOOL opens the built man page' '
    expect_code 0 env MANPAGER=cat MANWIDTH=80 netsec help policy &&
    expect_grep "netsec-policy - write, check and show" out
'

test_expect 'netsec help alone opens the regime page netsec(7), not netsec(1)' '
    expect_code 0 env MANPAGER=cat MANWIDTH=80 netsec help &&
    expect_grep "netsec - a school'"'"'s network-security regime" out &&
    expect_no_grep "netsec - run the school" out
'

test_expect 'netsec help netsec still opens the front command'"'"'s own page' '
    expect_code 0 env MANPAGER=cat MANWIDTH=80 netsec help netsec &&
    expect_grep "netsec - run the school" out
'

test_expect 'netsec help netsec.7 opens the regime page too, not netsec-netsec(7)' '
    expect_code 0 env MANPAGER=cat MANWIDTH=80 netsec help netsec.7 &&
    expect_grep "netsec - a school'"'"'s network-security regime" out
'

test_expect 'netsec alone names netsec help as the way to the regime page' '
    expect_code 0 netsec &&
    expect_grep "       netsec help             opens the regime page, netsec(7)" out &&
    expect_grep "See '"'"'netsec help'"'"' for the regime and which tool carries each rule." out
'

test_expect 'netsec help for an unknown tool is a usage error' '
    expect_code 64 netsec help frobnicate
'

test_done
