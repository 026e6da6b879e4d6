#!/bin/bash
# What every tool promises about its output, whatever the command: data that cannot be written
# is exit 74 (a full disk, a closed descriptor), a reader that goes away ends it quietly, and
# names, titles and messages cannot drive the terminal (control characters shown as escapes).
. "$(dirname "$0")/lib.sh"

export NETSEC_BACKUP_PASSPHRASE=correct-horse

# a_school_with_data: a policy, an incident, an account and a backup repository with a
# snapshot, so that every tool below has something to print.
a_school_with_data() {
    school &&
    netsec-incident open -q --category MAL --grade IV --title 机房病毒 --discovered-at "2026-11-24 09:10" >id &&
    netsec-account -q add zhaoli --name 赵丽 --kind staff &&
    mkdir src && printf 'hello\n' >src/a.txt &&
    netsec-backup init -q --repo R &&
    netsec-backup run -q --repo R src
}

# every_command: one command a line of each tool that writes data to standard output.
every_command() {
    cat <<LIST
netsec
netsec --version
netsec-policy show
netsec-policy show -f jsonl
netsec-policy --help
netsec-journal show -f jsonl
netsec-journal show -f table
netsec-journal head
netsec-journal --version
netsec-incident list -f jsonl
netsec-incident show $(cat id)
netsec-incident log --year 2026 -f html
netsec-account list -f csv
netsec-account show zhaoli
netsec-account export -f ldif
netsec-account --help
netsec-audit list -f jsonl
netsec-audit explain ACCT-0101
netsec-backup snapshots --repo R -f jsonl
netsec-backup ls --repo R latest -f tsv
netsec-backup export --repo R latest
netsec-backup --help
LIST
}

test_expect 'every tool exits 74 naming the reason when standard output is a full disk' '
    a_school_with_data &&
    every_command >commands &&
    while read -r line; do
        $line >/dev/full 2>err
        code=$?
        test "$code" = 74 || { echo "exit $code with: $line >/dev/full"; cat err; exit 1; }
        case $line in
        "netsec-backup export"*) expect_grep "cannot write the tar stream to standard output" err ;;
        *) expect_grep "cannot write to standard output: No space left on device" err ;;
        esac || exit 1
    done <commands
'

test_expect 'every tool exits 74 when standard output is closed, and no file takes its place' '
    a_school_with_data &&
    every_command >commands &&
    while read -r line; do
        $line >&- 2>err
        code=$?
        test "$code" = 74 || { echo "exit $code with: $line >&-"; cat err; exit 1; }
    done <commands &&
    expect_code 0 netsec-journal verify &&
    expect_code 0 netsec-backup verify --repo R --read-data
'

# big_journal: a journal of well over a pipe'"'"'s 64 KiB, as JSON Lines.
big_journal() {
    school &&
    { echo 姓名,年级,班级; for i in $(seq 400); do echo "学生$i,2024级,2024级3班"; done; } >r.csv &&
    netsec-account -q import r.csv --kind pupil >/dev/null &&
    netsec-journal show -f jsonl >all && test "$(wc -c <all)" -gt 70000
}

test_expect 'a reader that goes away (| head) ends the writer quietly, SIGPIPE or not' '
    big_journal &&
    netsec-journal show -f jsonl 2>err | true &&
    test "${PIPESTATUS[0]}" = 141 && test ! -s err &&
    (trap "" PIPE && netsec-journal show -f jsonl 2>err | true; test "${PIPESTATUS[0]}" = 74) &&
    test ! -s err &&
    netsec-journal show -f jsonl | head -n 1 >first && test "$(wc -l <first)" = 1
'

test_expect 'tables show control characters in titles, names and logins as escapes, aligned; jsonl and tsv keep them' '
    school &&
    title=$(printf "x\033[2J\033[H\033]0;owned\007\033[32mALL INCIDENTS REPORTED\033[0m") &&
    netsec-incident open -q --category MAL --grade IV --discovered-at "2026-11-24 09:10" --title "$title" >/dev/null &&
    netsec-incident open -q --category MAL --grade IV --discovered-at "2026-11-24 09:10" --title 机房病毒 >/dev/null &&
    expect_code 0 netsec-incident list -f table &&
    expect_no_grep "$(printf "\033")" out &&
    expect_grep "x\\x1b[2J\\x1b[H\\x1b]0;owned\\x07\\x1b[32mALL INCIDENTS REPORTED\\x1b[0m  open" out &&
    expect_grep "机房病毒                                                             open" out &&
    printf "Dec  7 08:01:02 vm sshd[1]: Invalid user \033[2J\033[31mx from 203.0.113.9 port 5\n" >auth.log &&
    netsec-account -q logins import auth.log --year 2026 &&
    expect_code 0 netsec-account logins list --failed -f table &&
    expect_no_grep "$(printf "\033")" out &&
    expect_grep "\\x1b[2J\\x1b[31mx  203.0.113.9" out &&
    netsec-account -q add zhaoli --name "$(printf "赵\302\233丽\177")" --kind staff &&
    expect_code 0 netsec-account list -f table &&
    expect_grep "赵\\u009b丽\\x7f" out &&
    expect_code 0 netsec-account show zhaoli -f table &&
    expect_no_grep "$(printf "\033")" out && expect_no_grep "$(printf "\302\233")" out && expect_no_grep "$(printf "\177")" out &&
    # Machine formats keep the data as it is.
    expect_code 0 netsec-incident list -f jsonl &&
    test "$(jq -r "select(.title | startswith(\"x\")) | .title" out)" = "$title" &&
    expect_code 0 netsec-incident list -f tsv &&
    expect_grep "$title" out
'

test_expect 'errors, notices and warnings show control characters as escapes' '
    school &&
    expect_code 66 netsec-account show "$(printf "nobody\033[2J")" &&
    expect_no_grep "$(printf "\033")" err &&
    expect_grep "netsec-account: no account ${SQ}nobody\\x1b[2J${SQ}" err &&
    expect_code 0 netsec-account add zhaoli --name "$(printf "赵\033]0;owned\007丽")" --kind staff &&
    expect_no_grep "$(printf "\033")" err &&
    expect_grep "added ${SQ}zhaoli${SQ} (赵\\x1b]0;owned\\x07丽)" err &&
    expect_code 64 netsec-journal show --no-such-option "$(printf "\033[2J")" &&
    expect_no_grep "$(printf "\033")" err &&
    expect_code 0 netsec-backup init --repo "$(printf "R\033[2J")" &&
    expect_grep "created the repository ${SQ}R\x1b[2J${SQ}" err &&
    cp "$NETSEC_POLICY" "$(printf "p\033[2J.yaml")" &&
    expect_code 0 netsec-policy check "$(printf "p\033[2J.yaml")" &&
    expect_grep "${SQ}p\x1b[2J.yaml${SQ} is a valid policy" err
'

test_done
