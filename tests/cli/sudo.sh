#!/bin/bash
# sudo is how non-owners write, so it is the boundary (netsec(7), SECURITY). With a real second OS
# user and a real sudoers rule that lets it run the tools as root, both made here and removed at
# exit: a policy the user controls is refused under sudo; --repo commands need admin under sudo
# and act with the user's own rights without it; init does not run under sudo and never takes
# over a folder it did not create.
. "$(dirname "$0")/lib.sh"

skip_all() {
    for name in 'a viewer through sudo is refused by the school policy' \
        'a policy of the caller under sudo is refused with 77 and the records are untouched' \
        'a file the caller may not read is not shown as a policy under sudo' \
        'NETSEC_POLICY kept through sudo naming a policy of the caller is refused' \
        'a root-owned policy in a folder the caller may write is refused under sudo' \
        'NETSEC_NOW kept through sudo is refused, even for an admin' \
        'NETSEC_LOCALEDIR kept through sudo is refused, even where no policy is opened' \
        'netsec through sudo runs no program of the caller from PATH, and no pager' \
        'an operator through sudo adds as evidence, or imports, only files they may read' \
        'an operator through sudo writes audit evidence only where they may write' \
        '--repo run, export and restore through sudo by a viewer are refused with 77, nothing written' \
        '--repo init, snapshots, verify, copy and prune through sudo by a viewer are refused' \
        '--repo through sudo by an admin of the school policy runs' \
        'without sudo the same user acts on --repo with their own rights' \
        'init through sudo is refused with 77 and writes nothing' \
        'init refuses an existing state folder that is not empty, leaving its mode' \
        'init refuses an existing state folder of another user, leaving its mode and group' \
        'init takes an existing empty state folder of its own'; do
        test_skip "$name" "$1"
    done
    test_done
    exit
}

[ "$(id -u)" = 0 ] || skip_all 'needs root to create a user and a sudoers rule'
command -v sudo >/dev/null && command -v visudo >/dev/null || skip_all 'needs sudo and visudo (scripts/deps.sh)'

u=netsec-sudo-$$
rule=/etc/sudoers.d/netsec-test-$$
cleanup() {
    rm -f "$rule"
    userdel "$u" >/dev/null 2>&1
    rm -rf "$test_root"
}
trap cleanup EXIT
useradd --system --no-create-home --shell /bin/sh "$u" || skip_all 'useradd failed'
{
    # env_keep as a careless sudoers might have it: the policy must be refused all the same.
    # !secure_path: sudo then keeps the caller's PATH, which must not choose what runs as root.
    echo "Defaults:$u env_keep += \"NETSEC_POLICY NETSEC_NOW NETSEC_LOCALEDIR\", !secure_path"
    echo "$u ALL=(root) NOPASSWD: $NETSEC_BIN/netsec, $NETSEC_BIN/netsec-backup, $NETSEC_BIN/netsec-incident, $NETSEC_BIN/netsec-policy, $NETSEC_BIN/netsec-audit"
} >"$rule.new" && chmod 440 "$rule.new" && visudo -cqf "$rule.new" && mv "$rule.new" "$rule" ||
    skip_all 'the sudoers rule does not validate'

# as_user CMD...: CMD as the second user; by_sudo TOOL ARGS...: the tool through sudo as that user.
as_user() { runuser -u "$u" -- "$@"; }
by_sudo() {
    t=$1
    shift
    runuser -u "$u" -- sudo -n "$NETSEC_BIN/$t" "$@"
}

# a school whose policy root owns (a viewer: the second user), a folder of the user's own (mine/)
# and a root-only folder; SCHOOL is the policy's path.
setup() {
    netsec-policy init -q school/policy.yaml &&
    SCHOOL=$PWD/school/policy.yaml &&
    add_operator "$u" "${1:-viewer}" "$SCHOOL" &&
    netsec-journal -q --policy "$SCHOOL" verify &&
    mkdir mine rootonly && chown "$u" mine && chmod 700 rootonly
}

# journal_count: how many entries the school's journal holds.
journal_count() {
    sqlite3 school/state/netsec.db 'SELECT count(*) FROM journal'
}

