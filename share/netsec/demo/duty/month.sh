#!/bin/bash
# The demo's month of duty (demo.sh runs it with the tools on PATH and NETSEC_POLICY set):
# November 2026 generated at the end of October, one swap, the computer room closed every
# school-day evening from the 2nd to the 25th but two (the 12th and the 19th), then the gaps,
# the printable roster, the iCalendar file and the year's figures. DIR is the demo's folder.
set -euo pipefail
DIR=${1:?usage: month.sh DIR}
SRC=$(cd "$(dirname "$0")" && pwd)
step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@"; }

cat "$SRC/rota.yaml" >> "$NETSEC_POLICY"
export NETSEC_NOW=2026-10-28T02:00:00Z
step netsec-duty roster generate --month 2026-11 -f table
night20=$(netsec-duty roster list --month 2026-11 -f jsonl | jq -r 'select(.date == "2026-11-20" and .slot == "night") | .username')
# Someone free to take the 20th's night: no slot that day, nor the 19th's night, nor the 21st's
# morning (nobody is on two slots at once or back to back).
taker=$(netsec-duty roster list --month 2026-11 -f jsonl |
    jq -r -s '[.[] | select(.date == "2026-11-20" or (.date == "2026-11-19" and .slot == "night") or
                          (.date == "2026-11-21" and .slot != "night")) | .username] as $busy |
              ["wangli", "zhaoqiang", "liuyang", "chenjing", "sunhao"] - $busy | .[0]')
step netsec-duty swap 2026-11-20 night --with "$taker" --reason "$night20 家中有事" -f table

# The school days of November up to the 25th: the day slot's holder closes the room at 18:10.
for day in $(seq -f "2026-11-%02g" 2 25); do
    holder=$(netsec-duty roster list --month 2026-11 -f jsonl |
        jq -r --arg d "$day" 'select(.date == $d and .slot == "day") | .username')
    [ -n "$holder" ] || continue # a weekend: no day slot, the room stays shut
    case $day in 2026-11-12 | 2026-11-19) continue ;; esac # forgotten
    answers="power=ok doors=ok windows=ok smoke=none"
    [ "$day" = 2026-11-05 ] && answers="power=ok doors=ok windows=后窗插销坏了，已报修 smoke=none"
    # shellcheck disable=SC2086
    NETSEC_NOW=${day}T10:15:00Z netsec-duty -q close 机房1 --by "$holder" --at "$day 18:10" --item $answers || [ $? = 1 ]
done
echo "(closed 机房1 on the school-day evenings of 2–25 November, but the 12th and the 19th)"

export NETSEC_NOW=2026-11-25T15:00:00Z
printf '\n\033[1m$ %s\033[0m\n' "netsec-duty gaps --month 2026-11 -f table"
netsec-duty gaps --month 2026-11 -f table || [ $? = 1 ]
netsec-duty roster list --month 2026-11 -f html > "$DIR/duty-roster-2026-11.html"
printf '\n\033[1m$ %s\033[0m\n' "netsec-duty roster list --month 2026-11 -f html > duty-roster-2026-11.html"
netsec-duty roster ical --month 2026-11 > "$DIR/duty-2026-11.ics"
printf '\n\033[1m$ %s\033[0m\n' "netsec-duty roster ical --month 2026-11 > duty-2026-11.ics"
step netsec-duty stats --year 2026 -f table
unset NETSEC_NOW
