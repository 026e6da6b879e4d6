#!/bin/bash
# netsec-incident: the incident register. Opening with deadlines (across midnight, year ends and
# daylight-saving changes), reports that stop the clocks, regrading, the append-only timeline,
# playbook steps, closure, every listing format, overdue and due for cron, evidence with its
# chain of custody, imports, the security log, the report form, the figures, operator levels,
# and the bash completion. The clock is fixed with NETSEC_NOW throughout.
. "$(dirname "$0")/lib.sh"

# clock TIME: fixes the tools' "now" for the rest of the case.
clock() {
    NETSEC_NOW=$1 && export NETSEC_NOW
}

# a_school [NOW]: a school (default policy, zone Asia/Shanghai, UTC+8 all year) with the clock
# fixed at NOW (default 2026-03-01T10:00:00Z, which is 18:00 there).
a_school() {
    clock "${1:-2026-03-01T10:00:00Z}" && school
}

# zone ZONE: sets the school's time zone in the policy.
zone() {
    sed -i "s|^  timezone: Asia/Shanghai|  timezone: $1|" "$NETSEC_POLICY" &&
    grep -qF "  timezone: $1" "$NETSEC_POLICY"
}

# open_one ARGS...: opens an incident quietly; its id in $ID.
open_one() {
    expect_code 0 netsec-incident -q open "$@" && ID=$(cat out)
}

# field ID JQ: the value JQ selects from show ID -f json (status checked first).
field() {
    expect_code 0 netsec-incident show "$1" -f json && jq -r "$2" out
}

# journal_actions SUBJECT: the actions journaled about SUBJECT, one a line.
journal_actions() {
    expect_code 0 netsec-journal show --subject "$1" -f jsonl && jq -r .action out
}

# ---- open ----------------------------------------------------------------------------------

test_expect 'open prints the new id, and the deadline in the policy'"'"'s zone on stderr' '
    a_school &&
    expect_code 0 netsec-incident open --category MAL --grade IV --title "virus in room 1" \
        --discovered-at "2026-03-01 09:00" &&
    echo INC-2026-0001 >expect &&
    expect_equal expect out &&
    expect_grep "opened INC-2026-0001: report to superiors by 2026-03-01 21:00 (Asia/Shanghai)" err
'

test_expect 'open -f jsonl prints the id and every deadline in UTC' '
    a_school &&
    expect_code 0 netsec-incident open -f jsonl --category DEF --subtype rumour --grade III --title "rumour posted" \
        --discovered-at 2026-03-01T08:00:00Z &&
    echo "{\"incident_id\":\"INC-2026-0001\",\"grade\":\"III\",\"report_due_at\":\"2026-03-01T12:00:00Z\",\"police_due_at\":\"2026-03-02T08:00:00Z\",\"rectify_due_at\":null}" >expect &&
    expect_equal expect out &&
    expect_grep "report to the police by 2026-03-02 16:00 as well" err
'

test_expect 'each grade has its default deadline: I and II 1h, III 4h, IV 12h, 0 24h' '
    a_school &&
    for grade in I II III IV 0; do
        expect_code 0 netsec-incident open -f jsonl --category OTH --grade $grade --title "grade $grade" \
            --discovered-at 2026-03-01T00:00:00Z &&
        jq -r "[.grade, .report_due_at] | @tsv" out >>actual || exit 1
    done &&
    printf "%s\t%s\n" I 2026-03-01T01:00:00Z II 2026-03-01T01:00:00Z III 2026-03-01T04:00:00Z \
        IV 2026-03-01T12:00:00Z 0 2026-03-02T00:00:00Z >expect &&
    expect_equal expect actual
'

test_expect 'the policy'"'"'s deadlines replace the defaults' '
    a_school &&
    sed -i "s/^    IV: 12h /    IV: 2h30m /" "$NETSEC_POLICY" &&
    expect_code 0 netsec-incident open -q -f jsonl --category OTH --grade IV --title t --discovered-at 2026-03-01T00:00:00Z &&
    test "$(jq -r .report_due_at out)" = 2026-03-01T02:30:00Z
'

test_expect 'every category the policy ships is accepted, and DEF names its kind of content' '
    a_school &&
    for c in MAL ATK DATA ACCT FAC DIS FRAUD VULN ABN OTH; do
        expect_code 0 netsec-incident -q open --category $c --grade 0 --title "$c" || exit 1
    done &&
    expect_code 0 netsec-incident -q open --category DEF --subtype obscene --grade IV --title DEF &&
    expect_code 0 netsec-incident list -f jsonl &&
    jq -r .category out | sort >actual &&
    printf "%s\n" ABN ACCT ATK DATA DEF DIS FAC FRAUD MAL OTH VULN >expect &&
    expect_equal expect actual
'

test_expect 'an unknown category is refused with 64, listing the codes' '
    a_school &&
    expect_code 64 netsec-incident open --category VIRUS --grade IV --title t &&
    test ! -s out &&
    expect_grep "unknown category ${SQ}VIRUS${SQ}: expected one of MAL, ATK, DEF, DATA, ACCT, FAC, DIS, FRAUD, VULN, ABN, OTH" err
'

test_expect 'an unknown sub-type, or one on a category without them, is refused with 64' '
    a_school &&
    expect_code 64 netsec-incident open --category DEF --subtype spam --grade IV --title t &&
    expect_grep "unknown sub-type ${SQ}spam${SQ} of DEF: expected one of constitution, security" err &&
    expect_code 64 netsec-incident open --category MAL --subtype worm --grade IV --title t &&
    expect_grep "category ${SQ}MAL${SQ} has no sub-types" err
'

test_expect 'an unknown grade is refused with 64, naming the grades' '
    a_school &&
    expect_code 64 netsec-incident open --category MAL --grade V --title t &&
    expect_grep "unknown grade ${SQ}V${SQ}: expected I, II, III, IV" err
'

test_expect 'a discovery time in the future is refused with 64 and nothing is opened' '
    a_school &&
    expect_code 64 netsec-incident open --category MAL --grade IV --title t --discovered-at 2026-03-01T10:00:01Z &&
    expect_grep "the discovery time 2026-03-01 18:00:01 is in the future" err &&
    expect_code 0 netsec-incident list -f jsonl &&
    test ! -s out
'

test_expect 'a suspected crime runs a police clock of 24h beside the report clock' '
    a_school &&
    open_one --category ACCT --grade IV --title "account used to defraud" --suspected-crime \
        --discovered-at 2026-03-01T06:00:00Z &&
    field "$ID" "[.clocks[] | [.clock, .due_at, .state] | @tsv] | .[]" >actual &&
    printf "%s\t%s\t%s\n" report 2026-03-01T18:00:00Z pending police 2026-03-02T06:00:00Z pending >expect &&
    expect_equal expect actual
'

test_expect 'a VULN notice runs a clock to its own rectify-by date, stopped by closing' '
    a_school &&
    open_one --category VULN --grade 0 --title "bureau notice: weak passwords" --rectify-by "2026-03-10" \
        --discovered-at 2026-03-01T02:00:00Z &&
    test "$(field "$ID" ".clocks[1] | [.clock, .due_at, .state] | @tsv")" = "$(printf "rectify\t2026-03-09T16:00:00Z\tpending")" &&
    clock 2026-03-09T16:00:01Z &&
    test "$(field "$ID" ".clocks[1].state")" = overdue &&
    expect_code 0 netsec-incident close "$ID" --resolution "passwords reset" --at 2026-03-09T15:00:00Z &&
    test "$(field "$ID" ".clocks[1] | [.state, .met_at] | @tsv")" = "$(printf "on_time\t2026-03-09T15:00:00Z")"
'

test_expect 'a rectify-by date before the discovery is refused with 64' '
    a_school &&
    expect_code 64 netsec-incident open --category VULN --grade 0 --title t --rectify-by 2026-02-01 &&
    expect_grep "is not after the discovery time" err
'

test_expect 'a MAL incident starts with the virus-outbreak plan as its checklist' '
    a_school &&
    open_one --category MAL --grade IV --title virus &&
    field "$ID" "[.steps[] | [.n, (.done_at | tostring)] | @tsv] | .[]" >actual &&
    printf "%s\tnull\n" 1 2 3 4 5 6 7 >expect &&
    expect_equal expect actual &&
    test "$(jq -r ".steps[0].text" out)" = "隔离受感染的机房或计算机，断开网络（isolate the room or machines, disconnect them）" &&
    open_one --category ATK --grade IV --title scan &&
    test "$(field "$ID" ".steps | length")" = 0
'

# ---- ids and deadline arithmetic ---------------------------------------------------------

test_expect 'ids count per local year of discovery and restart at 0001' '
    a_school 2026-03-01T10:00:00Z &&
    open_one --category OTH --grade 0 --title a --discovered-at "2025-12-31 23:59" && test "$ID" = INC-2025-0001 &&
    open_one --category OTH --grade 0 --title b --discovered-at 2025-12-31T16:00:00Z && test "$ID" = INC-2026-0001 &&
    open_one --category OTH --grade 0 --title c --discovered-at 2025-12-31T15:59:59Z && test "$ID" = INC-2025-0002 &&
    open_one --category OTH --grade 0 --title d && test "$ID" = INC-2026-0002
'

test_expect 'a deadline runs across midnight and the year end, and the table shows it locally' '
    a_school 2027-01-01T12:00:00Z &&
    open_one --category MAL --grade IV --title "new year virus" --discovered-at "2026-12-31 20:00" &&
    test "$ID" = INC-2026-0001 &&
    test "$(field "$ID" .report_due_at)" = 2027-01-01T00:00:00Z &&
    expect_code 0 netsec-incident list -f table &&
    expect_grep "2026-12-31 20:00  2027-01-01 08:00" out
'

test_expect 'deadlines are kept in UTC across the spring daylight-saving change (Europe/Berlin)' '
    a_school 2026-03-30T00:00:00Z &&
    zone Europe/Berlin &&
    open_one --category ATK --grade III --title "scan at night" --discovered-at "2026-03-29 01:30" &&
    test "$(field "$ID" "[.discovered_at, .report_due_at] | @tsv")" = "$(printf "2026-03-29T00:30:00Z\t2026-03-29T04:30:00Z")" &&
    expect_code 0 netsec-incident list -f table &&
    expect_grep "2026-03-29 01:30  2026-03-29 06:30" out
'

test_expect 'deadlines are kept in UTC across the autumn daylight-saving change (America/New_York)' '
    a_school 2026-11-02T00:00:00Z &&
    zone America/New_York &&
    open_one --category ATK --grade IV --title "phishing wave" --discovered-at "2026-10-31 23:00" &&
    test "$(field "$ID" "[.discovered_at, .report_due_at] | @tsv")" = "$(printf "2026-11-01T03:00:00Z\t2026-11-01T15:00:00Z")" &&
    expect_code 0 netsec-incident list -f table &&
    expect_grep "2026-10-31 23:00  2026-11-01 10:00" out
'

test_expect '8 processes opening 200 incidents each at once lose and duplicate no id' '
    a_school &&
    for p in 1 2 3 4 5 6 7 8; do
        (for i in $(seq 200); do netsec-incident -q open --category OTH --grade 0 --title "p$p-$i" || echo FAILED; done >ids.$p 2>err.$p) &
    done &&
    wait &&
    cat ids.* | sort >all &&
    seq -f "INC-2026-%04g" 1600 >expect &&
    expect_equal expect all &&
    cat err.* >errors && test ! -s errors &&
    expect_code 0 netsec-journal verify -q &&
    expect_code 0 netsec-journal show --action incident.opened -f jsonl &&
    test "$(wc -l <out)" = 1600
'

# ---- report ----------------------------------------------------------------------------------