# own_policy FILE: the school's policy with the caller made admin and its state_dir pointing at
# the school's records, written by the user.
own_policy() {
    sed "s#^state_dir: state#state_dir: $PWD/school/state#; s#{user: $u, level: viewer}#{user: $u, level: admin}#" \
        "$SCHOOL" >mine.tmp && as_user cp mine.tmp "$1" && rm mine.tmp
}

# ---- item 4: the policy under sudo -------------------------------------------------------------

test_expect 'a viewer through sudo is refused by the school policy' '
    setup &&
    expect_code 77 by_sudo netsec-incident --policy "$SCHOOL" open --category MAL --grade IV --title x \
        --discovered-at now &&
    expect_grep "needs the operator level; user ${SQ}$u${SQ} has only viewer" err
'

test_expect 'a policy of the caller under sudo is refused with 77 and the records are untouched' '
    setup &&
    own_policy mine/p.yaml &&
    before=$(journal_count) &&
    expect_code 77 by_sudo netsec-incident --policy "$PWD/mine/p.yaml" open --category MAL --grade IV --title x \
        --discovered-at now &&
    expect_grep "refusing the policy ${SQ}$PWD/mine/p.yaml${SQ} under sudo: ${SQ}$PWD/mine/p.yaml${SQ} is owned by ${SQ}$u${SQ}, not root" err &&
    test "$(journal_count)" = "$before" &&
    expect_code 77 by_sudo netsec-policy check "$PWD/mine/p.yaml" &&
    expect_code 0 as_user netsec-policy check "$PWD/mine/p.yaml"
'

test_expect 'a file the caller may not read is not shown as a policy under sudo' '
    setup &&
    echo "root:secret-hash:20000:0:99999:7:::" >rootonly/shadow &&
    expect_code 77 by_sudo netsec-policy check "$PWD/rootonly/shadow" &&
    expect_grep "user ${SQ}$u${SQ} may not read it without sudo" err &&
    expect_no_grep secret-hash err &&
    expect_code 77 by_sudo netsec-incident --policy "$PWD/rootonly/shadow" list &&
    expect_no_grep secret-hash err
'

test_expect 'NETSEC_POLICY kept through sudo naming a policy of the caller is refused' '
    setup &&
    own_policy mine/p.yaml &&
    expect_code 77 runuser -u "$u" -- env NETSEC_POLICY="$PWD/mine/p.yaml" sudo -n "$NETSEC_BIN/netsec-incident" \
        open --category MAL --grade IV --title x --discovered-at now &&
    expect_grep "refusing the policy ${SQ}$PWD/mine/p.yaml${SQ} under sudo" err
'

test_expect 'a root-owned policy in a folder the caller may write is refused under sudo' '
    setup &&
    own_policy mine/p.yaml &&
    chown root mine/p.yaml &&
    expect_code 77 by_sudo netsec-incident --policy "$PWD/mine/p.yaml" list &&
    expect_grep "under sudo: ${SQ}$PWD/mine${SQ} is owned by ${SQ}$u${SQ}, not root" err &&
    chown root mine && chmod 777 mine &&
    expect_code 77 by_sudo netsec-incident --policy "$PWD/mine/p.yaml" list &&
    expect_grep "under sudo: ${SQ}$PWD/mine${SQ} is writable by others" err
'

test_expect 'NETSEC_NOW kept through sudo is refused, even for an admin' '
    setup admin &&
    before=$(journal_count) &&
    expect_code 77 runuser -u "$u" -- env NETSEC_NOW=2020-01-01T00:00:00Z sudo -n "$NETSEC_BIN/netsec-incident" \
        --policy "$SCHOOL" open --category MAL --grade IV --title x --discovered-at now &&
    expect_grep "${SQ}NETSEC_NOW${SQ} is set, and is not honoured under sudo" err &&
    test "$(journal_count)" = "$before" &&
    expect_code 0 by_sudo netsec-incident --policy "$SCHOOL" open -q --category MAL --grade IV --title x \
        --discovered-at now
'

test_expect 'NETSEC_LOCALEDIR kept through sudo is refused, even where no policy is opened' '
    setup &&
    expect_code 77 runuser -u "$u" -- env NETSEC_LOCALEDIR="$PWD/mine" sudo -n "$NETSEC_BIN/netsec-policy" \
        check "$SCHOOL" &&
    expect_grep "${SQ}NETSEC_LOCALEDIR${SQ} is set, and is not honoured under sudo" err &&
    expect_code 0 by_sudo netsec-policy check -q "$SCHOOL"
