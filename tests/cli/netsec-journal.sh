#!/bin/bash
# netsec-journal: show the journal in every format and through every filter, verify its hash
# chain against tampering, and print its head to write down.
. "$(dirname "$0")/lib.sh"

ZERO=0000000000000000000000000000000000000000000000000000000000000000

# entry_hash SEQ TIME OPERATOR HOST TOOL ACTION SUBJECT DETAILS PREV_HASH: an entry's SHA-256 as
# the journal defines it (over the compact JSON array of these fields), computed with jq.
entry_hash() {
    printf %s "$(jq -cn --argjson seq "$1" '[$seq] + $ARGS.positional' --args "${@:2}")" |
        sha256sum | cut -d" " -f1
}

# entry_json SEQ TIME TOOL ACTION SUBJECT DETAILS PREV_HASH HASH: the entry as show -f jsonl
# is promised to print it.
entry_json() {
    jq -cn --argjson seq "$1" --arg time "$2" --arg operator "$ME" --arg host "$HOST" --arg tool "$3" \
        --arg action "$4" --arg subject "$5" --argjson details "$6" --arg prev_hash "$7" --arg hash "$8" \
        '{seq: $seq, recorded_at: $time, operator: $operator, host: $host, tool: $tool, action: $action,
          subject: $subject, details: $details, prev_hash: $prev_hash, hash: $hash}'
}

# three_entries: a school whose journal holds three entries, a day apart:
#   1  2026-03-01T08:00:00Z  netsec-policy   policy.initialized  $P
#   2  2026-03-02T08:00:00Z  netsec-journal  policy.changed      $P (the policy was edited)
#   3  2026-03-03T08:00:00Z  netsec-journal  policy.changed      $O (a copy of it, sharing its records)
# Sets P and O, the policies' sha256 S1 (before the edit) and S2 (after), the entries' details
# D1..D3 and hashes H1..H3 (computed here, not read back), and writes them to ./entries.jsonl.
three_entries() {
    ME=$(id -un) && HOST=$(uname -n) &&
    NETSEC_NOW=2026-03-01T08:00:00Z school &&
    P=$(pwd -P)/school/policy.yaml && O=$(pwd -P)/school/other.yaml &&
    S1=$(sha256sum <school/policy.yaml | cut -d" " -f1) &&
    echo "# edited" >>school/policy.yaml &&
    S2=$(sha256sum <school/policy.yaml | cut -d" " -f1) &&
    NETSEC_NOW=2026-03-02T08:00:00Z netsec-journal -q verify >/dev/null &&
    cp school/policy.yaml school/other.yaml &&
    NETSEC_NOW=2026-03-03T08:00:00Z netsec-journal -q --policy "$O" head >/dev/null &&
    D1="{\"sha256\":\"$S1\"}" &&
    D2="{\"sha256\":\"$S2\",\"previous_sha256\":\"$S1\"}" &&
    D3="{\"sha256\":\"$S2\"}" &&
    H1=$(entry_hash 1 2026-03-01T08:00:00Z "$ME" "$HOST" netsec-policy policy.initialized "$P" "$D1" $ZERO) &&
    H2=$(entry_hash 2 2026-03-02T08:00:00Z "$ME" "$HOST" netsec-journal policy.changed "$P" "$D2" "$H1") &&
    H3=$(entry_hash 3 2026-03-03T08:00:00Z "$ME" "$HOST" netsec-journal policy.changed "$O" "$D3" "$H2") &&
    {
        entry_json 1 2026-03-01T08:00:00Z netsec-policy policy.initialized "$P" "$D1" $ZERO "$H1" &&
        entry_json 2 2026-03-02T08:00:00Z netsec-journal policy.changed "$P" "$D2" "$H1" "$H2" &&
        entry_json 3 2026-03-03T08:00:00Z netsec-journal policy.changed "$O" "$D3" "$H2" "$H3"
    } >entries.jsonl
}

DB=school/state/netsec.db
ENTRY_FIELDS=seq,recorded_at,operator,host,tool,action,subject,details,prev_hash,hash

