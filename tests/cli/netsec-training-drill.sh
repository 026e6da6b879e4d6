#!/bin/bash
# netsec-training drill: a drill's steps checked off with their time and person, the drill
# finished with what went wrong and its lessons, its printable record, INC-0002 reading it, and
# every bad input with its exit code and nothing written. Sessions come from `session add`.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/drill-lib.sh"

export NETSEC_NOW=2026-11-20T06:00:00Z # 14:00 in Asia/Shanghai

# a_drill: a school with a staff account and TRN-1, a drill of the virus-outbreak plan (MAL,
# seven steps in the starting policy) that morning.
a_drill() {
    school &&
    netsec-account -q add wangfang --name 王芳 --kind staff --department 教导处 &&
    netsec-training -q session add --date 2026-11-20 --title 病毒爆发应急演练 --kind drill --plan MAL --hours 1.5 \
        --trainer 王芳 --audience staff
}

# journal_count: how many entries the journal holds.
journal_count() { netsec-journal show -f jsonl | wc -l; }

# ---- step ----------------------------------------------------------------------------------------

test_expect 'drill step checks a step off with its time, person and note, journaled' '
    a_drill &&
    expect_code 0 netsec-training drill step TRN-1 1 --at "2026-11-20 10:05" --by wangfang --note 机房1 -f jsonl &&
    jq -r "[.session_id, .n, .done_at, .done_by, .note] | join(\" \")" out >actual &&
    echo "TRN-1 1 2026-11-20T02:05:00Z wangfang 机房1" >expect &&
    expect_equal expect actual &&
    expect_grep "step 1 of TRN-1 done at 2026-11-20 10:05" err &&
    expect_code 0 netsec-training drill step 1 2 &&
    netsec-training drill show 1 -f jsonl >steps &&
    test "$(jq -s length steps)" = 7 &&
    test "$(jq -r "select(.n == 2) | .done_by" steps)" = "$(id -un)" &&
    test "$(jq -r "select(.n == 2) | .done_at" steps)" = 2026-11-20T06:00:00Z &&
    test "$(jq -r "select(.n == 3) | .done_at" steps)" = null &&
    netsec-journal show -f jsonl | jq -r "select(.action == \"drill.step_done\") | [.subject, .details.step, .details.done_by] | join(\" \")" >actual &&
    printf "TRN-1 1 wangfang\nTRN-1 2 %s\n" "$(id -un)" >expect &&
    expect_equal expect actual
'

test_expect 'drill step refuses a bad step, session, person or time, writing nothing' '
    a_drill &&
    netsec-training -q session add --date 2026-11-20 --title 班会 --kind pupil --hours 1 &&
    n=$(journal_count) &&
    expect_code 64 netsec-training drill step 1 8 &&
    expect_grep "drill TRN-1 has steps 1 to 7, not 8" err &&
    expect_code 64 netsec-training drill step 1 0 &&
    expect_code 66 netsec-training drill step 9 1 &&
    expect_grep "no training session ${SQ}TRN-9${SQ}" err &&
    expect_code 64 netsec-training drill step TRN-x 1 &&
    expect_code 64 netsec-training drill step 2 1 &&
    expect_grep "TRN-2 is a session of kind ${SQ}pupil${SQ}, not a drill" err &&
    expect_code 64 netsec-training drill step 1 1 --at "2026-11-20 15:00" &&
    expect_grep "--at 2026-11-20 15:00 is in the future" err &&
    expect_code 64 netsec-training drill step 1 1 --at "2026-11-19 23:59" &&
    expect_grep "--at 2026-11-19 23:59 is before the drill${SQ}s day 2026-11-20" err &&
    expect_code 64 netsec-training drill step 1 1 --at "2026-02-30 10:00" &&
    expect_code 66 netsec-training drill step 1 1 --by nobody &&
    expect_grep "no account ${SQ}nobody${SQ} for --by" err &&
    test "$(journal_count)" = "$n" &&
    test "$(netsec-training drill show 1 -f jsonl | jq -s "map(select(.done_at != null)) | length")" = 0 &&
    netsec-training -q drill step 1 1 --at "2026-11-20 10:00" &&
    expect_code 64 netsec-training drill step 1 1 &&
    expect_grep "step 1 of drill TRN-1 is already done (2026-11-20 10:00 by $(id -un)); nothing was changed" err
'

# ---- finish --------------------------------------------------------------------------------------