test_expect 'a report naming recipient, channel and reference stops the clock on time' '
    a_school &&
    open_one --category MAL --grade IV --title virus --discovered-at 2026-03-01T08:00:00Z &&
    expect_code 0 netsec-incident report "$ID" --to bureau --channel phone --ref "call 0931-1234" --at 2026-03-01T09:30:00Z &&
    test ! -s out &&
    expect_grep "$ID: reported to bureau on time (due 2026-03-02 04:00)" err &&
    field "$ID" "[.report_state, .reported_at, .recipient, .channel, .reference] | @tsv" >actual &&
    printf "on_time\t2026-03-01T09:30:00Z\tbureau\tphone\tcall 0931-1234\n" >expect &&
    expect_equal expect actual
'

test_expect 'a report exactly at the deadline is on time, a second later is late' '
    a_school 2026-03-02T00:00:00Z &&
    open_one --category OTH --grade IV --title a --discovered-at 2026-03-01T08:00:00Z && A=$ID &&
    open_one --category OTH --grade IV --title b --discovered-at 2026-03-01T08:00:00Z && B=$ID &&
    expect_code 0 netsec-incident report "$A" --to bureau --channel document --ref "doc 1" --at 2026-03-01T20:00:00Z &&
    expect_code 0 netsec-incident report "$B" --to bureau --channel document --ref "doc 2" --at 2026-03-01T20:00:01Z &&
    expect_grep "$B: reported to bureau LATE (due 2026-03-02 04:00)" err &&
    test "$(field "$A" .report_state)" = on_time &&
    test "$(field "$B" .report_state)" = late
'

test_expect 'the first report stops the clock; later reports do not move it' '
    a_school &&
    open_one --category OTH --grade IV --title a --discovered-at 2026-03-01T00:00:00Z &&
    expect_code 0 netsec-incident report "$ID" --to bureau --channel online --ref r1 --at 2026-03-01T05:00:00Z &&
    expect_code 0 netsec-incident report "$ID" --to bureau --channel document --ref r2 --at 2026-03-01T09:00:00Z &&
    test "$(field "$ID" "[.reported_at, .reference, (.reports | length), .clocks[0].met_at] | @tsv")" = \
        "$(printf "2026-03-01T05:00:00Z\tr1\t2\t2026-03-01T05:00:00Z")"
'

test_expect 'a report to the police stops the police clock only' '
    a_school &&
    open_one --category DEF --subtype gambling --grade IV --title "gambling ads" --discovered-at 2026-03-01T09:00:00Z &&
    expect_code 0 netsec-incident report "$ID" --to police --channel in_person --ref "receipt 7" --at 2026-03-01T09:30:00Z &&
    expect_grep "reported to police on time (due 2026-03-02 17:00)" err &&
    test "$(field "$ID" "[.report_state, .police_state, (.reported_at | tostring)] | @tsv")" = "$(printf "pending\ton_time\tnull")"
'

test_expect 'report refuses an unknown recipient or channel with 64, listing the choices' '
    a_school &&
    open_one --category OTH --grade IV --title a &&
    expect_code 64 netsec-incident report "$ID" --to mayor --channel phone --ref x &&
    expect_grep "unknown recipient ${SQ}mayor${SQ}: expected one of bureau, leadership, police (incidents.recipients)" err &&
    expect_code 64 netsec-incident report "$ID" --to bureau --channel fax --ref x &&
    expect_grep "unknown channel ${SQ}fax${SQ}: expected phone, document, online or in_person" err &&
    expect_code 64 netsec-incident report "$ID" --to bureau --channel phone &&
    expect_grep "--ref" err
'

test_expect 'report refuses a time before the discovery or in the future with 64' '
    a_school &&
    open_one --category OTH --grade IV --title a --discovered-at 2026-03-01T08:00:00Z &&
    expect_code 64 netsec-incident report "$ID" --to bureau --channel phone --ref x --at 2026-03-01T07:59:59Z &&
    expect_grep "the report time 2026-03-01 15:59:59 is before the incident was discovered (2026-03-01 16:00:00)" err &&
    expect_code 64 netsec-incident report "$ID" --to bureau --channel phone --ref x --at 2026-03-01T10:00:01Z &&
    expect_grep "is in the future" err &&
    test "$(field "$ID" ".reports | length")" = 0
'

test_expect 'an id that does not exist is exit 66 naming it, for every command that takes one' '
    a_school &&
    for command in "report INC-2026-0042 --to bureau --channel phone --ref x" "show INC-2026-0042" \
        "form INC-2026-0042" "note INC-2026-0042 text" "step INC-2026-0042 1 done" \
        "regrade INC-2026-0042 I --reason r" "assign INC-2026-0042 someone" \
        "close INC-2026-0042 --resolution r" "reopen INC-2026-0042 --reason r" \
        "evidence list INC-2026-0042" "evidence verify INC-2026-0042" "evidence export INC-2026-0042 out.d" \
        "void INC-2026-0042 --reason r" "edit INC-2026-0042 --title t --reason r"; do
        expect_code 66 netsec-incident $command &&
        expect_grep "no incident ${SQ}INC-2026-0042${SQ}; ${SQ}netsec-incident list${SQ} shows them" err || exit 1
    done &&
    echo x >file && expect_code 66 netsec-incident evidence add INC-2026-0042 file &&
    expect_grep "no incident ${SQ}INC-2026-0042${SQ}" err
'

# ---- regrade ---------------------------------------------------------------------------------

test_expect 'an upgrade recomputes the deadline from discovery and can make it overdue at once' '
    a_school 2026-03-01T10:00:00Z &&
    open_one --category MAL --grade IV --title virus --discovered-at 2026-03-01T07:00:00Z &&
    expect_code 0 netsec-incident overdue &&
    expect_code 0 netsec-incident regrade "$ID" II --reason "the whole computer room is infected" &&
    expect_grep "$ID: grade II; report due 2026-03-01 16:00" err &&
    test "$(field "$ID" "[.grade, .report_due_at, .report_state] | @tsv")" = "$(printf "II\t2026-03-01T08:00:00Z\toverdue")" &&
    expect_code 1 netsec-incident overdue -f jsonl &&
    test "$(jq -r "[.incident_id, .overdue_by] | @tsv" out)" = "$(printf "$ID\t2h")"
'

test_expect 'an upgrade after the deadline has passed keeps the incident overdue' '
    a_school 2026-03-01T22:00:00Z &&
    open_one --category MAL --grade IV --title virus --discovered-at 2026-03-01T08:00:00Z &&
    test "$(field "$ID" .report_state)" = overdue &&
    expect_code 0 netsec-incident regrade "$ID" I --reason "data of pupils leaked" &&
    test "$(field "$ID" "[.report_due_at, .report_state] | @tsv")" = "$(printf "2026-03-01T09:00:00Z\toverdue")"
'

test_expect 'a downgrade never clears a missed deadline, and a later report is late' '
    a_school 2026-03-01T13:00:00Z &&
    open_one --category ATK --grade III --title attack --discovered-at 2026-03-01T08:00:00Z &&
    expect_code 0 netsec-incident regrade "$ID" 0 --reason "only a port scan" &&
    test "$(field "$ID" "[.grade, .report_due_at, .report_state] | @tsv")" = "$(printf "0\t2026-03-01T12:00:00Z\toverdue")" &&
    expect_code 1 netsec-incident overdue &&
    expect_code 0 netsec-incident report "$ID" --to leadership --channel in_person --ref "meeting" &&
    test "$(field "$ID" .report_state)" = overdue &&
    expect_code 0 netsec-incident report "$ID" --to bureau --channel phone --ref "call" &&
    test "$(field "$ID" .report_state)" = late &&
    expect_code 0 netsec-incident regrade "$ID" III --reason "it was an attack after all" &&
    test "$(field "$ID" .report_state)" = late
'

test_expect 'a downgrade before the deadline gives the longer deadline' '
    a_school 2026-03-01T09:00:00Z &&
    open_one --category ATK --grade III --title attack --discovered-at 2026-03-01T08:00:00Z &&
    expect_code 0 netsec-incident regrade "$ID" IV --reason "one machine only" &&
    test "$(field "$ID" "[.report_due_at, .report_state] | @tsv")" = "$(printf "2026-03-01T20:00:00Z\tpending")"
'

test_expect 'a regrade after the report does not move the stopped clock' '
    a_school &&
    open_one --category OTH --grade IV --title a --discovered-at 2026-03-01T00:00:00Z &&
    expect_code 0 netsec-incident report "$ID" --to bureau --channel phone --ref x --at 2026-03-01T03:00:00Z &&
    expect_code 0 netsec-incident regrade "$ID" I --reason "worse than thought" &&
    test "$(field "$ID" "[.grade, .report_due_at, .report_state] | @tsv")" = "$(printf "I\t2026-03-01T12:00:00Z\ton_time")"
'

test_expect 'a regrade is recorded in the timeline with its reason; the same grade is refused' '
    a_school &&
    open_one --category OTH --grade IV --title a --discovered-at 2026-03-01T08:00:00Z &&
    expect_code 0 netsec-incident regrade "$ID" III --reason "spread to two rooms" &&
    field "$ID" ".timeline[-1] | [.kind, .text, .details.from, .details.to] | @tsv" >actual &&
    printf "regrade\tspread to two rooms\tIV\tIII\n" >expect &&
    expect_equal expect actual &&
    expect_code 64 netsec-incident regrade "$ID" III --reason again &&
    expect_grep "incident ${SQ}$ID${SQ} is already grade III" err &&
    expect_code 64 netsec-incident regrade "$ID" VI --reason x &&
    expect_grep "unknown grade ${SQ}VI${SQ}" err
'

# ---- timeline, steps, assign, close, reopen ---------------------------------------------------

test_expect 'note appends to the timeline; a correction is a new entry pointing at the old one' '
    a_school &&
    open_one --category MAL --grade IV --title virus &&
    expect_code 0 netsec-incident note "$ID" "12 machines infected" &&
    expect_grep "$ID: timeline entry 2 added" err &&
    expect_code 0 netsec-incident note "$ID" "21 machines infected, not 12" --corrects 2 &&
    field "$ID" "[.timeline[] | [.entry_id, .kind, .text, (.corrects | tostring)] | @tsv] | .[]" >actual &&
    printf "%s\t%s\t%s\t%s\n" 1 open virus null 2 note "12 machines infected" null \
        3 correction "21 machines infected, not 12" 2 >expect &&
    expect_equal expect actual
'

test_expect 'a correction must point at an entry of the same incident' '
    a_school &&
    open_one --category OTH --grade IV --title a && A=$ID &&
    open_one --category OTH --grade IV --title b &&
    expect_code 64 netsec-incident note "$ID" "fix" --corrects 1 &&
    expect_grep "incident ${SQ}$ID${SQ} has no timeline entry 1 to correct" err
'

test_expect 'the timeline is append-only in the database itself' '
    a_school &&
    open_one --category OTH --grade IV --title a &&
    ! sqlite3 school/state/netsec.db "UPDATE incident_timeline SET text = ${SQ}x${SQ}" 2>err &&
    expect_grep "the incident timeline is append-only" err &&
    ! sqlite3 school/state/netsec.db "DELETE FROM incident_timeline" 2>err &&
    expect_grep "the incident timeline is append-only" err
'

test_expect 'step N done ticks a checklist step with its note, once' '
    a_school &&
    open_one --category MAL --grade IV --title virus &&
    expect_code 0 netsec-incident step "$ID" 1 done --note "room 2 unplugged" &&
    expect_grep "$ID: step 1 done: 隔离受感染的机房或计算机" err &&
    field "$ID" ".steps[0] | [.done_at, .operator, .note] | @tsv" >actual &&
    printf "2026-03-01T10:00:00Z\t%s\troom 2 unplugged\n" "$(id -un)" >expect &&
    expect_equal expect actual &&
    expect_code 64 netsec-incident step "$ID" 1 done &&
    expect_grep "step 1 of ${SQ}$ID${SQ} is already done" err
'

