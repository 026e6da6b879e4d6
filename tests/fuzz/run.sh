#!/usr/bin/env bash
# Runs every libFuzzer target in BIN_DIR for SECONDS each, one after the other, on a copy of
# its seed corpus (tests/fuzz/corpus/TARGET/, plus the starting policy rendered from
# share/netsec/policy.yaml.in as it is now), so the repository is never modified.
# Inputs that crash, leak, hang or run out of memory are kept in BIN_DIR/../fuzz-artifacts/
# (reproduce one with: BIN_DIR/TARGET FILE). Exits 1 when any target found a problem.
#
#   usage: tests/fuzz/run.sh BIN_DIR SECONDS   (FUZZ_TARGETS="fuzz_logins ..." runs only those)
set -u
if [ $# -ne 2 ]; then
    echo "usage: $0 BIN_DIR SECONDS" >&2
    exit 64
fi
bin=$(cd "$1" && pwd) || exit 66
seconds=$2
here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/../.." && pwd)
targets="${FUZZ_TARGETS:-fuzz_policy fuzz_records fuzz_time fuzz_logins fuzz_backup_tree fuzz_backup_files fuzz_assets}"
artifacts=$(cd "$bin/.." && pwd)/fuzz-artifacts
mkdir -p "$artifacts"
work=$(mktemp -d "${TMPDIR:-/tmp}/netsec-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT

# UBSan is recoverable in this build (-fsanitize=undefined without -fno-sanitize-recover):
# halt_on_error turns its first report into a crash that libFuzzer records.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
# Leaks inside third-party libraries only (tests/asan/lsan.supp), as for `make asan`.
if [ -z "${LSAN_OPTIONS:-}" ] && [ -f "$source_dir/tests/asan/lsan.supp" ]; then
    export LSAN_OPTIONS="suppressions=$source_dir/tests/asan/lsan.supp:print_suppressions=0"
fi

failed=""
printf '%-18s %10s %10s %8s  %s\n' target runs exec/s corpus result
for t in $targets; do
    if [ ! -x "$bin/$t" ]; then
        printf '%-18s %10s %10s %8s  %s\n' "$t" - - - "missing: $bin/$t"
        failed="$failed $t"
        continue
    fi
    corpus="$work/corpus/$t"
    mkdir -p "$corpus"
    [ -d "$here/corpus/$t" ] && cp -R "$here/corpus/$t/." "$corpus/"
    if [ "$t" = fuzz_policy ] && [ -f "$source_dir/share/netsec/policy.yaml.in" ]; then
        sed -e 's|@STATE_DIR@|/var/lib/netsec|g' -e 's|@ADMIN_USER@|root|g' \
            "$source_dir/share/netsec/policy.yaml.in" >"$corpus/starting-current.yaml"
    fi
    dict=()
    [ -f "$here/$t.dict" ] && dict=(-dict="$here/$t.dict")
    log="$work/$t.log"
    # TMPDIR: the folders a target makes (fuzz_backup_files' repository) go when this script ends,
    # even when the target crashed
    (cd "$work" && TMPDIR="$work" "$bin/$t" "${dict[@]}" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=25 \
        -print_final_stats=1 -artifact_prefix="$artifacts/$t-" "$corpus" >"$log" 2>&1)
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    size=$(find "$corpus" -type f | wc -l)
    if [ "$rc" -eq 0 ]; then
        result=ok
    else
        result="FAILED (exit $rc)"
        failed="$failed $t"
    fi
    printf '%-18s %10s %10s %8s  %s\n' "$t" "${runs:--}" "${speed:--}" "$size" "$result"
    if [ "$rc" -ne 0 ]; then
        cp "$log" "$artifacts/$t.log"
        echo "---- $t: last lines of the log (whole log: $artifacts/$t.log) ----" >&2
        grep -v '^#[0-9]' "$log" | tail -60 >&2
        echo "---- reproduce with: $bin/$t $artifacts/$t-<crash-file> ----" >&2
    fi
done
if [ -n "$failed" ]; then
    echo "fuzz: problems found in:$failed" >&2
    exit 1
fi
