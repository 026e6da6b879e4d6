# Cron lines as cron reads them, for the tests that run the shipped cron file and the man pages'
# examples as written (cron.sh, school-year.sh). Source it after lib.sh.
#
#   cron_jobs FILE SOURCE_NAME          a crontab (a system one, /etc/cron.d, when its 6th field is
#                                       a user) to one job a line on stdout:
#                                       SOURCE:LINE \t MIN \t HOUR \t DOM \t MON \t DOW \t ENV \t COMMAND
#                                       where ENV holds the NAME=value lines above the job, \x1f
#                                       apart, or - when there are none
#   cron_man_jobs SCD...                the same for every line of the cron-example blocks (fenced
#                                       blocks holding a crontab line) of man pages; each block is a
#                                       crontab of its own
#   cron_field_matches FIELD N MIN MAX  whether N matches a schedule field: *, numbers, lists,
#                                       ranges, steps (*/15, 1-5/2); 7 is Sunday in the weekday field
#   cron_day_matches DOM MON DOW DATE   whether cron runs the job on DATE (YYYY-MM-DD): when both
#                                       DOM and DOW are restricted, either one is enough, as in cron
#   cron_times MIN HOUR                 the HH:MM of a day the job runs at, one a line
#   cron_school_yaml [PASSPHRASE_FILE]  what the cron tests add to a starting policy: a nightly
#                                       backup job of documents/ into usb/ and nas/, and the host
#                                       checks excepted (they read this machine, not a school's
#                                       server, so what cron says would depend on the machine)
#   cron_run ENV COMMAND NOW POLICY BIN runs COMMAND as cron would: the crontab's variables, SHELL
#                                       (default /bin/sh, as cron's) -c COMMAND, with only
#                                       NETSEC_POLICY=POLICY, PATH=BIN:PATH and NETSEC_NOW=NOW set
#                                       by the test; stdout and stderr together on stdout, as cron
#                                       mails them; its status is the job's

