#!/bin/bash
# netsec-asset's upkeep: the maintenance log, the approved-software list and the software
# check on lists made as Get-Package | Export-Csv, wmic (UTF-16LE, by iconv) and dpkg-query -W
# write them, the credentials of shared devices and when they fall due, and stats; with the bad
# inputs, their exit codes, and nothing written.
. "$(dirname "$0")/lib.sh"

export NETSEC_NOW=2026-09-01T08:00:00Z

# a_school: a policy and three machines: LAB-001 (lab-001), OFF-001 and the router NET-001.
a_school() {
    school &&
    netsec-asset -q add LAB-001 --hostname lab-001 --kind lab_pc --room 机房 &&
    netsec-asset -q add OFF-001 --hostname off-001 --kind office_pc --room 办公室 &&
    netsec-asset -q add NET-001 --hostname router --kind router --room 机房
}

# journal_actions PREFIX: the action and subject of every entry whose action starts so.
journal_actions() {
    netsec-journal show -f jsonl | jq -r --arg p "$1" 'select(.action | startswith($p)) | "\(.action) \(.subject)"'
}

# count_rows TABLE: its rows in the school's database.
count_rows() {
    sqlite3 school/state/netsec.db "SELECT count(*) FROM $1"
}

# get_package FILE: what Get-Package | Export-Csv -Encoding UTF8 writes in Windows PowerShell
# 5.1: a byte-order mark, the #TYPE line, every field quoted, CRLF, a SwidTagText over lines.
get_package() {
    {
        printf '\357\273\277#TYPE Microsoft.PackageManagement.Packaging.SoftwareIdentity\r\n'
        printf '"FastPackageReference","ProviderName","Source","Status","SwidTagText","Name","Version","VersionScheme"\r\n'
        printf '"hklm64\\SOFTWARE\\7-Zip","Programs","","Installed","<?xml version=""1.0""?>\r\n<SoftwareIdentity />","7-Zip 23.01 (x64)","23.01","unknown"\r\n'
        printf '"msu:KB5031356","msu","","Installed","","Security Update for Microsoft Windows (KB5031356)","","unknown"\r\n'
        printf '"hklm32\\Steam","Programs","","Installed","","Steam","2.10.91.91","unknown"\r\n'
    } >"$1"
}

# wmic FILE: what wmic product get Name,Version /format:csv > FILE writes: UTF-16LE with a
# byte-order mark, an empty first line, Node first, nothing quoted.
wmic() {
    { printf '\377\376' && printf '\r\r\nNode,Name,Version\r\r\nLAB-001,7-Zip 23.01 (x64),23.01\r\r\nLAB-001,极域电子教室,6.0\r\r\nLAB-001,Adobe Reader, Chinese Edition,11.0.23\r\r\n' |
        iconv -f UTF-8 -t UTF-16LE; } >"$1"
}

# ---- maint ----------------------------------------------------------------------------------

test_expect 'maint add records an entry with its fields, journaled asset.maintained' '
    a_school &&
    expect_code 0 netsec-asset maint add LAB-001 --action 更换电源 --fault 无法开机 --by zhaoli --at "2026-03-02 10:00" -f json &&
    jq -r ".[0] | [.maintenance_id, .tag, .maintained_at, .action, .fault, .maintainer, .outside] | @tsv" out >got &&
    printf "1\tLAB-001\t2026-03-02T02:00:00Z\t更换电源\t无法开机\tzhaoli\t\n" >want &&
    expect_equal want got &&
    journal_actions asset.maintained >got &&
    echo "asset.maintained LAB-001" >want &&
    expect_equal want got
'

test_expect 'maint add without --by names the operator; --outside says the passwords are due' '
    a_school &&
    expect_code 0 netsec-asset maint add NET-001 --action 升级固件 --outside "县电信 李工" --at 2026-05-10 -f jsonl &&
    test "$(jq -r .maintainer out)" = "$(id -un)" &&
    test "$(jq -r .outside out)" = "县电信 李工" &&
    expect_grep "the passwords of this device are now due for a change" err
