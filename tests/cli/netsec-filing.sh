#!/bin/bash
# netsec-filing: the website's ICP and public-security filings and the MLPS gradings, their
# numbers checked against their forms, the next dates from the policy, due for cron, stats;
# with the bad inputs, their exit codes, and nothing written.
. "$(dirname "$0")/lib.sh"

export NETSEC_NOW=2026-11-25T02:00:00Z # 2026-11-25 10:00 in the school's zone

# count_rows TABLE: its rows in the school's database.
count_rows() {
    sqlite3 school/state/netsec.db "SELECT count(*) FROM $1"
}

# journal_actions PREFIX: the action and subject of every entry whose action starts so.
journal_actions() {
    netsec-journal show -f jsonl | jq -r --arg p "$1" 'select(.action | startswith($p)) | "\(.action) \(.subject)"'
}

# filed: a school with its website's ICP (FIL-1) and public-security (FIL-2) records and the
# website graded MLPS level 2, assessed 2024-12-15 (FIL-3): its next assessment is 2026-12-15.
filed() {
    school &&
    netsec-filing -q add --kind icp --system 学校门户网站 --number 京ICP备12345678号-1 --site www.school.example \
        --filed 2023-05-10 &&
    netsec-filing -q add --kind psb --system 学校门户网站 --number "京公网安备 11010802012345号" --filed 2023-06-01 &&
    netsec-filing -q add --kind mlps --system 学校门户网站 --level 2 --graded 2022-11-01 --filed 2022-11-20 \
        --number 11010843001-22001 --assessed 2024-12-15 --assessor 示例测评中心 --hosting 示例云
}

# ---- add ------------------------------------------------------------------------------------

test_expect 'add records an ICP number in its plain form, journaled filing.added' '
    school &&
    expect_code 0 netsec-filing add --kind icp --system 学校门户网站 --number " 京ICP备１２３４５６７８号－1" --filed 2023-05-10 -f json &&
    jq -r ".[0] | [.filing_id, .kind, .system, .number, .filed_on, .level] | @tsv" out >got &&
    printf "FIL-1\ticp\t学校门户网站\t京ICP备12345678号-1\t2023-05-10\t\n" >want &&
    expect_equal want got &&
    echo "recorded FIL-1" >want && expect_equal want err &&
    journal_actions filing. >got &&
    echo "filing.added FIL-1" >want &&
    expect_equal want got
'

test_expect 'a malformed ICP number is refused with the form it should take, nothing written' '
    school &&
    expect_code 64 netsec-filing add --kind icp --system 网站 --number 京ICP12345678号 &&
    echo "netsec-filing: ${SQ}京ICP12345678号${SQ} is not an ICP filing number: expected the form 京ICP备12345678号-1 (the province${SQ}s abbreviation, ICP备, 8 to 10 digits, 号, and -N for the Nth site)" >want &&
    expect_equal want err &&
    test "$(count_rows filings)" = 0 &&
    journal_actions filing. >got && test ! -s got
'

test_expect 'a public-security number without 14 digits is refused with its form' '
    school &&
    expect_code 64 netsec-filing add --kind psb --system 网站 --number 京公网安备1101080201234号 &&
    echo "netsec-filing: ${SQ}京公网安备1101080201234号${SQ} is not a public-security filing number: expected the form 京公网安备11010802012345号 (the province${SQ}s abbreviation, 公网安备, 14 digits, 号)" >want &&
    expect_equal want err &&
    test "$(count_rows filings)" = 0
'

test_expect 'a public-security number of another province'"'"'s code is refused naming both' '
    school &&
    expect_code 64 netsec-filing add --kind psb --system 网站 --number 京公网安备31010802012345号 &&
    echo "netsec-filing: the public-security filing number ${SQ}京公网安备31010802012345号${SQ} begins with the division code 31, not 京${SQ}s 11" >want &&
    expect_equal want err
'

test_expect 'an MLPS record carries level, dates, certificate, assessor, hosting and its next dates' '
    filed &&
    expect_code 0 netsec-filing show 3 -f json &&
    jq -r ".[0] | [.kind, .level, .graded_on, .filed_on, .number, .assessed_on, .assessor, .hosting, .next_assessment_on, .next_filing_on, .next_grading_on] | @tsv" out >got &&
    printf "mlps\t2\t2022-11-01\t2022-11-20\t11010843001-22001\t2024-12-15\t示例测评中心\t示例云\t2026-12-15\t\t\n" >want &&
    expect_equal want got
'

test_expect 'level 3 is assessed every year, level 1 never' '
    school &&
    netsec-filing -q add --kind mlps --system 学籍系统 --level 3 --graded 2025-01-10 --filed 2025-01-20 --assessed 2025-03-01 &&
    netsec-filing -q add --kind mlps --system 门禁系统 --level 1 --graded 2025-01-10 &&
    netsec-filing list --kind mlps -f json >out &&
    jq -r ".[] | [.system, .next_assessment_on] | @tsv" out >got &&
    printf "学籍系统\t2026-03-01\n门禁系统\t\n" >want &&
    expect_equal want got
