#!/bin/bash
# netsec-duty: the roster (generate, list, ical), swaps, closing checks, gaps, stats and
# DUTY-0001, with the bad inputs of issue 18 (a swap of a past slot or with someone not on the
# rota, a month without a roster, a date that does not exist) writing nothing. The patrols
# table is netsec-duty patrol's: the cases that need patrols write rows of it with sqlite3.
. "$(dirname "$0")/lib.sh"

DB=school/state/netsec.db

# duty_school: a school whose policy has a rota of five, the usual slots, a computer room with
# its checklist, a school holiday on 24–25 December and li on leave 14–18 December; the clock
# on 20 November 2026, before December's roster.
duty_school() {
    school &&
    cat >>school/policy.yaml <<'EOF' &&
calendar:
  terms:
    - {name: 第一学期, from: 2026-09-01, to: 2027-01-22}
  holidays:
    - {name: 校庆, from: 2026-12-24, to: 2026-12-25}
duty:
  people: [zhang, li, wang, zhao, sun]
  rooms:
    - name: 机房1
      close_by: "22:00"
      checklist: [power, doors, windows, {item: smoke, ok: none}]
  leave:
    - {user: li, from: 2026-12-14, to: 2026-12-18, note: 培训}
EOF
    NETSEC_NOW=2026-11-20T00:00:00Z && export NETSEC_NOW
}

# december: duty_school with December generated.
december() {
    duty_school && netsec-duty -q roster generate --month 2026-12 -f jsonl >/dev/null
}

# patrols_of DAY...: a patrol of the homepage at 09:00 local on each day (the patrols table of
# interfaces18, created here when netsec-duty patrol has not yet made it).
patrols_of() {
    sqlite3 $DB "CREATE TABLE IF NOT EXISTS patrols (id INTEGER PRIMARY KEY, url TEXT, fetched_at TEXT,
        status INTEGER, size INTEGER, sha256 TEXT, title TEXT, changed INTEGER, prohibited TEXT,
        numbers_shown TEXT, missing_numbers TEXT, error TEXT, evidence_id INTEGER, incident_id TEXT, by_user TEXT)" &&
    for day in "$@"; do
        sqlite3 $DB "INSERT INTO patrols (url, fetched_at, status, size, sha256, title, changed, prohibited,
            numbers_shown, missing_numbers, error, evidence_id, incident_id, by_user)
            VALUES ('https://www.example.edu.cn/', '${day}T01:00:00Z', 200, 100, '', '首页', 0, '[]', '[]', '[]', '',
            NULL, '', 'zhang')" || return 1
    done
}

# free_on DAY BEFORE AFTER: the first person of the rota who may take a slot of DAY: none of
# DAY's slots, nor the night of BEFORE, nor the morning slots of AFTER (back to back).
free_on() {
    netsec-duty roster list --month 2026-12 -f jsonl |
        jq -r -s --arg d "$1" --arg b "$2" --arg a "$3" \
            '[.[] | select(.date == $d or (.date == $b and .slot == "night") or (.date == $a and .slot != "night"))
              | .username] as $busy | ["zhang", "li", "wang", "zhao", "sun"] - $busy | .[0] // empty'
}

# journal_count: how many journal entries there are.
journal_count() {
    netsec-journal show -f jsonl | wc -l
}

# ---- roster generate ---------------------------------------------------------------------------

test_expect 'roster generate fills December fairly and shows the counts per person' '
    duty_school &&
    expect_code 0 netsec-duty roster generate --month 2026-12 -f json &&
    jq -r ".[] | .username" out >people && printf "li\nsun\nwang\nzhang\nzhao\n" >want && expect_equal want people &&
    jq -e "map(.slot_count) | (max - min) <= 1" out &&
    jq -e "map(.slot_count) | add == 62" out &&
    expect_grep "generated the roster of 2026-12: 62 slots, 0 without a person, 0 begun and kept" err &&
    netsec-journal show -f jsonl | jq -e -s "map(select(.action == \"duty.generated\")) | length == 1 and .[0].subject == \"2026-12\""
