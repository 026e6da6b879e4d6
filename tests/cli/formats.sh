#!/bin/bash
# -f/--format: every command that prints takes the formats it declares and no other; a wrong one
# is refused before anything runs (exit 64, one wording in every tool, nothing written).
. "$(dirname "$0")/lib.sh"

RECORDS="table, tsv, csv, json, jsonl"

# folder_state: every path under . with its size, and the content of every file but SQLite's
# -wal and -shm (a reader truncates the empty WAL again, which is no write of records).
folder_state() {
    find . -mindepth 1 ! -name out ! -name err -printf '%p %s\n' | grep -v -- '-shm ' | sort &&
    find . -type f ! -name out ! -name err ! -name '*-shm' ! -name '*-wal' -exec sha256sum {} + | sort
}

# refused FORMAT WRITES N COMMAND...: COMMAND -f FORMAT exits 64 with the one wording, naming
# the command (its first N words) and WRITES (what it takes), prints nothing, and leaves the
# school and the folder as they were (the journal's entries, every file).
refused() {
    f=$1 writes=$2 words=$3 && shift 3 &&
    tool=$1 && name="${*:1:$words}" &&
    entries_before=$(netsec-journal -f jsonl show | wc -l) &&
    files_before=$(folder_state) &&
    expect_code 64 "$@" -f "$f" &&
    echo "$tool: unknown -f format '$f' for '$name': it writes $writes" >want &&
    expect_equal want err &&
    test ! -s out &&
    rm out err want &&
    test "$(netsec-journal -f jsonl show | wc -l)" = "$entries_before" &&
    test "$(folder_state)" = "$files_before"
}

test_expect 'netsec-journal and netsec-policy refuse a format their commands do not write' '
    school &&
    refused html "$RECORDS" 2 netsec-journal show &&
    refused markdown "$RECORDS" 2 netsec-journal verify &&
    refused ldif "$RECORDS" 2 netsec-journal head --record &&
    refused html "$RECORDS" 2 netsec-policy show
'

test_expect 'netsec-audit refuses a format its commands do not write' '
    school &&
    refused markdown "$RECORDS, html" 2 netsec-audit run &&
    refused markdown "$RECORDS, html" 2 netsec-audit show &&
    refused html "$RECORDS" 2 netsec-audit list &&
    refused html "$RECORDS" 2 netsec-audit explain ACCT-0101 &&
    refused html "$RECORDS" 2 netsec-audit diff &&
    refused html "$RECORDS" 2 netsec-audit history
'

test_expect 'netsec-incident refuses a format its commands do not write' '
    school && echo x >file.txt &&
    refused html "$RECORDS" 2 netsec-incident open --category MAL --grade IV --title t &&
    refused html "$RECORDS" 2 netsec-incident list &&
    refused html "$RECORDS" 2 netsec-incident show INC-2026-0001 &&
    refused html "$RECORDS" 2 netsec-incident overdue &&
    refused html "$RECORDS" 2 netsec-incident due --within 2h &&
    refused html "$RECORDS" 2 netsec-incident import file.txt &&
    refused ldif "$RECORDS, html, markdown" 2 netsec-incident log --year 2026 &&
    refused html "$RECORDS" 2 netsec-incident stats --year 2026 &&
    refused json "html, markdown" 2 netsec-incident form INC-2026-0001 &&
    refused html "$RECORDS" 3 netsec-incident evidence add INC-2026-0001 file.txt &&
    refused html "$RECORDS" 3 netsec-incident evidence list INC-2026-0001 &&
    refused html "$RECORDS" 3 netsec-incident evidence verify
'

test_expect 'netsec-account refuses a format its commands do not write' '
    school && echo x >file.txt &&
    refused html "$RECORDS" 2 netsec-account add alice --name Alice --kind staff &&
    refused html "$RECORDS" 2 netsec-account set alice &&
    refused html "$RECORDS" 2 netsec-account show alice &&
    refused html "$RECORDS" 2 netsec-account list &&
    refused html "$RECORDS" 2 netsec-account import file.txt &&
    refused ldif "$RECORDS" 2 netsec-account issue alice &&
    refused ldif "$RECORDS" 2 netsec-account reset alice &&
    refused html "$RECORDS" 2 netsec-account disable alice --reason r &&
    refused html "$RECORDS" 2 netsec-account enable alice --reason r &&
    refused html "$RECORDS" 2 netsec-account expire alice --reason r &&
    refused html "$RECORDS" 2 netsec-account archive alice --reason r &&
    refused json "chpasswd, ldif, csv" 2 netsec-account export &&
    refused html "$RECORDS" 3 netsec-account logins import file.txt &&
    refused html "$RECORDS" 3 netsec-account logins list &&
    refused html "$RECORDS" 2 netsec-account check
'

test_expect 'netsec-backup refuses a format its commands do not write' '
    school && echo x >pass.txt &&
    refused html "$RECORDS" 2 netsec-backup run &&
    refused html "$RECORDS" 2 netsec-backup snapshots &&
    refused html "$RECORDS" 2 netsec-backup ls latest &&
    refused html "$RECORDS" 2 netsec-backup diff latest latest &&
    refused html "$RECORDS" 2 netsec-backup prune &&
    refused html "$RECORDS" 2 netsec-backup passwd --new-passphrase-file pass.txt &&
    refused html "$RECORDS" 2 netsec-backup verify &&
    refused html "$RECORDS" 2 netsec-backup status &&
    refused html "$RECORDS" 2 netsec-backup snapshots --repo repo
'

test_expect 'the format comes from -f wherever it stands, and --format says the same' '
    school &&
    expect_code 64 netsec-journal -f html show &&
    expect_grep "unknown -f format ${SQ}html${SQ} for ${SQ}netsec-journal show${SQ}" err &&
    expect_code 64 netsec-journal show --format=tsvx &&
    expect_grep "unknown -f format ${SQ}tsvx${SQ} for ${SQ}netsec-journal show${SQ}" err
'

test_expect 'one format of each kind still works: records, a document, a command'"'"'s own' '
    school &&
    netsec-journal show -f csv >journal.csv && head -1 journal.csv | grep -q "^seq," &&
    netsec-incident log --year 2026 -f markdown >log.md && test -s log.md &&
    netsec-account add alice --name Alice --kind staff -q &&
    netsec-account export -f csv >users.csv && grep -q "^alice," users.csv &&
    netsec-journal show -f auto >/dev/null
'

test_expect 'each command'"'"'s --help lists the formats it takes; one that prints nothing ignores -f' '
    school &&
    netsec-journal show --help >help && expect_grep "Formats (-f): $RECORDS" help &&
    netsec-incident form --help >help && expect_grep "Formats (-f): html, markdown" help &&
    netsec-account export --help >help && expect_grep "Formats (-f): chpasswd, ldif, csv" help &&
    netsec-incident note --help >help && expect_no_grep "Formats (-f)" help &&
    netsec-policy check -f html -q
'

test_done
