#!/bin/bash
# Times for people are local: every notice, message, table and `show` on a terminal gives the
# policy's zone (school.timezone, Asia/Shanghai in the starting policy, UTC+8) as
# "2026-03-02 14:05"; only the machine formats (json, jsonl, tsv, csv) carry RFC 3339 UTC.
# Each case runs in a school of the starting policy, with TZ=UTC in the environment, so a time
# that comes out in the machine's zone instead of the school's is caught.
. "$(dirname "$0")/lib.sh"

# no_utc FILE: FILE holds no RFC 3339 UTC time.
no_utc() {
    if grep -E "[0-9]T[0-9]{2}:[0-9]{2}:[0-9]{2}Z" "$1"; then echo "a UTC time in $1"; return 1; fi
}

test_expect 'the starting policy keeps the school in Asia/Shanghai' '
    school &&
    expect_code 0 netsec-policy show -f json &&
    test "$(jq -r .school.timezone out)" = Asia/Shanghai
'

test_expect 'incident open and report: notices and refusals give local times, never UTC' '
    school && export NETSEC_NOW=2026-03-02T06:05:00Z &&
    expect_code 0 netsec-incident open --category MAL --grade IV --title t --discovered-at 2026-03-01T09:00:00Z &&
    ID=$(cat out) &&
    expect_grep "report to superiors by 2026-03-02 05:00 (Asia/Shanghai)" err &&
    no_utc err &&
    expect_code 64 netsec-incident report "$ID" --to bureau --channel phone --ref x --at 2026-03-01T08:00:00Z &&
    expect_grep "the report time 2026-03-01 16:00:00 is before the incident was discovered (2026-03-01 17:00:00)" err &&
    expect_code 64 netsec-incident report "$ID" --to bureau --channel phone --ref x --at 2026-03-02T06:05:01Z &&
    expect_grep "the report time 2026-03-02 14:05:01 is in the future" err &&
    expect_code 64 netsec-incident open --category MAL --grade IV --title t --discovered-at 2026-03-02T06:06:00Z &&
    expect_grep "the discovery time 2026-03-02 14:06:00 is in the future" err
'

test_expect 'incident show on a terminal (table) gives local times; -f json keeps UTC' '
    school && export NETSEC_NOW=2026-03-02T06:05:00Z &&
    ID=$(netsec-incident open --category MAL --grade IV --title t --discovered-at 2026-03-01T09:00:00Z 2>/dev/null) &&
    expect_code 0 netsec-incident show "$ID" -f table &&
    grep -qx "discovered_at: 2026-03-01 17:00" out &&
    grep -qx "report_due_at: 2026-03-02 05:00" out &&
    no_utc out &&
    expect_code 0 netsec-incident show "$ID" -f json &&
    test "$(jq -r .discovered_at out)" = 2026-03-01T09:00:00Z &&
    expect_code 0 netsec-incident show "$ID" -f jsonl &&
    test "$(jq -r .discovered_at out)" = 2026-03-01T09:00:00Z
'

test_expect 'account show on a terminal gives local times; jsonl keeps UTC' '
    school && export NETSEC_NOW=2026-03-01T23:30:00Z &&
    netsec-account -q add zhaoli --name 赵丽 --kind staff --department 教导处 &&
    expect_code 0 netsec-account show zhaoli -f table &&
    grep -qx "created_at: 2026-03-02 07:30" out &&
    expect_no_grep "2026-03-01T23:30:00Z" out &&
    expect_code 0 netsec-account show zhaoli -f jsonl &&
    test "$(jq -r .created_at out)" = 2026-03-01T23:30:00Z
'

test_expect 'account check: a leaver and a stale account are dated in the school zone' '
    school && export NETSEC_NOW=2026-03-01T00:00:00Z &&
    netsec-account -q add zhaoli --name 赵丽 --kind staff --department 教导处 &&
    netsec-account -q set zhaoli --left "2026-09-01 07:00" &&
    export NETSEC_NOW=2026-10-01T00:00:00Z &&
    expect_code 1 netsec-account check -f jsonl &&
    expect_grep "left on 2026-09-01 and the account is still active" out &&
    expect_grep "added on 2026-03-01 " out &&
    expect_no_grep "left on 2026-08-31" out
'

# a_school_with_a_job: a school whose job docs backs up ./docs daily into ./usb/nb and ./nas/nb.
a_school_with_a_job() {
    school && mkdir -p usb nas docs && printf "lesson plan\n" >docs/plan.txt &&
    cat >>"$NETSEC_POLICY" <<EOF
backup:
  jobs:
    - name: docs
      sources: [$PWD/docs]
      schedule: 1d
      destinations: [$PWD/usb/nb, $PWD/nas/nb]
EOF
}

test_expect 'backup status and run: a stale snapshot and a missing disk are dated locally; jsonl keeps UTC' '
    a_school_with_a_job &&
    NETSEC_NOW=2026-03-01T00:30:00Z netsec-backup run -q docs &&
    export NETSEC_NOW=2026-03-03T00:00:00Z &&
    expect_code 1 netsec-backup status docs -f table &&
    expect_grep "the newest snapshot is from 2026-03-01 08:30, older than the schedule (1d)" out &&
    expect_code 1 netsec-backup status docs -f jsonl &&
    expect_grep "2026-03-01T00:30:00Z" out &&
    mv usb usb.away &&
    expect_code 1 netsec-backup run docs &&
    expect_grep "held the snapshots of job ${SQ}docs${SQ} until 2026-03-01 08:30 and is missing now" err &&
    expect_no_grep "T00:30:00Z" err
'

test_done
