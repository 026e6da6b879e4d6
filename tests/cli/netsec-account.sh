#!/bin/bash
# netsec-account: the account registry and issuing desk — every command and format, the bad
# inputs, the operator levels, and the real programs that read our exports: chpasswd -e into a
# temporary root, and a throwaway slapd on loopback loaded with ldapadd.
. "$(dirname "$0")/lib.sh"

export NETSEC_NOW=2026-09-01T08:00:00Z
ALPHABET=ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789
DB=school/state/netsec.db

# a_school: a policy with a staff member, a service account and two pupils of 2020级3班.
a_school() {
    school &&
    netsec-account -q add zhaoli --name 赵丽 --kind staff --department 教导处 &&
    netsec-account -q add printer --name 打印服务 --kind service --owner zhaoli &&
    netsec-account -q add s20200301 --name 王小明 --kind pupil --grade 2020级 --class 2020级3班 &&
    netsec-account -q add s20200302 --name 李雷 --kind pupil --grade 2020级 --class 2020级3班
}

# roster N [BAD_LINE]: a pupils' roster with Chinese headers, N pupils in classes of 40, in
# roster.csv; line BAD_LINE (counting the header as 1) has an empty name.
roster() {
    awk -v n="$1" -v bad="${2:-0}" 'BEGIN {
        print "姓名,年级,班级,性别"
        for (i = 1; i <= n; i++) {
            year = 2020 + int((i - 1) / 240); cls = 1 + int(((i - 1) % 240) / 40)
            name = (i + 1 == bad) ? "" : "学生" i
            printf "%s,%d级,%d级%d班,男\n", name, year, year, cls
        }
    }' >roster.csv
}

# journal_actions: the action and subject of every account entry, one a line.
journal_actions() {
    netsec-journal show -f jsonl | jq -r 'select(.action | startswith("account.")) | "\(.action) \(.subject)"'
}

# ---- add, show, set --------------------------------------------------------------------------

test_expect 'add then show -f json prints every field and never the hash' '
    a_school &&
    expect_code 0 netsec-account show s20200301 -f json &&
    jq -r "keys_unsorted | join(\",\")" out >keys &&
    echo username,full_name,kind,grade,class,department,owner,level,status,issued_at,password_set_at,last_seen_at,left_at,uid_number,gid_number,created_at,updated_at >want &&
    expect_equal want keys &&
    test "$(jq -r "[.full_name, .kind, .class, .level, .status, .uid_number] | @tsv" out)" = "王小明	pupil	2020级3班	pupil	active	10002"
'

test_expect 'add journals account.added; a duplicate username is exit 65 naming set' '
    a_school &&
    expect_code 65 netsec-account add zhaoli --name 另一个 --kind staff &&
    expect_grep "netsec-account: account ${SQ}zhaoli${SQ} is already in the registry (赵丽); ${SQ}netsec-account set zhaoli${SQ} changes it" err &&
    journal_actions >got &&
    printf "%s\n" "account.added zhaoli" "account.added printer" "account.added s20200301" "account.added s20200302" >want &&
    expect_equal want got
'

test_expect 'add refuses a bad username, a pupil without a class, a service without owner, an unknown level (64)' '
    school &&
    expect_code 64 netsec-account add Zhao --name 赵 --kind staff &&
    expect_grep "username ${SQ}Zhao${SQ} must start with a lowercase letter" err &&
    expect_code 64 netsec-account add s1 --name 王 --kind pupil &&
    expect_grep "cannot add ${SQ}s1${SQ}: a pupil needs a class" err &&
    expect_code 64 netsec-account add svc --name 服务 --kind service &&
    expect_grep "a service account needs an owner" err &&
    expect_code 64 netsec-account add t1 --name 王 --kind staff --level root &&
    expect_grep "unknown level ${SQ}root${SQ}: expected one of pupil, teacher, leader, admin" err &&
    expect_code 64 netsec-account add t1 --name 王 --kind teacher &&
    expect_grep "unknown kind ${SQ}teacher${SQ}" err &&
    expect_code 0 netsec-account list -f jsonl && test ! -s out
'

