#!/bin/bash
# Kills netsec-backup runs with SIGKILL at random moments, CRASH_RUNS times (default 50). After
# every kill, `verify --read-data` must pass; then a complete run must succeed (breaking the
# dead run's lock) and its snapshot restore identical to the source, and every earlier snapshot
# must still restore. Needs netsec-backup on PATH (or NETSEC_BIN). Exit 0 when all held.
set -u
[ -n "${NETSEC_BIN:-}" ] && PATH=$NETSEC_BIN:$PATH
runs=${CRASH_RUNS:-50}
work=$(mktemp -d "${TMPDIR:-/tmp}/netsec-crash.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
export NETSEC_BACKUP_PASSPHRASE=crash-test
fail() { echo "backup-crash: $*" >&2; exit 1; }

mkdir -p src/data
for i in $(seq 1 8); do head -c $((2000000 + i * 300000)) /dev/urandom >"src/data/file$i"; done
for i in $(seq 1 200); do printf "small %d\n" $i >"src/data/s$i.txt"; done
netsec-backup init -q --repo R --encrypt || fail "init failed"
(cd src && netsec-backup run -q --repo ../R data) || fail "first run failed"

killed=0
for n in $(seq 1 "$runs"); do
    # change something each time, so runs have new data to write
    head -c 1500000 /dev/urandom >"src/data/file$((n % 8 + 1))"
    printf "run %d\n" "$n" >>src/data/s1.txt
    (cd src && exec netsec-backup run -q --repo ../R --lock-wait 5 data) >/dev/null 2>&1 &
    pid=$!
    sleep "0.$(printf '%03d' $((RANDOM % 250)))"
    if kill -9 "$pid" 2>/dev/null; then killed=$((killed + 1)); fi
    wait "$pid" 2>/dev/null
    netsec-backup verify -q --repo R --read-data >verify.out 2>&1 || { cat verify.out; fail "verify failed after kill $n"; }
    (cd src && netsec-backup run -q --repo ../R --lock-wait 5 data) 2>run.err || { cat run.err; fail "the run after kill $n failed"; }
    rm -rf out && netsec-backup restore -q latest --repo R --to out || fail "restore after kill $n failed"
    diff -r src out >/dev/null || fail "the restore after kill $n differs from the source"
done
# every snapshot ever made still restores and verifies
netsec-backup verify -q --repo R --read-data || fail "final verify failed"
for id in $(netsec-backup snapshots --repo R -f jsonl | sed 's/.*"snapshot_id":"\([0-9a-f]*\)".*/\1/'); do
    rm -rf out && netsec-backup restore -q "$id" --repo R --to out || fail "snapshot $id no longer restores"
done
echo "backup-crash: $runs runs, $killed killed mid-run: the repository verified and restored every time"
