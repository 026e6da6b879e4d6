#!/bin/bash
# Ten thousand machines and their antivirus: netsec-asset import of the register, av import of
# a Get-MpComputerStatus export (zh-CN dates, BOM, #TYPE) and av status over them, beside
# sqlite3 .import of the same two CSV files into plain tables and one SELECT joining them;
# reported as seconds and ratios (the target: within 2x). Usage: bench/asset.sh BIN
# N (default 10000) sets the number of machines; RUNS (default 3) takes the median.
set -euo pipefail
BIN=$(cd "${1:?usage: asset.sh BIN}" && pwd)
N=${N:-10000}
RUNS=${RUNS:-3}
command -v sqlite3 >/dev/null || { echo "asset.sh: sqlite3 is missing (package sqlite3)" >&2; exit 69; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

# The register: 100 rooms of 100 lab PCs, each with a MAC.
awk -v n="$N" 'BEGIN {
    print "tag,hostname,mac,ip,room,kind,status"
    for (i = 0; i < n; i++) {
        room = sprintf("R%03d", int(i / 100)); seq = i % 100 + 1
        printf "%s-%03d,%s-PC%03d,02:00:%02x:%02x:%02x:%02x,10.%d.%d.%d,%s,lab_pc,in_use\n", room, seq, room, seq,
               int(i / 16777216) % 256, int(i / 65536) % 256, int(i / 256) % 256, i % 256,
               int(i / 65536) % 256, int(i / 256) % 256, i % 256, room
    }
}' >machines.csv
# Their antivirus, as Windows PowerShell 5.1 exports it on zh-CN Windows.
{
    printf '\357\273\277#TYPE Microsoft.Management.Infrastructure.CimInstance#ROOT/Microsoft/Windows/Defender/MSFT_MpComputerStatus\r\n'
    awk -v n="$N" 'BEGIN {
        print "\"AMEngineVersion\",\"AMProductVersion\",\"AntivirusEnabled\",\"AntivirusSignatureLastUpdated\",\"AntivirusSignatureVersion\",\"FullScanEndTime\",\"QuickScanEndTime\",\"RealTimeProtectionEnabled\",\"PSComputerName\"\r"
        for (i = 0; i < n; i++) {
            room = sprintf("R%03d", int(i / 100)); seq = i % 100 + 1
            printf "\"1.1.24090.11\",\"4.18.24090.11\",\"True\",\"2026/11/%d %d:15:02\",\"1.421.%d.0\",\"2026/10/1 12:00:00\",\"2026/11/%d 9:00:00\",\"%s\",\"%s-PC%03d\"\r\n",
                   1 + i % 24, i % 24, i % 1000, 1 + i % 24, (i % 97 ? "True" : "False"), room, seq
        }
    }'
} >defender.csv

seconds() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N); awk -v d=$((e - s)) 'BEGIN { printf "%.3f", d / 1e9 }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

ours() {
    rm -rf state && mkdir state
    "$BIN/netsec-policy" init -q state/policy.yaml
    export NETSEC_POLICY=$work/state/policy.yaml NETSEC_NOW=2026-11-25T00:00:00Z
    local a b c
    a=$(seconds "$BIN/netsec-asset" -q import machines.csv)
    b=$(seconds "$BIN/netsec-asset" -q av import defender.csv)
    c=$(seconds "$BIN/netsec-asset" av status -f jsonl)
    echo "$a $b $c"
}
# The same rows written by sqlite3 into netsec's own asset tables (their keys and indexes), from
# a staging .import: the floor of the writes the register import makes, without its checks and
# without the journal entry each machine gets.
same_tables() {
    rm -rf floor && mkdir floor
    "$BIN/netsec-policy" init -q floor/policy.yaml
    NETSEC_POLICY=$work/floor/policy.yaml "$BIN/netsec-asset" list >/dev/null
    seconds sqlite3 floor/state/netsec.db -cmd '.mode csv' -cmd '.import machines.csv staging' \
        "BEGIN; INSERT INTO assets (tag, hostname, ip, room, kind, custodian, os, importance, status, bought_on,
           warranty_until, last_seen_at, retired_at, note, created_at, updated_at)
         SELECT tag, hostname, ip, room, kind, '', '', 'normal', status, '', '', '', '', '',
           '2026-11-25T00:00:00Z', '2026-11-25T00:00:00Z' FROM staging;
         INSERT INTO asset_macs (mac, tag) SELECT mac, tag FROM staging; COMMIT;"
}
theirs() {
    rm -f peer.db
    local a b c
    a=$(seconds sqlite3 peer.db -cmd '.mode csv' -cmd '.import machines.csv machines' '.exit')
    b=$(seconds sqlite3 peer.db -cmd '.mode csv' -cmd '.import --skip 1 defender.csv av' '.exit')
    c=$(seconds sqlite3 -json peer.db 'SELECT m.tag, m.room, a.* FROM machines m LEFT JOIN av a ON a.PSComputerName = m.hostname')
    echo "$a $b $c"
}

: >ours.txt
: >theirs.txt
: >floor.txt
for _ in $(seq "$RUNS"); do ours >>ours.txt; theirs >>theirs.txt; same_tables >>floor.txt; echo >>floor.txt; done
col() { awk -v c="$2" '{ print $c }' "$1" | median; }
printf '%-36s %10s %10s %7s\n' "$N machines (median of $RUNS)" "sqlite3 s" "netsec s" "ratio"
for step in 1:"register import" 2:"antivirus import" 3:"av status / SELECT"; do
    c=${step%%:*}
    name=${step#*:}
    t=$(col theirs.txt "$c")
    o=$(col ours.txt "$c")
    awk -v name="$name" -v t="$t" -v o="$o" 'BEGIN { printf "%-36s %10.3f %10.3f %7.2f\n", name, t, o, (t > 0 ? o / t : 0) }'
done
f=$(median <floor.txt)
o=$(col ours.txt 1)
awk -v name="register import, same tables" -v t="$f" -v o="$o" \
    'BEGIN { printf "%-36s %10.3f %10.3f %7.2f\n", name, t, o, (t > 0 ? o / t : 0) }'