test_expect 'set changes fields and journals each change from and to, with its reason' '
    a_school &&
    expect_code 0 netsec-account set s20200301 --class 2020级4班 --level teacher --left 2026-07-01 --reason 转班 &&
    expect_code 0 netsec-account show s20200301 -f json &&
    test "$(jq -r "[.class, .level, .left_at] | @tsv" out)" = "2020级4班	teacher	2026-06-30T16:00:00Z" &&
    netsec-journal show --action account.changed -f jsonl >j &&
    test "$(jq -c .details j)" = "{\"changes\":{\"class\":{\"from\":\"2020级3班\",\"to\":\"2020级4班\"},\"level\":{\"from\":\"pupil\",\"to\":\"teacher\"},\"left_at\":{\"from\":\"\",\"to\":\"2026-06-30T16:00:00Z\"}},\"reason\":\"转班\"}"
'

test_expect 'show and set name a missing account with exit 66' '
    a_school &&
    expect_code 66 netsec-account show nobody &&
    expect_grep "no account ${SQ}nobody${SQ}; ${SQ}netsec-account list${SQ} shows them" err &&
    expect_code 66 netsec-account set nobody --name x
'

# ---- list ------------------------------------------------------------------------------------

test_expect 'list -f csv prints every field in order, RFC 4180' '
    a_school &&
    expect_code 0 netsec-account list --kind pupil -f csv &&
    cat >want <<-\END &&
	username,full_name,kind,grade,class,department,owner,level,status,issued_at,password_set_at,last_seen_at,left_at,uid_number,gid_number,created_at,updated_at
	s20200301,王小明,pupil,2020级,2020级3班,,,pupil,active,,,,,10002,10002,2026-09-01T08:00:00Z,2026-09-01T08:00:00Z
	s20200302,李雷,pupil,2020级,2020级3班,,,pupil,active,,,,,10003,10003,2026-09-01T08:00:00Z,2026-09-01T08:00:00Z
	END
    expect_equal want out
'

test_expect 'list in tsv, json, jsonl and table carries the same accounts' '
    a_school &&
    expect_code 0 netsec-account list -f jsonl && jq -r .username out >jsonl.names &&
    expect_code 0 netsec-account list -f json && jq -r ".[].username" out >json.names &&
    expect_code 0 netsec-account list -f tsv && tail -n +2 out | cut -f1 >tsv.names &&
    expect_code 0 netsec-account list -f table && tail -n +2 out | cut -d" " -f1 >table.names &&
    printf "%s\n" printer s20200301 s20200302 zhaoli >want &&
    expect_equal want jsonl.names && expect_equal want json.names && expect_equal want tsv.names &&
    expect_equal want table.names &&
    expect_no_grep "uid_number" out &&
    expect_code 0 netsec-account list &&
    test "$(head -c1 out)" = "{"
'

test_expect 'list filters by --kind, --class glob and --status' '
    a_school &&
    netsec-account -q add s20210101 --name 张三 --kind pupil --class 2021级1班 &&
    expect_code 0 netsec-account list --class "2020级*" -f jsonl &&
    test "$(jq -r .username out | paste -sd,)" = s20200301,s20200302 &&
    expect_code 0 netsec-account list --kind staff -f jsonl && test "$(jq -r .username out)" = zhaoli &&
    netsec-account -q disable s20200302 --reason test >/dev/null &&
    expect_code 0 netsec-account list --status disabled -f jsonl && test "$(jq -r .username out)" = s20200302 &&
    expect_code 64 netsec-account list --status gone &&
    expect_grep "unknown status ${SQ}gone${SQ}" err
'

test_expect 'list --stale and --password-older go by last use and password age (or since added)' '
    NETSEC_NOW=2026-01-01T00:00:00Z a_school &&
    netsec-account -q set zhaoli --last-seen 2026-08-25 &&
    netsec-account -q set s20200301 --password-set 2026-08-01 &&
    expect_code 0 netsec-account list --stale 180d -f jsonl &&
    test "$(jq -r .username out | paste -sd,)" = printer,s20200301,s20200302 &&
    expect_code 0 netsec-account list --password-older 90d -f jsonl &&
    test "$(jq -r .username out | paste -sd,)" = printer,s20200302,zhaoli &&
    expect_code 64 netsec-account list --stale 6months &&
    expect_grep "6months" err
'

# ---- import ----------------------------------------------------------------------------------