# jsonl_rows SEP FILE: the entries in FILE as the rows of csv (SEP ,) or tsv (SEP tab) are
# promised to be: every field in column order, details as compact JSON; CSV quotes (RFC 4180)
# only the fields that need it, TSV escapes \t \n \r \\.
jsonl_rows() {
    jq -r --arg sep "$1" '
        def csv_field: if test("[,\"\r\n]") then "\"" + gsub("\""; "\"\"") + "\"" else . end;
        [.seq, .recorded_at, .operator, .host, .tool, .action, .subject, (.details | tojson), .prev_hash, .hash]
        | map(tostring)
        | if $sep == "," then map(csv_field) | join(",") else @tsv end' "$2"
}

# seqs FILE: the seq of each jsonl record in FILE, one a line.
seqs() {
    jq .seq "$1"
}

# ---- show: formats -----------------------------------------------------------------------

test_expect 'show -f jsonl prints every entry with every field, oldest first' '
    three_entries &&
    expect_code 0 netsec-journal show -f jsonl &&
    expect_equal entries.jsonl out
'

test_expect 'show without -f writes jsonl into a pipe' '
    three_entries &&
    expect_code 0 netsec-journal show &&
    expect_equal entries.jsonl out
'

test_expect 'show -f json prints one JSON array of the entries' '
    three_entries &&
    expect_code 0 netsec-journal show -f json &&
    jq -e "type == \"array\"" out >/dev/null &&
    jq -c ".[]" out >actual &&
    expect_equal entries.jsonl actual
'

test_expect 'show -f csv prints a header and one RFC 4180 row an entry' '
    three_entries &&
    expect_code 0 netsec-journal show -f csv &&
    { echo "$ENTRY_FIELDS" && jsonl_rows , entries.jsonl; } >expect &&
    expect_equal expect out
'

test_expect 'show -f tsv prints a header and one row an entry' '
    three_entries &&
    expect_code 0 netsec-journal show -f tsv &&
    { echo "$ENTRY_FIELDS" | tr , "\t" && jsonl_rows tab entries.jsonl; } >expect &&
    expect_equal expect out
'

