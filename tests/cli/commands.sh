#!/bin/bash
# Every tool's command table (`TOOL --describe`, cli/command.hpp) against what users read: the
# man page's level for each command (COMMANDS, "Needs the *LEVEL* level"), the fields of its
# OUTPUT FIELDS section, the field vocabulary of netsec(7) FIELDS, and the bash completion's
# commands and options. Run once for every tool, so no page or completion can drift from code.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/completion-lib.sh"

man=$NETSEC_SOURCE/man
completions=$NETSEC_SOURCE/share/netsec/completions

# Tools not yet on the command table: none. A tool moved onto it in steps would be named here
# until the commit that finishes it.
not_yet=" "

# man_levels PAGE: "COMMAND<tab>LEVEL" for each entry of the page's COMMANDS section.
man_levels() {
    awk '
        /^# / { in_commands = ($0 == "# COMMANDS"); if (!in_commands) flush(); next }
        !in_commands { next }
        /^\*[a-z]/ { flush(); name = $0; sub(/^\*/, "", name); sub(/\*.*/, "", name); text = ""; next }
        { text = text " " $0 }
        function flush() {
            if (name == "") return
            level = "none"
            if (match(text, /[Nn]eeds (no level|(the )?\*(viewer|operator|admin)\*)/)) {
                level = substr(text, RSTART, RLENGTH); gsub(/[Nn]eeds (the )?\*|\*/, "", level)
                if (level ~ /no level/) level = "none"
            }
            printf "%s\t%s\n", name, level; name = ""
        }
        END { flush() }' "$1" | LC_ALL=C sort
}

# man_fields PAGE: every *field* named at the start of a line of OUTPUT FIELDS, one a line; a
# nested one (*school.name*) counts as its top-level field (school).
man_fields() {
    awk '/^# / { in_fields = ($0 == "# OUTPUT FIELDS"); next }
         in_fields && /^\*[a-z]/ { line = $0
             while (match(line, /^\*[a-z_0-9]+(\.[A-Za-z_0-9]+)*\*(, )?/)) {
                 f = substr(line, RSTART + 1, RLENGTH - 1); sub(/[.*].*/, "", f); print f
                 line = substr(line, RSTART + RLENGTH) } }' "$1" | LC_ALL=C sort -u
}

# Not command tables, and never to be: `netsec` is the dispatcher. `netsec TOOL ARGS` runs
# netsec-TOOL with ARGS untouched and `netsec help TOOL` opens a man page, so its words are the
# tools found beside it and on PATH at run time, not commands of its own; it takes no -f, -q or
# --policy, opens no policy and asks no level. Each tool it runs is checked here on its own;
# tests/cli/netsec.sh checks the dispatcher and tests/cli/completion.sh its completion.
exempt=" netsec "

tools=$(cd "$NETSEC_BIN" && ls netsec netsec-* 2>/dev/null | grep -v '\.' )
for tool in $tools; do
    case $exempt in *" $tool "*)
        test_skip "$tool: its command table" "the dispatcher has none (see exempt above)"
        continue ;;
    esac
    case $not_yet in *" $tool "*)
        test_skip "$tool: its command table" "not yet moved onto the command table"
        continue ;;
    esac
    page=$man/$tool.1.scd

    test_expect "$tool --describe prints one line per command, each with a level" '
        expect_code 0 '"$tool"' --describe &&
        test -s out && jq -e "select(.level | IN(\"none\", \"viewer\", \"operator\", \"admin\") | not)" out >bad;
        test ! -s bad
    '

    test_expect "$tool: each command's level is the one its man page states" '
        '"$tool"' --describe | jq -r "[.command, .level] | @tsv" | LC_ALL=C sort >expect &&
        man_levels '"$page"' >actual &&
        expect_equal expect actual
    '

    test_expect "$tool: every field it prints is in its man page, and every one there is printed" '
        '"$tool"' --describe | jq -r ".fields[].name" | LC_ALL=C sort -u >expect &&
        man_fields '"$page"' >actual &&
        expect_equal expect actual
    '

    test_expect "$tool: its fields keep the vocabulary of netsec(7) FIELDS" '
        '"$tool"' --describe | jq -r ".command as \$c | .fields[] | [\$c, .name, .kind] | @tsv" >fields &&
        awk -F "\t" "
            \$2 !~ /^[a-z][a-z0-9_]*\$/ { print \"not snake_case: \" \$0 }
            \$3 == \"time\" && \$2 !~ /_at\$/ { print \"a time not ending in _at: \" \$0 }
            \$2 ~ /^(id|time|hostname|actor|by|opened_by|added_by|incident|run|first_seen|bytes_added|files|size|bytes|size_before|size_after)\$/ {
                print \"a name netsec(7) FIELDS replaces: \" \$0 }" fields >bad &&
        expect_equal /dev/null bad
    '

    test_expect "$tool has a man page and a bash completion (README, Adding a tool)" '
        test -f '"$page"' && test -f '"$completions/$tool"'
    '
    if [ -f "$completions/$tool" ]; then
        test_expect "$tool: its completion offers each command and each command's options" '
            . '"$completions/$tool"' &&
            '"$tool"' --describe >table &&
            jq -r ".command | split(\" \")[0]" table | LC_ALL=C sort -u >expect &&
            complete_line "'"$tool"' " | grep -v "^-" >actual;
            expect_equal expect actual &&
            jq -r .command table | while read -r command; do
                jq -r --arg c "$command" "select(.command == \$c) | .options[]" table | LC_ALL=C sort -u >expect
                complete_line "'"$tool"' $command -" |
                    grep -vxE -- "-f|--format|-q|--quiet|--policy|--help|-h" >actual
                diff -u expect actual | sed "s/^/$command: /" || echo "$command" >>differs
            done &&
            test ! -e differs
        '
    fi
done
test_done