test_expect 'import finds Chinese headers, makes pupils usernames by the policy pattern, journals each' '
    a_school &&
    printf "%s\n" 姓名,年级,班级,学号 王芳,2020级,2020级3班,7 赵强,2021级,2021级1班,8 >r.csv &&
    expect_code 0 netsec-account import r.csv --kind pupil -f csv &&
    cut -d, -f1-5 out >got &&
    printf "%s\n" username,full_name,kind,grade,class s20200303,王芳,pupil,2020级,2020级3班 s20210101,赵强,pupil,2021级,2021级1班 >want &&
    expect_equal want got &&
    expect_grep "left out columns ${SQ}学号${SQ}" err &&
    netsec-journal show --subject s20200303 -f jsonl >j &&
    test "$(jq -r .details.source j)" = r.csv:2
'

test_expect 'import reads English headers, a username column and kinds in Chinese' '
    school &&
    printf "%s\n" "Username,Name,Kind,Department,Owner" "wangli,王丽,教师,总务处," "backup,备份服务,服务,,wangli" >r.csv &&
    expect_code 0 netsec-account import r.csv -f jsonl &&
    test "$(jq -r "[.username, .kind, .owner] | join(\":\")" out | paste -sd,)" = wangli:staff:,backup:service:wangli
'

test_expect 'import: a username twice in the file is exit 65 naming both lines; nothing is written' '
    a_school &&
    printf "%s\n" username,name,kind wangli,王丽,staff liuyang,刘洋,staff wangli,王莉,staff >r.csv &&
    expect_code 65 netsec-account import r.csv &&
    expect_grep "netsec-account: r.csv:4: username ${SQ}wangli${SQ} is also on line 2" err &&
    expect_grep "1 bad rows; nothing was imported" err &&
    expect_code 0 netsec-account show liuyang; test $? = 1 || exit 1
'

test_expect 'import: a username already in the registry is exit 65 at its line' '
    a_school &&
    printf "%s\n" username,name,kind liuyang,刘洋,staff zhaoli,赵丽丽,staff >r.csv &&
    expect_code 65 netsec-account import r.csv &&
    expect_grep "r.csv:3: username ${SQ}zhaoli${SQ} is already in the registry (赵丽); ${SQ}netsec-account show zhaoli${SQ}" err &&
    expect_code 66 netsec-account show liuyang
'

test_expect 'import: a malformed row in a 1,200-row roster is exit 65 and writes nothing' '
    school && roster 1200 778 &&
    expect_code 65 netsec-account import roster.csv --kind pupil &&
    expect_grep "roster.csv:778: the name is empty" err &&
    expect_code 0 netsec-account list -f jsonl && test ! -s out &&
    test -z "$(journal_actions)"
'

test_expect 'import: the same 1,200-row roster imports whole, forty to a class' '
    school && roster 1200 &&
    expect_code 0 netsec-account -q import roster.csv --kind pupil -f jsonl &&
    test "$(wc -l <out)" = 1200 &&
    test "$(jq -r .username out | sort -u | wc -l)" = 1200 &&
    test "$(head -1 out | jq -r .username)" = s20200101 &&
    test "$(sed -n 41p out | jq -r .username)" = s20200201 &&
    test "$(tail -1 out | jq -r "[.username, .class] | @tsv")" = "s20240640	2024级6班" &&
    test "$(journal_actions | wc -l)" = 1200
'

test_expect 'import --encoding gbk reads a roster saved on Chinese Windows' '
    school &&
    printf "%s\r\n" 姓名,班级 王芳,2020级3班 李雷,2020级3班 | iconv -f UTF-8 -t GBK >gbk.csv &&
    expect_code 0 netsec-account import gbk.csv --kind pupil --encoding gbk -f jsonl &&
    test "$(jq -r "[.username, .full_name, .class] | @tsv" out | paste -sd,)" = "s20200301	王芳	2020级3班,s20200302	李雷	2020级3班" &&
    expect_code 65 netsec-account import gbk.csv --kind pupil
'

test_expect 'import --dry-run shows the accounts and writes nothing' '
    school && roster 3 &&
    expect_code 0 netsec-account import roster.csv --kind pupil --dry-run -f jsonl &&
    test "$(wc -l <out)" = 3 &&
    expect_grep "3 accounts would be added (dry run: nothing written)" err &&
    expect_code 0 netsec-account list -f jsonl && test ! -s out
'