test_expect 'step refuses a number past the checklist, and an incident without one' '
    a_school &&
    open_one --category MAL --grade IV --title virus &&
    expect_code 64 netsec-incident step "$ID" 8 done &&
    expect_grep "incident ${SQ}$ID${SQ} has steps 1 to 7, not 8" err &&
    expect_code 64 netsec-incident step "$ID" 1 finished &&
    open_one --category ATK --grade IV --title scan &&
    expect_code 64 netsec-incident step "$ID" 1 done &&
    expect_grep "incident ${SQ}$ID${SQ} has no checklist" err
'

test_expect 'assign names who handles it' '
    a_school &&
    open_one --category OTH --grade IV --title a &&
    expect_code 0 netsec-incident assign "$ID" 赵老师 &&
    test "$(field "$ID" "[.assignee, .timeline[-1].kind] | @tsv")" = "$(printf "赵老师\tassign")"
'

test_expect 'close records the resolution and lessons; reopen needs a reason' '
    a_school &&
    open_one --category MAL --grade IV --title virus --discovered-at "2026-03-01 08:00" &&
    expect_code 0 netsec-incident close "$ID" --resolution "all machines cleaned" --lessons "update the signatures" \
        --at "2026-03-01 17:00" &&
    test "$(field "$ID" "[.status, .closed_at, .resolution, .lessons] | @tsv")" = \
        "$(printf "closed\t2026-03-01T09:00:00Z\tall machines cleaned\tupdate the signatures")" &&
    expect_code 64 netsec-incident close "$ID" --resolution again &&
    expect_grep "incident ${SQ}$ID${SQ} is already closed; ${SQ}netsec-incident reopen $ID${SQ} reopens it" err &&
    expect_code 64 netsec-incident reopen "$ID" &&
    expect_code 0 netsec-incident reopen "$ID" --reason "the virus came back" &&
    test "$(field "$ID" "[.status, (.closed_at | tostring), .timeline[-1].kind] | @tsv")" = "$(printf "open\tnull\treopen")" &&
    expect_code 64 netsec-incident reopen "$ID" --reason again &&
    expect_grep "incident ${SQ}$ID${SQ} is not closed" err
'

test_expect 'close refuses a time before the discovery or in the future' '
    a_school &&
    open_one --category OTH --grade IV --title a --discovered-at 2026-03-01T08:00:00Z &&
    expect_code 64 netsec-incident close "$ID" --resolution r --at 2026-03-01T07:00:00Z &&
    expect_grep "the closing time 2026-03-01T07:00:00Z is before the incident was discovered" err &&
    expect_code 64 netsec-incident close "$ID" --resolution r --at 2026-03-02T00:00:00Z &&
    expect_grep "the closing time 2026-03-02T00:00:00Z is in the future" err
'

test_expect 'every change is journaled, and the chain verifies' '
    a_school &&
    open_one --category MAL --grade IV --title virus --discovered-at 2026-03-01T08:00:00Z &&
    netsec-incident -q report "$ID" --to bureau --channel phone --ref r &&
    netsec-incident -q note "$ID" n &&
    netsec-incident -q step "$ID" 1 done &&
    netsec-incident -q regrade "$ID" III --reason r &&
    netsec-incident -q assign "$ID" someone &&
    netsec-incident -q close "$ID" --resolution r &&
    netsec-incident -q reopen "$ID" --reason r &&
    journal_actions "$ID" >actual &&
    printf "incident.%s\n" opened reported noted step_done regraded assigned closed reopened >expect &&
    expect_equal expect actual &&
    expect_code 0 netsec-journal verify -q
'

test_expect 'a refused change writes nothing to the journal' '
    a_school &&
    open_one --category OTH --grade IV --title a &&
    expect_code 0 netsec-journal head && cp out before &&
    expect_code 64 netsec-incident report "$ID" --to bureau --channel fax --ref x &&
    expect_code 64 netsec-incident regrade "$ID" IV --reason same &&
    expect_code 0 netsec-journal head &&
    expect_equal before out
'

# ---- list and show -----------------------------------------------------------------------------

LIST_FIELDS=incident_id,category,subtype,grade,title,status,discovered_at,report_due_at,reported_at,recipient,channel,reference,report_state,police_state,evidence_count,assignee,closed_at,resolution,lessons,voided_at,void_reason,duplicate_of_id

# two_incidents: INC-2026-0001 (MAL IV, reported on time) and INC-2026-0002 (DEF III, overdue).
two_incidents() {
    a_school 2026-03-01T10:00:00Z &&
    open_one --category MAL --grade IV --title "virus, room 1" --discovered-at 2026-03-01T02:00:00Z &&
    netsec-incident -q report INC-2026-0001 --to bureau --channel phone --ref "call 1" --at 2026-03-01T03:00:00Z &&
    open_one --category DEF --subtype rumour --grade III --title "rumour on the site" --discovered-at 2026-03-01T04:00:00Z
}

test_expect 'list -f jsonl prints every field of every incident' '
    two_incidents &&
    expect_code 0 netsec-incident list -f jsonl &&
    cat >expect <<-\EOF &&
	{"incident_id":"INC-2026-0001","category":"MAL","subtype":null,"grade":"IV","title":"virus, room 1","status":"open","discovered_at":"2026-03-01T02:00:00Z","report_due_at":"2026-03-01T14:00:00Z","reported_at":"2026-03-01T03:00:00Z","recipient":"bureau","channel":"phone","reference":"call 1","report_state":"on_time","police_state":null,"evidence_count":0,"assignee":null,"closed_at":null,"resolution":null,"lessons":null,"voided_at":null,"void_reason":null,"duplicate_of_id":null}
	{"incident_id":"INC-2026-0002","category":"DEF","subtype":"rumour","grade":"III","title":"rumour on the site","status":"open","discovered_at":"2026-03-01T04:00:00Z","report_due_at":"2026-03-01T08:00:00Z","reported_at":null,"recipient":null,"channel":null,"reference":null,"report_state":"overdue","police_state":"pending","evidence_count":0,"assignee":null,"closed_at":null,"resolution":null,"lessons":null,"voided_at":null,"void_reason":null,"duplicate_of_id":null}
	EOF
    expect_equal expect out
'

test_expect 'list -f csv and -f tsv print a header and one row an incident' '
    two_incidents &&
    expect_code 0 netsec-incident list -f csv &&
    {
        echo "$LIST_FIELDS" &&
        echo "INC-2026-0001,MAL,,IV,\"virus, room 1\",open,2026-03-01T02:00:00Z,2026-03-01T14:00:00Z,2026-03-01T03:00:00Z,bureau,phone,call 1,on_time,,0,,,,,,," &&
        echo "INC-2026-0002,DEF,rumour,III,rumour on the site,open,2026-03-01T04:00:00Z,2026-03-01T08:00:00Z,,,,,overdue,pending,0,,,,,,,"
    } >expect &&
    expect_equal expect out &&
    expect_code 0 netsec-incident list -f tsv &&
    tr , "\t" <expect | sed "s/\"virus\t room 1\"/virus, room 1/" >expect.tsv &&
    expect_equal expect.tsv out
'

test_expect 'list -f json is one array; -f table shows local times and leaves out empty columns' '
    two_incidents &&
    expect_code 0 netsec-incident list -f json &&
    test "$(jq -r "map(.incident_id) | join(\" \")" out)" = "INC-2026-0001 INC-2026-0002" &&
    expect_code 0 netsec-incident list -f table &&
    head -1 out >header &&
    expect_grep "discovered_at" header && expect_no_grep "resolution" header &&
    expect_grep "INC-2026-0001  MAL       IV     virus, room 1       open    2026-03-01 10:00  2026-03-01 22:00" out
'

test_expect 'list filters by --open, --overdue, --year, --category and --grade' '
    two_incidents &&
    open_one --category MAL --grade 0 --title old --discovered-at 2025-06-01T00:00:00Z &&
    netsec-incident -q close "$ID" --resolution done &&
    ids() { expect_code 0 netsec-incident list -f jsonl "$@" && jq -r .incident_id out | tr "\n" " "; } &&
    test "$(ids)" = "INC-2025-0001 INC-2026-0001 INC-2026-0002 " &&
    test "$(ids --open)" = "INC-2026-0001 INC-2026-0002 " &&
    test "$(ids --overdue)" = "INC-2026-0002 " &&
    test "$(ids --year 2025)" = "INC-2025-0001 " &&
    test "$(ids --category MAL)" = "INC-2025-0001 INC-2026-0001 " &&
    test "$(ids --grade III)" = "INC-2026-0002 " &&
    test "$(ids --category MAL --open)" = "INC-2026-0001 " &&
    test "$(ids --category ATK)" = ""
'

test_expect 'list refuses a format it does not print, and an unknown grade, with 64' '
    a_school &&
    expect_code 64 netsec-incident list -f html &&
    expect_grep "unknown -f format ${SQ}html${SQ} for ${SQ}netsec-incident list${SQ}" err &&
    expect_code 64 netsec-incident list --grade 5 &&
    expect_grep "unknown grade ${SQ}5${SQ}" err
'

test_expect 'show -f json has everything: clocks, reports, steps, evidence and the timeline' '
    two_incidents &&
    echo "log line" >syslog.txt &&
    netsec-incident -q evidence add INC-2026-0001 syslog.txt >/dev/null &&
    expect_code 0 netsec-incident show INC-2026-0001 -f json &&
    jq -r "keys_unsorted | join(\",\")" out >actual &&
    echo "$LIST_FIELDS,description,asset,account,opened_at,operator,fingerprint,source,title_zh,clocks,reports,steps,evidence,timeline" >expect &&
    expect_equal expect actual &&
    test "$(jq -r "[(.clocks | length), (.reports | length), (.steps | length), (.evidence | length), (.timeline | length), .evidence_count] | @tsv" out)" = \
        "$(printf "1\t1\t7\t1\t2\t1")" &&
    test "$(jq -r ".evidence[0] | keys_unsorted | join(\",\")" out)" = evidence_id,name,sha256,size_bytes,operator,added_at &&
    test "$(jq -r ".timeline[0] | keys_unsorted | join(\",\")" out)" = entry_id,recorded_at,operator,kind,text,corrects,details &&
    test "$(jq -r ".reports[0] | keys_unsorted | join(\",\")" out)" = recipient,role,channel,reference,reported_at,operator &&
    test "$(jq -r ".steps[0] | keys_unsorted | join(\",\")" out)" = n,text,done_at,operator,note &&
    test "$(jq -r ".clocks[0] | keys_unsorted | join(\",\")" out)" = clock,due_at,met_at,state
'

test_expect 'show in the other formats: one jsonl line, key/value rows for csv and tsv, YAML for the table' '
    two_incidents &&
    expect_code 0 netsec-incident show INC-2026-0002 -f json && jq -c . out >expect &&
    expect_code 0 netsec-incident show INC-2026-0002 -f jsonl &&
    expect_equal expect out &&
    expect_code 0 netsec-incident show INC-2026-0002 -f csv &&
    expect_grep "key,value" out && expect_grep "clocks[1].clock,police" out && expect_grep "reported_at," out &&
    expect_no_grep "null" out &&
    expect_code 0 netsec-incident show INC-2026-0002 -f tsv &&
    expect_grep "$(printf "timeline[0].kind\topen")" out &&
    expect_code 0 netsec-incident show INC-2026-0002 -f table &&
    expect_grep "incident_id: INC-2026-0002" out && expect_grep "  - clock: police" out
'

# ---- overdue and due -------------------------------------------------------------------------

test_expect 'overdue and due are quiet and 0 when all is well' '
    a_school &&
    expect_code 0 netsec-incident overdue && test ! -s out && test ! -s err &&
    expect_code 0 netsec-incident due --within 2h && test ! -s out && test ! -s err &&
    open_one --category OTH --grade IV --title a --discovered-at 2026-03-01T00:00:00Z &&
    netsec-incident -q report "$ID" --to bureau --channel phone --ref x &&
    clock 2026-03-05T00:00:00Z &&
    expect_code 0 netsec-incident overdue && test ! -s out
