# Shell-test library, in git's t/ style. Source it from tests/cli/netsec-TOOL.sh:
#
#   . "$(dirname "$0")/lib.sh"
#   test_expect 'check accepts the starting policy' '
#       netsec-policy init p.yaml &&
#       netsec-policy check p.yaml
#   '
#   test_done
#
# Each case runs in a fresh folder under a temporary root, in a subshell with `set -e` off, so
# its commands are chained with &&; the case passes when the chain returns 0. Helpers below
# state exit codes (expect_code) and compare output with diff (expect_equal).
# Environment: NETSEC_BIN (the built tools), NETSEC_SOURCE (the source tree).

set -u
: "${NETSEC_BIN:?set NETSEC_BIN to the folder of the built tools}"
NETSEC_SOURCE=${NETSEC_SOURCE:-$(cd "$(dirname "$0")/../.." && pwd)}
PATH=$NETSEC_BIN:$PATH
export PATH NETSEC_SOURCE
unset NETSEC_POLICY NETSEC_NOW LANGUAGE LC_ALL LC_MESSAGES SUDO_USER
export LANG=C.UTF-8 TZ=UTC NO_COLOR=1

test_root=$(mktemp -d "${TMPDIR:-/tmp}/netsec-cli.XXXXXX")
chmod 755 "$test_root" # a second OS user must be able to reach the cases' folders
trap 'rm -rf "$test_root"' EXIT
test_count=0
test_failed=0
test_skipped=0

# test_expect NAME SCRIPT: runs SCRIPT in a new folder; reports ok or FAIL with its output.
test_expect() {
    test_count=$((test_count + 1))
    dir="$test_root/$test_count"
    mkdir -p "$dir"
    chmod 755 "$dir"
    out="$dir.log"
    if (cd "$dir" && eval "$2") >"$out" 2>&1; then
        echo "ok $test_count - $1"
    else
        test_failed=$((test_failed + 1))
        echo "not ok $test_count - $1"
        sed 's/^/#   /' "$out"
    fi
}

# test_skip NAME REASON
test_skip() {
    test_count=$((test_count + 1))
    test_skipped=$((test_skipped + 1))
    echo "ok $test_count - $1 # skip $2"
}

# expect_code N COMMAND...: runs COMMAND with stdout to ./out and stderr to ./err; passes when
# it exits with N.
expect_code() {
    want=$1
    shift
    "$@" >out 2>err
    got=$?
    if [ "$got" != "$want" ]; then
        echo "expected exit $want, got $got from: $*"
        echo "--- stdout"; cat out
        echo "--- stderr"; cat err
        return 1
    fi
}

# expect_equal EXPECTED_FILE ACTUAL_FILE: diff, shown when they differ.
expect_equal() {
    diff -u "$1" "$2"
}

# expect_grep PATTERN FILE: FILE has a line matching the fixed string PATTERN.
expect_grep() {
    if ! grep -qF -- "$1" "$2"; then
        echo "expected '$1' in $2:"
        cat "$2"
        return 1
    fi
}

# expect_no_grep PATTERN FILE
expect_no_grep() {
    if grep -qF -- "$1" "$2"; then
        echo "did not expect '$1' in $2:"
        cat "$2"
        return 1
    fi
}

# mode_of FILE: its octal permission bits, e.g. 600.
mode_of() {
    stat -c %a "$1"
}

# flip_byte FILE OFFSET: changes the byte at OFFSET to another value (writing a fixed byte
# would change nothing when the file already holds it there: one time in 256 for random data).
flip_byte() {
    local old
    old=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ') && [ -n "$old" ] &&
    printf "\\$(printf %03o $(( (old + 1) % 256 )))" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}

# school [DIR]: a policy and records in DIR (default: school), for the tests that need one;
# exports NETSEC_POLICY.
school() {
    d=${1:-school}
    netsec-policy init -q "$d/policy.yaml" && NETSEC_POLICY=$PWD/$d/policy.yaml && export NETSEC_POLICY
}

# second_user: the name of an unprivileged OS user for level tests, created once; fails (and
# the case should be skipped) when not root.
second_user() {
    [ "$(id -u)" = 0 ] || return 1
    id netsec-test-viewer >/dev/null 2>&1 || useradd --system --no-create-home netsec-test-viewer || return 1
    echo netsec-test-viewer
}

# SQ: a single quote, for the many messages that quote names inside single-quoted test bodies.
SQ="'"

# add_operator USER LEVEL POLICY: gives USER the LEVEL in POLICY's operators (changes the policy).
add_operator() {
    sed -i "s/^operators:\$/operators:\n  - {user: $1, level: $2}/" "$3" &&
    grep -qF -- "- {user: $1, level: $2}" "$3"
}

# test_done: the closing line and the exit status.
test_done() {
    echo "$((test_count - test_failed - test_skipped)) passed, $test_failed failed, $test_skipped skipped"
    [ "$test_failed" = 0 ]
}