test_expect 'import without a kind column or --kind is exit 64; a class without a number is 65' '
    school &&
    printf "%s\n" 姓名,班级 王芳,三年级 >r.csv &&
    expect_code 64 netsec-account import r.csv &&
    expect_grep "r.csv has no kind column (kind, 类别); say which with --kind pupil, staff or service" err &&
    expect_code 65 netsec-account import r.csv --kind pupil &&
    expect_grep "r.csv:2: no four-digit year in grade ${SQ}${SQ} or class ${SQ}三年级${SQ}" err &&
    expect_code 66 netsec-account import missing.csv --kind pupil
'

# ---- issue, reset ----------------------------------------------------------------------------

test_expect 'issue -f jsonl hands out strong passwords once; only yescrypt hashes are stored' '
    a_school &&
    expect_code 0 netsec-account issue zhaoli s20200301 -f jsonl &&
    test "$(jq -r .username out | paste -sd,)" = zhaoli,s20200301 &&
    jq -r .password out >passwords &&
    test "$(grep -cE "^[$ALPHABET]{12}\$" passwords)" = 2 &&
    test "$(sqlite3 $DB "SELECT count(*) FROM accounts WHERE hash LIKE ${SQ}\$y\$%${SQ}")" = 2 &&
    for p in $(cat passwords); do
        ! grep -qaF "$p" $DB || exit 1
        ! grep -qaF "$p" school/state/netsec.db-wal 2>/dev/null || exit 1
    done &&
    netsec-journal show --action account.issued -f jsonl >j &&
    test "$(jq -c .details j | sort -u)" = "{\"scheme\":\"yescrypt\"}" &&
    expect_code 0 netsec-account show zhaoli -f json &&
    test "$(jq -r .issued_at out)" = 2026-09-01T08:00:00Z &&
    expect_no_grep "\$y\$" out
'

test_expect 'issue --class, a class that does not exist (66), an account issued twice (65 naming reset)' '
    a_school &&
    expect_code 0 netsec-account issue --class "2020级*" -f csv &&
    test "$(cut -d, -f1 out | paste -sd,)" = username,s20200301,s20200302 &&
    expect_code 66 netsec-account issue --class "2019级*" &&
    expect_grep "no account in a class matching ${SQ}2019级*${SQ}" err &&
    expect_code 65 netsec-account issue s20200301 &&
    expect_grep "account ${SQ}s20200301${SQ} already has a password; ${SQ}netsec-account reset s20200301${SQ} issues a new one" err &&
    expect_code 66 netsec-account issue nobody &&
    expect_code 64 netsec-account issue
'

test_expect 'reset gives a new password and hash, journaled as account.reset' '
    a_school &&
    netsec-account issue zhaoli -f jsonl >first &&
    H1=$(sqlite3 $DB "SELECT hash FROM accounts WHERE username = ${SQ}zhaoli${SQ}") &&
    expect_code 0 netsec-account reset zhaoli -f jsonl &&
    H2=$(sqlite3 $DB "SELECT hash FROM accounts WHERE username = ${SQ}zhaoli${SQ}") &&
    test "$H1" != "$H2" && test "$(jq -r .password first)" != "$(jq -r .password out)" &&
    test "$(journal_actions | tail -1)" = "account.reset zhaoli"
'

test_expect 'issue reads usernames from standard input: JSON Lines or one a line' '
    a_school &&
    printf "{\"username\":\"zhaoli\"}\n{\"username\":\"printer\"}\n" >in.jsonl &&
    expect_code 0 netsec-account issue - -f jsonl <in.jsonl &&
    test "$(jq -r .username out | paste -sd,)" = zhaoli,printer &&
    printf "s20200301\ns20200302\n" | netsec-account reset - -f jsonl >out2 &&
    test "$(jq -r .username out2 | paste -sd,)" = s20200301,s20200302 &&
    printf "zhaoli\nnobody\n" >names &&
    expect_code 66 netsec-account reset - <names &&
    expect_grep "<stdin>:2: no account ${SQ}nobody${SQ}" err
'