'

test_expect 'overdue lists each unreported clock past due and exits 1' '
    two_incidents &&
    clock 2026-03-02T05:30:00Z &&
    expect_code 1 netsec-incident overdue -f jsonl &&
    cat >expect <<-\EOF &&
	{"incident_id":"INC-2026-0002","clock":"report","due_at":"2026-03-01T08:00:00Z","overdue_by":"21h30m","grade":"III","title":"rumour on the site"}
	{"incident_id":"INC-2026-0002","clock":"police","due_at":"2026-03-02T04:00:00Z","overdue_by":"1h30m","grade":"III","title":"rumour on the site"}
	EOF
    expect_equal expect out &&
    expect_code 1 netsec-incident overdue -f table &&
    expect_grep "INC-2026-0002  report  2026-03-01 16:00  21h30m" out
'

test_expect 'a closed incident keeps its missed deadline in the register but no longer nags' '
    two_incidents &&
    netsec-incident -q close INC-2026-0002 --resolution "post removed" &&
    expect_code 0 netsec-incident overdue && test ! -s out &&
    test "$(field INC-2026-0002 .report_state)" = overdue
'

test_expect 'due --within lists the clocks about to run out, soonest deadlines only' '
    a_school 2026-03-01T10:00:00Z &&
    open_one --category OTH --grade IV --title soon --discovered-at 2026-03-01T00:00:00Z &&
    open_one --category OTH --grade IV --title later --discovered-at 2026-03-01T09:00:00Z &&
    expect_code 0 netsec-incident due --within 2h -f jsonl &&
    echo "{\"incident_id\":\"INC-2026-0001\",\"clock\":\"report\",\"due_at\":\"2026-03-01T12:00:00Z\",\"due_in\":\"2h\",\"grade\":\"IV\",\"title\":\"soon\"}" >expect &&
    expect_equal expect out &&
    expect_code 0 netsec-incident due --within 1h59m -f jsonl && test ! -s out &&
    expect_code 64 netsec-incident due --within soon &&
    expect_grep "soon" err
'

# ---- evidence ----------------------------------------------------------------------------------

# with_evidence: a school, INC-2026-0001 and two files kept as its evidence (a.log, b.png).
with_evidence() {
    a_school &&
    open_one --category MAL --grade IV --title virus &&
    printf "infected: 10.0.0.7\n" >a.log && printf "\x89PNG screenshot" >b.png &&
    expect_code 0 netsec-incident evidence add "$ID" a.log b.png -f jsonl
}

EV=school/state/evidence/INC-2026-0001

test_expect 'evidence add copies each original read-only into a private folder with its hash' '
    with_evidence &&
    A=$(sha256sum <a.log | cut -d" " -f1) && B=$(sha256sum <b.png | cut -d" " -f1) && ME=$(id -un) &&
    {
        echo "{\"incident_id\":\"INC-2026-0001\",\"evidence_id\":1,\"name\":\"a.log\",\"size_bytes\":19,\"sha256\":\"$A\",\"operator\":\"$ME\",\"added_at\":\"2026-03-01T10:00:00Z\"}" &&
        echo "{\"incident_id\":\"INC-2026-0001\",\"evidence_id\":2,\"name\":\"b.png\",\"size_bytes\":15,\"sha256\":\"$B\",\"operator\":\"$ME\",\"added_at\":\"2026-03-01T10:00:00Z\"}"
    } >expect &&
    expect_equal expect out &&
    cmp a.log $EV/1-a.log && cmp b.png $EV/2-b.png &&
    test "$(mode_of $EV/1-a.log)" = 400 && test "$(mode_of $EV/2-b.png)" = 400 &&
    test "$(mode_of $EV)" = 700 && test "$(mode_of school/state/evidence)" = 700
'

test_expect 'evidence list prints what was kept, and the look is journaled' '
    with_evidence && cp out added &&
    expect_code 0 netsec-incident evidence list INC-2026-0001 -f jsonl &&
    expect_equal added out &&
    journal_actions INC-2026-0001 >actual &&
    printf "%s\n" incident.opened evidence.added evidence.added evidence.listed >expect &&
    expect_equal expect actual
'

test_expect 'evidence verify re-hashes every copy: quiet and 0 when they match' '
    with_evidence &&
    expect_code 0 netsec-incident evidence verify INC-2026-0001 -f jsonl &&
    test "$(jq -r .status out | tr "\n" " ")" = "ok ok " &&
    expect_code 0 netsec-incident -q evidence verify && test ! -s out && test ! -s err
'

test_expect 'evidence verify exits 1 naming a copy that was changed' '
    with_evidence &&
    chmod u+w $EV/1-a.log && echo "infected: nothing" >$EV/1-a.log &&
    expect_code 1 netsec-incident evidence verify INC-2026-0001 -f jsonl &&
    test "$(jq -r "[.evidence_id, .name, .status] | @tsv" out | tr "\n" " ")" = "$(printf "1\ta.log\tchanged 2\tb.png\tok ")" &&
    test "$(jq -r "select(.status == \"changed\") | .found_sha256" out)" = "$(sha256sum <$EV/1-a.log | cut -d" " -f1)" &&
    expect_grep "INC-2026-0001 evidence #1 ${SQ}a.log${SQ}: changed" err
'

test_expect 'evidence verify exits 1 naming a copy that vanished' '
    with_evidence &&
    rm -f $EV/2-b.png &&
    expect_code 1 netsec-incident -q evidence verify -f jsonl &&
    test "$(jq -r "[.evidence_id, .name, .status] | @tsv" out)" = "$(printf "2\tb.png\tmissing")" &&
    expect_grep "evidence #2 ${SQ}b.png${SQ}: missing" err
'

test_expect 'evidence verify exits 1 for a copy replaced by a symlink, even to the same bytes' '
    with_evidence &&
    cp a.log elsewhere.log && rm -f $EV/1-a.log && ln -s "$PWD/elsewhere.log" $EV/1-a.log &&
    expect_code 1 netsec-incident evidence verify INC-2026-0001 -f jsonl &&
    test "$(jq -r "select(.evidence_id == 1) | .status" out)" = not_a_file
'

test_expect 'evidence verify without an id checks every incident, and is journaled' '
    with_evidence &&
    open_one --category OTH --grade IV --title other &&
    echo other >c.txt && netsec-incident -q evidence add "$ID" c.txt >/dev/null &&
    expect_code 0 netsec-incident evidence verify -f jsonl &&
    test "$(jq -r .incident_id out | tr "\n" " ")" = "INC-2026-0001 INC-2026-0001 INC-2026-0002 " &&
    expect_code 0 netsec-journal show --action evidence.verified -f jsonl &&
    test "$(jq -c "[.subject, .details]" out)" = "[\"*\",{\"checked\":3,\"bad\":0}]"
'

test_expect 'evidence add refuses a file given twice, even by another path, and adds nothing' '
    a_school &&
    open_one --category OTH --grade IV --title a &&
    echo x >x.log && mkdir sub && echo y >sub/y.log &&
    expect_code 65 netsec-incident evidence add "$ID" x.log sub/y.log ./x.log &&
    expect_grep "${SQ}./x.log${SQ} is given twice (as ${SQ}x.log${SQ} too); nothing was added" err &&
    expect_code 0 netsec-incident evidence list "$ID" -f jsonl && test ! -s out &&
    test ! -e school/state/evidence/$ID/1-x.log
'

test_expect 'evidence add refuses a file already kept, or two files with the same bytes' '
    a_school &&
    open_one --category OTH --grade IV --title a &&
    echo x >x.log && cp x.log copy.log && echo z >z.log &&
    expect_code 0 netsec-incident -q evidence add "$ID" x.log &&
    expect_code 65 netsec-incident evidence add "$ID" z.log copy.log &&
    expect_grep "${SQ}copy.log${SQ} is already evidence #1 of ${SQ}$ID${SQ} (as ${SQ}x.log${SQ}); nothing was added" err &&
    rm -f x.log && echo w >w1 && cp w1 w2 &&
    expect_code 65 netsec-incident evidence add "$ID" w1 w2 &&
    expect_grep "${SQ}w2${SQ} has the same content as ${SQ}w1${SQ}" err &&
    expect_code 0 netsec-incident evidence list "$ID" -f jsonl && test "$(wc -l <out)" = 1
'

test_expect 'evidence add refuses a missing file with 66 and a folder with 65, adding nothing' '
    a_school &&
    open_one --category OTH --grade IV --title a &&
    echo x >x.log && mkdir folder &&
    expect_code 66 netsec-incident evidence add "$ID" x.log gone.log &&
    expect_grep "cannot read ${SQ}gone.log${SQ}: No such file or directory" err &&
    expect_code 65 netsec-incident evidence add "$ID" x.log folder &&
    expect_grep "${SQ}folder${SQ} is not a regular file" err &&
    expect_code 0 netsec-incident evidence list "$ID" -f jsonl && test ! -s out
'

test_expect 'evidence export copies the files out with a SHA256SUMS that sha256sum -c accepts' '
    with_evidence &&
    expect_code 0 netsec-incident evidence export INC-2026-0001 case-files &&
    expect_grep "exported 2 files to ${SQ}case-files${SQ}" err &&
    (cd case-files && sha256sum -c --quiet SHA256SUMS) &&
    cmp a.log case-files/a.log && cmp b.png case-files/b.png &&
    ls case-files >actual && printf "%s\n" SHA256SUMS a.log b.png >expect && expect_equal expect actual &&
    expect_code 0 netsec-journal show --action evidence.exported -f jsonl &&
    test "$(jq -c .details out)" = "{\"to\":\"case-files\",\"count\":2}"
'

test_expect 'evidence export refuses a copy that no longer matches, naming the next command' '
    with_evidence &&
    chmod u+w $EV/2-b.png && echo forged >$EV/2-b.png &&
    expect_code 65 netsec-incident evidence export INC-2026-0001 case-files &&
    expect_grep "evidence #2 (${SQ}b.png${SQ}) of ${SQ}INC-2026-0001${SQ} no longer matches its hash; run ${SQ}netsec-incident evidence verify INC-2026-0001${SQ}" err
'

test_expect 'evidence export refuses to overwrite, and an incident without evidence is 66' '
    with_evidence &&
    mkdir case-files && echo mine >case-files/a.log &&
    expect_code 73 netsec-incident evidence export INC-2026-0001 case-files &&
    expect_grep "already exists; export into an empty folder" err &&
    open_one --category OTH --grade IV --title empty &&
    expect_code 66 netsec-incident evidence export "$ID" out.d &&
    expect_grep "incident ${SQ}$ID${SQ} has no evidence to export" err
'

# ---- import ------------------------------------------------------------------------------------

# findings: audit findings in findings.jsonl: a high failure and a low failure of event checks,
# a pass, a failing hygiene finding (the ledger's) and a failing finding about the register.
findings() {
    cat >findings.jsonl <<-\EOF
	{"check_id":"ACCT-0103","status":"fail","severity":"high","subject":"teacher01","title":"account used from two rooms","title_zh":"账号出借","detail":"logins from room 1 and room 3","fingerprint":"acct-shared-teacher01"}
	{"check_id":"ACCT-0104","status":"fail","severity":"low","subject":"pc-07","title":"password guessing","detail":"9 tries","fingerprint":"acct-guess-pc07"}
	{"check_id":"BKP-COPIES","status":"pass","severity":"critical","subject":"website","title":"two copies","detail":"","fingerprint":"bkp-website"}
	{"check_id":"ACCT-0101","status":"fail","severity":"high","subject":"pupil9","title":"stale account","detail":"","fingerprint":"ACCT-0101:pupil9"}
	{"check_id":"INC-0001","status":"fail","severity":"critical","subject":"INC-2026-0001/report","title":"overdue","detail":"","fingerprint":"INC-0001:INC-2026-0001/report"}
	EOF
}