'

test_expect 'a system graded and not yet filed is due for filing within 30 days of grading' '
    school &&
    netsec-filing -q add --kind mlps --system 学籍系统 --level 2 --graded 2026-11-10 &&
    netsec-filing show FIL-1 -f json >out &&
    jq -r ".[0].next_filing_on" out >got &&
    echo 2026-12-10 >want &&
    expect_equal want got
'

test_expect 'a major change after grading makes re-grading due' '
    filed &&
    netsec-filing -q set 3 --changed 2026-11-01 --reason "网站迁移到新平台" &&
    netsec-filing show 3 -f json >out &&
    jq -r ".[0].next_grading_on" out >got &&
    echo 2026-12-01 >want &&
    expect_equal want got
'

test_expect 'fields of another kind, a bad level and missing fields are refused' '
    school &&
    expect_code 64 netsec-filing add --kind icp --system 网站 --number 京ICP备12345678号 --level 2 &&
    echo "netsec-filing: --level is for MLPS records (--kind mlps)" >want && expect_equal want err &&
    expect_code 64 netsec-filing add --kind mlps --system 网站 --level 2 --site www.x.cn &&
    echo "netsec-filing: --site is for ICP and public-security records, not MLPS" >want && expect_equal want err &&
    expect_code 64 netsec-filing add --kind mlps --system 网站 --level 6 &&
    echo "netsec-filing: --level 6 is not an MLPS level: expected 1 to 5" >want && expect_equal want err &&
    expect_code 64 netsec-filing add --kind mlps --system 网站 &&
    echo "netsec-filing: an MLPS record needs --level, 1 to 5" >want && expect_equal want err &&
    expect_code 64 netsec-filing add --kind icp --system 网站 &&
    echo "netsec-filing: an ICP record needs --number, in the form 京ICP备12345678号-1" >want && expect_equal want err &&
    expect_code 64 netsec-filing add --kind web --system 网站 &&
    echo "netsec-filing: unknown kind ${SQ}web${SQ}: expected icp, psb or mlps" >want && expect_equal want err &&
    test "$(count_rows filings)" = 0
'

test_expect 'a date that does not exist or lies ahead is refused' '
    school &&
    expect_code 64 netsec-filing add --kind mlps --system 网站 --level 2 --graded 2026-02-30 &&
    expect_grep "2026-02-30" err &&
    expect_code 64 netsec-filing add --kind mlps --system 网站 --level 2 --graded 2026-12-01 &&
    echo "netsec-filing: --graded 2026-12-01 is after today (2026-11-25): record what has happened" >want &&
    expect_equal want err &&
    test "$(count_rows filings)" = 0
'

test_expect 'a number already on record is refused naming the record' '
    filed &&
    expect_code 65 netsec-filing add --kind icp --system 另一网站 --number 京ICP备12345678号-1 &&
    echo "netsec-filing: 京ICP备12345678号-1 is already on record as FIL-1 (学校门户网站)" >want &&
    expect_equal want err &&
    test "$(count_rows filings)" = 3
'

# ---- set, retire ----------------------------------------------------------------------------

test_expect 'set journals each field from and to with the reason' '
    filed &&
    expect_code 0 netsec-filing set 3 --assessed 2026-11-20 --assessor 新测评中心 --reason 年度测评 &&
    netsec-journal show -f jsonl | jq -c "select(.action == \"filing.changed\") | [.subject, .details]" >got &&
    echo "[\"FIL-3\",{\"changes\":{\"assessed_on\":{\"from\":\"2024-12-15\",\"to\":\"2026-11-20\"},\"assessor\":{\"from\":\"示例测评中心\",\"to\":\"新测评中心\"}},\"reason\":\"年度测评\"}]" >want &&
    expect_equal want got &&
    netsec-filing show 3 -f json | jq -r ".[0].next_assessment_on" >got &&
    echo 2028-11-20 >want && expect_equal want got
'

test_expect 'set of a malformed number, an unknown record or without --reason writes nothing' '
    filed &&
    expect_code 64 netsec-filing set 1 --number 京ICP备123号 --reason x &&
    expect_grep "is not an ICP filing number" err &&
    expect_code 66 netsec-filing set 9 --note x --reason x &&
    echo "netsec-filing: no filing record FIL-9; ${SQ}netsec-filing list${SQ} shows them" >want && expect_equal want err &&
    expect_code 64 netsec-filing set 1 --note x &&
    expect_code 64 netsec-filing set abc --note x --reason x &&
    echo "netsec-filing: ${SQ}abc${SQ} is not a filing record id: expected a number such as 3 or FIL-3" >want &&
    expect_equal want err &&
    journal_actions filing.changed >got && test ! -s got
'