test_expect 'issue --slips writes A4 slips 0600 with school, name, username, password and the rule' '
    a_school &&
    expect_code 0 netsec-account issue --class "2020级3班" zhaoli --slips slips.html &&
    test ! -s out &&
    test "$(mode_of slips.html)" = 600 &&
    expect_grep "size: A4" slips.html &&
    expect_grep "示例乡中心小学" slips.html &&
    expect_grep "王小明（2020级3班）" slips.html &&
    expect_grep "赵丽（教导处）" slips.html &&
    expect_grep "s20200302" slips.html &&
    expect_grep "不得转借他人" slips.html &&
    test "$(grep -c "class=\"password\">[$ALPHABET]\{12\}<" slips.html)" = 3 &&
    expect_grep "wrote 3 password slips to ${SQ}slips.html${SQ}" err
'

test_expect 'issue --slips into a folder that cannot be written stores nothing (73)' '
    a_school &&
    expect_code 73 netsec-account issue zhaoli --slips no/such/dir/slips.html &&
    test "$(sqlite3 $DB "SELECT hash FROM accounts WHERE username = ${SQ}zhaoli${SQ}")" = ""
'

# ---- disable, enable, expire, archive --------------------------------------------------------

test_expect 'disable, enable, expire and archive by name, journaled with their reason' '
    a_school &&
    expect_code 0 netsec-account disable zhaoli --reason 借给他人 -f csv &&
    printf "%s\n" username,previous_status,status zhaoli,active,disabled >want && expect_equal want out &&
    expect_code 0 netsec-account enable zhaoli --reason 已谈话 -f jsonl &&
    expect_code 0 netsec-account expire printer --reason 停用 -f jsonl &&
    expect_code 0 netsec-account archive s20200301 --reason 毕业 -f jsonl &&
    expect_code 0 netsec-account show s20200301 -f json &&
    test "$(jq -r "[.status, .left_at] | @tsv" out)" = "archived	2026-09-01T08:00:00Z" &&
    netsec-journal show -f jsonl | jq -r "select(.action | test(\"disabled|enabled|expired|archived\")) | [.action, .subject, .details.reason] | @tsv" >got &&
    printf "%s\t%s\t%s\n" account.disabled zhaoli 借给他人 account.enabled zhaoli 已谈话 account.expired printer 停用 account.archived s20200301 毕业 >want &&
    expect_equal want got
'

test_expect 'archive --class when a year group leaves; --reason is required (64)' '
    a_school &&
    expect_code 64 netsec-account archive --class "2020级*" &&
    expect_grep "${SQ}archive${SQ} needs --reason" err &&
    expect_code 0 netsec-account archive --class "2020级*" --reason 毕业 -f jsonl &&
    test "$(jq -r .username out | paste -sd,)" = s20200301,s20200302 &&
    expect_code 0 netsec-account archive --class "2020级*" --reason 毕业 -f jsonl &&
    test ! -s out && expect_grep "2 of 2 accounts were already archived" err
'

test_expect 'list --stale -f jsonl | expire - expires the stale accounts' '
    NETSEC_NOW=2026-01-01T00:00:00Z a_school &&
    netsec-account -q set zhaoli --last-seen 2026-08-30 &&
    netsec-account list --stale 180d -f jsonl >stale &&
    expect_code 0 netsec-account expire - --reason "unused 180 days" -f jsonl <stale &&
    test "$(jq -r .username out | paste -sd,)" = printer,s20200301,s20200302 &&
    expect_code 0 netsec-account list --status active -f jsonl && test "$(jq -r .username out)" = zhaoli
'

# ---- export ----------------------------------------------------------------------------------

test_expect 'export -f chpasswd writes user:$y$ lines, locked (!) unless active, none without a password' '
    a_school &&
    netsec-account -q issue zhaoli printer s20200301 >/dev/null &&
    netsec-account -q disable printer --reason x >/dev/null &&
    expect_code 0 netsec-account export -f chpasswd &&
    test "$(cut -d: -f1 out | paste -sd,)" = printer,s20200301,zhaoli &&
    test "$(grep -cF ":\$y\$" out)" = 2 &&
    expect_grep "printer:!\$y\$" out &&
    expect_grep "left out 1 accounts without a password" err
'

