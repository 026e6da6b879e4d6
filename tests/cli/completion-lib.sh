# Helpers for completion tests: source after lib.sh and the completion files under test.

# complete_line LINE: prints, one a line and sorted, what TAB offers with the cursor at the end
# of LINE. Words are split as bash splits them for completion, `=` being a word of its own.
complete_line() {
    local line=$1 spec function
    local -a words
    read -ra words <<<"${line//=/ = }"
    [[ $line == *" " ]] && words+=("")
    COMP_WORDS=("${words[@]}")
    COMP_CWORD=$((${#words[@]} - 1))
    COMP_LINE=$line
    COMP_POINT=${#line}
    COMPREPLY=()
    spec=$(complete -p "${words[0]}") || return 1
    [[ $spec =~ -F\ ([^ ]+) ]] || return 1
    function=${BASH_REMATCH[1]}
    "$function" "${words[0]}" "${words[COMP_CWORD]}" "${words[COMP_CWORD - 1]}"
    ((${#COMPREPLY[@]} == 0)) || printf '%s\n' "${COMPREPLY[@]}" | LC_ALL=C sort
}

# offers WORD...: the expected completions, one a line, into ./expect.
offers() {
    if (($#)); then printf '%s\n' "$@" | LC_ALL=C sort >expect; else : >expect; fi
}