'

test_expect 'roster generate respects holidays, weekends and leave, and nobody is on two slots at once' '
    december &&
    netsec-duty roster list --month 2026-12 -f jsonl >slots &&
    test "$(wc -l <slots)" = 62 &&
    jq -e -s "map(select(.date == \"2026-12-24\") | .slot) | sort == [\"night\", \"weekend\"]" slots &&
    jq -e -s "map(select(.date == \"2026-12-05\") | .day_kind) | unique == [\"weekend\"]" slots &&
    jq -e -s "map(select(.date == \"2026-12-01\")) | map(.weekday) | unique == [\"tue\"]" slots &&
    jq -e -s "map(select(.username == \"li\" and .date >= \"2026-12-14\" and .date <= \"2026-12-18\")) | length == 0" slots &&
    jq -e -s "group_by(.username + .date) | map(length) | max == 1" slots &&
    jq -e -s "[.[] | select(.slot == \"night\")] as \$n | [.[] | select(.slot != \"night\")] as \$d |
        [\$n[] as \$a | \$d[] | select(.username == \$a.username and .starts_at == \$a.ends_at)] | length == 0" slots
'

test_expect 'roster generate refuses a month already generated without --replace, writing nothing' '
    december &&
    before=$(journal_count) &&
    expect_code 64 netsec-duty roster generate --month 2026-12 &&
    expect_grep "the roster of 2026-12 was generated on 2026-11-20T00:00:00Z; add --replace to generate its slots not yet begun again (slots already begun are kept)" err &&
    test "$(journal_count)" = "$before"
'

test_expect 'roster generate --replace never changes a slot that has begun' '
    december &&
    netsec-duty roster list --month 2026-12 -f jsonl | jq -c "select(.date < \"2026-12-10\")" >before &&
    sed -i "s/people: \[zhang, li, wang, zhao, sun\]/people: [zhang, li, wang, zhao, sun, qian]/" school/policy.yaml &&
    NETSEC_NOW=2026-12-10T00:00:00Z expect_code 0 netsec-duty roster generate --month 2026-12 --replace -f jsonl &&
    jq -e -s "map(select(.username == \"qian\")) | .[0].slot_count > 0" out &&
    netsec-duty roster list --month 2026-12 -f jsonl | jq -c "select(.date < \"2026-12-10\")" >after &&
    expect_equal before after &&
    expect_grep "begun and kept" err
'

test_expect 'roster generate: a month that has passed, a month that does not exist, no rota' '
    duty_school &&
    expect_code 64 netsec-duty roster generate --month 2026-10 &&
    expect_grep "every slot of 2026-10 has begun; past slots are never changed" err &&
    expect_code 64 netsec-duty roster generate --month 2026-13 &&
    expect_code 64 netsec-duty roster generate &&
    school other && expect_code 78 netsec-duty roster generate --month 2026-12 &&
    expect_grep "the policy has no duty rota; name its people under duty.people" err &&
    test "$(sqlite3 $DB "SELECT count(*) FROM duty_slots")" = 0
'

test_expect 'roster generate with too few people leaves slots empty and exits 1' '
    duty_school &&
    sed -i "s/people: \[zhang, li, wang, zhao, sun\]/people: [zhang]/; /- {user: li,/d" school/policy.yaml &&
    expect_code 1 netsec-duty roster generate --month 2026-12 -f jsonl &&
    expect_grep "without a person" err &&
    expect_code 1 netsec-duty gaps --month 2026-12 -f jsonl &&
    jq -e -s "map(select(.gap == \"unstaffed_slot\")) | length > 0" out
'

# ---- roster list -------------------------------------------------------------------------------

