#!/bin/bash
# netsec-audit: the catalogue, runs of record and host checks against prepared roots (and once
# against this machine), exit codes for --fail-on, -q for cron, the summary, evidence, diff and
# history, exceptions in the policy, the pipe into netsec-incident import, html, and operator
# levels. The clock is fixed with NETSEC_NOW throughout.
. "$(dirname "$0")/lib.sh"

NETSEC_NOW=2026-10-01T02:00:00Z
export NETSEC_NOW

# documents: the starting policy's regulation documents, present.
documents() {
    mkdir -p school/regulations &&
    for r in machine-room permissions account-secrecy virus-prevention training incident-reporting \
        virus-emergency-plan; do echo "# $r" >school/regulations/$r.md || return 1; done
}

# a_school: the starting policy with its documents present.
a_school() {
    school && documents
}

# bad_root DIR: a host whose sshd lets root in with a password (HOST-0001, high) and whose
# logs are kept four weeks (LOG-0001, high).
bad_root() {
    mkdir -p "$1/etc/ssh" "$1/etc/logrotate.d" &&
    echo "PermitRootLogin yes" >"$1/etc/ssh/sshd_config" &&
    printf "weekly\nrotate 4\n/var/log/syslog {\n}\n" >"$1/etc/logrotate.conf"
}

# good_root DIR: a host that passes LOG-0001 and HOST-0001; its oldest syslog entry, in a
# rotation gzip compressed, is from 2026-03-01, seven months before NETSEC_NOW.
good_root() {
    mkdir -p "$1/etc/ssh" "$1/etc/systemd" "$1/var/log/journal" "$1/etc/chrony" "$1/proc/net" &&
    printf "PermitRootLogin no\nPasswordAuthentication no\n" >"$1/etc/ssh/sshd_config" &&
    printf "[Journal]\nStorage=persistent\n" >"$1/etc/systemd/journald.conf" &&
    printf "monthly\nrotate 12\n/var/log/syslog {\n}\n" >"$1/etc/logrotate.conf" &&
    printf "table inet filter {\n  chain input {\n    type filter hook input priority 0; policy drop;\n  }\n}\n" \
        >"$1/etc/nftables.conf" &&
    echo "pool pool.ntp.org iburst" >"$1/etc/chrony/chrony.conf" &&
    printf "  sl  local_address rem_address   st\n   0: 00000000:0016 00000000:0000 0A\n" >"$1/proc/net/tcp" &&
    echo "Mar  1 08:00:00 server systemd[1]: Started" >"$1/var/log/syslog.6" &&
    gzip -n "$1/var/log/syslog.6" &&
    chmod 640 "$1/var/log/syslog.6.gz" &&
    touch -d 2026-03-31T00:00:00Z "$1/var/log/syslog.6.gz"
}