'

test_expect 'maint list filters by tag, maintainer and time' '
    a_school &&
    netsec-asset -q maint add LAB-001 --action 清灰 --by zhaoli --at 2026-01-05 -f jsonl >/dev/null &&
    netsec-asset -q maint add OFF-001 --action 重装系统 --by wangwu --at 2026-06-01 -f jsonl >/dev/null &&
    netsec-asset -q maint add LAB-001 --action 换键盘 --by wangwu --at 2026-08-01 -f jsonl >/dev/null &&
    expect_code 0 netsec-asset maint list --tag LAB-001 -f tsv &&
    cut -f2,4 out >got && printf "tag\taction\nLAB-001\t清灰\nLAB-001\t换键盘\n" >want && expect_equal want got &&
    expect_code 0 netsec-asset maint list --by wangwu --since 2026-07-01 -f jsonl &&
    test "$(jq -r .action out)" = 换键盘 &&
    expect_code 0 netsec-asset maint list --since 60d -f jsonl &&
    test "$(jq -s length out)" = 1
'

test_expect 'maint add refuses an unknown tag (66), an empty action and a date that does not exist (64), writing nothing' '
    a_school &&
    expect_code 66 netsec-asset maint add LAB-999 --action 清灰 &&
    expect_grep "netsec-asset: no machine with the tag ${SQ}LAB-999${SQ}" err &&
    expect_code 64 netsec-asset maint add LAB-001 --action " " &&
    expect_grep "netsec-asset: --action is empty: say what was done" err &&
    expect_code 64 netsec-asset maint add LAB-001 --action 清灰 --at 2026-02-30 &&
    expect_grep "2026-02-30" err &&
    expect_code 64 netsec-asset maint add LAB-001 --action 清灰 --at 2027-01-01 &&
    expect_grep "netsec-asset: the maintenance time ${SQ}2026-12-31T16:00:00Z${SQ} is in the future" err &&
    test "$(count_rows maintenance)" = 0 &&
    journal_actions asset.maintained >got && expect_equal /dev/null got
'

# ---- software -------------------------------------------------------------------------------

test_expect 'software allow and list; allowing again changes nothing' '
    a_school &&
    expect_code 0 netsec-asset software allow "7-Zip*" --version "23.*" --note 压缩 &&
    expect_grep "allowed ${SQ}7-Zip*${SQ} version ${SQ}23.*${SQ}" err &&
    expect_code 0 netsec-asset software allow 极域电子教室 &&
    expect_code 0 netsec-asset software allow 极域电子教室 &&
    expect_grep "${SQ}极域电子教室${SQ} version ${SQ}*${SQ} is already allowed" err &&
    expect_code 0 netsec-asset software list -f tsv &&
    cut -f1-3 out >got &&
    printf "name\tversion_glob\tnote\n7-Zip*\t23.*\t压缩\n极域电子教室\t*\t\n" >want &&
    expect_equal want got &&
    journal_actions asset.software >got &&
    printf "%s\n" "asset.software_allowed 7-Zip*" "asset.software_allowed 极域电子教室" >want &&
    expect_equal want got
'

test_expect 'software import-allowed reads a list with Chinese headers, all of it' '
    a_school &&
    printf "软件名称,版本,备注\n7-Zip*,23.*,压缩\nWPS Office,12.*,办公\n" >allowed.csv &&
    expect_code 0 netsec-asset software import-allowed allowed.csv &&
    expect_grep "allowed 2 programs (0 were on the list already)" err &&
    test "$(count_rows software_allowed)" = 2
'

