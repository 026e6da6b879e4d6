#!/bin/bash
# netsec-backup beside restic and borg on the shared school data set: runs the harness in
# ../shared/bench (see its README) with our adapter. Usage: bench/backup.sh BIN_DIR
# Settings pass through: RUNS (default 1), PEERS (default "netsec restic borg-lz4 borg-zstd3"),
# STEPS, WORK, SCALE. Results: $WORK/results/<run>/results.tsv and the summary table.
set -euo pipefail
bin=$(cd "${1:?usage: bench/backup.sh BIN_DIR}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
harness=${NETSEC_BENCH_HARNESS:-$here/../../shared/bench}
[ -x "$harness/run-peers.sh" ] || [ -f "$harness/run-peers.sh" ] || {
    echo "bench-backup: no harness at $harness (set NETSEC_BENCH_HARNESS)" >&2
    exit 69
}
export NETSEC_BACKUP=$bin/netsec-backup
export PEERS=${PEERS:-"netsec restic borg-lz4 borg-zstd3"}
exec bash "$harness/run-peers.sh"