# short_logs_root DIR SINCE: sound log settings, but auth.log begins on 2026-09-11 (20 days
# before NETSEC_NOW); the host's files date from SINCE.
short_logs_root() {
    mkdir -p "$1/etc/systemd" "$1/var/log" &&
    printf "[Journal]\nStorage=persistent\n" >"$1/etc/systemd/journald.conf" &&
    printf "monthly\nrotate 12\n/var/log/auth.log {\n}\n" >"$1/etc/logrotate.conf" &&
    echo 0123456789abcdef0123456789abcdef >"$1/etc/machine-id" &&
    echo "2026-09-11T10:00:00.000001+08:00 server sshd[7]: Accepted password for zhao" >"$1/var/log/auth.log.1" &&
    echo "2026-09-30T10:00:00.000001+08:00 server sshd[8]: Accepted password for zhao" >"$1/var/log/auth.log" &&
    : >"$1/var/log/btmp" &&
    chmod 640 "$1"/var/log/* &&
    touch -d 2026-09-30T12:00:00Z "$1"/var/log/auth.log* "$1/etc/logrotate.conf" "$1/etc/systemd/journald.conf" &&
    touch -d "$2" "$1/etc/machine-id" "$1/var/log/btmp"
}

# statuses: "CHECK SUBJECT STATUS" a line from the JSON Lines in ./out.
statuses() {
    jq -r '"\(.check_id) \(.subject) \(.status)"' out
}

# ---- list, explain ----------------------------------------------------------------------------

test_expect 'list shows every check once, with both titles' '
    a_school &&
    expect_code 0 netsec-audit list -f jsonl &&
    jq -r .check_id out >actual &&
    printf "%s\n" ORG-0001 REG-0001 FIL-0001 FIL-0002 ACCT-0101 ACCT-0102 ACCT-0103 ACCT-0104 AV-0001 AST-0001 SW-0001 CRED-0001 BKP-0001 \
        INC-0001 INC-0002 JRNL-0001 DUTY-0001 TRN-0001 LOG-0001 HOST-0001 EXC-0001 >expect &&
    expect_equal expect actual &&
    test "$(jq -r "select(.title_zh == \"\" or .title == \"\" or .remediation_zh == \"\") | .check_id" out)" = ""
'

test_expect 'ACCT-0103 reads the login records as netsec-account check does: an account used in two places at once fails' '
    a_school &&
    netsec-account -q add wangfang --name 王芳 --kind staff --department 教务处 &&
    netsec-account -q add lilei --name 李雷 --kind staff --department 总务处 &&
    export NETSEC_NOW=2026-11-25T12:00:00Z &&
    printf "%s\n" 用户名,机器,开始,结束 "wangfang,办公室-05,2026-11-25 09:00,2026-11-25 11:00" \
        "wangfang,机房-46,2026-11-25 10:00,2026-11-25 10:40" "lilei,办公室-02,2026-11-25 09:00,2026-11-25 10:00" >logins.csv &&
    netsec-account -q logins import logins.csv --source pc-logins &&
    expect_code 1 netsec-audit run --check ACCT-0103 -f jsonl &&
    jq -r "[.check_id, .subject, .status, .severity, .fingerprint] | @tsv" out >got &&
    printf "ACCT-0103\twangfang\tfail\thigh\tACCT-0103:wangfang\n" >want &&
    expect_equal want got &&
    expect_grep "two places at once" out
'

test_expect 'list -f table aligns Chinese titles' '
    a_school &&
    expect_code 0 netsec-audit list -f table &&
    expect_grep "ORG-0001" out && expect_grep "网络安全领导小组及责任人" out
'

test_expect 'explain shows a check in both languages; an unknown id is a usage error' '
    a_school &&
    expect_code 0 netsec-audit explain ACCT-0101 -f json &&
    test "$(jq -r .title_zh out)" = "无长期未用、离校人员或无责任人账号" &&
    test "$(jq -r .severity out)" = medium &&
    jq -e ".remediation | contains(\"netsec-account\")" out &&
    jq -e ".examines | contains(\"netsec-account check\")" out &&
    expect_code 64 netsec-audit explain NOPE-0001 &&
    expect_grep "unknown check ${SQ}NOPE-0001${SQ}; ${SQ}netsec-audit list${SQ} shows them" err
'

# ---- run: records ------------------------------------------------------------------------------

test_expect 'run --profile records on a sound school: passes, not_applicable for tools not built yet' '
    a_school &&
    expect_code 0 netsec-audit run --profile records -f jsonl &&
    statuses | sort >actual &&
    sort >expect <<-\EOF &&
	ACCT-0101 accounts not_applicable
	ACCT-0102 accounts not_applicable
	ACCT-0103 accounts not_applicable
	ACCT-0104 accounts not_applicable
	AV-0001 antivirus not_applicable
	AST-0001 scans not_applicable
	SW-0001 software not_applicable
	CRED-0001 credentials not_applicable
	BKP-0001 backups not_applicable
	DUTY-0001 records not_applicable
	EXC-0001 exceptions not_applicable
	FIL-0001 records not_applicable
	FIL-0002 records not_applicable
	INC-0001 incidents pass
	INC-0002 drill:MAL fail
	INC-0002 plan pass
	JRNL-0001 database pass
	JRNL-0001 journal pass
	JRNL-0001 state_dir pass
	ORG-0001 organization pass
	REG-0001 account-secrecy pass
	REG-0001 incident-reporting pass
	REG-0001 machine-room pass
	REG-0001 permissions pass
	REG-0001 training pass
	REG-0001 virus-emergency-plan pass
	REG-0001 virus-prevention pass
	TRN-0001 records not_applicable
	EOF
    expect_equal expect actual &&
    expect_grep "run 1: 13 pass, 1 fail, 0 error, 14 not_applicable, 0 manual, 0 exception; score 90/100" err
'

test_expect 'every finding carries every field of the man page' '
    a_school &&
    expect_code 0 netsec-audit run --check ORG-0001 -f jsonl &&
    jq -r "keys_unsorted | join(\" \")" out >actual &&
    echo "run_id check_id status severity title title_zh subject detail remediation remediation_zh basis evidence fingerprint first_seen_at checked_at host exception last_fixed_at" >expect &&
    expect_equal expect actual &&
    test "$(jq -r .fingerprint out)" = ORG-0001:organization &&
    test "$(jq -r .checked_at out)" = 2026-10-01T02:00:00Z
'

test_expect '--fail-on decides the exit: a medium failure is 0 at high and 1 at medium' '
    a_school &&
    rm school/regulations/training.md &&
    expect_code 0 netsec-audit run --profile records -f jsonl &&
    test "$(jq -r "select(.status == \"fail\") | .check_id + \" \" + .subject" out)" = "$(printf "REG-0001 training\nINC-0002 drill:MAL")" &&
    expect_code 1 netsec-audit run --profile records --fail-on medium -f jsonl &&
    expect_code 0 netsec-audit run --profile records --fail-on critical -f jsonl &&
    expect_code 64 netsec-audit run --fail-on severe
'

test_expect '-q is silent when clean, for cron' '
    a_school &&
    expect_code 0 netsec-audit run -q --profile records &&
    test ! -s out && test ! -s err
'

test_expect '-q prints only what fails at or above --fail-on, and the summary' '
    a_school &&
    rm school/regulations/training.md &&
    expect_code 1 netsec-audit run -q --profile records --fail-on medium -f jsonl &&
    test "$(wc -l <out)" = 2 &&
    test "$(jq -r .subject out)" = "$(printf "training\ndrill:MAL")" &&
    expect_grep "netsec-audit: run 1: 12 pass, 2 fail" err
'

test_expect 'the summary weighs the score over applicable checks only' '
    a_school &&
    sed -i "/^  members:/,/^  network_administrators:/{/^    - /d}" "$NETSEC_POLICY" &&
    expect_code 0 netsec-audit run --check ORG-0001 --check JRNL-0001 -f jsonl &&
    expect_grep "score 77/100" err
'

test_expect 'an unknown check, profile or missing root is refused and nothing is stored' '
    a_school &&
    expect_code 64 netsec-audit run --check XYZ-0001 &&
    expect_grep "unknown check ${SQ}XYZ-0001${SQ}" err &&
    expect_code 64 netsec-audit run --profile everything &&
    expect_code 66 netsec-audit run --profile host --root no-such-dir &&
    expect_grep "--root ${SQ}no-such-dir${SQ} is not a folder" err &&
    expect_code 0 netsec-audit history -f jsonl && test ! -s out
'

# ---- run: host -------------------------------------------------------------------------------

test_expect 'host checks pass a prepared sound root' '
    a_school && good_root root &&
    expect_code 0 netsec-audit run --profile host --root root -f jsonl &&
    statuses >actual &&
    cat >expect <<-\EOF &&
	LOG-0001 journald pass
	LOG-0001 logrotate pass
	LOG-0001 oldest pass
	LOG-0001 var/log pass
	HOST-0001 sshd:PermitRootLogin pass
	HOST-0001 sshd:PasswordAuthentication pass
	HOST-0001 firewall pass
	HOST-0001 time pass
	HOST-0001 listeners pass
	EOF
    expect_equal expect actual
'

test_expect 'host checks fail a prepared weak root, and the run exits 1' '
    a_school && bad_root root &&
    expect_code 1 netsec-audit run --profile host --root root -f jsonl &&
    statuses >actual &&
    cat >expect <<-\EOF &&
	LOG-0001 logrotate:/var/log/syslog fail
	HOST-0001 sshd:PermitRootLogin fail
	HOST-0001 sshd:PasswordAuthentication fail
	HOST-0001 firewall fail
	HOST-0001 time fail
	HOST-0001 listeners not_applicable
	EOF
    expect_equal expect actual &&
    jq -r "select(.subject == \"logrotate:/var/log/syslog\") | .detail" out >detail &&
    expect_grep "rotate 4 × 1w keeps 4w of logs, less than 180d" detail
'

test_expect 'LOG-0001 fails logs deleted early on a host older than the retention, and names the dates' '
    a_school && short_logs_root root 2024-09-01T00:00:00Z &&
    expect_code 1 netsec-audit run --check LOG-0001 --root root -f jsonl &&
    statuses >actual &&
    cat >expect <<-\EOF &&
	LOG-0001 journald pass
	LOG-0001 logrotate pass
	LOG-0001 oldest:var/log/auth.log fail
	LOG-0001 var/log pass
	EOF
    expect_equal expect actual &&
    jq -r "select(.subject == \"oldest:var/log/auth.log\") | .detail" out >detail &&
    expect_grep "the oldest entry of var/log/auth.log is from 2026-09-11 (var/log/auth.log.1), 20d ago, less than 180d; yet the host${SQ}s files go back to 2024-09-01 (etc/machine-id)" detail &&
    expect_grep "so entries were deleted early" detail
'

test_expect 'LOG-0001 passes a host younger than the retention, saying since when its files go back' '
    a_school && short_logs_root root 2026-09-10T00:00:00Z &&
    expect_code 0 netsec-audit run --check LOG-0001 --root root -f jsonl &&
    jq -r "select(.subject == \"oldest\") | .status + \" \" + .detail" out >actual &&
    echo "pass oldest entries: var/log/auth.log since 2026-09-11; the host${SQ}s files go back only to 2026-09-10 (etc/machine-id), less than 180d: its logs are kept since it began" >expect &&
    expect_equal expect actual
'

test_expect 'host checks run against this machine and give valid findings' '
    a_school &&
    netsec-audit run --profile host -f jsonl >out 2>err; code=$? &&
    test $code = 0 -o $code = 1 &&
    test -s out &&
    jq -e "select((.status | IN(\"pass\", \"fail\", \"error\", \"not_applicable\", \"manual\", \"exception\")) | not)" out >bad;
    test ! -s bad &&
    test "$(jq -r ".host" out | sort -u)" = "$(hostname)"
'

test_expect '--evidence copies the files examined, with their sha256' '
    a_school && good_root root &&
    expect_code 0 netsec-audit run --check HOST-0001 --root root --evidence ev -f jsonl &&
    jq -r "select(.subject == \"sshd:PermitRootLogin\") | .evidence[0] | .copy + \" \" + .sha256" out >copy &&
    read -r file sum <copy &&
    test -f "$file" &&
    test "$(sha256sum "$file" | cut -d" " -f1)" = "$sum" &&
    case $file in "$PWD/ev/run-1/"*|ev/run-1/*) ;; *) false ;; esac
'

# ---- diff, history, show -------------------------------------------------------------------------

test_expect 'two runs with no change give no new and no resolved findings' '
    a_school && bad_root root &&
    expect_code 1 netsec-audit run --profile host --root root -f jsonl &&
    expect_code 1 netsec-audit run --profile host --root root -f jsonl &&
    expect_code 0 netsec-audit diff -f jsonl &&
    test "$(jq -r .change out | sort -u)" = still_failing &&
    test "$(jq -r "[.before_run_id, .after_run_id] | @tsv" out | sort -u)" = "$(printf "1\t2")"
'

test_expect 'diff names what is new and what is resolved, and exits 1 when something is new' '
    a_school && bad_root root &&
    expect_code 1 netsec-audit run --check HOST-0001 --root root -q &&
    echo "PasswordAuthentication no" >>root/etc/ssh/sshd_config &&
    rm school/regulations/training.md &&
    expect_code 1 netsec-audit run --check HOST-0001 --check REG-0001 --root root &&
    expect_code 1 netsec-audit diff -f jsonl &&
    jq -r "\"\(.change) \(.fingerprint)\"" out | sort >actual &&
    cat >expect <<-\EOF &&
	new REG-0001:training
	resolved HOST-0001:sshd:PasswordAuthentication
	still_failing HOST-0001:firewall
	still_failing HOST-0001:sshd:PermitRootLogin
	still_failing HOST-0001:time
	EOF
    expect_equal expect actual &&
    expect_code 0 netsec-audit diff 2 2 -f jsonl &&
    test "$(jq -r .change out | sort -u)" = still_failing &&
    expect_code 66 netsec-audit diff 9 &&
    expect_grep "no audit run 9" err
'

test_expect 'diff needs two runs' '
    a_school &&
    expect_code 66 netsec-audit diff &&
    expect_grep "no audit runs yet" err
'

test_expect 'history lists runs with counts and score; show prints a stored run' '
    a_school &&
    expect_code 0 netsec-audit run --check ORG-0001 -q &&
    expect_code 0 netsec-audit run --check ORG-0001 --check INC-0002 -q &&
    expect_code 0 netsec-audit history -f jsonl &&
    jq -r "[.run_id, .pass_count, .manual_count, .score] | @tsv" out >actual &&
    printf "1\t1\t0\t100\n2\t2\t0\t50\n" >expect &&
    expect_equal expect actual &&
    expect_code 0 netsec-audit show 1 -f jsonl &&
    test "$(jq -r .fingerprint out)" = ORG-0001:organization &&
    expect_code 0 netsec-audit show -f jsonl && test "$(wc -l <out)" = 3
'

test_expect 'a run is journaled' '
    a_school &&
    expect_code 0 netsec-audit run --check ORG-0001 -q &&
    expect_code 0 netsec-journal show --subject "run 1" -f jsonl &&
    test "$(jq -r .action out)" = audit.run_recorded &&
    test "$(jq -r .details.counts.pass out)" = 1 &&
    expect_code 0 netsec-journal verify
'

test_expect 'first_seen_at keeps the first run of an unbroken status' '
    a_school && bad_root root &&
    expect_code 1 netsec-audit run --check HOST-0001 --root root -f jsonl &&
    NETSEC_NOW=2026-10-02T02:00:00Z expect_code 1 netsec-audit run --check HOST-0001 --root root -f jsonl &&
    test "$(jq -r "select(.subject == \"firewall\") | .first_seen_at + \" \" + .checked_at" out)" = \
        "2026-10-01T02:00:00Z 2026-10-02T02:00:00Z"
'

# ---- exceptions --------------------------------------------------------------------------------

test_expect 'an exception shows as exception, leaves the score, and lets the run pass' '
    a_school && bad_root root &&
    cat >>"$NETSEC_POLICY" <<-\EOF &&
	audit:
	  exceptions:
	    - {check: HOST-0001, subject: "*", reason: 机房服务器更换中, approved_by: 张校长, expires: 2026-12-31}
	    - {check: LOG-0001, subject: "logrotate:/var/log/syslog", reason: 日志另行归档, approved_by: 张校长, expires: 2026-12-31}
	EOF
    expect_code 0 netsec-policy check &&
    expect_code 0 netsec-audit run --profile host --root root -f jsonl &&
    test "$(jq -r "select(.status == \"fail\") | .fingerprint" out)" = "" &&
    test "$(jq -r "select(.fingerprint == \"HOST-0001:firewall\") | .status + \" \" + .exception.approved_by" out)" = \
        "exception 张校长" &&
    expect_grep "5 exception" err &&
    expect_grep "score -" err
'

test_expect 'an expired exception no longer holds, and is a finding itself (EXC-0001)' '
    a_school && bad_root root &&
    cat >>"$NETSEC_POLICY" <<-\EOF &&
	audit:
	  exceptions:
	    - {check: HOST-0001, subject: firewall, reason: 临时, approved_by: 张校长, expires: 2026-09-30}
	EOF
    expect_code 1 netsec-audit run --check HOST-0001 --check EXC-0001 --root root -f jsonl &&
    test "$(jq -r "select(.subject == \"firewall\") | .status" out)" = fail &&
    jq -r "select(.check_id == \"EXC-0001\") | .subject + \" \" + .status" out >actual &&
    echo "HOST-0001/firewall fail" >expect &&
    expect_equal expect actual
'

test_expect 'a bad exception names file:line:column' '
    a_school &&
    cat >>"$NETSEC_POLICY" <<-\EOF &&
	audit:
	  exceptions:
	    - {check: firewall, subject: x, reason: r, approved_by: a, expires: someday}
	EOF
    line=$(grep -n "check: firewall" "$NETSEC_POLICY" | cut -d: -f1) &&
    expect_code 78 netsec-audit run --check ORG-0001 &&
    expect_grep "policy.yaml:$line:15: ${SQ}audit.exceptions[0].check${SQ} expects a check id such as ACCT-0101" err &&
    expect_grep "policy.yaml:$line:" err
'

# ---- the pipe into incidents ------------------------------------------------------------------

test_expect 'run -f jsonl | netsec-incident import - opens one incident per failing event finding, once' '
    a_school && bad_root root &&
    sed -i "s/^  events: \[ACCT-0103, ACCT-0104\]/  events: [HOST-0001, LOG-0001]/" "$NETSEC_POLICY" &&
    grep -q "^  events: \[HOST-0001, LOG-0001\]" "$NETSEC_POLICY" &&
    expect_code 1 netsec-audit run --profile host --root root -f jsonl &&
    mv out findings.jsonl &&
    expect_code 0 netsec-incident import - -f jsonl <findings.jsonl &&
    test "$(jq -r "select(.action == \"opened\") | .fingerprint" out | wc -l)" = 5 &&
    expect_code 1 netsec-audit run --profile host --root root -f jsonl &&
    mv out again.jsonl &&
    expect_code 0 netsec-incident import - -f jsonl <again.jsonl &&
    test "$(jq -r "select(.action == \"opened\")" out)" = "" &&
    test "$(jq -r "select(.action == \"already_open\") | .fingerprint" out | wc -l)" = 5 &&
    expect_code 0 netsec-incident list -f jsonl &&
    test "$(wc -l <out)" = 5 &&
    jq -r .title out | sort | head -1 >title &&
    expect_grep "HOST-0001 Server baseline" title
'

# ---- html ----------------------------------------------------------------------------------------

test_expect 'run -f html writes a one-page report in Chinese, escaped' '
    a_school && bad_root root &&
    sed -i "s|^  name: 示例乡中心小学 .*|  name: \"示例<小学>\"|" "$NETSEC_POLICY" &&
    expect_code 1 netsec-audit run --profile host --root root -f html &&
    expect_grep "<!DOCTYPE html>" out &&
    expect_grep "示例&lt;小学&gt; 网络安全检查报告" out &&
    expect_grep "不符合" out &&
    expect_code 0 netsec-audit show 1 -f html &&
    expect_grep "需关注的项目" out &&
    expect_code 64 netsec-audit history -f html
'

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -n "$CHROMIUM" ] && command -v pdftotext >/dev/null && command -v pdfinfo >/dev/null; then
    test_expect 'the html report prints on one A4 page with its Chinese headings (headless Chromium)' '
        a_school && bad_root root &&
        expect_code 1 netsec-audit run --profile host --root root -f html && mv out report.html &&
        mkdir -p home &&
        HOME=$PWD/home timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run \
            --disable-background-networking --disable-component-update --disable-sync \
            --user-data-dir="$PWD/home/profile" --no-pdf-header-footer --print-to-pdf=report.pdf \
            "file://$PWD/report.html" 2>chrome.err &&
        test "$(pdfinfo report.pdf | sed -n "s/^Pages: *//p")" = 1 &&
        pdftotext report.pdf report.txt &&
        expect_grep "网络安全检查报告" report.txt &&
        expect_grep "需关注的项目" report.txt &&
        expect_grep "HOST-0001" report.txt
    '
else
    test_skip 'the html report prints on one A4 page with its Chinese headings (headless Chromium)' \
        'needs chromium and poppler-utils'
fi

# ---- the rectification ledger ------------------------------------------------------------------

# ledger_fields: "FINGERPRINT STATE ..." of the fields named, from the JSON Lines in ./out.
ledger_fields() {
    jq -r "[$1] | map(if . == null then \"-\" else tostring end) | join(\" \")" out
}

test_expect 'a failing finding becomes an open ledger item, due after audit.due for its severity' '
    a_school && rm school/regulations/training.md &&
    expect_code 0 netsec-audit run --check REG-0001 -f jsonl &&
    expect_code 0 netsec-audit findings -f jsonl &&
    ledger_fields ".fingerprint, .check_id, .subject, .severity, .state, .first_seen_at, .last_seen_at, .due_at, .overdue, .owner, .fixed_count, .reopened_count" >actual &&
    echo "REG-0001:training REG-0001 training medium open 2026-10-01T02:00:00Z 2026-10-01T02:00:00Z 2026-10-31T02:00:00Z false - 0 0" >expect &&
    expect_equal expect actual &&
    expect_code 0 netsec-journal show --subject REG-0001:training -f jsonl &&
    test "$(jq -r .action out)" = audit.finding_opened
'

test_expect 'the policy sets the due date of each severity' '
    a_school && rm school/regulations/training.md &&
    printf "audit:\n  due: {medium: 3d}\n" >>"$NETSEC_POLICY" &&
    expect_code 0 netsec-audit run --check REG-0001 &&
    expect_code 0 netsec-audit findings -f jsonl &&
    test "$(jq -r .due_at out)" = 2026-10-04T02:00:00Z
'

test_expect 'run -q reports a finding the night it is new and the night it reopens, and is quiet between' '
    a_school && rm school/regulations/training.md &&
    expect_code 1 netsec-audit run -q --check REG-0001 --fail-on medium -f jsonl &&
    test "$(jq -r .fingerprint out)" = REG-0001:training &&
    expect_grep "netsec-audit: run 1: 6 pass, 1 fail" err &&
    NETSEC_NOW=2026-10-02T02:00:00Z expect_code 0 netsec-audit run -q --check REG-0001 --fail-on medium -f jsonl &&
    test ! -s out && test ! -s err &&
    echo "# training" >school/regulations/training.md &&
    NETSEC_NOW=2026-10-03T02:00:00Z expect_code 0 netsec-audit run -q --check REG-0001 --fail-on medium &&
    test ! -s out && test ! -s err &&
    expect_code 0 netsec-audit findings --state fixed -f jsonl &&
    test "$(ledger_fields ".state, .fixed_at, .fixed_count")" = "fixed 2026-10-03T02:00:00Z 1" &&
    rm school/regulations/training.md &&
    NETSEC_NOW=2026-11-20T02:00:00Z expect_code 1 netsec-audit run -q --check REG-0001 --fail-on medium -f jsonl &&
    test "$(ledger_fields ".fingerprint, .first_seen_at, .last_fixed_at")" = \
        "REG-0001:training 2026-11-20T02:00:00Z 2026-10-03T02:00:00Z" &&
    expect_code 0 netsec-audit findings -f jsonl &&
    test "$(ledger_fields ".state, .first_seen_at, .reopened_at, .last_fixed_at, .fixed_at, .reopened_count, .due_at")" = \
        "open 2026-10-01T02:00:00Z 2026-11-20T02:00:00Z 2026-10-03T02:00:00Z - 1 2026-12-20T02:00:00Z" &&
    expect_code 0 netsec-journal show --subject REG-0001:training -f jsonl &&
    jq -r .action out >actual &&
    printf "%s\n" audit.finding_opened audit.finding_fixed audit.finding_reopened >expect &&
    expect_equal expect actual
'

test_expect 'run -q leaves out what is new but below --fail-on; without -q run behaves as before' '
    a_school && rm school/regulations/training.md &&
    expect_code 0 netsec-audit run -q --check REG-0001 -f jsonl &&
    test ! -s out && test ! -s err &&
    expect_code 1 netsec-audit run --check REG-0001 --fail-on medium -f jsonl &&
    test "$(wc -l <out)" = 7
'

test_expect 'show and run give last_fixed_at, null when the finding was never fixed' '
    a_school && rm school/regulations/training.md &&
    expect_code 0 netsec-audit run --check REG-0001 -f jsonl &&
    test "$(jq -r "select(.subject == \"training\") | .last_fixed_at" out)" = null &&
    expect_code 0 netsec-audit show -f jsonl &&
    test "$(jq -r "select(.subject == \"training\") | .last_fixed_at" out)" = null
'

test_expect 'only a run that took the check can fix its items' '
    a_school && rm school/regulations/training.md &&
    expect_code 0 netsec-audit run --check REG-0001 &&
    echo "# training" >school/regulations/training.md &&
    expect_code 0 netsec-audit run --check ORG-0001 &&
    expect_code 0 netsec-audit findings -f jsonl &&
    test "$(jq -r .state out)" = open
'

test_expect 'an exception makes the item excepted' '
    a_school && rm school/regulations/training.md &&
    expect_code 0 netsec-audit run --check REG-0001 &&
    cat >>"$NETSEC_POLICY" <<-\EOF &&
	audit:
	  exceptions:
	    - {check: REG-0001, subject: training, reason: 制度修订中, approved_by: 张校长, expires: 2026-12-31}
	EOF
    expect_code 0 netsec-audit run --check REG-0001 &&
    expect_code 0 netsec-audit findings --state excepted -f jsonl &&
    test "$(jq -r .fingerprint out)" = REG-0001:training &&
    expect_code 0 netsec-audit findings --state open -f jsonl && test ! -s out
'

test_expect 'findings filters by state, check and overdue; a bad state or check is a usage error' '
    a_school && rm school/regulations/training.md && bad_root root &&
    expect_code 1 netsec-audit run --check REG-0001 --check HOST-0001 --root root &&
    expect_code 0 netsec-audit findings --check REG-0001 -f jsonl &&
    test "$(jq -r .fingerprint out)" = REG-0001:training &&
    expect_code 0 netsec-audit findings --check HOST-0001 --state open -f jsonl &&
    test "$(jq -r .check_id out | sort -u)" = HOST-0001 &&
    NETSEC_NOW=2026-10-09T00:00:00Z expect_code 0 netsec-audit findings --overdue -f jsonl &&
    test "$(jq -r .check_id out | sort -u)" = HOST-0001 &&
    test "$(jq -r .overdue out | sort -u)" = true &&
    expect_code 64 netsec-audit findings --state closed &&
    expect_grep "netsec-audit: unknown state ${SQ}closed${SQ} for --state; expected open, assigned, fixed or excepted" err &&
    expect_code 64 netsec-audit findings --check NOPE-0001 &&
    expect_grep "netsec-audit: unknown check ${SQ}NOPE-0001${SQ}; ${SQ}netsec-audit list${SQ} shows them" err &&
    expect_code 0 netsec-audit findings -f table &&
    expect_grep "REG-0001:training" out
'

test_expect 'findings before any run is empty' '
    a_school &&
    expect_code 0 netsec-audit findings -f jsonl && test ! -s out
'

test_expect 'assign gives items an owner, a plan and a due date, by name or from findings -f jsonl, journaled' '
    a_school && rm school/regulations/training.md school/regulations/permissions.md &&
    expect_code 0 netsec-audit run --check REG-0001 &&
    expect_code 0 netsec-audit assign REG-0001:training --owner 赵老师 --due 2026-10-20 --plan "rewrite the rules" -f jsonl &&
    test "$(ledger_fields ".state, .owner, .plan, .due_at")" = "assigned 赵老师 rewrite the rules 2026-10-20T16:00:00Z" &&
    expect_code 0 netsec-audit findings --state open -f jsonl &&
    mv out open.jsonl &&
    expect_code 0 netsec-audit assign - --owner 王主任 --plan 补写制度 -f jsonl <open.jsonl &&
    test "$(ledger_fields ".fingerprint, .state, .due_at")" = "REG-0001:permissions assigned 2026-10-31T02:00:00Z" &&
    echo REG-0001:permissions | netsec-audit assign - --owner 李老师 --plan 补写制度 -f jsonl >out 2>err &&
    test "$(ledger_fields ".owner")" = 李老师 &&
    expect_code 0 netsec-audit findings --state assigned -f jsonl && test "$(wc -l <out)" = 2 &&
    expect_code 0 netsec-journal show --subject REG-0001:training -f jsonl &&
    jq -r .action out >actual &&
    printf "%s\n" audit.finding_opened audit.finding_assigned >expect &&
    expect_equal expect actual &&
    test "$(jq -r "select(.action == \"audit.finding_assigned\") | .details.changes.owner.to" out)" = 赵老师 &&
    NETSEC_NOW=2026-10-05T00:00:00Z expect_code 0 netsec-audit run --check REG-0001 &&
    expect_code 0 netsec-audit findings --state assigned -f jsonl && test "$(wc -l <out)" = 2 &&
    expect_code 0 netsec-journal verify
'

test_expect 'assign refuses unknown fingerprints, a past due date, fixed items and missing options, writing nothing' '
    a_school && rm school/regulations/training.md &&
    expect_code 0 netsec-audit run --check REG-0001 &&
    expect_code 0 netsec-journal show -f jsonl && mv out before &&
    expect_code 66 netsec-audit assign REG-0001:training NOPE-0001:x --owner 赵老师 --plan 补写 &&
    printf "%s\n" "netsec-audit: no finding ${SQ}NOPE-0001:x${SQ} in the rectification ledger" \
        "netsec-audit: nothing was assigned; ${SQ}netsec-audit findings${SQ} lists the ledger" >expect &&
    expect_equal expect err &&
    echo "{\"subject\": \"training\"}" >bad.jsonl &&
    expect_code 66 netsec-audit assign - --owner 赵老师 --plan 补写 <bad.jsonl &&
    expect_grep "<stdin>:1: no ${SQ}fingerprint${SQ} in this record" err &&
    expect_code 64 netsec-audit assign REG-0001:training --owner 赵老师 --plan 补写 --due 2026-09-01 &&
    expect_grep "netsec-audit: --due ${SQ}2026-09-01${SQ} is in the past; give a date to come" err &&
    expect_code 64 netsec-audit assign REG-0001:training --owner 赵老师 --plan 补写 --due someday &&
    expect_grep "netsec-audit: --due: " err &&
    expect_code 64 netsec-audit assign REG-0001:training --plan 补写 &&
    expect_code 64 netsec-audit assign REG-0001:training --owner 赵老师 &&
    expect_code 64 netsec-audit assign REG-0001:training --owner "" --plan 补写 &&
    expect_grep "netsec-audit: --owner is empty; name who answers for the rectification" err &&
    expect_code 64 netsec-audit assign --owner 赵老师 --plan 补写 &&
    expect_grep "name the findings: fingerprints, or - to read them from standard input" err &&
    echo "# training" >school/regulations/training.md &&
    NETSEC_NOW=2026-10-02T02:00:00Z expect_code 0 netsec-audit run --check REG-0001 &&
    expect_code 0 netsec-journal show -f jsonl && mv out before &&
    expect_code 65 netsec-audit assign REG-0001:training --owner 赵老师 --plan 补写 &&
    expect_grep "finding ${SQ}REG-0001:training${SQ} is fixed; only open and assigned findings can be assigned" err &&
    expect_code 0 netsec-journal show -f jsonl && expect_equal before out &&
    expect_code 0 netsec-audit findings -f jsonl &&
    test "$(ledger_fields ".state, .owner")" = "fixed -"
'

test_expect 'overdue is silent and exits 0 when nothing is late, and lists the late items with exit 1' '
    a_school && rm school/regulations/training.md &&
    expect_code 0 netsec-audit overdue && test ! -s out && test ! -s err &&
    expect_code 0 netsec-audit run --check REG-0001 &&
    expect_code 0 netsec-audit overdue && test ! -s out && test ! -s err &&
    NETSEC_NOW=2026-11-01T00:00:00Z expect_code 1 netsec-audit overdue -f jsonl &&
    test "$(ledger_fields ".fingerprint, .state, .overdue")" = "REG-0001:training open true" &&
    NETSEC_NOW=2026-11-01T00:00:00Z expect_code 0 netsec-audit assign REG-0001:training --owner 赵老师 --plan 补写 --due 2026-11-10 &&
    NETSEC_NOW=2026-11-01T00:00:00Z expect_code 0 netsec-audit overdue && test ! -s out &&
    echo "# training" >school/regulations/training.md &&
    NETSEC_NOW=2026-11-05T00:00:00Z expect_code 0 netsec-audit run --check REG-0001 &&
    NETSEC_NOW=2026-12-01T00:00:00Z expect_code 0 netsec-audit overdue && test ! -s out
'

test_expect "the demo's own audit agrees with its own account check: same fingerprints, same severities" '
    { env -u NETSEC_NOW bash "$NETSEC_SOURCE/share/netsec/demo/demo.sh" "$NETSEC_BIN" demo >demo.log 2>&1 ||
        { tail -n 20 demo.log; false; }; } &&
    export NETSEC_POLICY=$PWD/demo/policy.yaml NETSEC_NOW=2026-11-26T02:30:00Z &&
    expect_code 0 netsec-audit show -f jsonl &&
    jq -r "select((.check_id | startswith(\"ACCT-\")) and .status == \"fail\") | [.fingerprint, .severity] | @tsv" out |
        sort >audit &&
    jq -r "[.fingerprint, .severity] | @tsv" demo/account-findings-night.jsonl | sort -u >account &&
    grep -q "^ACCT-0103:" account &&
    expect_equal account audit &&
    expect_code 0 netsec-audit findings --check ACCT-0103 -f jsonl &&
    test "$(jq -r .state out)" = open
'

# ---- operators -----------------------------------------------------------------------------------

if user=$(second_user); then
    test_expect 'a viewer may list and explain but not run; without a level, not even history' '
        a_school && chmod -R a+rX school && add_operator '"$user"' viewer "$NETSEC_POLICY" &&
        expect_code 0 runuser -u '"$user"' -- netsec-audit list -f jsonl &&
        test "$(wc -l <out)" = 21 &&
        expect_code 0 runuser -u '"$user"' -- netsec-audit explain ORG-0001 &&
        expect_code 77 runuser -u '"$user"' -- netsec-audit run --check ORG-0001 &&
        expect_grep "${SQ}netsec-audit run${SQ} needs the operator level; user ${SQ}'"$user"'${SQ} has only viewer" err &&
        expect_code 77 runuser -u '"$user"' -- netsec-audit assign REG-0001:training --owner 赵老师 --plan 补写 &&
        expect_grep "${SQ}netsec-audit assign${SQ} needs the operator level; user ${SQ}'"$user"'${SQ} has only viewer" err &&
        sed -i "/{user: '"$user"', level: viewer}/d" "$NETSEC_POLICY" &&
        expect_code 77 runuser -u '"$user"' -- netsec-audit history &&
        expect_grep "${SQ}netsec-audit history${SQ} needs the viewer level" err
    '
else
    test_skip 'a viewer may list and explain but not run; without a level, not even history' 'needs root for a second OS user'
fi

# ---- completion ----------------------------------------------------------------------------------

. "$NETSEC_SOURCE/share/netsec/completions/netsec-audit"
. "$(dirname "$0")/completion-lib.sh"

test_expect 'the bash completion offers the commands, check ids and option values' '
    expect_code 0 complete_line "netsec-audit " &&
    offers assign diff explain findings history list overdue run show && expect_equal expect out &&
    expect_code 0 complete_line "netsec-audit explain ACCT" &&
    offers ACCT-0101 ACCT-0102 ACCT-0103 ACCT-0104 && expect_equal expect out &&
    expect_code 0 complete_line "netsec-audit findings --state " &&
    offers assigned excepted fixed open && expect_equal expect out &&
    expect_code 0 complete_line "netsec-audit run --check HOST" &&
    offers HOST-0001 && expect_equal expect out &&
    expect_code 0 complete_line "netsec-audit -q run --fail-on " &&
    offers critical high low medium && expect_equal expect out &&
    expect_code 0 complete_line "netsec-audit run -f h" &&
    offers html && expect_equal expect out
'

test_expect 'the man page names every field, every check and every command' '
    a_school &&
    expect_code 0 netsec-audit run --check ORG-0001 -f jsonl &&
    for f in $(jq -r "keys[]" out); do
        expect_grep "*$f*" "$NETSEC_SOURCE/man/netsec-audit.1.scd" || exit 1
    done &&
    expect_code 0 netsec-audit list -f jsonl &&
    for id in $(jq -r .check_id out); do
        grep -q "^\*$id\* (" "$NETSEC_SOURCE/man/netsec-audit.1.scd" || { echo "not in the man page: $id"; exit 1; }
    done &&
    for c in run show list explain diff history findings assign overdue; do
        expect_grep "*netsec-audit $c*" "$NETSEC_SOURCE/man/netsec-audit.1.scd" || exit 1
    done
'

# ---- systemd and cron -------------------------------------------------------------------------

if command -v systemd-analyze >/dev/null 2>&1; then
    test_expect 'the systemd service and timer verify' '
        cp "$NETSEC_SOURCE"/share/netsec/systemd/netsec-audit.* . &&
        expect_code 0 systemd-analyze verify --man=no ./netsec-audit.service ./netsec-audit.timer
    '
else
    test_skip 'the systemd service and timer verify' 'no systemd-analyze'
fi

# The cron file's lines, as written and as cron runs them, are tests/cli/cron.sh's.

test_done