test_expect 'export -f chpasswd | chpasswd -e -R ROOT: the shadow hashes verify the issued passwords' '
    a_school &&
    mkdir -p root/etc &&
    grep "^root:" /etc/passwd >root/etc/passwd && grep "^root:" /etc/group >root/etc/group &&
    echo "root:*:20000:0:99999:7:::" >root/etc/shadow && echo "root:*::" >root/etc/gshadow &&
    for u in zhaoli s20200301 s20200302; do useradd -R "$PWD/root" -M -U "$u" || exit 1; done &&
    netsec-account issue zhaoli --class "2020级3班" -f jsonl >issued &&
    expect_code 0 netsec-account export -f chpasswd &&
    chpasswd -e -R "$PWD/root" <out &&
    for u in zhaoli s20200301 s20200302; do
        pw=$(jq -r "select(.username == \"$u\") | .password" issued) &&
        hash=$(grep "^$u:" root/etc/shadow | cut -d: -f2) &&
        case $hash in "\$y\$"*) ;; *) echo "not yescrypt: $hash"; exit 1 ;; esac &&
        test "$(mkpasswd -m yescrypt "$pw" "$hash")" = "$hash" &&
        test "$(mkpasswd -m yescrypt wrong-password "$hash")" != "$hash" || exit 1
    done
'

# start_slapd: a throwaway slapd on a free loopback port with its mdb database in ./ldap,
# holding dc=school,dc=cn and ou=people; sets PORT and LDAP. stop_slapd kills it.
start_slapd() {
    mkdir -p ldap/db &&
    cat >ldap/slapd.conf <<-END &&
	include /etc/ldap/schema/core.schema
	include /etc/ldap/schema/cosine.schema
	include /etc/ldap/schema/nis.schema
	include /etc/ldap/schema/inetorgperson.schema
	pidfile $PWD/ldap/slapd.pid
	modulepath /usr/lib/ldap
	moduleload back_mdb
	database mdb
	maxsize 10485760
	suffix "dc=school,dc=cn"
	rootdn "cn=admin,dc=school,dc=cn"
	rootpw secret
	directory $PWD/ldap/db
	access to attrs=userPassword by anonymous auth by self write by * none
	access to * by * read
	END
    PORT=$(python3 -c "import socket; s = socket.socket(); s.bind((\"127.0.0.1\", 0)); print(s.getsockname()[1])") &&
    LDAP=ldap://127.0.0.1:$PORT &&
    slapd -f ldap/slapd.conf -h "$LDAP/" &&
    for i in 1 2 3 4 5 6 7 8 9 10; do ldapwhoami -x -H "$LDAP" >/dev/null 2>&1 && break; sleep 0.2; done &&
    printf "%s\n" "dn: dc=school,dc=cn" "objectClass: dcObject" "objectClass: organization" "o: school" "dc: school" "" \
        "dn: ou=people,dc=school,dc=cn" "objectClass: organizationalUnit" "ou: people" |
        ldapadd -x -H "$LDAP" -D cn=admin,dc=school,dc=cn -w secret >/dev/null
}
stop_slapd() {
    [ -f ldap/slapd.pid ] && kill "$(cat ldap/slapd.pid)"
    return 0
}
# bind USER PASSWORD: ldapwhoami as USER's entry.
bind() {
    ldapwhoami -x -H "$LDAP" -D "uid=$1,ou=people,dc=school,dc=cn" -w "$2"
}

