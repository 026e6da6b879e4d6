#!/bin/bash
# netsec-training's sessions and attendance: session add, list (by school year) and show with
# materials kept as evidence; attend add by hand and from standard input; attend import of a
# sign-in sheet saved from Excel (GBK or UTF-8, a title above the header, full-width digits
# and stray spaces), matched by 工号, username and name; a campaign counted per class. With the
# bad inputs, their exit codes, and nothing written.
. "$(dirname "$0")/lib.sh"

export NETSEC_NOW=2026-11-20T08:00:00Z

# a_school: a policy, four staff (two named 王芳; 李伟 has 工号 1002) and one pupil.
a_school() {
    school &&
    netsec-account -q add wangfang --name 王芳 --kind staff --department 教导处 &&
    netsec-account -q add wangfang2 --name 王芳 --kind staff --department 语文组 --student-no 1005 &&
    netsec-account -q add liwei --name 李伟 --kind staff --department 总务处 --student-no 1002 &&
    netsec-account -q add zhangmin --name 张敏 --kind staff --department 数学组 &&
    netsec-account -q add s2026001 --name 刘洋 --kind pupil --grade 2026级 --class 2026级1班
}

# a_session: a_school and TRN-1, a staff training on 2026-11-18.
a_session() {
    a_school &&
    netsec-training session add --date 2026-11-18 --title 网络安全法规培训 --kind staff --hours 2 --audience staff >id &&
    test "$(cat id)" = TRN-1
}

# journal_actions PREFIX: the action and subject of every entry whose action starts so.
journal_actions() {
    netsec-journal show -f jsonl | jq -r --arg p "$1" 'select(.action | startswith($p)) | "\(.action) \(.subject)"'
}

count_rows() {
    sqlite3 school/state/netsec.db "SELECT count(*) FROM $1"
}

# sheet FILE: a sign-in sheet as Excel saves it in UTF-8: a title, the header with a 序号 and a
# signature column, full-width spaces and digits, CRLF, a blank row. Lines 3 to 6 name people.
sheet() {
    printf '2026年秋季网络安全培训签到表,,,,\r\n序号,姓　名,工号,签到时间,本人签名\r\n' >"$1" &&
    printf '1,李　伟,１００２,2026/11/18 13:55,\r\n2,王芳,1005,13:58,\r\n,,,,\r\n3, 张 敏 ,,１４：０２,\r\n' >>"$1"
}

# ---- session ----------------------------------------------------------------------------------

test_expect 'session add prints the id and journals training.session_added' '
    a_session &&
    journal_actions training.session >got &&
    echo "training.session_added TRN-1" >want &&
    expect_equal want got
'

test_expect 'session add keeps its materials as evidence with their SHA-256' '
    a_school &&
    echo "讲义" >notes.md &&
    expect_code 0 netsec-training session add --date 2026-11-18 --title 培训 --kind staff --hours 1.5 --material notes.md -f json &&
    jq -r ".[0].session_id" out >got && echo TRN-1 >want && expect_equal want got &&
    expect_code 0 netsec-training session show TRN-1 -f json &&
    test "$(jq -r ".materials[0].sha256" out)" = "$(sha256sum notes.md | cut -d" " -f1)" &&
    journal_actions evidence.added >got &&
    echo "evidence.added TRN-1" >want &&
    expect_equal want got
'

test_expect 'session add reads the audience in its Chinese and full-width forms' '
    a_school &&
    expect_code 0 netsec-training session add --date 2026-11-18 --title 班会 --kind pupil --hours 0.5 --audience "三年级" --audience "４年级２班,class:5-1" -f jsonl &&
    test "$(jq -r .audience out)" = "grade:3 class:4-2 class:5-1"
'

test_expect 'session add refuses an unknown audience, naming it, and writes nothing' '
    a_school &&
    expect_code 64 netsec-training session add --date 2026-11-18 --title 班会 --kind pupil --hours 1 --audience teachers &&
    echo "netsec-training: unknown audience ${SQ}teachers${SQ}: expected staff, all, grade:N (e.g. grade:3) or class:N-M (e.g. class:3-2)" >want &&
    expect_equal want err &&
    test "$(count_rows training_sessions)" = 0
'

test_expect 'session add refuses a date that does not exist and a material that is missing, writing nothing' '
    a_school &&
    expect_code 64 netsec-training session add --date 2026-02-30 --title 培训 --kind staff --hours 1 &&
    expect_code 66 netsec-training session add --date 2026-11-18 --title 培训 --kind staff --hours 1 --material missing.md &&
    test "$(count_rows training_sessions)" = 0 &&
    test "$(count_rows evidence)" = 0