test_expect 'import - opens an incident only for failing findings of event checks at or above the policy severity' '
    a_school && findings &&
    expect_code 0 netsec-incident import - -f jsonl <findings.jsonl &&
    cat >expect <<-\EOF &&
	{"fingerprint":"acct-shared-teacher01","action":"opened","incident_id":"INC-2026-0001"}
	{"fingerprint":"acct-guess-pc07","action":"below_threshold","incident_id":null}
	{"fingerprint":"bkp-website","action":"not_failing","incident_id":null}
	{"fingerprint":"ACCT-0101:pupil9","action":"not_event","incident_id":null}
	{"fingerprint":"INC-0001:INC-2026-0001/report","action":"not_event","incident_id":null}
	EOF
    expect_equal expect out &&
    expect_grep "2 findings are not security events and stay in the rectification ledger: netsec-audit findings" err &&
    field INC-2026-0001 "[.category, .grade, .title, .title_zh, .source, .fingerprint] | @tsv" >actual &&
    printf "ACCT\t0\tACCT-0103 account used from two rooms (teacher01)\tACCT-0103 账号出借（teacher01）\taudit\tacct-shared-teacher01\n" >expect &&
    expect_equal expect actual
'

test_expect 'import -q is silent when it opens nothing, and prints only what it opened' '
    a_school && findings &&
    expect_code 0 netsec-incident -q import - <findings.jsonl &&
    test "$(jq -r .incident_id out)" = INC-2026-0001 && test ! -s err &&
    expect_code 0 netsec-incident -q import - <findings.jsonl &&
    test ! -s out && test ! -s err
'

test_expect 'the imported incident'"'"'s title is Chinese in a Chinese security log' '
    a_school && findings &&
    netsec-incident -q import - <findings.jsonl >/dev/null &&
    expect_code 0 netsec-incident log --year 2026 --lang zh -f markdown &&
    expect_grep "ACCT-0103 账号出借（teacher01）" out &&
    expect_no_grep "account used from two rooms" out
'

test_expect 'an import run twice opens nothing new' '
    a_school && findings &&
    expect_code 0 netsec-incident -q import - <findings.jsonl &&
    expect_code 0 netsec-incident import - -f jsonl <findings.jsonl &&
    test "$(jq -r "select(.fingerprint == \"acct-shared-teacher01\") | [.action, .incident_id] | @tsv" out)" = \
        "$(printf "already_open\tINC-2026-0001")" &&
    expect_code 0 netsec-incident -q import - <findings.jsonl && test ! -s out &&
    expect_code 0 netsec-incident list -f jsonl && test "$(wc -l <out)" = 1
'

test_expect 'a finding whose incident was closed or voided opens no second one while it keeps failing' '
    a_school && findings &&
    netsec-incident -q import - <findings.jsonl >/dev/null &&
    netsec-incident -q close INC-2026-0001 --resolution "password changed" &&
    expect_code 0 netsec-incident import - -f jsonl <findings.jsonl &&
    test "$(jq -r "select(.fingerprint == \"acct-shared-teacher01\") | [.action, .incident_id] | @tsv" out)" = \
        "$(printf "already_recorded\tINC-2026-0001")" &&
    netsec-incident -q reopen INC-2026-0001 --reason "not done" &&
    netsec-incident -q void INC-2026-0001 --reason "a test account" &&
    expect_code 0 netsec-incident -q import - -f jsonl <findings.jsonl &&
    test ! -s out
'

# again FIXED SEEN: the lent-account finding, fixed at FIXED and failing again since SEEN.
again() {
    echo "{\"check_id\":\"ACCT-0103\",\"status\":\"fail\",\"severity\":\"high\",\"subject\":\"teacher01\",\"title\":\"lent\",\"fingerprint\":\"acct-shared-teacher01\",\"last_fixed_at\":\"$1\",\"first_seen_at\":\"$2\"}" >again.jsonl
}

test_expect 'a fixed finding opens a new incident only after staying fixed for reopen_after' '
    a_school && findings &&
    netsec-incident -q import - <findings.jsonl >/dev/null &&
    netsec-incident -q close INC-2026-0001 --resolution "password changed" &&
    clock 2026-06-01T00:00:00Z &&
    again 2026-03-05T00:00:00Z 2026-03-20T00:00:00Z &&
    expect_code 0 netsec-incident -q import - <again.jsonl && test ! -s out &&
    again 2026-02-01T00:00:00Z 2026-05-01T00:00:00Z &&
    expect_code 0 netsec-incident -q import - <again.jsonl && test ! -s out &&
    again 2026-03-05T00:00:00Z 2026-04-04T00:00:00Z &&
    expect_code 0 netsec-incident -q import - -f jsonl <again.jsonl &&
    test "$(jq -r "[.action, .incident_id] | @tsv" out)" = "$(printf "opened\tINC-2026-0002")" &&
    sed -i "s/^  reopen_after: 30d/  reopen_after: 60d/" "$NETSEC_POLICY" &&
    again 2026-06-02T00:00:00Z 2026-07-02T00:00:00Z && clock 2026-07-03T00:00:00Z &&
    expect_code 0 netsec-incident -q import - <again.jsonl && test ! -s out
'

test_expect 'the policy'"'"'s import_severity sets the threshold' '
    a_school && findings &&
    sed -i "s/^  import_severity: high /  import_severity: low /" "$NETSEC_POLICY" &&
    expect_code 0 netsec-incident -q import - -f jsonl <findings.jsonl &&
    test "$(jq -r .incident_id out | tr "\n" " ")" = "INC-2026-0001 INC-2026-0002 " &&
    test "$(field INC-2026-0002 .category)" = ACCT
'

test_expect 'a finding without a fingerprint is 65 naming file:line, and nothing is opened' '
    a_school && findings &&
    echo "{\"check_id\":\"X-1\",\"status\":\"fail\",\"severity\":\"high\",\"title\":\"t\"}" >>findings.jsonl &&
    expect_code 65 netsec-incident import findings.jsonl &&
    expect_grep "findings.jsonl:6: a finding needs ${SQ}fingerprint${SQ}" err &&
    expect_grep "nothing was imported" err &&
    expect_code 0 netsec-incident list -f jsonl && test ! -s out
'

test_expect 'import - of 30 findings without a fingerprint shows 20, then "… and 10 more" and "nothing was imported"; exit 65' '
    a_school && findings && head -1 findings.jsonl >in.jsonl &&
    for i in $(seq 1 30); do
        echo "{\"check_id\":\"X-$i\",\"status\":\"fail\",\"severity\":\"high\",\"title\":\"t\"}"
    done >>in.jsonl &&
    expect_code 0 netsec-journal head && cp out before &&
    expect_code 65 netsec-incident import - <in.jsonl &&
    for i in $(seq 2 21); do echo "netsec-incident: <stdin>:$i: a finding needs ${SQ}fingerprint${SQ}"; done >expect &&
    printf "%s\n" "netsec-incident: … and 10 more" "netsec-incident: nothing was imported" >>expect &&
    expect_equal expect err &&
    expect_code 0 netsec-incident list -f jsonl && test ! -s out &&
    expect_code 0 netsec-journal head && expect_equal before out
'

# past.csv: two past incidents, one reported and closed.
past_csv() {
    cat >past.csv <<-\EOF
	category,grade,title,discovered_at,recipient,channel,reported_at,reference,closed_at,resolution,lessons
	MAL,IV,机房病毒,2025-09-01 08:00,bureau,phone,2025-09-01 10:00,电话记录 12,2025-09-02 17:00,全部查杀,更新病毒库
	FAC,0,交换机故障,2025-10-10 14:00,,,,,,,
	EOF
}

test_expect 'import of past incidents (CSV) opens them with their reports and closure' '
    a_school && past_csv &&
    expect_code 0 netsec-incident import past.csv -f jsonl &&
    expect_grep "imported 2 incidents" err &&
    jq -r "[.incident_id, .category, .report_state, .reported_at, .status, .closed_at] | @tsv" out >actual &&
    printf "%s\t%s\t%s\t%s\t%s\t%s\n" INC-2025-0001 MAL on_time 2025-09-01T02:00:00Z closed 2025-09-02T09:00:00Z \
        INC-2025-0002 FAC overdue "" open "" >expect &&
    expect_equal expect actual &&
    test "$(field INC-2025-0001 "[.source, .lessons] | @tsv")" = "$(printf "import\t更新病毒库")"
'

test_expect 'a register imported twice adds nothing the second time' '
    a_school && past_csv &&
    expect_code 0 netsec-incident -q import past.csv &&
    expect_code 0 netsec-incident import past.csv -f jsonl &&
    test ! -s out &&
    expect_grep "left out 2 already in the register, e.g. INC-2025-0001" err &&
    expect_code 0 netsec-incident list -f jsonl && test "$(wc -l <out)" = 2
'

test_expect 'import of past incidents reads TSV and JSON Lines too' '
    a_school &&
    printf "category\tgrade\ttitle\tdiscovered_at\nOTH\tIV\tfrom tsv\t2025-05-01T00:00:00Z\n" >past.tsv &&
    echo "{\"category\":\"ATK\",\"grade\":\"III\",\"title\":\"from jsonl\",\"discovered_at\":\"2025-05-02T00:00:00Z\"}" >past.jsonl &&
    expect_code 0 netsec-incident -q import past.tsv &&
    expect_code 0 netsec-incident -q import past.jsonl &&
    expect_code 0 netsec-incident list -f jsonl &&
    test "$(jq -r .title out | tr "\n" " ")" = "from tsv from jsonl "
'

test_expect 'a bad row of past incidents is 65 naming file:line and the reason, and nothing is written' '
    a_school && past_csv &&
    cat >>past.csv <<-\EOF &&
	VIRUS,IV,bad category,2025-11-01 08:00,,,,,,,
	DEF,IV,bad subtype,2025-11-01 08:00,,,,,,,
	OTH,IV,reported before found,2025-11-01 08:00,bureau,phone,2025-10-01 08:00,r,,,
	OTH,IV,,2025-11-01 08:00,,,,,,,
	OTH,IV,future,2030-01-01 08:00,,,,,,,
	EOF
    expect_code 0 netsec-journal head && cp out before &&
    expect_code 65 netsec-incident import past.csv &&
    expect_grep "past.csv:4: unknown category ${SQ}VIRUS${SQ}" err &&
    expect_grep "past.csv:6: reported_at is before discovered_at" err &&
    expect_grep "past.csv:7: ${SQ}title${SQ} is required" err &&
    expect_grep "past.csv:8: discovered_at is in the future" err &&
    expect_grep "nothing was imported" err &&
    expect_code 0 netsec-incident list -f jsonl && test ! -s out &&
    expect_code 0 netsec-journal head && expect_equal before out
'

test_expect 'a past incident with an unknown sub-type is a bad row too' '
    a_school &&
    printf "category,subtype,grade,title,discovered_at\nDEF,spam,IV,t,2025-11-01 08:00\n" >past.csv &&
    expect_code 65 netsec-incident import past.csv &&
    expect_grep "past.csv:2: unknown sub-type ${SQ}spam${SQ} of DEF" err &&
    expect_code 0 netsec-incident list -f jsonl && test ! -s out
'

# ---- log, form, stats --------------------------------------------------------------------------

# expect_row LABEL VALUE FILE: the Markdown FILE has the table row LABEL | VALUE, in a pipe table
# or a grid table (whose cells are padded with spaces).
expect_row() {
    sed -E "s/ +\|/ |/g" "$3" | grep -qF -- "| $1 | $2 |" || {
        echo "no row ${SQ}$1 | $2${SQ} in $3:"
        cat "$3"
        return 1
    }
}