test_expect 'software import-allowed names line 1999 of 2000 when it is malformed, and writes nothing' '
    a_school &&
    awk "BEGIN { print \"name,version_glob\"; for (i = 2; i <= 2000; i++) print (i == 1999 ? \",1.*\" : \"软件\" i \",*\") }" >allowed.csv &&
    expect_code 65 netsec-asset software import-allowed allowed.csv &&
    printf "netsec-asset: allowed.csv:1999: a row needs the software${SQ}s name\nnetsec-asset: nothing was imported\n" >want &&
    expect_equal want err &&
    test "$(count_rows software_allowed)" = 0 &&
    awk "BEGIN { print \"name,version_glob\"; for (i = 2; i <= 2000; i++) print (i == 1999 ? \"a,b,c\" : \"软件\" i \",*\") }" >allowed.csv &&
    expect_code 65 netsec-asset software import-allowed allowed.csv &&
    expect_grep "allowed.csv:1999: expected 2 fields as in the header, found 3" err &&
    test "$(count_rows software_allowed)" = 0 &&
    journal_actions asset.software >got && expect_equal /dev/null got
'

test_expect 'software check reads Get-Package | Export-Csv, lists what is not approved and exits 1' '
    a_school &&
    netsec-asset -q software allow "7-Zip*" --version "23.*" &&
    get_package pkgs.csv &&
    expect_code 1 netsec-asset software check pkgs.csv --host OFF-001 -f tsv &&
    printf "tag\tname\tversion\tapproved\nOFF-001\tSteam\t2.10.91.91\tfalse\n" >want &&
    expect_equal want out &&
    expect_grep "left out 1 Windows updates (provider msu)" err &&
    expect_grep "1 of 2 packages are not approved" err &&
    sqlite3 school/state/netsec.db "SELECT tag, name, approved FROM software_checks ORDER BY name" >got &&
    printf "OFF-001|7-Zip 23.01 (x64)|1\nOFF-001|Steam|0\n" >want &&
    expect_equal want got &&
    journal_actions asset.software_checked >got && echo "asset.software_checked OFF-001" >want && expect_equal want got
'

test_expect 'software check reads wmic UTF-16LE, finds the machine by its Node, and the latest check replaces the last' '
    a_school &&
    netsec-asset -q software allow "7-Zip*" &&
    netsec-asset -q software allow 极域电子教室 &&
    netsec-asset -q software allow "Adobe Reader, Chinese Edition" &&
    wmic lab.csv &&
    head -c 2 lab.csv | od -An -tx1 | grep -q "ff fe" &&
    expect_code 0 netsec-asset software check lab.csv --all -f tsv &&
    printf "tag\tname\tversion\tapproved\nLAB-001\t7-Zip 23.01 (x64)\t23.01\ttrue\nLAB-001\t极域电子教室\t6.0\ttrue\nLAB-001\tAdobe Reader, Chinese Edition\t11.0.23\ttrue\n" >want &&
    expect_equal want out &&
    printf "\377\376" >one.csv && printf "\r\nNode,Name,Version\r\nLAB-001,Steam,2.1\r\n" | iconv -f UTF-8 -t UTF-16LE >>one.csv &&
    expect_code 1 netsec-asset software check one.csv -f tsv &&
    sqlite3 school/state/netsec.db "SELECT tag, name FROM software_checks" >got &&
    echo "LAB-001|Steam" >want &&
    expect_equal want got
'

test_expect 'software check reads dpkg-query -W; a list of no machine is checked but not kept' '
    a_school &&
    netsec-asset -q software allow "libc6*" &&
    printf "libc6:amd64\t2.36-9+deb12u4\nnmap\t7.93+dfsg1-1\n" >dpkg.txt &&
    expect_code 1 netsec-asset software check dpkg.txt -f tsv &&
    printf "tag\tname\tversion\tapproved\n\tnmap\t7.93+dfsg1-1\tfalse\n" >want &&
    expect_equal want out &&
    expect_grep "not kept: the list names no machine" err &&
    test "$(count_rows software_checks)" = 0 &&
    if command -v dpkg-query >/dev/null; then
        dpkg-query -W >real.txt &&
        expect_code 1 netsec-asset software check real.txt --host LAB-001 -f jsonl &&
        test "$(count_rows software_checks)" = "$(sort -u real.txt | grep -c .)"
    fi