'

test_expect 'session list takes the sessions of one school year' '
    a_school &&
    netsec-training -q session add --date 2026-08-31 --title 暑期培训 --kind staff --hours 1 >/dev/null &&
    netsec-training -q session add --date 2026-09-01 --title 开学培训 --kind staff --hours 1 >/dev/null &&
    netsec-training -q session add --date 2027-08-31 --title 期末培训 --kind staff --hours 1 >/dev/null &&
    expect_code 0 netsec-training session list --school-year 2026 -f tsv &&
    cut -f1,4 out >got &&
    printf "session_id\ttitle\nTRN-2\t开学培训\nTRN-3\t期末培训\n" >want &&
    expect_equal want got &&
    expect_code 0 netsec-training session list --school-year 2025 -f jsonl &&
    test "$(jq -r .session_id out)" = TRN-1
'

test_expect 'session show of an unknown session exits 66' '
    a_school &&
    expect_code 66 netsec-training session show TRN-9
'

# ---- attend add -------------------------------------------------------------------------------

test_expect 'attend add records usernames by hand, once each, journaled training.attended' '
    a_session &&
    expect_code 0 netsec-training attend add TRN-1 liwei zhangmin -f tsv &&
    cut -f3,6,7 out >got &&
    printf "username\tsource\taction\nliwei\thand\tadded\nzhangmin\thand\tadded\n" >want &&
    expect_equal want got &&
    expect_code 0 netsec-training attend add TRN-1 liwei -f tsv &&
    test "$(cut -f7 out | tail -1)" = unchanged &&
    journal_actions training.attended >got &&
    printf "training.attended TRN-1\ntraining.attended TRN-1\n" >want &&
    expect_equal want got
'

test_expect 'attend add reads usernames from standard input' '
    a_session &&
    netsec-account list --kind staff -f jsonl >staff.jsonl &&
    expect_code 0 netsec-training attend add TRN-1 - -f jsonl <staff.jsonl &&
    test "$(count_rows training_attendance)" = 4
'

test_expect 'attend add of an attendee not in the account registry exits 66 and writes nothing' '
    a_session &&
    expect_code 66 netsec-training attend add TRN-1 liwei nobody &&
    expect_grep nobody err &&
    test "$(count_rows training_attendance)" = 0
'

test_expect 'attend add to an unknown session exits 66' '
    a_school &&
    expect_code 66 netsec-training attend add TRN-7 liwei &&
    test "$(count_rows training_attendance)" = 0
'

# ---- attend import ----------------------------------------------------------------------------

test_expect 'attend import reads a sign-in sheet: 工号, then name, full-width digits and spaces' '
    a_session &&
    sheet sheet.csv &&
    expect_code 0 netsec-training attend import TRN-1 sheet.csv -f tsv &&
    cut -f2,3,5,7 out >got &&
    printf "line\tusername\tsigned_at\taction\n3\tliwei\t2026-11-18T05:55:00Z\tadded\n4\twangfang2\t2026-11-18T05:58:00Z\tadded\n6\tzhangmin\t2026-11-18T06:02:00Z\tadded\n" >want &&
    expect_equal want got &&
    expect_grep "left out columns ${SQ}序号${SQ}, ${SQ}本人签名${SQ}" err
'

test_expect 'attend import reads the same sheet saved in GBK, and a second import writes nothing new' '
    a_session &&
    sheet sheet.csv && iconv -f UTF-8 -t GBK sheet.csv >gbk.csv &&
    expect_code 0 netsec-training attend import TRN-1 gbk.csv --encoding gbk -f jsonl &&
    test "$(jq -s "map(.action) | unique | .[]" -r out)" = added &&
    expect_code 0 netsec-training attend import TRN-1 gbk.csv -f jsonl &&
    test "$(jq -s "map(.action) | unique | .[]" -r out)" = unchanged &&
    test "$(count_rows training_attendance)" = 3
'

test_expect 'attend import --dry-run shows whom the sheet names and writes nothing' '
    a_session &&
    sheet sheet.csv &&
    expect_code 0 netsec-training attend import TRN-1 sheet.csv --dry-run -f jsonl &&
    test "$(jq -s length out)" = 3 &&
    test "$(count_rows training_attendance)" = 0
'

test_expect 'attend import refuses a name two staff share, naming both, and writes nothing' '
    a_session &&
    printf "姓名,签到时间\n李伟,14:00\n王芳,14:01\n" >sheet.csv &&
    expect_code 65 netsec-training attend import TRN-1 sheet.csv &&
    printf "%s\n" "netsec-training: sheet.csv:3: 2 accounts are named ${SQ}王芳${SQ}: wangfang (教导处) and wangfang2 (语文组, 工号 1005); give the 工号 on the sheet to tell them apart" "netsec-training: nothing was imported" >want &&
    expect_equal want err &&
    test "$(count_rows training_attendance)" = 0
