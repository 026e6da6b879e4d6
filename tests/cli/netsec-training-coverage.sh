#!/bin/bash
# netsec-training coverage and stats, and TRN-0001: staff trained this school year, classes
# taught this term, administrators' external courses, the last drill of each plan; exit 1 when
# short; the yearly figures; bad input with its exit code. Sessions come from `session add`,
# attendance rows are written as a sign-in sheet would leave them.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/drill-lib.sh"

export NETSEC_NOW=2026-11-25T02:00:00Z

# a_school: two staff (zhaolaoshi is the network administrator), two classes of one pupil
# each, the first term in the calendar; no training yet.
a_school() {
    school &&
    sed -i "s/user: [a-z0-9_-]*}/user: zhaolaoshi}/" school/policy.yaml &&
    cat >>school/policy.yaml <<-\EOF &&
	calendar:
	  terms:
	    - {name: 第一学期, from: 2026-09-01, to: 2027-01-22}
	training:
	  staff_hours: 2
	EOF
    netsec-account -q add zhaolaoshi --name 赵老师 --kind staff --department 教导处 &&
    netsec-account -q add wangfang --name 王芳 --kind staff --department 语文组 &&
    netsec-account -q add s1 --name 学生一 --kind pupil --grade 2026级 --class 2026级1班 &&
    netsec-account -q add s2 --name 学生二 --kind pupil --grade 2026级 --class 2026级2班
}

# trained: a_school with every goal met: a staff session of 2 hours for both, a lesson for the
# grade, the administrator's course, a finished drill of MAL.
trained() {
    a_school &&
    netsec-training -q session add --date 2026-10-10 --title 网络安全制度培训 --kind staff --hours 2 --audience staff &&
    netsec-training -q session add --date 2026-10-12 --title 文明上网班会 --kind pupil --hours 1 --audience grade:2026级 &&
    netsec-training -q session add --date 2026-11-01 --title 等级保护培训班 --kind external --hours 8 &&
    netsec-training -q session add --date 2026-11-20 --title 病毒爆发应急演练 --kind drill --plan MAL --hours 1 &&
    attend 1 zhaolaoshi wangfang && attend 3 zhaolaoshi && attend 4 wangfang &&
    netsec-training -q drill step 4 1 --at "2026-11-20 10:00" &&
    netsec-training -q drill finish 4 --went-wrong 无 --lessons 无 --at "2026-11-20 11:00"
}

lines() { jq -r "[.area, .subject, .status] | join(\" \")" out; }

test_expect 'coverage of a school without training: every line short, exit 1' '
    a_school &&
    expect_code 1 netsec-training coverage -f jsonl &&
    lines >actual &&
    cat >expect <<-\EOF &&
	staff wangfang short
	staff zhaolaoshi short
	grade 2026级 short
	class 2026级1班 short
	class 2026级2班 short
	administrator zhaolaoshi short
	drill MAL short
	EOF
    expect_equal expect actual &&
    test "$(jq -r "select(.subject == \"wangfang\") | .why" out)" = "no training in the school year 2026" &&
    test "$(jq -r "select(.area == \"grade\") | .why" out)" = "classes without a safe-use lesson this term: 2026级1班, 2026级2班" &&
    test "$(jq -r "select(.area == \"drill\") | .why" out)" = "no finished drill of the plan MAL" &&
    expect_grep "coverage of the school year 2026 is short of the policy${SQ}s goals: 7 lines" err
'

test_expect 'coverage of a trained school: hours per person, lessons, courses and the drill; exit 0' '
    trained &&
    expect_code 0 netsec-training coverage -f jsonl &&
    test "$(jq -s "map(select(.status != \"ok\")) | length" out)" = 0 &&
    jq -r "select(.area == \"staff\") | [.subject, .hours, .session_count] | join(\" \")" out >actual &&
    printf "wangfang 3 2\nzhaolaoshi 10 2\n" >expect &&
    expect_equal expect actual &&
    test "$(jq -r "select(.area == \"drill\") | [.last_date, .session_id] | join(\" \")" out)" = "2026-11-20 TRN-4" &&
    test "$(jq -r "select(.area == \"administrator\") | .hours" out)" = 8 &&
    test "$(jq -r "select(.area == \"staff\") | .why" out | sort -u)" = null
'

test_expect 'coverage finds staff short of the hours, and a class the lesson did not reach' '
    a_school &&
    netsec-training -q session add --date 2026-10-10 --title 培训 --kind staff --hours 1.5 &&
    netsec-training -q session add --date 2026-10-12 --title 班会 --kind pupil --hours 1 --audience class:2026级1班 &&
    attend 1 wangfang &&
    expect_code 1 netsec-training coverage -f jsonl &&
    test "$(jq -r "select(.subject == \"wangfang\") | .why" out)" = "1.5 hours of training, 2 expected" &&
    test "$(jq -r "select(.subject == \"2026级1班\") | .status" out)" = ok &&
    test "$(jq -r "select(.subject == \"2026级2班\") | .why" out)" = "no safe-use lesson in the term 第一学期"
'

test_expect 'coverage --school-year takes a past year, refuses one to come or not a year' '
    trained &&
    expect_code 1 netsec-training coverage --school-year 2025 -f jsonl &&
    test "$(jq -r "select(.subject == \"wangfang\") | .why" out)" = "no training in the school year 2025" &&
    expect_code 64 netsec-training coverage --school-year 2027 &&
    expect_grep "invalid --school-year 2027: it has not begun (it starts on 2027-09-01)" err &&
    test ! -s out &&
    expect_code 64 netsec-training coverage --school-year next
'

test_expect 'stats -f json: sessions, hours and attendance by kind, drills, coverage' '
    trained &&
    expect_code 0 netsec-training stats --year 2026 -f json &&
    jq -r ".[] | select(.dimension == \"sessions\" or .dimension == \"drills\") | [.dimension, .key // \"-\", .value] | join(\" \")" out >actual &&
    cat >expect <<-\EOF &&
	sessions staff 1
	sessions pupil 1
	sessions drill 1
	sessions campaign 0
	sessions external 1
	sessions - 4
	drills MAL 1
	EOF
    expect_equal expect actual &&
    test "$(jq -r ".[] | select(.dimension == \"hours\" and .key == null) | .value" out)" = 12 &&
    test "$(jq -r ".[] | select(.dimension == \"attendance\" and .key == \"staff\") | .value" out)" = 2 &&
    test "$(jq -r ".[] | select(.dimension == \"coverage\" and .key == \"staff_trained_percent\") | .value" out)" = 100 &&
    expect_code 0 netsec-training stats --year 2025 -f json &&
    test "$(jq -r ".[] | select(.dimension == \"sessions\" and .key == null) | .value" out)" = 0
'

test_expect 'TRN-0001 fails a school short of its goals' '
    a_school &&
    expect_code 0 netsec-audit run --check TRN-0001 -f jsonl &&
    jq -r "[.subject, .status] | join(\" \")" out >actual &&
    printf "staff fail\nclasses fail\nadministrators fail\n" >expect &&
    expect_equal expect actual &&
    expect_grep "staff short of training in the school year 2026: 2 of 2: wangfang (王芳): no training in the school year 2026" out
'

test_expect 'TRN-0001 passes a trained school' '
    trained &&
    expect_code 0 netsec-audit run --check TRN-0001 -f jsonl &&
    jq -r "[.subject, .status] | join(\" \")" out >actual &&
    printf "staff pass\nclasses pass\nadministrators pass\n" >expect &&
    expect_equal expect actual
'

test_done