'

test_expect 'netsec through sudo runs no program of the caller from PATH, and no pager' '
    setup &&
    printf "#!/bin/sh\ntouch %s/mine/ran\n" "$PWD" >mine/netsec-evil &&
    chmod 755 mine/netsec-evil && chown "$u" mine/netsec-evil &&
    expect_code 64 runuser -u "$u" -- env PATH="$PWD/mine:/usr/bin:/bin" sudo -n "$NETSEC_BIN/netsec" evil &&
    expect_grep "${SQ}evil${SQ} is not a netsec tool" err &&
    test ! -e mine/ran &&
    expect_code 0 runuser -u "$u" -- env PATH="$PWD/mine:/usr/bin:/bin" "$NETSEC_BIN/netsec" evil &&
    test -e mine/ran &&
    expect_code 77 by_sudo netsec help incident &&
    expect_grep "${SQ}netsec help${SQ} does not run under sudo" err
'

test_expect 'an operator through sudo adds as evidence, or imports, only files they may read' '
    setup operator &&
    echo top-s3cret-line >rootonly/secret && echo note >mine/note && chown "$u" mine/note &&
    netsec-incident -q --policy "$SCHOOL" open --category MAL --grade IV --title x --discovered-at now >id &&
    id=$(cat id) &&
    expect_code 77 by_sudo netsec-incident --policy "$SCHOOL" evidence add "$id" "$PWD/rootonly/secret" &&
    expect_grep "refusing ${SQ}$PWD/rootonly/secret${SQ} under sudo: user ${SQ}$u${SQ} may not read it without sudo" err &&
    expect_code 77 by_sudo netsec-incident --policy "$SCHOOL" evidence add "$id" "$PWD/mine/note" "$PWD/rootonly/secret" &&
    netsec-incident --policy "$SCHOOL" evidence list "$id" -f tsv >list &&
    test "$(wc -l <list)" = 1 &&
    expect_code 77 by_sudo netsec-incident --policy "$SCHOOL" import "$PWD/rootonly/secret" &&
    expect_no_grep top-s3cret-line err &&
    expect_code 0 by_sudo netsec-incident --policy "$SCHOOL" evidence add -q "$id" "$PWD/mine/note"
'

test_expect 'an operator through sudo writes audit evidence only where they may write' '
    setup operator &&
    expect_code 77 by_sudo netsec-audit --policy "$SCHOOL" run -q --profile records --evidence "$PWD/rootonly/ev" &&
    expect_grep "refusing ${SQ}$PWD/rootonly/ev${SQ} under sudo: user ${SQ}$u${SQ} may not write there without sudo" err &&
    test ! -e rootonly/ev &&
    rc=$(by_sudo netsec-audit --policy "$SCHOOL" run -q --profile records --evidence "$PWD/mine/ev" >out 2>err
        echo $?) &&
    test "$rc" -le 1 && test -d mine/ev
'

# ---- item 5: --repo under sudo -----------------------------------------------------------------

test_expect '--repo run, export and restore through sudo by a viewer are refused with 77, nothing written' '
    setup &&
    netsec-backup init -q --repo repo && echo secret >rootonly/secret &&
    expect_code 0 netsec-backup run -q --repo repo rootonly &&
    netsec-backup snapshots --repo repo -f tsv >snaps.before &&
    expect_code 77 by_sudo netsec-backup --policy "$SCHOOL" run -q --repo "$PWD/repo" /etc/shadow &&
    expect_grep "${SQ}netsec-backup run --repo${SQ} needs the admin level; user ${SQ}$u${SQ} has only viewer" err &&
    netsec-backup snapshots --repo repo -f tsv >snaps.after &&
    expect_equal snaps.before snaps.after &&
    expect_code 77 by_sudo netsec-backup --policy "$SCHOOL" export latest --repo "$PWD/repo" &&
    test ! -s out &&
    mkdir target && chmod 700 target &&
    expect_code 77 by_sudo netsec-backup --policy "$SCHOOL" restore latest --repo "$PWD/repo" --to "$PWD/target" &&
    test -z "$(ls -A target)"
'

