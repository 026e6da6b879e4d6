#!/bin/bash
# Issuing 1,200 pupil passwords: netsec-account issue on one thread and on every core, beside
# mkpasswd -m yescrypt (package whois) hashing the same count one process each, reported as
# time per hash, total and ratios. Usage: bench/issue.sh BIN   (the folder of the built tools)
set -euo pipefail
BIN=$(cd "${1:?usage: issue.sh BIN}" && pwd)
N=${N:-1200}
command -v mkpasswd >/dev/null || { echo "issue.sh: mkpasswd is missing (package whois)" >&2; exit 69; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
"$BIN/netsec-policy" init -q policy.yaml
export NETSEC_POLICY=$work/policy.yaml
awk -v n="$N" 'BEGIN { print "姓名,班级"; for (i = 1; i <= n; i++) printf "学生%d,%d级%d班\n", i, 2020 + int((i-1)/240), 1 + int(((i-1)%240)/40) }' >roster.csv
"$BIN/netsec-account" -q import roster.csv --kind pupil >/dev/null

seconds() { local s e; s=$(date +%s%N); "$@" >/dev/null; e=$(date +%s%N); awk -v d=$((e - s)) 'BEGIN { printf "%.3f", d / 1e9 }'; }

one=$(seconds "$BIN/netsec-account" -q issue --class '*' --jobs 1 -f jsonl)
all=$(seconds "$BIN/netsec-account" -q reset --class '*' -f jsonl)
mk=$(seconds bash -c "for i in \$(seq $N); do mkpasswd -m yescrypt \"password\$i\"; done")
cores=$(nproc)
awk -v n="$N" -v mk="$mk" -v one="$one" -v all="$all" -v cores="$cores" 'BEGIN {
    printf "%-44s %9s %11s %7s\n", n " passwords", "total s", "ms per hash", "ratio"
    printf "%-44s %9.2f %11.2f %7.2f\n", "mkpasswd -m yescrypt, one process each", mk, mk * 1000 / n, 1
    printf "%-44s %9.2f %11.2f %7.2f\n", "netsec-account issue --jobs 1", one, one * 1000 / n, one / mk
    printf "%-44s %9.2f %11.2f %7.2f\n", "netsec-account reset, " cores " threads", all, all * 1000 / n, all / mk
}' 