test_expect 'roster list of a month never generated is an error naming the command' '
    december &&
    expect_code 66 netsec-duty roster list --month 2027-01 &&
    printf "netsec-duty: no roster for 2027-01; generate it with ${SQ}netsec-duty roster generate --month 2027-01${SQ}\n" >want &&
    expect_equal want err
'

test_expect 'roster list -f html is the page for the door: a row a day, the slots as columns' '
    december &&
    expect_code 0 netsec-duty roster list --month 2026-12 -f html &&
    expect_grep "机房值班表 2026-12" out &&
    test "$(grep -o "<tr" out | wc -l)" -ge 32 &&
    expect_code 0 netsec-duty roster list --month 2026-12 -f markdown &&
    expect_grep "2026-12-31" out
'

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -n "$CHROMIUM" ] && command -v pdfinfo >/dev/null && command -v pdftotext >/dev/null; then
    test_expect 'roster list -f html prints on one A4 page (headless Chromium)' '
        december &&
        netsec-duty swap 2026-12-02 night --with "$(free_on 2026-12-02 2026-12-01 2026-12-03)" --reason 病假 -q &&
        netsec-duty roster list --month 2026-12 -f html >roster.html &&
        mkdir -p home &&
        HOME=$PWD/home timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run \
            --disable-background-networking --disable-component-update --disable-sync \
            --user-data-dir="$PWD/home/profile" --no-pdf-header-footer --print-to-pdf=roster.pdf \
            "file://$PWD/roster.html" 2>chrome.err &&
        test "$(pdfinfo roster.pdf | sed -n "s/^Pages: *//p")" = 1 &&
        pdfinfo roster.pdf | grep -q "^Page size:.*(A4)" &&
        pdftotext roster.pdf roster.txt &&
        expect_grep "机房值班表" roster.txt &&
        expect_grep "2026-12-31" roster.txt
    '
else
    test_skip 'roster list -f html prints on one A4 page (headless Chromium)' 'needs chromium and poppler-utils'
fi

# ---- roster ical -------------------------------------------------------------------------------

ICAL_PYTHON=/usr/bin/python3
if [ -x $ICAL_PYTHON ] && $ICAL_PYTHON -c "import icalendar" 2>/dev/null; then
    test_expect 'roster ical is an RFC 5545 file python3-icalendar reads, one event a slot' '
        december &&
        expect_code 0 netsec-duty roster ical --month 2026-12 &&
        mv out duty.ics &&
        $ICAL_PYTHON - duty.ics <<-"PY"
	import sys, icalendar
	data = open(sys.argv[1], "rb").read()
	lines = data.split(b"\r\n")
	assert lines[-1] == b"", "ends in CRLF"
	assert b"\n" not in data.replace(b"\r\n", b""), "no bare LF"
	assert all(len(l) <= 75 for l in lines), "folded at 75 octets"
	cal = icalendar.Calendar.from_ical(data)
	events = [c for c in cal.walk("VEVENT")]
	assert len(events) == 62, len(events)
	uids = {str(e["UID"]) for e in events}
	assert len(uids) == 62
	for e in events:
	    for key in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
	        assert key in e, key
	    assert e["DTSTART"].dt.tzinfo is not None
	    assert e["DTEND"].dt > e["DTSTART"].dt
	first = [e for e in events if str(e["UID"]).startswith("2026-12-01-night@")][0]
	assert first["DTSTART"].dt.isoformat() == "2026-12-01T09:00:00+00:00", first["DTSTART"].dt
	assert first["DTEND"].dt.isoformat() == "2026-12-02T00:00:00+00:00"
	assert "机房1" in str(first["LOCATION"])
	PY
    '
else
    test_skip 'roster ical is an RFC 5545 file python3-icalendar reads, one event a slot' 'needs python3-icalendar'
fi