test_expect 'show -f table shows times in the policy'"'"'s zone and leaves out the hashes' '
    three_entries &&
    expect_code 0 netsec-journal show -f table &&
    wo=$(( ${#ME} > 8 ? ${#ME} : 8 )) && wh=$(( ${#HOST} > 4 ? ${#HOST} : 4 )) && ws=${#P} &&
    row="%3s  %-16s  %-${wo}s  %-${wh}s  %-14s  %-18s  %-${ws}s  %s\n" &&
    {
        printf "${row/\%3s/%-3s}" seq recorded_at operator host tool action subject details &&
        printf "$row" 1 "2026-03-01 16:00" "$ME" "$HOST" netsec-policy policy.initialized "$P" "$D1" &&
        printf "$row" 2 "2026-03-02 16:00" "$ME" "$HOST" netsec-journal policy.changed "$P" "$D2" &&
        printf "$row" 3 "2026-03-03 16:00" "$ME" "$HOST" netsec-journal policy.changed "$O" "$D3"
    } >expect &&
    expect_equal expect out
'

test_expect 'show -f table of no entries prints nothing' '
    three_entries &&
    expect_code 0 netsec-journal show -f table --action no.such.action &&
    test ! -s out &&
    test ! -s err
'

test_expect 'show before any records exist exits 66 and names netsec-policy init' '
    school &&
    rm -r school/state &&
    expect_code 66 netsec-journal show &&
    expect_grep "no records yet at ${SQ}$(pwd -P)/school/state/netsec.db${SQ}; run ${SQ}netsec-policy init${SQ} first" err
'

test_expect 'an unknown -f value is a usage error with exit 64 naming it' '
    school &&
    expect_code 64 netsec-journal show -f yaml &&
    test ! -s out &&
    expect_grep "unknown -f format ${SQ}yaml${SQ} for ${SQ}netsec-journal show${SQ}: it writes table, tsv, csv, json, jsonl" err
'

# ---- show: filters -----------------------------------------------------------------------

test_expect 'show --since RFC 3339 keeps the entries at or after it' '
    three_entries &&
    expect_code 0 netsec-journal show --since 2026-03-02T08:00:00Z &&
    seqs out >actual &&
    printf "2\n3\n" >expect &&
    expect_equal expect actual
'

test_expect 'show --since RFC 3339 with an offset reads the offset' '
    three_entries &&
    expect_code 0 netsec-journal show --since 2026-03-02T16:00:01+08:00 &&
    seqs out >actual &&
    echo 3 >expect &&
    expect_equal expect actual
'

test_expect 'show --since "YYYY-MM-DD HH:MM" is read in the policy'"'"'s zone, Asia/Shanghai' '
    three_entries &&
    expect_code 0 netsec-journal show --since "2026-03-02 16:00" &&
    seqs out >actual &&
    printf "2\n3\n" >expect &&
    expect_equal expect actual
'

test_expect 'show --until "YYYY-MM-DD HH:MM" is read in the policy'"'"'s zone, Asia/Shanghai' '
    three_entries &&
    expect_code 0 netsec-journal show --until "2026-03-02 15:59" &&
    seqs out >actual &&
    echo 1 >expect &&
    expect_equal expect actual
'

test_expect 'show --until RFC 3339 keeps the entries at or before it' '
    three_entries &&
    expect_code 0 netsec-journal show --until 2026-03-02T08:00:00Z &&
    seqs out >actual &&
    printf "1\n2\n" >expect &&
    expect_equal expect actual
'

test_expect 'show --since and --until together keep the entries between them' '
    three_entries &&
    expect_code 0 netsec-journal show --since 2026-03-02 --until "2026-03-02 23:59" &&
    seqs out >actual &&
    echo 2 >expect &&
    expect_equal expect actual
'

test_expect 'show --since now reads the clock (NETSEC_NOW)' '
    three_entries &&
    expect_code 0 env NETSEC_NOW=2026-03-03T08:00:00Z netsec-journal show --since now &&
    seqs out >actual &&
    echo 3 >expect &&
    expect_equal expect actual
'

test_expect 'a bad --since is a usage error with exit 64 naming the text' '
    three_entries &&
    expect_code 64 netsec-journal show --since yesterday &&
    test ! -s out &&
    expect_grep "invalid time ${SQ}yesterday${SQ}" err
'

test_expect 'a --until on a day that does not exist is a usage error with exit 64 naming it' '
    three_entries &&
    expect_code 64 netsec-journal show --until "2026-02-30 08:00" &&
    expect_grep "invalid time ${SQ}2026-02-30 08:00${SQ}" err
'

test_expect 'show --subject keeps the entries about that subject' '
    three_entries &&
    expect_code 0 netsec-journal show --subject "$O" &&
    seqs out >actual &&
    echo 3 >expect &&
    expect_equal expect actual
'

test_expect 'show --tool keeps the entries that tool wrote' '
    three_entries &&
    expect_code 0 netsec-journal show --tool netsec-policy &&
    seqs out >actual &&
    echo 1 >expect &&
    expect_equal expect actual
'

test_expect 'show --action keeps the entries of that action' '
    three_entries &&
    expect_code 0 netsec-journal show --action policy.changed &&
    seqs out >actual &&
    printf "2\n3\n" >expect &&
    expect_equal expect actual
'

test_expect 'show --action finds entries written under the action'"'"'s old name, by the new name or the old' '
    three_entries &&
    # The journal as a netsec of before the rename wrote it: entry 1 is policy.init, hashed so.
    O1=$(entry_hash 1 2026-03-01T08:00:00Z "$ME" "$HOST" netsec-policy policy.init "$P" "$D1" $ZERO) &&
    O2=$(entry_hash 2 2026-03-02T08:00:00Z "$ME" "$HOST" netsec-journal policy.changed "$P" "$D2" "$O1") &&
    O3=$(entry_hash 3 2026-03-03T08:00:00Z "$ME" "$HOST" netsec-journal policy.changed "$O" "$D3" "$O2") &&
    sqlite3 $DB "UPDATE journal SET action = ${SQ}policy.init${SQ}, hash = ${SQ}$O1${SQ} WHERE seq = 1;
                 UPDATE journal SET prev_hash = ${SQ}$O1${SQ}, hash = ${SQ}$O2${SQ} WHERE seq = 2;
                 UPDATE journal SET prev_hash = ${SQ}$O2${SQ}, hash = ${SQ}$O3${SQ} WHERE seq = 3" &&
    expect_code 0 netsec-journal -q verify &&
    entry_json 1 2026-03-01T08:00:00Z netsec-policy policy.init "$P" "$D1" $ZERO "$O1" >expect &&
    expect_code 0 netsec-journal show -f jsonl --action policy.initialized &&
    expect_equal expect out &&
    expect_code 0 netsec-journal show -f jsonl --action policy.init &&
    expect_equal expect out
'

test_expect 'show -n N keeps the newest N entries' '
    three_entries &&
    expect_code 0 netsec-journal show -n 2 &&
    seqs out >actual &&
    printf "2\n3\n" >expect &&
    expect_equal expect actual
'

test_expect 'show --last N applies after the other filters' '
    three_entries &&
    expect_code 0 netsec-journal show --subject "$P" --last 1 &&
    seqs out >actual &&
    echo 2 >expect &&
    expect_equal expect actual
'

test_expect 'show -n 0 is a usage error with exit 64' '
    three_entries &&
    expect_code 64 netsec-journal show -n 0 &&
    test ! -s out &&
    expect_grep "--last" err
'

# ---- verify ------------------------------------------------------------------------------

test_expect 'verify of an intact journal exits 0 and says intact' '
    three_entries &&
    expect_code 0 netsec-journal verify &&
    echo "{\"status\":\"intact\",\"entries\":3,\"head_seq\":3,\"head_hash\":\"$H3\",\"first_bad_seq\":null,\"problem\":null,\"trusted_head\":null,\"trusted_from\":null}" >expect &&
    expect_equal expect out
'

test_expect 'verify -q prints nothing when the journal is intact' '
    three_entries &&
    expect_code 0 netsec-journal verify -q &&
    test ! -s out &&
    test ! -s err
'

test_expect 'verify exits 1 naming an entry edited in the database' '
    three_entries &&
    sqlite3 $DB "UPDATE journal SET operator = ${SQ}mallory${SQ} WHERE seq = 2" &&
    expect_code 1 netsec-journal verify &&
    jq -r "[.status, .first_bad_seq] | @tsv" out >actual &&
    printf "broken\t2\n" >expect &&
    expect_equal expect actual &&
    expect_grep "netsec-journal: the journal is broken at entry 2: entry 2 does not match its hash" err
'

test_expect 'verify exits 1 naming an entry whose details were edited' '
    three_entries &&
    sqlite3 $DB "UPDATE journal SET details = ${SQ}{\"sha256\":\"$S2\"}${SQ} WHERE seq = 1" &&
    expect_code 1 netsec-journal verify &&
    jq -r "[.status, .first_bad_seq] | @tsv" out >actual &&
    printf "broken\t1\n" >expect &&
    expect_equal expect actual &&
    expect_grep "the journal is broken at entry 1: entry 1 does not match its hash" err
'

test_expect 'verify exits 1 naming a deleted entry' '
    three_entries &&
    sqlite3 $DB "DELETE FROM journal WHERE seq = 2" &&
    expect_code 1 netsec-journal verify &&
    jq -r "[.status, .first_bad_seq] | @tsv" out >actual &&
    printf "broken\t2\n" >expect &&
    expect_equal expect actual &&
    expect_grep "the journal is broken at entry 2: entry 2 is missing" err
'

test_expect 'verify exits 1 naming where two entries were swapped' '
    three_entries &&
    sqlite3 $DB "UPDATE journal SET seq = -2 WHERE seq = 2;
                 UPDATE journal SET seq = 2 WHERE seq = 3;
                 UPDATE journal SET seq = 3 WHERE seq = -2" &&
    printf "2|%s\n3|%s\n" "$H3" "$H2" >swapped &&
    sqlite3 $DB "SELECT seq, hash FROM journal WHERE seq > 1 ORDER BY seq" >actual &&
    expect_equal swapped actual &&
    expect_code 1 netsec-journal verify &&
    jq -r "[.status, .first_bad_seq] | @tsv" out >actual &&
    printf "broken\t2\n" >expect &&
    expect_equal expect actual &&
    expect_grep "the journal is broken at entry 2: entry 2 does not follow entry 1" err
'

test_expect 'verify -q still reports a broken journal' '
    three_entries &&
    sqlite3 $DB "UPDATE journal SET host = ${SQ}elsewhere${SQ} WHERE seq = 3" &&
    expect_code 1 netsec-journal verify -q &&
    expect_grep "the journal is broken at entry 3" err
'

# ---- head --------------------------------------------------------------------------------

test_expect 'head prints the newest entry as SEQ:HASH' '
    three_entries &&
    expect_code 0 netsec-journal head &&
    echo "3:$H3" >expect &&
    expect_equal expect out
'

test_expect 'head -f json prints the newest entry'"'"'s seq, hash and recorded_at' '
    three_entries &&
    expect_code 0 netsec-journal head -f json &&
    jq -c . out >actual &&
    echo "[{\"seq\":3,\"hash\":\"$H3\",\"recorded_at\":\"2026-03-03T08:00:00Z\"}]" >expect &&
    expect_equal expect actual
'

test_expect 'verify --head passes with the head just printed' '
    three_entries &&
    expect_code 0 netsec-journal head &&
    head=$(cat out) &&
    expect_code 0 netsec-journal verify --head "$head" &&
    jq -r .status out >actual &&
    echo intact >expect &&
    expect_equal expect actual
'

test_expect 'verify --head passes with a head written down before the journal grew' '
    three_entries &&
    echo "# edited again" >>school/policy.yaml &&
    expect_code 0 netsec-journal verify --head "2:$H2" &&
    jq -r "[.status, .entries] | @tsv" out >actual &&
    printf "intact\t4\n" >expect &&
    expect_equal expect actual
'

test_expect 'verify --head exits 1 when the chain was rewritten after the head' '
    three_entries &&
    expect_code 0 netsec-journal head &&
    head=$(cat out) &&
    sqlite3 $DB "DELETE FROM journal WHERE seq >= 2" &&
    echo "# rewritten" >>school/policy.yaml &&
    expect_code 0 netsec-journal head &&
    echo "# rewritten again" >>school/policy.yaml &&
    expect_code 0 netsec-journal head &&
    expect_no_grep "$head" out &&
    expect_code 0 netsec-journal verify &&
    expect_code 1 netsec-journal verify --head "$head" &&
    jq -r "[.status, .first_bad_seq] | @tsv" out >actual &&
    printf "broken\t3\n" >expect &&
    expect_equal expect actual &&
    expect_grep "entry 3 is not the one written down as head $head: the chain was rewritten" err
'

test_expect 'verify --head exits 1 when the journal ends before the head' '
    three_entries &&
    sqlite3 $DB "DELETE FROM journal WHERE seq = 3" &&
    expect_code 0 netsec-journal verify &&
    expect_code 1 netsec-journal verify --head "3:$H3" &&
    expect_grep "the journal ends before entry 3 written down as head 3:$H3" err
'

test_expect 'a bad --head is a usage error with exit 64 naming the text' '
    three_entries &&
    expect_code 64 netsec-journal verify --head 3:not-a-hash &&
    test ! -s out &&
    expect_grep "invalid head ${SQ}3:not-a-hash${SQ}: expected SEQ:HASH" err
'

# ---- operators and files -----------------------------------------------------------------

if u=$(second_user); then
    test_expect 'show by a user with no level is refused with 77 naming the viewer level' '
        school &&
        expect_code 77 runuser -u "$u" -- netsec-journal show --policy "$NETSEC_POLICY" &&
        test ! -s out &&
        expect_grep "${SQ}netsec-journal show${SQ} needs the viewer level; user ${SQ}$u${SQ} has no level" err
    '

    test_expect 'verify and head need the viewer level too' '
        school &&
        for command in verify head; do
            expect_code 77 runuser -u "$u" -- netsec-journal $command --policy "$NETSEC_POLICY" &&
            expect_grep "${SQ}netsec-journal $command${SQ} needs the viewer level" err || exit 1
        done
    '

    test_expect 'a viewer who cannot read the state folder gets exit 66 naming the database' '
        school &&
        add_operator "$u" viewer "$NETSEC_POLICY" &&
        test "$(mode_of school/state)" = 700 &&
        expect_code 66 runuser -u "$u" -- netsec-journal show --policy "$NETSEC_POLICY" &&
        test ! -s out &&
        expect_grep "${SQ}$(pwd -P)/school/state/netsec.db${SQ}" err
    '

    test_expect 'a viewer in the policy'"'"'s state_group reads the journal, after the writer has closed' '
        school &&
        { getent group netsec-test-readers >/dev/null || groupadd --system netsec-test-readers; } &&
        usermod -a -G netsec-test-readers "$u" &&
        sed -i "s/^# state_group: netsec /state_group: netsec-test-readers/" "$NETSEC_POLICY" &&
        add_operator "$u" viewer "$NETSEC_POLICY" &&
        expect_code 0 netsec-journal verify -q &&
        test "$(stat -c %a:%G school/state)" = 750:netsec-test-readers &&
        test "$(stat -c %a:%G school/state/netsec.db)" = 640:netsec-test-readers &&
        test "$(stat -c %a:%G school/state/netsec.db-shm)" = 640:netsec-test-readers &&
        expect_code 0 runuser -u "$u" -- netsec-journal show -f jsonl --policy "$NETSEC_POLICY" &&
        test "$(wc -l <out)" = 2 &&
        expect_code 0 runuser -u "$u" -- netsec-journal verify -q --policy "$NETSEC_POLICY"
    '

    test_expect 'a viewer who cannot read the state folder is told permission is denied' '
        school &&
        add_operator "$u" viewer "$NETSEC_POLICY" &&
        expect_code 66 runuser -u "$u" -- netsec-journal show --policy "$NETSEC_POLICY" &&
        expect_grep "Permission denied" err &&
        expect_no_grep "no records yet" err
    '
else
    for name in 'show by a user with no level is refused with 77 naming the viewer level' \
        'verify and head need the viewer level too' \
        'a viewer who cannot read the state folder gets exit 66 naming the database' \
        'a viewer who cannot read the state folder is told permission is denied' \
        "a viewer in the policy's state_group reads the journal, after the writer has closed"; do
        test_skip "$name" 'needs root for a second user'
    done
fi

# ---- help, version, usage ----------------------------------------------------------------

test_expect 'netsec-journal --help lists the shared options and the commands' '
    expect_code 0 netsec-journal --help &&
    expect_grep "Usage: netsec-journal [OPTIONS] SUBCOMMAND" out &&
    expect_grep "  --policy FILE" out &&
    expect_grep "  -f,--format FORMAT" out &&
    expect_grep "  -q,--quiet" out &&
    expect_grep "  show " out &&
    expect_grep "  verify " out &&
    expect_grep "  head " out
'

test_expect 'netsec-journal --version prints the version' '
    expect_code 0 netsec-journal --version &&
    echo "netsec-journal 0.1.0" >expect &&
    expect_equal expect out
'

test_expect 'show --help prints the usage of show and its filters' '
    expect_code 0 netsec-journal show --help &&
    expect_grep "Usage: netsec-journal show [OPTIONS]" out &&
    for option in "--since TIME" "--until TIME" "--subject SUBJECT" "--tool TOOL" "--action ACTION" "-n,--last N"; do
        expect_grep "  $option" out || exit 1
    done
'

test_expect 'verify --help prints the usage of verify and --head' '
    expect_code 0 netsec-journal verify --help &&
    expect_grep "Usage: netsec-journal verify [OPTIONS]" out &&
    expect_grep "  --head SEQ:HASH" out
'

test_expect 'head --help prints the usage of head' '
    expect_code 0 netsec-journal head --help &&
    expect_grep "Usage: netsec-journal head [OPTIONS]" out
'

test_expect 'every command takes --version' '
    echo "netsec-journal 0.1.0" >expect &&
    for command in show verify head; do
        expect_code 0 netsec-journal $command --version && expect_equal expect out || exit 1
    done
'

test_expect 'an unknown option is a usage error with exit 64 naming it' '
    expect_code 64 netsec-journal show --bogus &&
    expect_grep "--bogus" err &&
    expect_grep "Run ${SQ}netsec-journal --help${SQ} for usage." err
'

test_expect 'no command is a usage error with exit 64' '
    expect_code 64 netsec-journal &&
    expect_grep "Run ${SQ}netsec-journal --help${SQ} for usage." err
'

# ---- heads file (issue 14): heads kept where a rewrite of the database cannot reach them -------

test_expect 'head --record appends SEQ:HASH TIME to journal.heads_file, and verify trusts the newest, saying which' '
    school && printf "journal:\n  heads_file: heads\n" >>school/policy.yaml &&
    expect_code 0 netsec-journal head --record && first=$(cat out) &&
    expect_grep "recorded head $first in" err &&
    echo "# edited" >>school/policy.yaml &&
    NETSEC_NOW=2026-03-02T08:00:00Z netsec-journal head --record >out 2>err && second=$(cat out) &&
    test "$first" != "$second" &&
    printf "%s\n" "$first" "$second" >expect && cut -d" " -f1 school/heads >actual && expect_equal expect actual &&
    grep -q "^$second 2026-03-02T08:00:00Z\$" school/heads &&
    expect_code 0 netsec-journal verify -f jsonl &&
    test "$(jq -r .trusted_head out)" = "$second" &&
    jq -e ".trusted_from | endswith(\"/school/heads:2\")" out >/dev/null
'

test_expect 'entries removed from the end are found against the heads file without --head (verify and JRNL-0001 name the head)' '
    school && printf "journal:\n  heads_file: heads\n" >>school/policy.yaml &&
    netsec-journal verify -q &&
    netsec-incident open --category MAL --grade IV --title t --discovered-at now -q >/dev/null &&
    expect_code 0 netsec-journal head --record && head=$(cat out) &&
    sqlite3 school/state/netsec.db "DELETE FROM journal WHERE seq = ${head%%:*}" &&
    expect_code 1 netsec-journal verify -f jsonl &&
    test "$(jq -r .status out)" = broken && test "$(jq -r .trusted_head out)" = "$head" &&
    expect_grep "the journal ends before entry ${head%%:*} written down as head $head" err &&
    expect_code 1 netsec-audit run --check JRNL-0001 -f jsonl &&
    jq -r "select(.check_id == \"JRNL-0001\" and .subject == \"journal\") | .status, .detail" out >found &&
    expect_grep fail found && expect_grep "head $head recorded at" found && expect_grep "/school/heads" found &&
    expect_code 1 netsec-journal head --record &&
    test "$(wc -l <school/heads)" = 1
'

test_expect 'JRNL-0001 says when no heads file is named that a rewrite of the whole chain would not be found' '
    school &&
    expect_code 0 netsec-audit run --check JRNL-0001 -f jsonl &&
    jq -r "select(.check_id == \"JRNL-0001\" and .subject == \"journal\") | .detail" out >found &&
    expect_grep "no heads file is named (journal.heads_file)" found
'

test_expect 'head --record without journal.heads_file is a policy error (78) naming the key' '
    school &&
    expect_code 78 netsec-journal head --record &&
    expect_grep "journal.heads_file" err && test ! -s out
'

test_done