'

test_expect 'attend import refuses one person signing twice, naming both lines' '
    a_session &&
    printf "姓名,工号\n李伟,1002\n张敏,\n李 伟,\n" >sheet.csv &&
    expect_code 65 netsec-training attend import TRN-1 sheet.csv &&
    expect_grep "sheet.csv:4: 李伟 (${SQ}liwei${SQ}) signs in on line 2 too" err &&
    test "$(count_rows training_attendance)" = 0
'

test_expect 'attend import refuses an attendee not in the account registry and a bad row at its end' '
    a_session &&
    printf "姓名,工号,签到时间\n李伟,1002,14:00\n赵六,,14:01\n张敏,,14:02\n,,合计3人\n" >sheet.csv &&
    expect_code 65 netsec-training attend import TRN-1 sheet.csv &&
    printf "%s\n" "netsec-training: sheet.csv:3: ${SQ}赵六${SQ} is not in the account registry; add the account (netsec-account add) or give the 工号" "netsec-training: sheet.csv:5: no 姓名 or 工号 in this row; a sign-in sheet${SQ}s rows each name one person" "netsec-training: nothing was imported" >want &&
    expect_equal want err &&
    test "$(count_rows training_attendance)" = 0
'

test_expect 'attend import refuses a 工号 that names someone else, and a sign-in on another day' '
    a_session &&
    printf "姓名,工号,签到时间\n张敏,1002,14:00\n李伟,,2026/11/19 14:00\n" >sheet.csv &&
    expect_code 65 netsec-training attend import TRN-1 sheet.csv &&
    expect_grep "sheet.csv:2: staff number (工号) ${SQ}1002${SQ} is 李伟${SQ}s (${SQ}liwei${SQ}), not 张敏${SQ}s" err &&
    expect_grep "sheet.csv:3: signed in on 2026-11-19, not on the session${SQ}s day 2026-11-18" err &&
    test "$(count_rows training_attendance)" = 0
'

test_expect 'attend import refuses a sheet without a 姓名 header and a missing file' '
    a_session &&
    printf "工号,时间\n1002,14:00\n" >sheet.csv &&
    expect_code 65 netsec-training attend import TRN-1 sheet.csv &&
    expect_grep "no header naming 姓名 found" err &&
    expect_code 66 netsec-training attend import TRN-1 missing.csv &&
    expect_code 64 netsec-training attend import TRN-1 sheet.csv --encoding latin1
'

# ---- attend class -----------------------------------------------------------------------------

test_expect 'attend class counts a campaign per class; a second count needs a reason' '
    a_school &&
    netsec-training -q session add --date 2026-11-20 --title 文明上网承诺 --kind campaign --hours 0.5 --audience all >/dev/null &&
    expect_code 0 netsec-training attend class TRN-1 3-2 --present 41 --of 43 -f tsv &&
    cut -f2-5 out >got &&
    printf "class\tpresent\tenrolled\tparticipation\n3-2\t41\t43\t95\n" >want &&
    expect_equal want got &&
    expect_code 64 netsec-training attend class TRN-1 "三(2)班" --present 42 --of 43 &&
    expect_grep "class 3-2 of TRN-1 is counted already (41 present); give --reason to replace it" err &&
    expect_code 0 netsec-training attend class TRN-1 "三(2)班" --present 42 --of 43 --reason 补签一人 &&
    journal_actions training.class_counted >got &&
    printf "training.class_counted TRN-1\ntraining.class_counted TRN-1\n" >want &&
    expect_equal want got
'

test_expect 'attend class refuses a staff session, a class outside the audience and a count above --of' '
    a_session &&
    netsec-training -q session add --date 2026-11-20 --title 班会 --kind pupil --hours 0.5 --audience grade:3 >/dev/null &&
    expect_code 64 netsec-training attend class TRN-1 3-2 --present 4 &&
    expect_grep "TRN-1 is a session of kind staff: classes are counted for campaign and pupil sessions" err &&
    expect_code 64 netsec-training attend class TRN-2 4-1 --present 4 &&
    expect_grep "class 4-1 is not in the audience of TRN-2 (${SQ}grade:3${SQ})" err &&
    expect_code 64 netsec-training attend class TRN-2 3-1 --present 44 --of 40 &&
    expect_code 64 netsec-training attend class TRN-2 3年 --present 4 &&
    test "$(count_rows training_classes)" = 0
'

test_done