# a_year: 2026's register: INC-2026-0001 reported on time and closed, INC-2026-0002 reported
# late, INC-2026-0003 overdue, and INC-2025-0001 from the year before.
a_year() {
    a_school 2026-06-01T00:00:00Z &&
    open_one --category MAL --grade IV --title "机房病毒" --discovered-at "2026-03-02 08:00" --description "20 台计算机感染" &&
    netsec-incident -q report "$ID" --to bureau --channel phone --ref "电话 1" --at "2026-03-02 09:00" &&
    netsec-incident -q step "$ID" 1 done --note "已断网" &&
    netsec-incident -q close "$ID" --resolution "全部查杀" --lessons "每周更新病毒库" --at "2026-03-03 12:00" &&
    open_one --category ATK --grade III --title "port scan | probe" --discovered-at "2026-04-01 08:00" &&
    netsec-incident -q report "$ID" --to bureau --channel document --ref "doc 2" --at "2026-04-01 14:00" &&
    open_one --category DEF --subtype rumour --grade IV --title "rumour <script>" --discovered-at "2026-05-01 08:00" &&
    open_one --category OTH --grade 0 --title "last year" --discovered-at "2025-12-31 08:00"
}

test_expect 'log --year -f markdown prints the security log of that year, in English by default' '
    a_year &&
    expect_code 0 netsec-incident log --year 2026 -f markdown &&
    expect_grep "# Security log" out &&
    expect_grep "Period: 2026  " out &&
    expect_grep "Incidents: 3" out &&
    expect_grep "## INC-2026-0001 机房病毒" out &&
    expect_row Reported "2026-03-02 09:00 示例县教育局 (phone, ref 电话 1)" out &&
    expect_row "Superiors told" "told on time" out &&
    expect_row "On time" "Superiors 2026-03-02 20:00 — on time" out &&
    expect_grep "## INC-2026-0002 port scan \| probe" out &&
    expect_grep "Superiors 2026-04-01 12:00 — late" out &&
    expect_row "On time" "Superiors 2026-05-01 20:00 — OVERDUE" out &&
    sed -E "s/ +\|/ |/g" out | grep -qxF "| | Police 2026-05-02 08:00 — OVERDUE |" &&
    expect_grep "☑ 1. isolate the room or machines, disconnect them — " out &&
    expect_no_grep "隔离受感染" out &&
    expect_no_grep "INC-2025-0001" out
'

test_expect 'log --lang zh, or a Chinese locale, prints the log in Chinese' '
    a_year &&
    expect_code 0 netsec-incident log --year 2026 -f markdown --lang zh &&
    cp out zh.md &&
    expect_grep "# 网络安全日志" zh.md &&
    expect_row 事件等级 "一般（Ⅳ级）" zh.md &&
    expect_row 是否按时 "上级 2026-03-02 20:00 — 按时" zh.md &&
    expect_row 处置结果 "2026-03-03 12:00 全部查杀" zh.md &&
    expect_row 报告情况 "2026-03-02 09:00 示例县教育局（电话，文号 电话 1）" zh.md &&
    expect_row 上级知悉 "已按时报告上级" zh.md &&
    expect_row 上级知悉 "未报告上级（2026-05-01 20:00）" zh.md &&
    expect_grep "☑ 1. 隔离受感染的机房或计算机，断开网络 — 2026-06-01 08:00 root（已断网）" zh.md &&
    expect_no_grep "isolate" zh.md &&
    LANG=zh_CN.UTF-8 expect_code 0 netsec-incident log --year 2026 -f markdown &&
    expect_equal zh.md out
'

test_expect 'log -f html is one escaped HTML page with a section per incident' '
    a_year &&
    expect_code 0 netsec-incident log --year 2026 -f html --lang zh &&
    head -1 out >first && echo "<!DOCTYPE html>" >expect && expect_equal expect first &&
    expect_grep "<html lang=\"zh-CN\">" out &&
    expect_grep "@page { size: A4;" out &&
    test "$(grep -c "<section class=\"incident\"" out)" = 3 &&
    expect_grep "rumour &lt;script&gt;" out && expect_no_grep "<script>" out &&
    tail -1 out >last && echo "</html>" >expect && expect_equal expect last
'

# ---- recipients' roles ---------------------------------------------------------------------------

test_expect 'a report to the leadership is recorded as internal and does not stop the report clock' '
    a_school 2026-03-02T00:00:00Z &&
    open_one --category OTH --grade IV --title a --discovered-at 2026-03-01T00:00:00Z &&
    expect_code 0 netsec-incident report "$ID" --to leadership --channel in_person --ref "meeting 3" --at 2026-03-01T01:00:00Z &&
    expect_grep "$ID: reported to leadership (internal): this stops no clock; report to a superior as well" err &&
    test "$(field "$ID" "[.report_state, (.reported_at | tostring), .reports[0].role] | @tsv")" = \
        "$(printf "overdue\tnull\tinternal")" &&
    expect_code 1 netsec-incident overdue -f jsonl &&
    test "$(jq -r .clock out)" = report &&
    expect_code 0 netsec-incident log --year 2026 -f markdown --lang zh &&
    expect_grep "学校网络安全领导小组（内部）（当面报告，文号 meeting 3）" out &&
    expect_grep "| 上级知悉 | 未报告上级（2026-03-01 20:00） |" out
'

test_expect 'a recipient'"'"'s role, not its code, says whose clock a report stops' '
    a_school &&
    sed -i "s/^    leadership: {name: 学校网络安全领导小组, role: internal}/    leadership: {name: 学校网络安全领导小组, role: superior}/" "$NETSEC_POLICY" &&
    grep -q "leadership: {name: 学校网络安全领导小组, role: superior}" "$NETSEC_POLICY" &&
    open_one --category OTH --grade IV --title a --discovered-at 2026-03-01T00:00:00Z &&
    expect_code 0 netsec-incident report "$ID" --to leadership --channel phone --ref r --at 2026-03-01T01:00:00Z &&
    expect_grep "$ID: reported to leadership on time" err &&
    test "$(field "$ID" .report_state)" = on_time
'

test_expect 'a superior told late is said so in the security log' '
    a_school 2026-03-02T00:00:00Z &&
    open_one --category OTH --grade IV --title a --discovered-at 2026-03-01T00:00:00Z &&
    netsec-incident -q report "$ID" --to bureau --channel phone --ref r --at 2026-03-01T13:00:00Z &&
    expect_code 0 netsec-incident log --year 2026 -f markdown &&
    expect_grep "| Superiors told | told LATE (2026-03-01 20:00 → 2026-03-01 21:00) |" out
'

# ---- void ------------------------------------------------------------------------------------------

test_expect 'void keeps the incident, stops its clocks, journals it, and shows it as void' '
    a_school 2026-03-02T00:00:00Z &&
    open_one --category OTH --grade IV --title a --discovered-at 2026-03-01T00:00:00Z && A=$ID &&
    open_one --category OTH --grade IV --title "a again" --discovered-at 2026-03-01T00:00:00Z && B=$ID &&
    expect_code 0 netsec-incident void "$B" --reason "opened twice" --duplicate-of "$A" &&
    expect_grep "$B: void as a duplicate of $A; kept in the register, left out of the figures" err &&
    test "$(field "$B" "[.status, .void_reason, .duplicate_of_id, .clocks[0].state] | @tsv")" = \
        "$(printf "void\topened twice\t$A\tvoid")" &&
    test "$(journal_actions "$B" | tail -1)" = incident.voided &&
    expect_code 1 netsec-incident overdue -f jsonl &&
    test "$(jq -r .incident_id out)" = "$A" &&
    expect_code 0 netsec-incident list --open -f jsonl &&
    test "$(jq -r .incident_id out)" = "$A" &&
    expect_code 0 netsec-incident log --year 2026 -f markdown --lang zh &&
    expect_grep "## $B a again【已作废】" out &&
    expect_grep "已作废 2026-03-02 08:00 opened twice（重复于 $A）" out &&
    expect_code 0 netsec-journal verify -q
'

test_expect 'a void incident is left out of the statistics' '
    a_school 2026-03-02T00:00:00Z &&
    open_one --category OTH --grade IV --title a --discovered-at 2026-03-01T00:00:00Z &&
    netsec-incident -q report "$ID" --to bureau --channel phone --ref r --at 2026-03-01T01:00:00Z &&
    open_one --category OTH --grade IV --title b --discovered-at 2026-03-01T00:00:00Z &&
    netsec-incident -q void "$ID" --reason "a test" &&
    expect_code 0 netsec-incident stats --year 2026 -f jsonl &&
    jq -r "select(.dimension == \"total\" or .key == \"on_time_percent\" or .key == \"overdue\") | [.key, .value] | @tsv" out >actual &&
    printf "%s\t%s\n" incidents 1 void 1 overdue 0 on_time_percent 100 >expect &&
    expect_equal expect actual
'

test_expect 'void of an unknown id is 66, of a void one 64, and without a reason 64; nothing is written' '
    a_school &&
    open_one --category OTH --grade IV --title a &&
    expect_code 66 netsec-incident void INC-2026-0042 --reason x &&
    expect_grep "no incident ${SQ}INC-2026-0042${SQ}" err &&
    expect_code 64 netsec-incident void "$ID" &&
    expect_grep "reason" err &&
    expect_code 66 netsec-incident void "$ID" --reason x --duplicate-of INC-2026-0042 &&
    expect_grep "no incident ${SQ}INC-2026-0042${SQ}; ${SQ}netsec-incident list${SQ} shows them" err &&
    expect_code 64 netsec-incident void "$ID" --reason x --duplicate-of "$ID" &&
    expect_grep "incident ${SQ}$ID${SQ} cannot be a duplicate of itself" err &&
    test "$(field "$ID" .status)" = open &&
    netsec-incident -q void "$ID" --reason "a test" &&
    expect_code 64 netsec-incident void "$ID" --reason again &&
    expect_grep "incident ${SQ}$ID${SQ} is already void since 2026-03-01T10:00:00Z (a test); nothing was changed" err &&
    test "$(journal_actions "$ID" | grep -c incident.voided)" = 1
'

test_expect 'a void incident takes no report, step, close, edit or regrade' '
    a_school &&
    open_one --category MAL --grade IV --title a &&
    netsec-incident -q void "$ID" --reason "a test" &&
    for command in "report $ID --to bureau --channel phone --ref x" "step $ID 1 done" \
        "close $ID --resolution r" "edit $ID --title t --reason r" "regrade $ID I --reason r"; do
        expect_code 64 netsec-incident $command &&
        expect_grep "incident ${SQ}$ID${SQ} is void (a test); nothing was changed" err || exit 1
    done
'

test_expect 'void, close, report and step read ids from standard input, one a line or JSON Lines' '
    a_school &&
    open_one --category MAL --grade IV --title a --discovered-at 2026-03-01T00:00:00Z && A=$ID &&
    open_one --category MAL --grade IV --title b --discovered-at 2026-03-01T00:00:00Z && B=$ID &&
    open_one --category OTH --grade IV --title c --discovered-at 2026-03-01T00:00:00Z && C=$ID &&
    printf "%s\n%s\n" "$A" "$B" | expect_code 0 netsec-incident report - --to bureau --channel phone --ref r --at 2026-03-01T01:00:00Z &&
    test "$(field "$B" .report_state)" = on_time &&
    printf "{\"incident_id\":\"%s\"}\n{\"incident_id\":\"%s\"}\n" "$A" "$B" |
        expect_code 0 netsec-incident step - 1 done --at 2026-03-01T02:00:00Z &&
    test "$(field "$B" .steps[0].done_at)" = 2026-03-01T02:00:00Z &&
    expect_code 0 netsec-incident list -f jsonl &&
    jq -c "{incident_id}" out | grep -v "$C" >picked &&
    expect_code 0 netsec-incident close - --resolution done <picked &&
    test "$(field "$A" .status)" = closed && test "$(field "$C" .status)" = open &&
    echo "$C" | expect_code 0 netsec-incident void - --reason "a test" &&
    test "$(field "$C" .status)" = void
'

