#!/bin/bash
# Kills netsec-backup prune with SIGKILL at random moments, CRASH_RUNS times (default 50). A
# repository with PRUNE_SNAPSHOTS snapshots (default 30) of changing data is made once, with
# the source as each snapshot held it kept beside it (states/ID) and its export's SHA-256.
# Each round starts from a copy of that repository and kills one to three prunes in a row
# (random --keep-last K), each at a random moment of a complete prune's time (most of them near
# its end, where the deleting is done). After every
# kill: `verify --read-data` must pass; every snapshot still listed must be one that was made,
# export to the same bytes as before and restore identical to its source state; the newest K
# must all still be there. Then a complete prune must succeed, keep exactly the newest K, and
# the same checks must hold. Needs netsec-backup on PATH (or NETSEC_BIN). Exit 0 when all held.
#
#   NETSEC_BIN=build/bin CRASH_RUNS=50 bash tests/crash/prune-crash.sh
#   PRUNE_KEEP_WORK=1 keeps the work folder (named on stderr) after a failure.
set -u
[ -n "${NETSEC_BIN:-}" ] && PATH=$(cd "$NETSEC_BIN" && pwd):$PATH
runs=${CRASH_RUNS:-50}
snapshots=${PRUNE_SNAPSHOTS:-30}
work=$(mktemp -d "${TMPDIR:-/tmp}/netsec-prune-crash.XXXXXX")
cleanup() { [ -n "${PRUNE_KEEP_WORK:-}" ] && [ -n "${failed:-}" ] && return; rm -rf "$work"; }
trap cleanup EXIT
cd "$work" || exit 1
export NETSEC_BACKUP_PASSPHRASE=crash-test
failed=""
fail() {
    failed=1
    echo "prune-crash: $*" >&2
    [ -n "${PRUNE_KEEP_WORK:-}" ] && echo "prune-crash: the work folder is kept: $work" >&2
    exit 1
}
ids() { netsec-backup snapshots --repo "$1" -f jsonl | sed 's/.*"snapshot_id":"\([0-9a-f]*\)".*/\1/'; }
now_ms() { date +%s%3N; }

# --- the repository: many snapshots of changing data -------------------------------------
mkdir -p src/data/sub states
for i in $(seq 1 6); do head -c $((300000 + i * 100000)) /dev/urandom >"src/data/big$i"; done
for i in $(seq 1 60); do printf "small %d\n" "$i" >"src/data/sub/s$i.txt"; done
netsec-backup init -q --repo R0 --encrypt || fail "init failed"
for n in $(seq 1 "$snapshots"); do
    # new data each run, some files gone and back, so that packs end up partly used
    head -c $((300000 + RANDOM * 10)) /dev/urandom >"src/data/big$((n % 6 + 1))"
    head -c 200000 /dev/urandom >"src/data/run$n"
    rm -f "src/data/run$((n - 3))"
    printf "run %d\n" "$n" >>src/data/sub/s1.txt
    [ $((n % 5)) -eq 0 ] && rm -f "src/data/sub/s$n.txt"
    id=$(cd src && netsec-backup run -q --repo ../R0 -f jsonl data | sed 's/.*"snapshot_id":"\([0-9a-f]*\)".*/\1/')
    [ -n "$id" ] || fail "run $n failed"
    cp -R src "states/$id"
    netsec-backup export "$id" --repo R0 | sha256sum | cut -d' ' -f1 >"states/$id.tar.sha256" || fail "export of $id failed"
done
ids R0 >all-ids
[ "$(wc -l <all-ids)" -eq "$snapshots" ] || fail "expected $snapshots snapshots, found $(wc -l <all-ids)"
netsec-backup verify -q --repo R0 --read-data || fail "the new repository does not verify"

# How long a complete prune takes (of the repository as made, keeping a third; the quickest
# of three). Most of it is opening the repository (scrypt) and reading the trees; the deleting
# is in its last fifth or so. A third of the kills fall anywhere up to a little past its end,
# two thirds from 60 % to 110 % of it.
took=
for i in 1 2 3; do
    rm -rf R && cp -R R0 R
    start=$(now_ms)
    netsec-backup prune -q --repo R --keep-last $((snapshots / 3)) || fail "a complete prune failed"
    t=$(( $(now_ms) - start ))
    [ -z "$took" ] || [ "$t" -lt "$took" ] && took=$t