'

test_expect 'software check refuses what it cannot read, by line, and keeps nothing' '
    a_school &&
    echo "hello world" >x.txt &&
    expect_code 65 netsec-asset software check x.txt --host LAB-001 &&
    expect_grep "x.txt:1: not a software list" err &&
    printf "nmap\t7.93\nbroken line\n" >d.txt &&
    expect_code 65 netsec-asset software check d.txt --host LAB-001 &&
    expect_grep "d.txt:2: expected a package name, a tab and its version, as dpkg-query -W writes" err &&
    printf "\377\376" >w.csv && printf "\r\nNode,Name,Version\r\nLAB-009,Steam,2.1\r\n" | iconv -f UTF-8 -t UTF-16LE >>w.csv &&
    expect_code 65 netsec-asset software check w.csv &&
    expect_grep "w.csv:3:" err &&
    printf "nmap\t7.93\n" >good.txt &&
    expect_code 66 netsec-asset software check good.txt --host LAB-999 &&
    expect_code 64 netsec-asset software check good.txt --input-format msi &&
    expect_code 66 netsec-asset software check missing.csv --host LAB-001 &&
    test "$(count_rows software_checks)" = 0
'

# ---- cred -----------------------------------------------------------------------------------

test_expect 'cred add, changed and list: never changed, then fine, then due after an outside visit' '
    a_school &&
    expect_code 0 netsec-asset cred add router-admin --holder zhaoli --asset NET-001 --note 路由器管理页 &&
    expect_code 0 netsec-asset cred list -f jsonl &&
    test "$(jq -r "[.name, .holder, .tag, .due, (.due_reasons | join(\",\"))] | @tsv" out)" = "router-admin	zhaoli	NET-001	true	never_changed" &&
    expect_code 0 netsec-asset cred changed router-admin --at "2026-04-01 09:00" &&
    expect_code 0 netsec-asset cred list -f jsonl &&
    test "$(jq -r "[.due, .changed_at] | @tsv" out)" = "false	2026-04-01T01:00:00Z" &&
    netsec-asset -q maint add NET-001 --action 更换光猫 --outside "县电信 李工" --at "2026-05-10 14:00" -f jsonl >/dev/null &&
    expect_code 0 netsec-asset cred list --due -f jsonl &&
    test "$(jq -r "[.due, (.due_reasons | join(\",\")), .why] | @tsv" out)" = "true	outside_visit	outside technician 县电信 李工 maintained NET-001 on 2026-05-10, after its last change on 2026-04-01" &&
    journal_actions asset.credential >got &&
    printf "%s\n" "asset.credential_added router-admin" "asset.credential_changed router-admin" >want &&
    expect_equal want got
'

test_expect 'cred list: too old past assets.credentials.max_age, and a holder who has left' '
    a_school &&
    netsec-account -q add zhaoli --name 赵丽 --kind staff &&
    netsec-asset -q cred add finance --holder zhaoli --note 财务平台 &&
    netsec-asset -q cred changed finance --at 2026-01-02 &&
    expect_code 0 netsec-asset cred list -f jsonl &&
    test "$(jq -r "(.due_reasons | join(\",\"))" out)" = "too_old" &&
    expect_grep "last changed on 2026-01-02, longer ago than the policy${SQ}s 180d" out &&
    netsec-account -q archive zhaoli --reason 调离 &&
    expect_code 0 netsec-asset cred list -f jsonl &&
    test "$(jq -r "(.due_reasons | join(\",\"))" out)" = "too_old,holder_left"
'

test_expect 'cred refuses a name twice (65), an unknown device (66) or name (66), a time to come (64)' '
    a_school &&
    netsec-asset -q cred add router-admin --holder zhaoli &&
    expect_code 65 netsec-asset cred add router-admin --holder wangwu &&
    expect_grep "netsec-asset: credential ${SQ}router-admin${SQ} is already registered" err &&
    expect_code 66 netsec-asset cred add nvr --holder zhaoli --asset CAM-999 &&
    expect_code 66 netsec-asset cred changed nvr &&
    expect_grep "netsec-asset: no credential ${SQ}nvr${SQ}; ${SQ}netsec-asset cred list${SQ} shows them" err &&
    expect_code 64 netsec-asset cred changed router-admin --at 2027-01-01 &&
    expect_code 64 netsec-asset cred changed router-admin --at 2026-13-01 &&
    test "$(count_rows credentials)" = 1 &&
    journal_actions asset.credential >got && echo "asset.credential_added router-admin" >want && expect_equal want got
'

# ---- stats ----------------------------------------------------------------------------------

test_expect 'stats counts machines, maintenance by year and maintainer, software and credentials' '
    a_school &&
    netsec-asset -q maint add LAB-001 --action 清灰 --by zhaoli --at 2025-12-05 -f jsonl >/dev/null &&
    netsec-asset -q maint add LAB-001 --action 换键盘 --by wangwu --at 2026-03-01 -f jsonl >/dev/null &&
    netsec-asset -q maint add NET-001 --action 升级固件 --by wangwu --outside 李工 --at 2026-04-01 -f jsonl >/dev/null &&
    netsec-asset -q cred add router-admin --holder zhaoli --asset NET-001 &&
    printf "nmap\t7.93\n" >d.txt &&
    expect_code 1 netsec-asset -q software check d.txt --host LAB-001 -f jsonl &&
    expect_code 0 netsec-asset stats --year 2026 -f json &&
    jq -r ".[] | select(.dimension | IN(\"kind\", \"maintenance\", \"maintenance_year\", \"maintainer\", \"software\", \"credentials\")) | [.dimension, .key, .value] | @tsv" out >got &&
    printf "%s\n" "kind	lab_pc	1" "kind	office_pc	1" "kind	router	1" \
        "maintenance	entries	2" "maintenance	outside	1" "maintenance_year	2026	2" "maintainer	wangwu	2" \
        "software	machines_checked	1" "software	machines_unapproved	1" "software	unapproved	1" \
        "credentials	credentials	1" "credentials	due	1" >want &&
    expect_equal want got &&
    expect_code 0 netsec-asset stats -f json &&
    jq -r ".[] | select(.dimension == \"maintenance_year\") | [.key, .value] | @tsv" out >got &&
    printf "2025\t1\n2026\t2\n" >want &&
    expect_equal want got
'

test_expect 'stats reads antivirus coverage and freshness from the av tables' '
    a_school &&
    sqlite3 school/state/netsec.db "INSERT INTO av_imports (id, source, format, sha256, rows, imported_at) VALUES (1, ${SQ}x${SQ}, ${SQ}defender${SQ}, ${SQ}h${SQ}, 1, ${SQ}2026-09-01T00:00:00Z${SQ}); INSERT INTO av_states (import_id, line, tag, hostname, product, realtime, signature_updated_at) VALUES (1, 2, ${SQ}LAB-001${SQ}, ${SQ}lab-001${SQ}, ${SQ}Defender${SQ}, 1, ${SQ}2026-08-31T00:00:00Z${SQ})" &&
    expect_code 0 netsec-asset stats -f json &&
    jq -r ".[] | select(.dimension == \"antivirus\") | [.key, .value] | @tsv" out >got &&
    printf "%s\n" "machines	2" "covered	1" "fresh	1" "stale	0" "realtime_off	0" "coverage_percent	50" "fresh_percent	50" >want &&
    expect_equal want got
'

test_done