# Fails with a message for what our runner cannot do as cron would (names, @daily, % in a command).
cron_jobs() {
    awk -v src="$2" '
        function fail(msg) { print src ":" NR ": " msg > "/dev/stderr"; bad = 1 }
        /^[ \t]*(#|$)/ { next }
        /^[A-Za-z_][A-Za-z0-9_]*=/ { env = env (env == "" ? "" : "\037") $0; next }
        {
            if ($1 ~ /^@/) { fail("@-schedules are not read: " $0); next }
            for (i = 1; i <= 5; i++) if ($i !~ /^[0-9*\/,-]+$/) { fail("not a crontab line: " $0); next }
            rest = $0
            for (i = 1; i <= 5; i++) sub(/^[ \t]*[^ \t]+[ \t]+/, "", rest)
            if ($6 == "root") sub(/^[^ \t]+[ \t]+/, "", rest)
            if (rest ~ /%/) { fail("a % in a command is a newline to cron: " $0); next }
            printf "%s:%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", src, NR, $1, $2, $3, $4, $5, env == "" ? "-" : env, rest
        }
        END { exit bad }
    ' "$1"
}

cron_man_jobs() {
    local scd block n=0
    for scd in "$@"; do
        # Each fenced block that holds a crontab line, as a file of its own, with its line numbers.
        awk -v out="$test_root/cron-block" -v name="${scd##*/}" '
            /^```/ { if (inside) { close(file); inside = 0 } else { inside = 1; file = out "." name "." NR; printf "" > file }; next }
            inside { printf "%s\n", $0 > file; lines[file] = lines[file] NR " " }
            END { for (f in lines) print f "\t" lines[f] }
        ' "$scd" >"$test_root/cron-blocks" || return 1
        while IFS=$'\t' read -r block n; do
            grep -qE '^[0-9*/,-]+[ 	]+[0-9*/,-]+[ 	]+[0-9*/,-]+[ 	]+[0-9*/,-]+[ 	]+[0-9*/,-]+[ 	]+[a-z]' "$block" || continue
            # Back to the page's own line numbers.
            cron_jobs "$block" "${scd##*/}" | awk -F'\t' -v OFS='\t' -v map="$n" '
                BEGIN { split(map, at, " ") }
                { split($1, s, ":"); $1 = s[1] ":" at[s[2]]; print }
            ' || return 1
        done <"$test_root/cron-blocks"
    done
}

cron_field_matches() {
    local field=$1 n=$2 min=$3 max=$4 item range step lo hi
    local -a items
    IFS=, read -ra items <<<"$field"
    for item in "${items[@]}"; do
        step=1
        range=$item
        if [[ $item == */* ]]; then
            step=${item#*/}
            range=${item%/*}
        fi
        if [[ $range == '*' ]]; then
            lo=$min hi=$max
        elif [[ $range == *-* ]]; then
            lo=${range%-*} hi=${range#*-}
        else
            lo=$range hi=$range
            [[ $item == */* ]] && hi=$max # 5/15: from 5 on, as cronie reads it
        fi
        [[ $lo =~ ^[0-9]+$ && $hi =~ ^[0-9]+$ && $step =~ ^[0-9]+$ ]] || {
            echo "cron: cannot read the schedule field '$field'" >&2
            return 2
        }
        ((10#$n >= 10#$lo && 10#$n <= 10#$hi && (10#$n - 10#$lo) % 10#$step == 0)) && return 0
    done
    return 1
}

cron_day_matches() {
    local dom=$1 mon=$2 dow=$3 date=$4 d m w dom_ok=1 dow_ok=1
    read -r d m w < <(date -u -d "$date" '+%-d %-m %w')
    cron_field_matches "$mon" "$m" 1 12 || return 1
    cron_field_matches "$dom" "$d" 1 31 || dom_ok=0
    cron_field_matches "$dow" "$w" 0 7 || { [ "$w" = 0 ] && cron_field_matches "$dow" 7 0 7; } || dow_ok=0
    if [[ $dom != '*'* && $dow != '*'* ]]; then
        ((dom_ok || dow_ok))
    else
        ((dom_ok && dow_ok))
    fi
}

cron_times() {
    local h m
    for ((h = 0; h < 24; h++)); do
        cron_field_matches "$2" "$h" 0 23 || continue
        for ((m = 0; m < 60; m++)); do
            cron_field_matches "$1" "$m" 0 59 && printf '%02d:%02d\n' "$h" "$m"
        done
    done
}

cron_run() {
    local envs=$1 command=$2 now=$3 policy=$4 bin=$5 shell=/bin/sh
    local -a vars=("HOME=$HOME" "LOGNAME=$(id -un)")
    local -a crontab_vars
    local v
    [ "$envs" = - ] || IFS=$'\037' read -ra crontab_vars <<<"$envs"
    for v in "${crontab_vars[@]}"; do
        case $v in
        SHELL=*) shell=${v#SHELL=} ;;
        PATH=*) vars+=("PATH=$bin:${v#PATH=}") ;;
        NETSEC_POLICY=*) ;;
        *) vars+=("$v") ;;
        esac
    done
    printf '%s\n' "${vars[@]}" | grep -q '^PATH=' || vars+=("PATH=$bin:/usr/bin:/bin")
    env -i "${vars[@]}" "SHELL=$shell" "NETSEC_POLICY=$policy" "NETSEC_NOW=$now" \
        LANG=C.UTF-8 TZ=Asia/Shanghai "$shell" -c "$command" 2>&1
}

cron_school_yaml() {
    cat <<YAML
backup:
  jobs:
    - name: documents
      sources: [documents]
      schedule: 1d
      destinations: [usb/netsec-backup, nas/netsec-backup]
${1:+      passphrase_file: $1
}audit:
  exceptions:
    - {check: HOST-0001, subject: "*", reason: 测试机不是学校服务器, approved_by: test, expires: 2027-12-31}
    - {check: LOG-0001, subject: "*", reason: 测试机不是学校服务器, approved_by: test, expires: 2027-12-31}
YAML
}