done
echo "prune-crash: $snapshots snapshots; a complete prune takes about $took ms" >&2
files() { (cd R && find snapshots index data -type f ! -name '.tmp-*' | LC_ALL=C sort); }

# check WHEN KEEP: the repository R after WHEN holds every snapshot it lists, as it was made,
# and still lists the newest KEEP (all made snapshots are in all-ids, oldest first).
check() {
    local when=$1 keep=$2 id
    netsec-backup verify -q --repo R --read-data >verify.out 2>&1 || { cat verify.out >&2; fail "verify failed $when"; }
    ids R >listed || fail "snapshots failed $when"
    for id in $(tail -n "$keep" all-ids); do
        grep -qx "$id" listed || fail "snapshot $id, among the newest $keep, is gone $when"
    done
    while read -r id; do
        [ -d "states/$id" ] || fail "snapshot $id is listed $when but was never made"
        sum=$(netsec-backup export "$id" --repo R | sha256sum | cut -d' ' -f1)
        [ "$sum" = "$(cat "states/$id.tar.sha256")" ] || fail "snapshot $id exports differently $when"
        rm -rf out && netsec-backup restore -q "$id" --repo R --to out || fail "snapshot $id does not restore $when"
        diff -r "states/$id" out >/dev/null || fail "snapshot $id restores different files $when"
    done <listed
}

# How far the killed prunes had gone: past deleting snapshots, past writing the new index,
# past deleting packs.
killed=0 finished=0 kills=0 had_snapshots=0 had_index=0 had_packs=0
for n in $(seq 1 "$runs"); do
    rm -rf R && cp -R R0 R
    keep_min=$snapshots
    for k in $(seq 1 $((RANDOM % 3 + 1))); do
        keep=$((RANDOM % (snapshots - 1) + 1))
        [ "$keep" -lt "$keep_min" ] && keep_min=$keep
        files >before
        netsec-backup prune -q --repo R --keep-last "$keep" --lock-wait 5 >/dev/null 2>prune.err &
        pid=$!
        delay=$((RANDOM * 32768 + RANDOM))
        if [ $((RANDOM % 3)) -eq 0 ]; then
            delay=$((delay % (took * 6 / 5 + 1)))
        else
            delay=$((took * 3 / 5 + delay % (took / 2 + 1)))
        fi
        sleep "$((delay / 1000)).$(printf '%03d' $((delay % 1000)))"
        kills=$((kills + 1))
        kill -9 "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        rc=$?
        if [ "$rc" -eq 137 ]; then
            killed=$((killed + 1))
            files >after
            comm -23 before after | grep -q '^snapshots/' && had_snapshots=$((had_snapshots + 1))
            comm -13 before after | grep -q '^index/' && had_index=$((had_index + 1))
            comm -23 before after | grep -q '^data/' && had_packs=$((had_packs + 1))
        fi
        # a prune that finished before the kill must have succeeded
        [ "$rc" -eq 0 ] || [ "$rc" -eq 137 ] || { cat prune.err >&2; fail "prune --keep-last $keep exited $rc (round $n)"; }
        [ "$rc" -eq 0 ] && finished=$((finished + 1))
        # what a finished prune may remove: all but the newest `keep`; a killed one, no more
        check "after prune --keep-last $keep was killed at $delay ms (round $n, kill $k)" "$keep_min"
    done
    keep=$((RANDOM % keep_min + 1))
    netsec-backup prune -q --repo R --keep-last "$keep" --lock-wait 5 2>prune.err ||
        { cat prune.err >&2; fail "the complete prune --keep-last $keep after round $n failed"; }
    [ "$(ids R | wc -l)" -eq "$keep" ] || fail "the complete prune --keep-last $keep after round $n kept $(ids R | wc -l)"
    check "after the complete prune --keep-last $keep (round $n)" "$keep"
done
echo "prune-crash: $runs rounds, $kills prunes started, $killed killed mid-prune ($finished had finished;" \
    "of the killed, $had_snapshots had deleted snapshots, $had_index written an index, $had_packs deleted packs):" \
    "the repository verified and every listed snapshot restored identical every time"