if command -v slapd >/dev/null && command -v ldapadd >/dev/null; then
    test_expect 'export -f ldif loads into slapd with ldapadd; ldapwhoami binds with the issued password only' '
        a_school &&
        netsec-account issue zhaoli s20200301 -f jsonl >issued &&
        expect_code 0 netsec-account export -f ldif &&
        expect_grep "dn: uid=zhaoli,ou=people,dc=school,dc=cn" out &&
        expect_grep "userPassword: {CRYPT}\$y\$" out &&
        start_slapd && trap stop_slapd EXIT &&
        ldapadd -x -H "$LDAP" -D cn=admin,dc=school,dc=cn -w secret <out >/dev/null &&
        bind zhaoli "$(jq -r "select(.username == \"zhaoli\") | .password" issued)" >who &&
        expect_grep "dn:uid=zhaoli,ou=people,dc=school,dc=cn" who &&
        bind s20200301 "$(jq -r "select(.username == \"s20200301\") | .password" issued)" &&
        expect_code 49 bind zhaoli wrong-password &&
        ldapsearch -x -LLL -H "$LDAP" -b ou=people,dc=school,dc=cn uid=s20200301 cn uidNumber departmentNumber >entry &&
        expect_grep "uidNumber: 10002" entry &&
        expect_grep "cn:: 546L5bCP5piO" entry
    '

    test_expect 'export -f ldif --changed-since syncs adds, resets and disables with ldapmodify' '
        NETSEC_NOW=2026-09-01T08:00:00Z a_school &&
        NETSEC_NOW=2026-09-01T08:00:00Z netsec-account issue zhaoli printer -f jsonl >first &&
        netsec-account export -f ldif >full.ldif &&
        start_slapd && trap stop_slapd EXIT &&
        ldapadd -x -H "$LDAP" -D cn=admin,dc=school,dc=cn -w secret <full.ldif >/dev/null &&
        export NETSEC_NOW=2026-09-02T08:00:00Z &&
        netsec-account -q add liuyang --name 刘洋 --kind staff &&
        netsec-account issue liuyang -f jsonl >new &&
        netsec-account reset zhaoli -f jsonl >second &&
        netsec-account -q disable printer --reason 停用 >/dev/null &&
        expect_code 0 netsec-account export -f ldif --changed-since "2026-09-02 00:00" &&
        test "$(grep -c "^dn: " out)" = 3 &&
        test "$(grep -c "^changetype: modify" out)" = 2 &&
        test "$(grep -c "^changetype: add" out)" = 1 &&
        ldapmodify -x -H "$LDAP" -D cn=admin,dc=school,dc=cn -w secret <out >/dev/null &&
        bind liuyang "$(jq -r .password new)" &&
        bind zhaoli "$(jq -r .password second)" &&
        expect_code 49 bind zhaoli "$(jq -r "select(.username == \"zhaoli\") | .password" first)" &&
        expect_code 49 bind printer "$(jq -r "select(.username == \"printer\") | .password" first)"
    '
else
    test_skip 'export -f ldif loads into slapd with ldapadd; ldapwhoami binds with the issued password only' 'needs slapd and ldap-utils'
    test_skip 'export -f ldif --changed-since syncs adds, resets and disables with ldapmodify' 'needs slapd and ldap-utils'
fi

test_expect 'export -f csv has the fields of list and the home and shell, never a hash' '
    a_school &&
    netsec-account -q issue zhaoli >/dev/null &&
    expect_code 0 netsec-account export -f csv &&
    head -1 out >header &&
    echo username,full_name,kind,grade,class,department,owner,level,status,issued_at,password_set_at,last_seen_at,left_at,uid_number,gid_number,created_at,updated_at,home_directory,login_shell >want &&
    expect_equal want header &&
    expect_grep "zhaoli,赵丽,staff,,,教导处,,teacher,active,2026-09-01T08:00:00Z" out &&
    expect_grep ",/home/zhaoli,/bin/bash" out &&
    expect_no_grep "\$y\$" out
'

test_expect 'export needs -f chpasswd, ldif or csv (64); --changed-since goes with ldif' '
    a_school &&
    expect_code 64 netsec-account export &&
    expect_grep "${SQ}export${SQ} writes -f chpasswd, ldif or csv" err &&
    expect_code 64 netsec-account export -f json &&
    expect_code 64 netsec-account export -f csv --changed-since now
'

# ---- the policy's accounts section -------------------------------------------------------------

test_expect 'the policy names a bad accounts section at file:line:column with exit 78' '
    school &&
    sed -i "s/^  password_length: 12 /  password_length: 4 /; s/^  pupil_username: .*/  pupil_username: \"{year}{class}\"/; s/^    uid_start: 10000 /    uid_start: many /" "$NETSEC_POLICY" &&
    expect_code 78 netsec-account list &&
    L1=$(grep -n "^  password_length:" "$NETSEC_POLICY" | cut -d: -f1) &&
    L2=$(grep -n "^  pupil_username:" "$NETSEC_POLICY" | cut -d: -f1) &&
    L3=$(grep -n "^    uid_start:" "$NETSEC_POLICY" | cut -d: -f1) &&
    expect_grep "policy.yaml:$L1:20: ${SQ}accounts.password_length${SQ} expects a whole number from 8 to 64, found ${SQ}4${SQ}" err &&
    expect_grep "policy.yaml:$L2:19: ${SQ}accounts.pupil_username${SQ} cannot be ${SQ}{year}{class}${SQ}: it needs {seq}" err &&
    expect_grep "policy.yaml:$L3:16: ${SQ}accounts.ldap.uid_start${SQ} expects a whole number from 1000 to 2000000000, found ${SQ}many${SQ}" err