test_expect 'an unknown id read from standard input is 66, and none of the others is changed' '
    a_school &&
    open_one --category OTH --grade IV --title a && A=$ID &&
    printf "%s\nINC-2026-0042\n" "$A" | expect_code 66 netsec-incident close - --resolution done &&
    expect_grep "no incident ${SQ}INC-2026-0042${SQ}" err &&
    test "$(field "$A" .status)" = open &&
    open_one --category OTH --grade IV --title b && B=$ID &&
    netsec-incident -q close "$B" --resolution done &&
    printf "%s\n%s\n" "$A" "$B" | expect_code 64 netsec-incident close - --resolution done &&
    expect_grep "is already closed" err &&
    test "$(field "$A" .status)" = open &&
    echo "{\"id\":\"x\"}" | expect_code 66 netsec-incident void - --reason x &&
    expect_grep "no ${SQ}incident_id${SQ} in this record" err
'

# ---- edit ------------------------------------------------------------------------------------------

test_expect 'edit journals each field from and to with the reason' '
    a_school &&
    open_one --category OTH --grade IV --title "vrius" --description "x" &&
    expect_code 0 netsec-incident edit "$ID" --title virus --description "20 machines" --reason "typing" &&
    expect_grep "$ID: title: ${SQ}vrius${SQ} -> ${SQ}virus${SQ}" err &&
    test "$(field "$ID" "[.title, .description] | @tsv")" = "$(printf "virus\t20 machines")" &&
    expect_code 0 netsec-journal show --subject "$ID" --action incident.edited -f jsonl &&
    test "$(jq -c ".details" out)" = "{\"changes\":{\"title\":{\"from\":\"vrius\",\"to\":\"virus\"},\"description\":{\"from\":\"x\",\"to\":\"20 machines\"}},\"reason\":\"typing\"}"
'

test_expect 'edit of the category recomputes the clocks and says so' '
    a_school &&
    open_one --category OTH --grade IV --title a --discovered-at 2026-03-01T00:00:00Z &&
    expect_code 0 netsec-incident edit "$ID" --category DEF --reason "it was a rumour" &&
    expect_grep "$ID: clocks recomputed for category DEF: report to superiors by 2026-03-01 20:00; police by 2026-03-02 08:00" err &&
    test "$(field "$ID" "[.category, .police_state] | @tsv")" = "$(printf "DEF\tpending")"
'

test_expect 'edit without a reason, with nothing to change, or to an unknown category is refused with 64' '
    a_school &&
    open_one --category OTH --grade IV --title a &&
    expect_code 64 netsec-incident edit "$ID" --title b &&
    expect_grep "reason" err &&
    expect_code 64 netsec-incident edit "$ID" --reason r &&
    expect_grep "name what to change: --title, --description or --category" err &&
    expect_code 64 netsec-incident edit "$ID" --category XYZ --reason r &&
    expect_grep "unknown category ${SQ}XYZ${SQ}" err &&
    expect_code 64 netsec-incident edit "$ID" --title a --reason r &&
    expect_grep "incident ${SQ}$ID${SQ} already reads so; nothing was changed" err &&
    expect_code 66 netsec-incident edit INC-2026-0042 --title b --reason r &&
    test "$(journal_actions "$ID" | grep -c incident.edited)" = 0
'

# ---- --at ------------------------------------------------------------------------------------------

test_expect 'step and note take --at; the log shows them when they happened' '
    a_school 2026-03-05T00:00:00Z &&
    open_one --category MAL --grade IV --title a --discovered-at 2026-03-01T00:00:00Z &&
    expect_code 0 netsec-incident step "$ID" 1 done --at "2026-03-01 09:00" &&
    expect_code 0 netsec-incident note "$ID" "machines cleaned" --at "2026-03-01 10:00" &&
    netsec-incident -q close "$ID" --resolution done --at "2026-03-01 12:00" &&
    test "$(field "$ID" .steps[0].done_at)" = 2026-03-01T01:00:00Z &&
    test "$(field "$ID" ".timeline[-2].details.happened_at")" = 2026-03-01T02:00:00Z &&
    expect_code 0 netsec-incident log --year 2026 -f markdown &&
    grep -q "2026-03-01 10:00 [^ ]* .\[note.\] machines cleaned" out &&
    grep -q "☑ 1\. .* — 2026-03-01 09:00" out
'

test_expect '--at before the discovery or in the future is refused with 64 for step and note' '
    a_school &&
    open_one --category MAL --grade IV --title a --discovered-at 2026-03-01T08:00:00Z &&
    expect_code 64 netsec-incident step "$ID" 1 done --at 2026-03-01T07:00:00Z &&
    expect_grep "--at 2026-03-01T07:00:00Z is before incident ${SQ}$ID${SQ} was discovered (2026-03-01T08:00:00Z)" err &&
    expect_code 64 netsec-incident note "$ID" text --at 2026-03-02T00:00:00Z &&
    expect_grep "--at 2026-03-02T00:00:00Z is in the future" err &&
    test "$(field "$ID" "[.steps[0].done_at, (.timeline | length)] | @tsv")" = "$(printf "\t1")"
'

# ---- list --from --to --search ----------------------------------------------------------------------

test_expect 'list --from --to takes local days, --search a text in the id, title or description' '
    a_year &&
    expect_code 0 netsec-incident list --from 2026-04-01 --to 2026-05-01 -f jsonl &&
    test "$(jq -r .incident_id out | tr "\n" " ")" = "INC-2026-0002 INC-2026-0003 " &&
    expect_code 0 netsec-incident list --search 病毒 -f jsonl &&
    test "$(jq -r .incident_id out)" = INC-2026-0001 &&
    expect_code 0 netsec-incident list --search PROBE -f jsonl &&
    test "$(jq -r .incident_id out)" = INC-2026-0002 &&
    expect_code 0 netsec-incident list --search 2025- -f jsonl &&
    test "$(jq -r .incident_id out)" = INC-2025-0001 &&
    expect_code 0 netsec-incident list --search nothing-like-this -f jsonl && test ! -s out
'

test_expect 'list refuses --from without --to, and --year with --from, with 64' '
    a_year &&
    expect_code 64 netsec-incident list --from 2026-04-01 &&
    expect_grep "name the period" err &&
    expect_code 64 netsec-incident list --year 2026 --from 2026-04-01 --to 2026-05-01 &&
    expect_grep "name the period once" err
'

test_expect 'log --from --to takes whole local days, both included' '
    a_year &&
    expect_code 0 netsec-incident log --from 2026-04-01 --to 2026-05-01 -f jsonl &&
    test "$(jq -r .incident_id out | tr "\n" " ")" = "INC-2026-0002 INC-2026-0003 " &&
    expect_code 0 netsec-incident log --from 2025-12-31 --to 2025-12-31 -f jsonl &&
    test "$(jq -r .incident_id out)" = INC-2025-0001 &&
    expect_code 0 netsec-incident log --from 2026-04-02 --to 2026-04-30 -f jsonl && test ! -s out
'

test_expect 'log prints records in the machine formats, and needs a period' '
    a_year &&
    expect_code 0 netsec-incident log --year 2026 -f csv &&
    head -1 out >header && echo "$LIST_FIELDS" >expect && expect_equal expect header &&
    test "$(wc -l <out)" = 4 &&
    expect_code 64 netsec-incident log -f markdown &&
    expect_grep "name the period: --year YYYY, or --from DATE and --to DATE" err &&
    expect_code 64 netsec-incident log --year 2026 --from 2026-01-01 --to 2026-02-01 &&
    expect_grep "name the period once: --year YYYY, or --from DATE and --to DATE" err &&
    expect_code 64 netsec-incident log --from 2026-05-01 --to 2026-04-01 &&
    expect_grep "--to 2026-04-01 is before --from 2026-05-01" err &&
    expect_code 64 netsec-incident log --year 2026 --lang fr &&
    expect_grep "unknown language ${SQ}fr${SQ}: expected zh or en" err
'

test_expect 'form prints the filled-in report form in markdown (default) or html' '
    a_year &&
    expect_code 0 netsec-incident form INC-2026-0001 --lang zh &&
    expect_grep "# 网络安全事件报告表" out &&
    expect_grep "| 报告单位 | 示例乡中心小学 |" out &&
    expect_grep "| 报送单位 | 示例县教育局 |" out &&
    expect_grep "## INC-2026-0001 机房病毒" out &&
    expect_row 事件经过 "20 台计算机感染" out &&
    expect_grep "| 校长签字 | |" out &&
    expect_code 0 netsec-incident form INC-2026-0001 -f html &&
    expect_grep "<h1>Network-security incident report</h1>" out &&
    expect_grep "Principal (signature)" out &&
    expect_code 64 netsec-incident form INC-2026-0001 -f csv &&
    expect_grep "unknown -f format ${SQ}csv${SQ} for ${SQ}netsec-incident form${SQ}: it writes html, markdown" err
'

test_expect 'stats --year counts by category and grade, with time to report and the on-time share' '
    a_year &&
    expect_code 0 netsec-incident stats --year 2026 -f jsonl &&
    jq -r "select(.value != 0) | [.dimension, .key, .value] | @tsv" out >actual &&
    printf "%s\t%s\t%s\n" category MAL 1 category ATK 1 category DEF 1 grade III 1 grade IV 2 \
        total incidents 3 reporting reported 2 reporting on_time 1 reporting late 1 reporting overdue 1 \
        reporting on_time_percent 33.3 reporting median_minutes_to_report 210 >expect &&
    expect_equal expect actual &&
    expect_code 0 netsec-incident stats --year 2024 -f jsonl &&
    test "$(jq -c "select(.key == \"on_time_percent\") | .value" out)" = null
'

test_expect 'stats prints in every format with the same fields' '
    a_year &&
    expect_code 0 netsec-incident stats --year 2026 -f csv &&
    head -1 out >header && echo dimension,key,name,value >expect && expect_equal expect header &&
    expect_code 0 netsec-incident stats --year 2026 -f table &&
    expect_grep "category   MAL" out &&
    expect_code 0 netsec-incident stats --year 2026 -f json &&
    jq -e "length == 24" out >/dev/null
'

# ---- operator levels ----------------------------------------------------------------------------

if u=$(second_user); then
    test_expect 'a user with no level cannot open, list or touch evidence (77 naming the level)' '
        a_school &&
        expect_code 77 runuser -u "$u" -- env NETSEC_NOW=$NETSEC_NOW netsec-incident open --policy "$NETSEC_POLICY" \
            --category OTH --grade IV --title t &&
        expect_grep "${SQ}netsec-incident open${SQ} needs the operator level; user ${SQ}$u${SQ} has no level" err &&
        expect_code 77 runuser -u "$u" -- netsec-incident list --policy "$NETSEC_POLICY" &&
        expect_grep "${SQ}netsec-incident list${SQ} needs the viewer level" err &&
        expect_code 77 runuser -u "$u" -- netsec-incident evidence verify --policy "$NETSEC_POLICY" &&
        expect_grep "${SQ}netsec-incident evidence verify${SQ} needs the viewer level" err
    '

    test_expect 'a viewer cannot open or report, an operator cannot regrade, reopen or export' '
        a_school &&
        open_one --category OTH --grade IV --title t &&
        add_operator "$u" viewer "$NETSEC_POLICY" &&
        expect_code 77 runuser -u "$u" -- netsec-incident open --policy "$NETSEC_POLICY" --category OTH --grade IV --title t &&
        expect_grep "${SQ}netsec-incident open${SQ} needs the operator level; user ${SQ}$u${SQ} has only viewer" err &&
        expect_code 77 runuser -u "$u" -- netsec-incident report "$ID" --policy "$NETSEC_POLICY" --to bureau --channel phone --ref x &&
        sed -i "s/{user: $u, level: viewer}/{user: $u, level: operator}/" "$NETSEC_POLICY" &&
        for command in "regrade $ID I --reason r" "reopen $ID --reason r" "evidence export $ID out.d"; do
            expect_code 77 runuser -u "$u" -- netsec-incident --policy "$NETSEC_POLICY" $command &&
            expect_grep "needs the admin level; user ${SQ}$u${SQ} has only operator" err || exit 1
        done &&
        expect_code 0 netsec-incident show "$ID" -f json && test "$(jq -r .grade out)" = IV
    '