test_expect '--repo init, snapshots, verify, copy and prune through sudo by a viewer are refused' '
    setup &&
    netsec-backup init -q --repo repo &&
    expect_code 77 by_sudo netsec-backup --policy "$SCHOOL" init -q --repo "$PWD/rootonly/r" &&
    test ! -e rootonly/r &&
    expect_code 77 by_sudo netsec-backup --policy "$SCHOOL" snapshots --repo "$PWD/repo" &&
    expect_code 77 by_sudo netsec-backup --policy "$SCHOOL" ls latest --repo "$PWD/repo" &&
    expect_code 77 by_sudo netsec-backup --policy "$SCHOOL" verify --repo "$PWD/repo" &&
    expect_code 77 by_sudo netsec-backup --policy "$SCHOOL" copy --repo "$PWD/repo" --to "$PWD/rootonly/c" &&
    test ! -e rootonly/c &&
    expect_code 77 by_sudo netsec-backup --policy "$SCHOOL" prune --keep-last 1 --repo "$PWD/repo"
'

test_expect '--repo through sudo by an admin of the school policy runs' '
    setup admin &&
    netsec-backup init -q --repo repo && echo secret >rootonly/secret &&
    expect_code 0 by_sudo netsec-backup --policy "$SCHOOL" run -q --repo "$PWD/repo" "$PWD/rootonly" &&
    expect_code 0 by_sudo netsec-backup --policy "$SCHOOL" snapshots --repo "$PWD/repo" -f tsv &&
    test "$(wc -l <out)" = 2
'

test_expect 'without sudo the same user acts on --repo with their own rights' '
    setup &&
    echo mine >mine/file && chown "$u" mine/file &&
    expect_code 0 as_user netsec-backup init -q --repo "$PWD/mine/r" &&
    expect_code 0 as_user netsec-backup run -q --repo "$PWD/mine/r" "$PWD/mine/file" &&
    expect_code 0 as_user netsec-backup export latest --repo "$PWD/mine/r" &&
    tar -tf out >members && expect_grep mine/file members &&
    expect_code 1 as_user netsec-backup run -q --repo "$PWD/mine/r" /etc/shadow &&
    expect_code 0 as_user netsec-backup export latest --repo "$PWD/mine/r" &&
    tar -tf out >members && expect_no_grep etc/shadow members &&
    test "$(as_user netsec-backup restore latest --repo "$PWD/mine/r" --to "$PWD/rootonly" -q >/dev/null 2>&1; echo $?)" != 0 &&
    test -z "$(ls -A rootonly)"
'

# ---- item 6: init ----------------------------------------------------------------------------

test_expect 'init through sudo is refused with 77 and writes nothing' '
    mkdir shared && chmod 755 shared &&
    mkdir mine && chown "$u" mine &&
    expect_code 77 by_sudo netsec-policy init "$PWD/mine/p.yaml" --state-dir "$PWD/shared" &&
    expect_grep "${SQ}netsec-policy init${SQ} does not run under sudo" err &&
    test "$(stat -c "%a %U:%G" shared)" = "755 root:root" &&
    test ! -e mine/p.yaml &&
    expect_code 77 by_sudo netsec-policy init "$PWD/new/p.yaml" &&
    test ! -e new
'

test_expect 'init refuses an existing state folder that is not empty, leaving its mode' '
    mkdir shared && chmod 755 shared && : >shared/keep &&
    expect_code 73 netsec-policy init school/policy.yaml --state-dir shared &&
    expect_grep "${SQ}$(pwd -P)/shared${SQ} is not empty" err &&
    test "$(stat -c %a shared)" = 755 &&
    test ! -e school/policy.yaml &&
    test ! -e shared/netsec.db
'

test_expect 'init refuses an existing state folder of another user, leaving its mode and group' '
    mkdir theirs && chown "$u:$u" theirs && chmod 775 theirs &&
    expect_code 73 netsec-policy init school/policy.yaml --state-dir theirs &&
    expect_grep "${SQ}$(pwd -P)/theirs${SQ} belongs to ${SQ}$u${SQ}" err &&
    test "$(stat -c "%a %U:%G" theirs)" = "775 $u:$u" &&
    test ! -e school/policy.yaml
'

test_expect 'init takes an existing empty state folder of its own' '
    mkdir records && chmod 755 records &&
    expect_code 0 netsec-policy init -q school/policy.yaml --state-dir records &&
    test "$(mode_of records)" = 700 &&
    test -f records/netsec.db
'

test_done