'

test_expect 'the policy refuses an unknown accounts key and a default level that is not a level (78)' '
    school &&
    sed -i "s/^  levels: \[pupil, teacher, leader, admin\]/  levels: [child, teacher]\n  colour: red/" "$NETSEC_POLICY" &&
    expect_code 78 netsec-policy check &&
    expect_grep "unknown key ${SQ}colour${SQ} in ${SQ}accounts${SQ}; expected one of: password_length, " err &&
    expect_grep "${SQ}accounts.default_level.pupil${SQ} is ${SQ}pupil${SQ}, which is not one of accounts.levels: child, teacher" err
'

# ---- operator levels ---------------------------------------------------------------------------

if u=$(second_user); then
    test_expect 'a user with no level cannot list; a viewer can list and show but not add, issue or export (77)' '
        a_school &&
        chmod -R a+rX school &&
        expect_code 77 runuser -u "$u" -- netsec-account list --policy "$NETSEC_POLICY" &&
        expect_grep "${SQ}netsec-account list${SQ} needs the viewer level; user ${SQ}$u${SQ} has no level" err &&
        add_operator "$u" viewer "$NETSEC_POLICY" &&
        netsec-account -q list >/dev/null &&
        chmod -R a+rwX school/state &&
        expect_code 0 runuser -u "$u" -- netsec-account list --policy "$NETSEC_POLICY" -f jsonl &&
        test "$(wc -l <out)" = 4 &&
        for command in "add x --name x --kind staff" "issue zhaoli" "reset zhaoli" "export -f chpasswd" \
            "disable zhaoli --reason r" "import /dev/null --kind staff" "set zhaoli --name y"; do
            expect_code 77 runuser -u "$u" -- netsec-account --policy "$NETSEC_POLICY" $command &&
            expect_grep "needs the admin level; user ${SQ}$u${SQ} has only viewer" err || exit 1
        done
    '
else
    test_skip 'a user with no level cannot list; a viewer can list and show but not add, issue or export (77)' 'needs root for a second user'
fi

# ---- completion --------------------------------------------------------------------------------

# complete_account LINE: what TAB offers at the end of LINE, sorted, one a line (as completion.sh).
complete_account() (
    . "$NETSEC_SOURCE/share/netsec/completions/netsec-account"
    local line=$1
    local -a words
    read -ra words <<<"$line"
    [[ $line == *" " ]] && words+=("")
    COMP_WORDS=("${words[@]}")
    COMP_CWORD=$((${#words[@]} - 1))
    COMPREPLY=()
    _netsec_account netsec-account "${words[COMP_CWORD]}" "${words[COMP_CWORD - 1]}"
    ((${#COMPREPLY[@]} == 0)) || printf "%s\n" "${COMPREPLY[@]}" | LC_ALL=C sort
)

test_expect 'bash completion offers the commands, their options and values, export formats' '
    complete_account "netsec-account " >got &&
    printf "%s\n" add archive disable enable expire export import issue list reset set show >want &&
    expect_equal want got &&
    complete_account "netsec-account export -f " >got && printf "%s\n" chpasswd csv ldif >want && expect_equal want got &&
    complete_account "netsec-account list -f " >got && printf "%s\n" csv json jsonl table tsv >want && expect_equal want got &&
    complete_account "netsec-account list --kind " >got && printf "%s\n" pupil service staff >want && expect_equal want got &&
    complete_account "netsec-account issue --s" >got && printf "%s\n" --slips >want && expect_equal want got &&
    complete_account "netsec-account archive --class 2020 --r" >got && printf "%s\n" --reason >want && expect_equal want got &&
    complete_account "netsec-account import --encoding " >got && printf "%s\n" gbk utf-8 >want && expect_equal want got
'

# ---- man page ------------------------------------------------------------------------------------

test_expect 'the man page names every field of the machine formats' '
    for f in username full_name kind grade class department owner level status issued_at password_set_at \
        last_seen_at left_at uid_number gid_number created_at updated_at home_directory login_shell password \
        previous_status; do
        expect_grep "*$f*" "$NETSEC_SOURCE/man/netsec-account.1.scd" || exit 1
    done
'

test_done