else
    for name in 'a user with no level cannot open, list or touch evidence (77 naming the level)' \
        'a viewer cannot open or report, an operator cannot regrade, reopen or export'; do
        test_skip "$name" 'needs root for a second user'
    done
fi

# ---- completion ------------------------------------------------------------------------------------

. "$NETSEC_SOURCE/share/netsec/completions/netsec"
. "$NETSEC_SOURCE/share/netsec/completions/netsec-incident"

. "$(dirname "$0")/completion-lib.sh"

test_expect 'completion: the file registers netsec-incident' '
    complete -p netsec-incident >out && expect_grep "_netsec_incident netsec-incident" out
'

test_expect 'completion: netsec-incident offers its commands, also after shared options' '
    expect_code 0 complete_line "netsec-incident " &&
    offers assign close due edit evidence form import list log note open overdue regrade reopen report show stats step \
        void &&
    expect_equal expect out &&
    expect_code 0 complete_line "netsec-incident -q --policy p.yaml -f json " &&
    expect_equal expect out
'

test_expect 'completion: void, edit and list offer their new options' '
    expect_code 0 complete_line "netsec-incident void INC-2026-0001 --" &&
    offers --duplicate-of --format --help --policy --quiet --reason &&
    expect_equal expect out &&
    expect_code 0 complete_line "netsec-incident edit INC-2026-0001 --" &&
    offers --category --description --format --help --policy --quiet --reason --title &&
    expect_equal expect out &&
    expect_code 0 complete_line "netsec-incident list --s" &&
    offers --search &&
    expect_equal expect out &&
    expect_code 0 complete_line "netsec-incident edit INC-2026-0001 --category " &&
    offers ACCT ATK DATA DEF DIS FAC FRAUD MAL OTH VULN ABN &&
    expect_equal expect out
'

test_expect 'completion: open offers its options, categories and grades' '
    expect_code 0 complete_line "netsec-incident open --" &&
    offers --account --asset --category --description --discovered-at --format --grade --help --policy --quiet \
        --rectify-by --subtype --suspected-crime --title &&
    expect_equal expect out &&
    expect_code 0 complete_line "netsec-incident open --category " &&
    offers ABN ACCT ATK DATA DEF DIS FAC FRAUD MAL OTH VULN && expect_equal expect out &&
    expect_code 0 complete_line "netsec-incident open --grade " &&
    offers 0 I II III IV && expect_equal expect out &&
    expect_code 0 complete_line "netsec-incident open --subtype r" &&
    offers religion rumour && expect_equal expect out
'

test_expect 'completion: report offers recipients and channels' '
    expect_code 0 complete_line "netsec-incident report INC-2026-0001 --to " &&
    offers bureau leadership police && expect_equal expect out &&
    expect_code 0 complete_line "netsec-incident report INC-2026-0001 --channel=" &&
    offers document in_person online phone && expect_equal expect out
'

test_expect 'completion: evidence offers its commands, step offers done, log offers html and markdown' '
    expect_code 0 complete_line "netsec-incident evidence " &&
    offers add export list verify && expect_equal expect out &&
    expect_code 0 complete_line "netsec-incident step INC-2026-0001 3 " &&
    offers done && expect_equal expect out &&
    expect_code 0 complete_line "netsec-incident log -f " &&
    offers csv html json jsonl markdown table tsv && expect_equal expect out &&
    expect_code 0 complete_line "netsec-incident form INC-2026-0001 --format " &&
    offers html markdown && expect_equal expect out &&
    expect_code 0 complete_line "netsec-incident log --lang " &&
    offers en zh && expect_equal expect out
'

test_expect 'completion: netsec incident hands over to netsec-incident' '
    expect_code 0 complete_line "netsec incident ev" &&
    offers evidence && expect_equal expect out
'

# ---- hardening (issue 14): evidence export names, planted files, swapped evidence, sizes --------

test_expect 'evidence export: evidence named SHA256SUMS keeps its bytes, and names with a newline or backslash pass sha256sum -c' '
    a_school && open_one --category MAL --grade IV --title t &&
    mkdir in && echo "ORIGINAL RECORD" >in/SHA256SUMS && echo x >"in/$(printf "a\nb.log")" &&
    echo y >"in/back\\slash.log" && echo z >in/plain.log &&
    expect_code 0 netsec-incident evidence add "$ID" in/SHA256SUMS "in/$(printf "a\nb.log")" "in/back\\slash.log" \
        in/plain.log &&
    expect_code 0 netsec-incident evidence export "$ID" exp &&
    expect_grep "exported 4 files" err &&
    grep -lF "ORIGINAL RECORD" exp/* >found && test "$(wc -l <found)" = 1 &&
    test "$(ls -b exp | wc -l)" = 5 && test -f exp/SHA256SUMS && test -f "exp/back\\slash.log" &&
    test -f "exp/$(printf "a\nb.log")" &&
    (cd exp && sha256sum -c SHA256SUMS >../check) &&
    test "$(grep -c ": OK\$" check)" = 4 &&
    grep -qF "\\" exp/SHA256SUMS
'

if u=$(second_user); then
    test_expect 'evidence export as root neither writes into nor follows what another user planted (temporary or final names)' '
        a_school && open_one --category MAL --grade IV --title t &&
        echo log >e.log && expect_code 0 netsec-incident evidence add "$ID" e.log &&
        echo IMPORTANT >victim && chmod 644 victim &&
        mkdir exp && chown "$u" exp &&
        last=$(cat /proc/sys/kernel/ns_last_pid) &&
        runuser -u "$u" -- bash -c "for i in \$(seq $((last + 1)) $((last + 200))); do
            ln -s $PWD/victim exp/SHA256SUMS.tmp.\$i; : >exp/e.log.tmp.\$i; chmod 666 exp/e.log.tmp.\$i; done" &&
        expect_code 0 netsec-incident evidence export "$ID" exp &&
        expect_equal - victim <<<"IMPORTANT" && test "$(mode_of victim)" = 644 &&
        test ! -L exp/SHA256SUMS && test "$(stat -c %U exp/SHA256SUMS)" = root &&
        test "$(stat -c %U exp/e.log)" = root && test "$(mode_of exp/e.log)" = 600 &&
        test -z "$(find exp -name "*.tmp.*" -user root)" && test -z "$(find exp -name "*.tmp.*" -type f -size +0)" &&
        (cd exp && sha256sum -c SHA256SUMS >/dev/null) &&
        mkdir exp2 && chown "$u" exp2 &&
        runuser -u "$u" -- ln -s "$PWD/victim" exp2/SHA256SUMS &&
        expect_code 73 netsec-incident evidence export "$ID" exp2 &&
        expect_grep "exp2/SHA256SUMS${SQ} already exists" err &&
        mkdir exp3 && chown "$u" exp3 && runuser -u "$u" -- ln -s "$PWD/victim" exp3/e.log &&
        expect_code 73 netsec-incident evidence export "$ID" exp3 &&
        expect_equal - victim <<<"IMPORTANT" && test "$(mode_of victim)" = 644 && test -L exp3/e.log &&
        test ! -e exp3/SHA256SUMS
    '
else
    test_skip 'evidence export as root neither writes into nor follows what another user planted (temporary or final names)' \
        'needs root for a second user'
fi

test_expect 'evidence verify and export compare the kept file with the hash the journal recorded, not only the row' '
    a_school && open_one --category MAL --grade IV --title t &&
    echo "09:25 Worm.Autorun.gen on LAB-012" >av.log && expect_code 0 netsec-incident evidence add "$ID" av.log &&
    head=$(netsec-journal head) &&
    f=$(ls school/state/evidence/$ID/*) && chmod u+w "$f" && echo "09:25 nothing found" >"$f" && chmod 400 "$f" &&
    sqlite3 school/state/netsec.db "update evidence set sha256=$SQ$(sha256sum "$f" | cut -c1-64)$SQ" &&
    expect_code 1 netsec-incident evidence verify "$ID" -f jsonl &&
    test "$(jq -r .status out)" = tampered &&
    test "$(jq -r .journal_sha256 out)" = "$(sha256sum av.log | cut -c1-64)" &&
    expect_grep "tampered" err &&
    expect_code 65 netsec-incident evidence export "$ID" exp &&
    expect_grep "no longer matches its hash" err &&
    expect_code 0 netsec-journal verify --head "$head" -q
'

test_expect 'evidence verify: a kept file changed alone is "changed" against the journal hash; ok files report the journal hash' '
    a_school && open_one --category MAL --grade IV --title t &&
    echo a >a.log && echo b >b.log && expect_code 0 netsec-incident evidence add "$ID" a.log b.log &&
    expect_code 0 netsec-incident evidence verify "$ID" -f jsonl &&
    test "$(jq -r .journal_sha256 out | head -1)" = "$(sha256sum a.log | cut -c1-64)" &&
    f=$(ls school/state/evidence/$ID/*-b.log) && chmod u+w "$f" && echo c >"$f" &&
    expect_code 1 netsec-incident evidence verify "$ID" -f jsonl &&
    jq -r .status out >statuses && printf "ok\nchanged\n" >expect && expect_equal expect statuses
'

test_expect 'evidence add records the bytes it copied (a /proc file has st_size 0)' '
    a_school && open_one --category MAL --grade IV --title t &&
    expect_code 0 netsec-incident evidence add "$ID" /proc/version -f jsonl &&
    kept=$(ls school/state/evidence/$ID/*) &&
    test "$(jq -r .size_bytes out)" = "$(wc -c <"$kept")" && test "$(jq -r .size_bytes out)" -gt 0 &&
    test "$(jq -r .sha256 out)" = "$(sha256sum "$kept" | cut -c1-64)" &&
    expect_code 0 netsec-incident evidence verify "$ID"
'

if [ "$(id -u)" = 0 ] && mkdir -p "$test_root/mnt-probe" && mount -t tmpfs -o size=64k tmpfs "$test_root/mnt-probe" 2>/dev/null; then
    umount "$test_root/mnt-probe"; rmdir "$test_root/mnt-probe"
    test_expect 'evidence add on a full disk names the real reason (no space), adds nothing and leaves no copy' '
        a_school && open_one --category MAL --grade IV --title t &&
        mkdir -p school/state/evidence && mount -t tmpfs -o size=64k,mode=0700 tmpfs school/state/evidence &&
        head -c 300000 /dev/urandom >big.bin &&
        netsec-incident evidence add "$ID" big.bin >out 2>err; code=$?; ls -A school/state/evidence/$ID >left;
        umount school/state/evidence && test "$code" = 74 &&
        expect_grep "No space left on device" err && expect_no_grep "File exists" err &&
        test ! -s left &&
        expect_code 0 netsec-incident evidence list "$ID" -f jsonl && test ! -s out
    '
else
    rmdir "$test_root/mnt-probe" 2>/dev/null
    test_skip 'evidence add on a full disk names the real reason (no space), adds nothing and leaves no copy' \
        'needs root to mount a small tmpfs'
fi

test_expect 'a discovery time before 1970 is refused naming it (year 0 made INC-0-0001)' '
    a_school &&
    expect_code 64 netsec-incident open --category MAL --grade IV --title t --discovered-at "0000-01-01 00:00" &&
    expect_grep "${SQ}0000-01-01 00:00${SQ}" err && expect_grep "1970" err &&
    expect_code 64 netsec-incident open --category MAL --grade IV --title t --discovered-at "1969-12-31T23:00:00Z" &&
    expect_code 0 netsec-incident list -f jsonl && test ! -s out
'

test_done