test_expect 'drill finish keeps what went wrong and the lessons, and names the steps not done' '
    a_drill &&
    netsec-training -q drill step 1 1 --at "2026-11-20 10:00" &&
    expect_code 0 netsec-training drill finish 1 --went-wrong "二号机房断网慢了五分钟" --lessons "交换机位置贴在门上" \
        --at "2026-11-20 11:00" &&
    expect_grep "TRN-1 finished at 2026-11-20 11:00" err &&
    expect_grep "steps not checked off: 2, 3, 4, 5, 6, 7; the record shows them as not done" err &&
    netsec-journal show -f jsonl | jq -c "select(.action == \"drill.finished\") | [.subject, .details.finished_at, .details.steps_not_done]" >actual &&
    echo "[\"TRN-1\",\"2026-11-20T03:00:00Z\",[2,3,4,5,6,7]]" >expect &&
    expect_equal expect actual &&
    expect_code 64 netsec-training drill finish 1 --went-wrong x --lessons y &&
    expect_grep "drill TRN-1 was finished at 2026-11-20 11:00; nothing was changed" err &&
    expect_code 64 netsec-training drill step 1 2 &&
    expect_grep "drill TRN-1 was finished at 2026-11-20 11:00" err
'

test_expect 'drill finish refuses missing texts and a time before a step, writing nothing' '
    a_drill &&
    netsec-training -q drill step 1 1 --at "2026-11-20 12:00" &&
    n=$(journal_count) &&
    expect_code 64 netsec-training drill finish 1 --lessons y &&
    expect_code 64 netsec-training drill finish 1 --went-wrong "" --lessons y &&
    expect_grep "--went-wrong is empty" err &&
    expect_code 64 netsec-training drill finish 1 --went-wrong x --lessons "  " &&
    expect_grep "--lessons is empty: say what the drill taught" err &&
    expect_code 64 netsec-training drill finish 1 --went-wrong x --lessons y --at "2026-11-20 11:00" &&
    expect_grep "the finishing time 2026-11-20 11:00 is before step 1 was done (2026-11-20 12:00)" err &&
    expect_code 66 netsec-training drill finish 5 --went-wrong x --lessons y &&
    test "$(journal_count)" = "$n"
'

# ---- show ----------------------------------------------------------------------------------------

test_expect 'drill show -f html prints the drill record on A4: steps, people, lessons, signatures' '
    a_drill &&
    attend 1 wangfang &&
    netsec-training -q drill step 1 1 --at "2026-11-20 10:05" --by wangfang &&
    netsec-training -q drill finish 1 --went-wrong 断网慢了 --lessons 贴出交换机位置 --at "2026-11-20 11:00" &&
    expect_code 0 netsec-training drill show TRN-1 -f html --lang zh &&
    expect_grep "<title>应急演练记录 2026-11-20 病毒爆发应急演练</title>" out &&
    expect_grep "@page" out &&
    expect_grep "隔离受感染的机房或计算机，断开网络" out &&
    expect_no_grep "isolate the room" out &&
    expect_grep "2026-11-20 10:05" out &&
    expect_grep "未完成" out &&
    expect_grep "王芳" out &&
    expect_grep "断网慢了" out &&
    expect_grep "校长（签字）" out &&
    expect_code 0 netsec-training drill show 1 -f markdown --lang en &&
    expect_grep "Emergency drill record" out &&
    expect_grep "isolate the room or machines, disconnect them" out &&
    expect_code 64 netsec-training drill show 1 -f html --lang fr
'

test_expect 'a drill is never an incident' '
    a_drill &&
    netsec-training -q drill step 1 1 &&
    netsec-training -q drill finish 1 --went-wrong 无 --lessons 无 &&
    expect_code 0 netsec-incident list -f jsonl &&
    test ! -s out &&
    netsec-incident stats --year 2026 -f jsonl >stats &&
    test "$(jq -r "select(.dimension == \"total\" and .key == \"incidents\") | .value" stats)" = 0 &&
    test "$(jq -r "select(.dimension == \"category\" and .key == \"MAL\") | .value" stats)" = 0
'

# ---- INC-0002 ------------------------------------------------------------------------------------

test_expect 'INC-0002 fails without a finished drill of MAL and passes with one, never manual' '
    a_drill &&
    mkdir -p school/regulations && for r in machine-room permissions account-secrecy virus-prevention training incident-reporting virus-emergency-plan; do
        echo "# $r" >school/regulations/$r.md; done &&
    expect_code 0 netsec-audit run --check INC-0002 -f jsonl &&
    jq -r "[.subject, .status] | join(\" \")" out >actual &&
    printf "plan pass\ndrill:MAL fail\n" >expect &&
    expect_equal expect actual &&
    expect_grep "no finished drill of the plan MAL" out &&
    netsec-training -q drill step 1 1 &&
    netsec-training -q drill finish 1 --went-wrong 无 --lessons 无 &&
    expect_code 0 netsec-audit run --check INC-0002 -f jsonl &&
    jq -r "[.subject, .status] | join(\" \")" out >actual &&
    printf "plan pass\ndrill:MAL pass\n" >expect &&
    expect_equal expect actual &&
    expect_grep "plan MAL drilled on 2026-11-20 (TRN-1 病毒爆发应急演练), within 365d" out &&
    NETSEC_NOW=2027-11-21T06:00:00Z netsec-audit run --check INC-0002 -f jsonl >later &&
    test "$(jq -r "select(.subject == \"drill:MAL\") | .status" later)" = fail
'

test_done