test_expect 'roster ical --user keeps one person, and a slot keeps its UID through a swap' '
    december &&
    netsec-duty roster ical --month 2026-12 --user zhang >zhang.ics &&
    test "$(grep -c "^BEGIN:VEVENT" zhang.ics)" = "$(netsec-duty roster list --month 2026-12 -f jsonl | jq -s "map(select(.username == \"zhang\")) | length")" &&
    netsec-duty roster ical --month 2026-12 >before.ics &&
    other=$(free_on 2026-12-03 2026-12-02 2026-12-04) && test -n "$other" &&
    netsec-duty -q swap 2026-12-03 day --with $other &&
    netsec-duty roster ical --month 2026-12 >after.ics &&
    grep "^UID:2026-12-03-day@" after.ics >uid-after && grep "^UID:2026-12-03-day@" before.ics >uid-before &&
    expect_equal uid-before uid-after &&
    grep -q "^SEQUENCE:" after.ics &&
    expect_code 66 netsec-duty roster ical --month 2027-02
'

# ---- swap --------------------------------------------------------------------------------------

test_expect 'swap hands a slot to someone on the rota, journaled with both names' '
    december &&
    holder=$(netsec-duty roster list --month 2026-12 -f jsonl | jq -r "select(.date == \"2026-12-10\" and .slot == \"night\") | .username") &&
    with=$(free_on 2026-12-10 2026-12-09 2026-12-11) && test -n "$with" &&
    expect_code 0 netsec-duty swap 2026-12-10 night --with $with --reason 家中有事 -f jsonl &&
    jq -e --arg h $holder --arg w $with ".from_username == \$h and .to_username == \$w and .reason == \"家中有事\"" out &&
    netsec-duty roster list --month 2026-12 -f jsonl |
        jq -e -s --arg h $holder --arg w $with "map(select(.date == \"2026-12-10\" and .slot == \"night\")) | .[0] | .username == \$w and .rostered_username == \$h" &&
    netsec-journal show -f jsonl | jq -e -s --arg h $holder --arg w $with "map(select(.action == \"duty.swapped\")) | length == 1 and .[0].subject == \"2026-12-10 night\" and .[0].details.from == \$h and .[0].details.to == \$w"
'

test_expect 'swap refuses a past slot, someone not on the rota, a date that does not exist, writing nothing' '
    december &&
    before=$(journal_count) &&
    NETSEC_NOW=2026-12-05T12:00:00Z expect_code 64 netsec-duty swap 2026-12-02 night --with zhang &&
    expect_grep "the night slot of 2026-12-02 began at 2026-12-02 17:00; past slots are never changed" err &&
    expect_code 64 netsec-duty swap 2026-12-10 night --with qian &&
    printf "netsec-duty: ${SQ}qian${SQ} is not on the duty rota (duty.people); a slot goes only to someone on it\n" >want &&
    expect_equal want err &&
    expect_code 64 netsec-duty swap 2026-02-30 night --with zhang &&
    expect_grep "2026-02-30" err &&
    expect_code 64 netsec-duty swap 2026-12-10 lunch --with zhang &&
    expect_grep "unknown duty slot ${SQ}lunch${SQ}; the policy${SQ}s slots are day, night, weekend" err &&
    expect_code 66 netsec-duty swap 2027-01-10 night --with zhang &&
    expect_grep "the roster has no night slot on 2027-01-10" err &&
    expect_code 64 netsec-duty swap 2026-12-15 night --with li &&
    expect_grep "${SQ}li${SQ} is on leave on 2026-12-15" err &&
    test "$(journal_count)" = "$before" &&
    test "$(sqlite3 $DB "SELECT count(*) FROM duty_swaps")" = 0
'

test_expect 'swap refuses someone who would hold two slots at once or back to back' '
    december &&
    netsec-duty roster list --month 2026-12 -f jsonl >slots &&
    night=$(jq -r "select(.date == \"2026-12-09\" and .slot == \"night\") | .username" slots) &&
    expect_code 64 netsec-duty swap 2026-12-10 day --with $night &&
    expect_grep "nobody is on two slots at once or back to back" err
'

# ---- close -------------------------------------------------------------------------------------

test_expect 'close records a closing check with every item ok' '
    december && NETSEC_NOW=2026-12-01T11:00:00Z && export NETSEC_NOW &&
    expect_code 0 netsec-duty close 机房1 --by zhang --item power=ok doors=ok windows=ok smoke=none -f jsonl &&
    jq -e ".room == \"机房1\" and .date == \"2026-12-01\" and .username == \"zhang\" and .all_ok == true and .not_ok == null and .closed_at == \"2026-12-01T11:00:00Z\"" out &&
    expect_grep "closed 机房1 for the evening of 2026-12-01: all ok" err &&
    netsec-journal show -f jsonl | jq -e -s "map(select(.action == \"duty.closed\")) | length == 1 and .[0].subject == \"机房1 2026-12-01\""
'

test_expect 'close records an item not ok with its note and exits 1' '
    december && NETSEC_NOW=2026-12-01T11:00:00Z && export NETSEC_NOW &&
    expect_code 1 netsec-duty close 机房1 --item power=ok doors=ok "windows=第三排窗锁坏了" smoke=none -f jsonl &&
    jq -e ".all_ok == false and .not_ok == \"windows: 第三排窗锁坏了\"" out &&
    jq -e ".items | map(select(.ok == false)) | .[0].answer == \"第三排窗锁坏了\"" out &&
    expect_grep "not ok: windows: 第三排窗锁坏了" err &&
    test "$(sqlite3 $DB "SELECT count(*) FROM duty_closings WHERE all_ok = 0")" = 1
'

test_expect 'close refuses a missing item, an unknown item or room, writing nothing' '
    december &&
    expect_code 64 netsec-duty close 机房1 --item power=ok doors=ok &&
    printf "netsec-duty: the closing check of 机房1 is missing items; answer them too: --item windows=ok smoke=none\n" >want &&
    expect_equal want err &&
    expect_code 64 netsec-duty close 机房1 --item power=ok doors=ok windows=ok smoke=none lights=off &&
    expect_grep "the checklist of 机房1 has no item ${SQ}lights${SQ}; its items are power, doors, windows, smoke" err &&
    expect_code 64 netsec-duty close 机房1 --item power &&
    expect_grep "--item ${SQ}power${SQ} expects ITEM=ANSWER, such as power=ok" err &&
    expect_code 64 netsec-duty close 机房9 --item power=ok &&
    expect_grep "unknown room ${SQ}机房9${SQ}; the policy${SQ}s rooms are 机房1" err &&
    expect_code 64 netsec-duty close 机房1 --at "2026-12-25 18:00" --item power=ok doors=ok windows=ok smoke=none &&
    expect_grep "is in the future" err &&
    test "$(sqlite3 $DB "SELECT count(*) FROM duty_closings")" = 0
'

test_expect 'close after midnight counts for the evening before' '
    december && NETSEC_NOW=2026-12-02T17:00:00Z && export NETSEC_NOW &&
    expect_code 0 netsec-duty close 机房1 --at "2026-12-02 00:30" --item power=ok doors=ok windows=ok smoke=none -f jsonl &&
    jq -e ".date == \"2026-12-01\"" out
'

# ---- gaps --------------------------------------------------------------------------------------

close_ok() { # close_ok "YYYY-MM-DD HH:MM": 机房1 closed then, every item ok
    netsec-duty -q close 机房1 --at "$1" --item power=ok doors=ok windows=ok smoke=none
}

test_expect 'gaps --month names each evening without a closing check and each day without a patrol' '
    december && NETSEC_NOW=2026-12-04T15:00:00Z && export NETSEC_NOW &&
    close_ok "2026-12-01 18:00" && close_ok "2026-12-03 18:30" &&
    patrols_of 2026-12-01 2026-12-02 &&
    expect_code 1 netsec-duty gaps --month 2026-12 -f tsv &&
    printf "date\tgap\tslot\troom\tdue_at\n2026-12-02\tmissed_closing\t\t机房1\t2026-12-02T14:00:00Z\n2026-12-03\tmissed_patrol\t\t\t2026-12-03T16:00:00Z\n2026-12-04\tmissed_closing\t\t机房1\t2026-12-04T14:00:00Z\n" >want &&
    expect_equal want out
'

test_expect 'gaps --month is quiet, exit 0, when every slot is held and every check done' '
    december && NETSEC_NOW=2026-12-02T15:00:00Z && export NETSEC_NOW &&
    close_ok "2026-12-01 18:00" && close_ok "2026-12-02 18:00" && patrols_of 2026-12-01 &&
    expect_code 0 netsec-duty gaps --month 2026-12 -f jsonl &&
    test ! -s out
'

test_expect 'gaps: a month that does not exist is refused' '
    december &&
    expect_code 64 netsec-duty gaps --month 2026-00
'

# cron lives simulated days at 23:30 local (15:30 UTC): each gap is loud once, a quiet day is silent.
test_expect 'gaps under cron: a quiet day prints nothing, a missed closing check is loud once' '
    december && patrols_of 2026-12-01 2026-12-02 2026-12-03 &&
    NETSEC_NOW=2026-12-01T10:30:00Z close_ok "2026-12-01 18:30" &&
    NETSEC_NOW=2026-12-01T15:30:00Z expect_code 0 netsec-duty gaps -f table && test ! -s out && test ! -s err &&
    NETSEC_NOW=2026-12-02T15:30:00Z expect_code 1 netsec-duty gaps -f tsv &&
    printf "date\tgap\tslot\troom\tdue_at\n2026-12-02\tmissed_closing\t\t机房1\t2026-12-02T14:00:00Z\n" >want &&
    expect_equal want out &&
    NETSEC_NOW=2026-12-03T10:30:00Z close_ok "2026-12-03 18:30" &&
    NETSEC_NOW=2026-12-03T15:30:00Z expect_code 0 netsec-duty gaps -f table && test ! -s out
'

test_expect 'gaps under cron warns of a slot without a person starting in the next day' '
    duty_school &&
    sed -i "s/people: \[zhang, li, wang, zhao, sun\]/people: [zhang, wang]/; /- {user: li,/d" school/policy.yaml &&
    netsec-duty -q roster generate --month 2026-12 -f jsonl >/dev/null;
    netsec-duty roster list --month 2026-12 -f jsonl | jq -r "select(.username == null) | .starts_at" | head -1 >first &&
    test -s first &&
    when=$(date -u -d "$(cat first) - 1 hour" +%Y-%m-%dT%H:%M:%SZ) &&
    NETSEC_NOW=$when expect_code 1 netsec-duty gaps -f jsonl &&
    jq -e -s "map(select(.gap == \"unstaffed_slot\")) | length >= 1" out
'

test_expect 'gaps without a rota is a policy error' '
    school && expect_code 78 netsec-duty gaps
'

# ---- stats -------------------------------------------------------------------------------------

test_expect 'stats -f json counts slots, swaps, closing checks, patrols and gaps of the year' '
    december && NETSEC_NOW=2026-12-03T15:00:00Z && export NETSEC_NOW &&
    close_ok "2026-12-01 18:00" &&
    netsec-duty -q close 机房1 --at "2026-12-02 18:00" --item power=ok doors=ok "windows=坏了" smoke=none;
    patrols_of 2026-12-01 2026-12-02 2026-12-03 &&
    sqlite3 $DB "UPDATE patrols SET changed = 1 WHERE fetched_at LIKE ${SQ}2026-12-02%${SQ}" &&
    netsec-duty -q swap 2026-12-20 night --with "$(free_on 2026-12-20 2026-12-19 2026-12-21)" &&
    expect_code 0 netsec-duty stats --year 2026 -f json &&
    jq -e "map(select(.dimension == \"slots\")) | .[0].value == 62" out &&
    jq -e "map(select(.dimension == \"swaps\")) | .[0].value == 1" out &&
    jq -e "map(select(.dimension == \"closing_checks\")) | .[0].value == 2" out &&
    jq -e "map(select(.dimension == \"closing_checks_not_ok\")) | .[0].value == 1" out &&
    jq -e "map(select(.dimension == \"closing_items_not_ok\" and .key == \"windows\")) | .[0].value == 1" out &&
    jq -e "map(select(.dimension == \"patrols\")) | .[0].value == 3" out &&
    jq -e "map(select(.dimension == \"patrol_findings\" and .key == \"changed\")) | .[0].value == 1" out &&
    jq -e "map(select(.dimension == \"gaps\" and .key == \"missed_closing\")) | .[0].value == 1" out &&
    jq -e "map(select(.dimension == \"slots_by_person\")) | map(.value) | add == 62" out &&
    expect_code 0 netsec-duty stats --year 2025 -f json &&
    jq -e "map(select(.dimension == \"slots\")) | .[0].value == 0" out &&
    expect_code 64 netsec-duty stats --year 12
'

# ---- DUTY-0001 ---------------------------------------------------------------------------------

test_expect 'DUTY-0001 passes when every day since the first roster is kept' '
    december && NETSEC_NOW=2026-12-02T15:00:00Z && export NETSEC_NOW &&
    close_ok "2026-12-01 18:00" && close_ok "2026-12-02 18:00" && patrols_of 2026-12-01 2026-12-02 &&
    expect_code 0 netsec-audit run --check DUTY-0001 --fail-on medium -f jsonl &&
    jq -r "\"\(.subject) \(.status)\"" out | sort >actual &&
    printf "patrol pass\nroster pass\n机房1 pass\n" | sort >want && expect_equal want actual
'

test_expect 'DUTY-0001 fails naming the missed closing checks, and without a rota is not applicable' '
    december && NETSEC_NOW=2026-12-04T15:00:00Z && export NETSEC_NOW &&
    close_ok "2026-12-01 18:00" && patrols_of 2026-12-01 2026-12-02 2026-12-03 2026-12-04 &&
    expect_code 1 netsec-audit run --check DUTY-0001 --fail-on medium -f jsonl &&
    jq -r "select(.status == \"fail\") | .subject" out >failed &&
    expect_grep "机房1" failed &&
    jq -r "select(.subject == \"机房1\") | .detail" out >detail &&
    expect_grep "2026-12-02" detail &&
    school other && NETSEC_POLICY=$PWD/other/policy.yaml expect_code 0 netsec-audit run --check DUTY-0001 -f jsonl &&
    jq -e "select(.check_id == \"DUTY-0001\") | .status == \"not_applicable\"" out
'

# ---- policy ------------------------------------------------------------------------------------

test_expect 'policy check names a bad duty section by file:line' '
    duty_school &&
    sed -i "s/close_by: \"22:00\"/close_by: \"25:00\"/" school/policy.yaml &&
    expect_code 78 netsec-policy check &&
    expect_grep "expects a time of day HH:MM such as 17:30, found ${SQ}25:00${SQ}" err &&
    sed -i "s/close_by: \"25:00\"/close_by: \"22:00\"/; s/- {user: li, from/- {user: qian, from/" school/policy.yaml &&
    expect_code 78 netsec-policy check &&
    expect_grep "names ${SQ}qian${SQ}, who is not on the duty rota (duty.people)" err
'

test_expect 'policy show prints the duty section with its default slots' '
    duty_school &&
    netsec-policy show -f json >out &&
    jq -e ".duty.slots | map(.name) == [\"day\", \"night\", \"weekend\"]" out &&
    jq -e ".duty.rooms[0].checklist[3] == {\"item\": \"smoke\", \"ok\": \"none\"}" out
'

test_done
