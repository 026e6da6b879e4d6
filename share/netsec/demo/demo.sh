#!/bin/bash
# make demo: writes a demo school into DIR (default: demo/) with the tools in BIN, and tells
# what it did. Later tools add their steps here.
set -euo pipefail
BIN=$(cd "${1:?usage: demo.sh BIN [DIR]}" && pwd)
DIR=${2:-demo}
SRC=$(cd "$(dirname "$0")" && pwd)
PATH=$BIN:$PATH
rm -rf "$DIR"
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
export NETSEC_POLICY=$DIR/policy.yaml
step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@"; }

echo "netsec demo: a rural central primary school, in $DIR"

step netsec-policy init "$NETSEC_POLICY"
cp -r "$SRC/regulations" "$DIR/regulations"

# The school pins the virus-emergency plan's text and lets the teachers' group view records.
plan_hash=$(sha256sum "$DIR/regulations/virus-emergency-plan.md" | cut -d' ' -f1)
sed -i "s|    document: regulations/virus-emergency-plan.md|&\n    sha256: $plan_hash|" "$NETSEC_POLICY"
sed -i 's|  # - {group: teachers, level: viewer}|  - {group: teachers, level: viewer}|' "$NETSEC_POLICY"
step netsec-policy check

printf '\n\033[1m$ %s\033[0m\n' "netsec-policy show -f json | jq .reporting"
netsec-policy show -f json | jq .reporting
step netsec-journal show -f table
netsec-journal head > "$DIR/journal-head.txt"
step netsec-journal verify --head "$(cat "$DIR/journal-head.txt")" -f table

cat > "$DIR/README.txt" <<TEXT
netsec demo school — what the demo did

1. netsec-policy init wrote policy.yaml, a commented starting policy for a rural central
   primary school (leadership group, officers, seven regulations, operators, the 12-hour
   reporting rule, audit thresholds), and created the records in state/ (0700, database 0600).
   The journal's first entry records the policy's SHA-256.
2. The demo copied the school's regulations into regulations/, pinned the virus-emergency
   plan by its SHA-256, and let the 'teachers' group view records. The next netsec run saw
   the policy had changed and journaled its new hash (policy.changed).
3. netsec-policy check validated it; netsec-policy show printed the policy in force.
4. netsec-journal head wrote the newest entry to journal-head.txt; keep such a line on paper
   or send it to the county: 'netsec-journal verify --head \$(cat journal-head.txt)' then
   proves the journal was neither edited nor rewritten since.

Try:  export NETSEC_POLICY=$DIR/policy.yaml
      netsec-journal show
      sqlite3 $DIR/state/netsec.db "UPDATE journal SET subject='x' WHERE seq=1"
      netsec-journal verify        # exit 1, names entry 1
TEXT
echo
echo "The demo school is in $DIR; $DIR/README.txt says what it did."
