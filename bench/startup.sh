#!/bin/bash
# make bench-startup: how long a netsec tool takes to start and answer, beside sqlite3 starting
# and quitting, measured by hyperfine in one run and reported as ratios (target: within 2x).
# Usage: bench/startup.sh BIN   (the folder of the built tools)
set -euo pipefail
BIN=$(cd "${1:?usage: startup.sh BIN}" && pwd)
RUNS=${RUNS:-200}
command -v hyperfine >/dev/null || { echo "startup.sh: hyperfine is missing; run 'scripts/deps.sh bench'" >&2; exit 69; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$BIN/netsec-policy" init -q "$work/policy.yaml"
export NETSEC_POLICY=$work/policy.yaml
# An empty journal: init journals the policy, so start from a fresh database with none.
rm -f "$work/state/netsec.db"*
"$BIN/netsec-journal" verify -q >/dev/null 2>&1 || true
sqlite3 "$work/state/netsec.db" "DELETE FROM journal" 2>/dev/null || true

hyperfine -N --warmup 20 --runs "$RUNS" --export-json "$work/result.json" --style basic \
    -n 'sqlite3 :memory: .quit' "sqlite3 :memory: .quit" \
    -n 'netsec-policy --version' "$BIN/netsec-policy --version" \
    -n 'netsec-journal show (empty)' "$BIN/netsec-journal show -f jsonl" >&2

python3 - "$work/result.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
base = r[0]["mean"]
print(f"{'command':32} {'mean ms':>8} {'ratio':>6}")
for x in r:
    print(f"{x['command']:32} {x['mean']*1000:8.2f} {x['mean']/base:6.2f}")
PY
