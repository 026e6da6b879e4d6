#!/bin/bash
# Checks every `#include "netsec/..."` under lib/ and tools/ against the layer table of
# ARCHITECTURE.md, the one place the dependency rule is written. Prints one line per include
# the table does not allow, as FILE:LINE: what is wrong, and exits 1; exits 0 when every edge
# is allowed. Also refuses a table that is not a set of layers (a row naming a module on its
# own layer or above, a name without a row) and a known exception no include uses any more.
#
#   scripts/check-architecture.sh [SOURCE_DIR]     (default: the tree this script is in)
set -u
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$root" || exit 2
if [ ! -f ARCHITECTURE.md ]; then
    echo "ARCHITECTURE.md: missing in $root" >&2
    exit 2
fi

# Every include of a netsec header: FILE:LINE:TEXT, in a stable order.
includes=$(find lib tools -type f \( -name '*.cpp' -o -name '*.hpp' -o -name '*.h' -o -name '*.cc' \) -print 2>/dev/null |
    LC_ALL=C sort | xargs -r grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*["<]netsec/' /dev/null)

printf '%s\n' "$includes" | LC_ALL=C awk -v table=ARCHITECTURE.md '
# The names in backquotes in `cell`, into `out` (cleared); returns how many.
function names(cell, out,    n, s) {
    split("", out)
    n = 0
    s = cell
    while (match(s, /`[^`]+`/)) {
        out[++n] = substr(s, RSTART + 1, RLENGTH - 2)
        s = substr(s, RSTART + RLENGTH)
    }
    return n
}
function cells(line, out) {
    sub(/^[[:space:]]*\|/, "", line)
    sub(/\|[[:space:]]*$/, "", line)
    return split(line, out, "|")
}
function problem(text) { print text; bad = 1 }
BEGIN {
    section = ""
    while ((getline line < table) > 0) {
        ++ln
        if (line ~ /^## /) { section = line; continue }
        if (line !~ /^[[:space:]]*\|/) continue
        n = cells(line, c)
        if (section ~ /^## Layers/ && c[1] ~ /^[[:space:]]*[0-9]+[[:space:]]*$/) {
            if (n < 3 || names(c[2], m) != 1) {
                problem(table ":" ln ": a layer row needs | layer | `module` | `allowed`, ... |")
                continue
            }
            mod = m[1]
            if (mod in layer) problem(table ":" ln ": `" mod "` has a second row")
            layer[mod] = c[1] + 0
            ++layers
            row[mod] = ln
            allowed_text[mod] = "nothing"
            k = names(c[3], a)
            for (i = 1; i <= k; ++i) {
                allow[mod, a[i]] = 1
                wants[mod] = wants[mod] " " a[i]
                allowed_text[mod] = (i == 1 ? "" : allowed_text[mod] ", ") a[i]
            }
        } else if (section ~ /^## Known exceptions/ && names(c[1], f) == 1 && names(c[2], h) == 1) {
            exception[f[1], h[1]] = ln
            used[f[1], h[1]] = 0
        }
    }
    close(table)
    if (layers == 0) problem(table ": no layer table (rows | N | `module` | ... | under \"## Layers\")")
    for (mod in wants) {
        k = split(wants[mod], a, " ")
        for (i = 1; i <= k; ++i) {
            if (!(a[i] in layer)) problem(table ":" row[mod] ": `" mod "` may include `" a[i] "`, which has no row")
            else if (layer[a[i]] >= layer[mod])
                problem(table ":" row[mod] ": `" mod "` (layer " layer[mod] ") may include `" a[i] "` (layer " layer[a[i]] "), which is not below it")
        }
    }
}
$0 == "" { next }
{
    # FILE:LINE:TEXT
    file = $0; sub(/:.*/, "", file)
    rest = substr($0, length(file) + 2)
    lineno = rest; sub(/:.*/, "", lineno)
    text = substr(rest, length(lineno) + 2)
    match(text, /netsec\/[^">]+/)
    header = substr(text, RSTART, RLENGTH)
    split(header, hp, "/")
    to = (header ~ /^netsec\/[^\/]+\/./) ? hp[2] : ""
    if (file ~ /^tools\//) from = "tools"
    else if (file ~ /^lib\/netsec\/[^\/]+\/./) { split(file, fp, "/"); from = fp[3] }
    else from = ""
    where = file ":" lineno ": "
    if (from == "") { problem(where "a file outside the modules (lib/netsec/MODULE/ or tools/) includes \"" header "\""); next }
    if (to == "") { problem(where "\"" header "\" is in no module (netsec/MODULE/...)"); next }
    if (!(from in layer)) { problem(where "module `" from "` has no row in the layer table of ARCHITECTURE.md"); next }
    if (!(to in layer)) { problem(where "module `" to "` has no row in the layer table of ARCHITECTURE.md"); next }
    if (from == to || ((from, to) in allow)) next
    if ((file, header) in exception) { used[file, header] = 1; next }
    problem(where "forbidden edge " from " -> " to " (#include \"" header "\"): ARCHITECTURE.md lets " from " include " allowed_text[from])
}
END {
    for (key in used)
        if (!used[key]) {
            split(key, kp, SUBSEP)
            problem(table ":" exception[key] ": the known exception " kp[1] " -> " kp[2] " is no longer needed; remove its row")
        }
    exit bad
}'