test_expect 'retire keeps the record, leaves it out of list but --all, and cannot be done twice' '
    filed &&
    expect_code 0 netsec-filing retire 2 --reason 网站关闭 &&
    netsec-filing list -f json | jq -r ".[].filing_id" | tr "\n" " " >got &&
    printf "FIL-1 FIL-3 " >want && expect_equal want got &&
    netsec-filing list --all -f json | jq -r ".[] | select(.filing_id == \"FIL-2\") | .retired_at" >got &&
    echo 2026-11-25T02:00:00Z >want && expect_equal want got &&
    expect_code 64 netsec-filing retire 2 --reason again &&
    expect_code 64 netsec-filing set 2 --note x --reason x &&
    journal_actions filing.retired >got &&
    echo "filing.retired FIL-2" >want && expect_equal want got
'

# ---- attach, show ---------------------------------------------------------------------------

test_expect 'attach keeps a certificate scan with its SHA-256, shown with the record' '
    filed &&
    printf "scan of the certificate" >cert.pdf &&
    expect_code 0 netsec-filing attach 3 cert.pdf -f json &&
    jq -r ".[0].sha256" out >got &&
    sha256sum cert.pdf | cut -d" " -f1 >want && expect_equal want got &&
    netsec-filing show FIL-3 -f json >out &&
    jq -r ".[0].evidence[0].sha256" out >got &&
    expect_equal want got &&
    journal_actions evidence.added >got &&
    echo "evidence.added FIL-3" >want && expect_equal want got
'

test_expect 'attach to an unknown record or of a missing file writes nothing' '
    filed &&
    printf x >cert.pdf &&
    expect_code 66 netsec-filing attach 7 cert.pdf &&
    expect_code 66 netsec-filing attach 3 missing.pdf &&
    test "$(count_rows evidence)" = 0
'

test_expect 'show of an unknown record is 66' '
    filed &&
    expect_code 66 netsec-filing show 42 &&
    echo "netsec-filing: no filing record FIL-42; ${SQ}netsec-filing list${SQ} shows them" >want && expect_equal want err
'

# ---- due, stats -----------------------------------------------------------------------------

test_expect 'due exits 1 naming the assessment due next month' '
    filed &&
    expect_code 1 netsec-filing due -f json &&
    jq -r ".[] | [.filing_id, .due, .due_on, .days_left, .status] | @tsv" out >got &&
    printf "FIL-3\tassessment\t2026-12-15\t20\tdue\n" >want &&
    expect_equal want got
'

test_expect 'due --within a shorter time is quiet and exits 0' '
    filed &&
    expect_code 0 netsec-filing due --within 7d &&
    test ! -s out
'

test_expect 'an overdue assessment is overdue with days past' '
    school &&
    netsec-filing -q add --kind mlps --system 学籍系统 --level 3 --graded 2024-01-10 --filed 2024-01-20 --assessed 2025-10-01 &&
    expect_code 1 netsec-filing due --within 0d -f json &&
    jq -r ".[] | [.due_on, .days_left, .status] | @tsv" out >got &&
    printf "2026-10-01\t-55\toverdue\n" >want &&
    expect_equal want got
'

test_expect 'a bad --within is 64' '
    filed &&
    expect_code 64 netsec-filing due --within soon
'

test_expect 'the policy sets the intervals' '
    school &&
    cat >>school/policy.yaml <<YAML &&
filing:
  level2_assessment_months: 12
YAML
    netsec-filing -q add --kind mlps --system 网站 --level 2 --graded 2025-12-01 --filed 2025-12-05 &&
    netsec-filing show 1 -f json | jq -r ".[0].next_assessment_on" >got &&
    echo 2026-12-01 >want && expect_equal want got
'

test_expect 'a bad interval in the policy is 78, naming the line' '
    school &&
    printf "filing:\n  level2_assessment_months: often\n" >>school/policy.yaml &&
    expect_code 78 netsec-filing list &&
    expect_grep "policy.yaml:" err &&
    expect_grep "level2_assessment_months" err
'

test_expect 'stats counts records by kind and level and what falls due' '
    filed &&
    expect_code 0 netsec-filing stats --year 2026 -f json &&
    jq -r ".[] | [.dimension, .key, .value] | @tsv" out >got &&
    printf "current\ticp\t1\ncurrent\tpsb\t1\ncurrent\tmlps\t1\nmlps_level\t2\t1\nfiled\t2026\t0\ngraded\t2026\t0\nassessed\t2026\t0\ndue\tfiling\t0\noverdue\tfiling\t0\ndue\tgrading\t0\noverdue\tgrading\t0\ndue\tassessment\t1\noverdue\tassessment\t0\n" >want &&
    expect_equal want got
'

test_expect 'list prints a table with the next dates beside the stored ones' '
    filed &&
    expect_code 0 netsec-filing list -f table &&
    expect_grep "next_assessment_on" out &&
    expect_grep "2026-12-15" out
'

test_done
