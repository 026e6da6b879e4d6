#!/bin/bash
# netsec-asset: the register — add, set, retire, list, show and import, MAC addresses in every
# common form, the journal of each change, and every bad input with its exit code and nothing
# written. Scans, antivirus and upkeep have their own tests (netsec-asset-*.sh).
. "$(dirname "$0")/lib.sh"

# a_lab: a school with two lab PCs and a router.
a_lab() {
    school &&
    netsec-asset -q add PC-001 --kind lab_pc --room 机房1 --hostname LAB01 --mac 00-1A-2B-3C-4D-01 --ip 10.0.1.11 &&
    netsec-asset -q add PC-002 --kind 机房电脑 --room 机房1 --hostname LAB02 --mac 001a.2b3c.4d02 &&
    netsec-asset -q add RT-01 --kind router --room 网络中心 --custodian zhaoli --importance high
}

# count_assets: how many machines list --all -f jsonl prints.
count_assets() { netsec-asset list --all -f jsonl | wc -l; }

# ---- add, show, list ---------------------------------------------------------------------------

test_expect 'add normalises MACs and kinds; show -f json prints every field' '
    a_lab &&
    netsec-asset show PC-002 -f json >shown &&
    test "$(jq -r .macs shown)" = "00:1a:2b:3c:4d:02" &&
    test "$(jq -r .kind shown)" = lab_pc &&
    test "$(jq -r .status shown)" = in_use &&
    test "$(jq -r .importance shown)" = normal &&
    test "$(jq -r .ip shown)" = null &&
    test "$(jq -r "keys_unsorted | join(\" \")" shown)" = \
        "tag host macs ip room kind custodian os importance status bought_on warranty_until last_seen_at retired_at note created_at updated_at sightings antivirus detections maintenance incidents" &&
    test "$(jq -c "[.sightings, .antivirus, .detections, .maintenance, .incidents]" shown)" = "[[],null,[],[],[]]" &&
    netsec-asset list -f json | jq -e "length == 3 and (.[0] | keys_unsorted | length == 17) and .[0].host == \"LAB01\""
'

test_expect 'add is journaled as asset.added with the fields given' '
    a_lab &&
    netsec-journal show -f jsonl | jq -r "select(.action == \"asset.added\") | .subject" >subjects &&
    printf "PC-001\nPC-002\nRT-01\n" >want && expect_equal want subjects &&
    netsec-journal show -f jsonl | jq -s -e "map(select(.subject == \"PC-001\")) | length == 1 and .[0].details.macs == [\"00:1a:2b:3c:4d:01\"]"
'

test_expect 'a tag or a MAC already registered is refused, naming who holds it' '
    a_lab &&
    expect_code 65 netsec-asset add PC-001 --kind lab_pc &&
    grep -q "the asset tag .PC-001. is already registered" err &&
    expect_code 65 netsec-asset add PC-003 --kind lab_pc --mac 00:1a:2b:3c:4d:01 &&
    grep -q "MAC 00:1a:2b:3c:4d:01 is already registered to .PC-001." err &&
    test "$(count_assets)" = 3
'

test_expect 'bad fields on add are usage errors naming the value' '
    school &&
    expect_code 64 netsec-asset add X1 --kind lab_pc --mac 00:1a:2b && grep -q "not a MAC address" err &&
    expect_code 64 netsec-asset add X1 --kind toaster && grep -q "unknown kind .toaster." err &&
    expect_code 64 netsec-asset add X1 --kind lab_pc --ip 10.0.0.300 && grep -q "not an IP address" err &&
    expect_code 64 netsec-asset add X1 --kind lab_pc --bought 2026-02-30 && grep -q "not a date" err &&
    expect_code 64 netsec-asset add "X 1" --kind lab_pc && grep -q "has a space" err &&
    expect_code 64 netsec-asset add X1 --kind lab_pc --status retired &&
    test "$(count_assets)" = 0
'

test_expect 'list filters by room, kind, status and custodian' '
    a_lab &&
    test "$(netsec-asset list --room 机房1 -f jsonl | wc -l)" = 2 &&
    test "$(netsec-asset list --kind router -f jsonl | jq -r .tag)" = RT-01 &&
    test "$(netsec-asset list --custodian zhaoli -f jsonl | jq -r .tag)" = RT-01 &&
    test "$(netsec-asset list --status spare -f jsonl | wc -l)" = 0 &&
    expect_code 64 netsec-asset list --status broken
'

test_expect 'list --unseen counts a never-seen machine from when it was registered' '
    NETSEC_NOW=2026-09-01T08:00:00Z a_lab &&
    test "$(NETSEC_NOW=2026-09-10T08:00:00Z netsec-asset list --unseen 30d -f jsonl | wc -l)" = 0 &&
    test "$(NETSEC_NOW=2026-10-10T08:00:00Z netsec-asset list --unseen 30d -f jsonl | wc -l)" = 3
'

test_expect 'show of an unknown tag is 66, naming the list command' '
    school &&
    expect_code 66 netsec-asset show PC-404 &&
    grep -q "no machine with the tag .PC-404.; .netsec-asset list. shows them" err
'

# ---- set, retire -----------------------------------------------------------------------------

test_expect 'set journals each field from and to with the reason' '
    a_lab &&
    netsec-asset -q set PC-001 --room 机房2 --status repair --reason "moved for repair" &&
    netsec-journal show -f jsonl | jq -c "select(.action == \"asset.changed\") | .details" >details &&
    jq -e ".changes.room == {\"from\": \"机房1\", \"to\": \"机房2\"} and .changes.status.to == \"repair\" and
           .reason == \"moved for repair\"" details
'

test_expect 'set --mac adds an address, --no-mac --mac replaces them' '
    a_lab &&
    netsec-asset -q set PC-001 --mac 00:1A:2B:3C:4D:99 --reason "second card" &&
    test "$(netsec-asset show PC-001 -f jsonl | jq -r .macs)" = "00:1a:2b:3c:4d:01 00:1a:2b:3c:4d:99" &&
    netsec-asset -q set PC-001 --no-mac --mac 00:1a:2b:3c:4d:77 --reason "new board" &&
    test "$(netsec-asset show PC-001 -f jsonl | jq -r .macs)" = "00:1a:2b:3c:4d:77" &&
    expect_code 65 netsec-asset set PC-002 --mac 00:1a:2b:3c:4d:77 --reason x &&
    grep -q "already registered to .PC-001." err
'

test_expect 'set that changes nothing journals nothing' '
    a_lab &&
    before=$(netsec-journal show -f jsonl | wc -l) &&
    netsec-asset set PC-001 --room 机房1 --reason same 2>err &&
    grep -q "is unchanged" err &&
    test "$(netsec-journal show -f jsonl | wc -l)" = "$before"
'

test_expect 'retire keeps the machine with its history, out of lists but --all' '
    a_lab &&
    netsec-asset -q retire PC-002 --reason "主板损坏，已报废" &&
    test "$(netsec-asset list -f jsonl | wc -l)" = 2 &&
    test "$(netsec-asset list --all -f jsonl | wc -l)" = 3 &&
    test "$(netsec-asset list --status retired -f jsonl | jq -r .tag)" = PC-002 &&
    netsec-journal show -f jsonl | jq -s -e "map(select(.action == \"asset.retired\")) | length == 1 and .[0].details.to == \"retired\"" &&
    expect_code 64 netsec-asset retire PC-002 --reason again && grep -q "already retired" err &&
    expect_code 64 netsec-asset set PC-002 --status in_use --reason back && grep -q "is retired and stays so" err &&
    expect_code 64 netsec-asset set PC-001 --status retired --reason x && grep -q "netsec-asset retire PC-001" err
'

test_expect 'retire needs a reason and a known tag' '
    a_lab &&
    expect_code 64 netsec-asset retire PC-001 &&
    expect_code 66 netsec-asset retire PC-404 --reason gone
'

# ---- import ----------------------------------------------------------------------------------

test_expect 'import reads Chinese headers, adds and updates, and says what it did' '
    a_lab &&
    printf "资产编号,主机名,MAC地址,位置,类型,责任人,状态\n" >in.csv &&
    printf "PC-001,LAB01,00-1A-2B-3C-4D-01,机房1,机房电脑,,在用\n" >>in.csv &&
    printf "PC-003,LAB03,00-1A-2B-3C-4D-03,机房1,lab_pc,李老师,\n" >>in.csv &&
    printf "RT-01,,,网络中心,router,王老师,\n" >>in.csv &&
    netsec-asset import in.csv -f jsonl >result 2>err &&
    jq -r "\"\(.line) \(.tag) \(.action) \(.fields)\"" result >got &&
    printf "2 PC-001 unchanged null\n3 PC-003 added null\n4 RT-01 changed custodian\n" >want &&
    expect_equal want got &&
    grep -q "added 1 machines and changed 1; 1 unchanged" err &&
    test "$(netsec-asset show RT-01 -f jsonl | jq -r .custodian)" = 王老师
'

test_expect 'what list -f csv writes, import reads back unchanged' '
    a_lab &&
    netsec-asset list -f csv >all.csv &&
    netsec-asset import all.csv -f jsonl >result &&
    test "$(jq -r .action result | sort -u)" = unchanged &&
    test "$(jq -s length result)" = 3
'

test_expect 'import reads GBK and a --map of the school'"'"'s own headers' '
    school &&
    printf "设备编号,存放地点,类型\nOF-01,教务处,办公电脑\n" | iconv -f UTF-8 -t GBK >gbk.csv &&
    netsec-asset -q import gbk.csv --encoding gbk --map tag=设备编号,room=存放地点 &&
    test "$(netsec-asset show OF-01 -f jsonl | jq -r "\"\(.room) \(.kind)\"")" = "教务处 office_pc" &&
    expect_code 64 netsec-asset import gbk.csv --encoding gbk --map colour=颜色 && grep -q "there is no field .colour." err
'

test_expect 'a bad row at line 1,999 of 2,000 is named and nothing is imported' '
    school &&
    awk "BEGIN { print \"tag,kind,room\"; for (i = 1; i < 2000; i++) printf \"PC-%04d,%s,机房1\n\", i, (i == 1998 ? \"toaster\" : \"lab_pc\") }" >big.csv &&
    expect_code 65 netsec-asset import big.csv &&
    grep -q "big.csv:1999: unknown kind .toaster." err &&
    grep -q "nothing was imported" err &&
    test "$(count_assets)" = 0
'

test_expect 'a tag twice, or a MAC twice, in one file is refused by line' '
    school &&
    printf "tag,kind,macs\nA1,lab_pc,00:00:00:00:00:01\nA1,lab_pc,\nA2,lab_pc,00-00-00-00-00-01\n" >dup.csv &&
    expect_code 65 netsec-asset import dup.csv &&
    grep -q "dup.csv:3: the asset tag .A1. is given twice (line 2 too)" err &&
    grep -q "dup.csv:4: MAC 00:00:00:00:00:01 is already registered to .A1." err &&
    test "$(count_assets)" = 0
'

test_expect 'import --dry-run shows what would change and writes nothing' '
    a_lab &&
    before=$(netsec-journal show -f jsonl | wc -l) &&
    printf "tag,room\nPC-001,机房9\nNEW-1,机房9\n" >dry.csv &&
    expect_code 65 netsec-asset import dry.csv --dry-run &&
    grep -q "dry.csv:3: .NEW-1. needs a kind" err &&
    printf "tag,room,kind\nPC-001,机房9,lab_pc\nNEW-1,机房9,other\n" >dry.csv &&
    netsec-asset import dry.csv --dry-run -f jsonl >result 2>err &&
    test "$(jq -r .action result | tr "\n" " ")" = "changed added " &&
    grep -q "would be added" err &&
    test "$(netsec-asset show PC-001 -f jsonl | jq -r .room)" = 机房1 &&
    test "$(netsec-journal show -f jsonl | wc -l)" = "$before"
'

test_expect 'standard input is bounded before it is held: a runaway pipe is refused, nothing written' '
    school &&
    head -c 140M /dev/zero >big &&
    expect_code 65 netsec-asset import - <big && grep -q "holds more than 134217728 bytes" err &&
    expect_code 65 netsec-asset av import - <big && grep -q "holds more than 134217728 bytes" err &&
    test "$(count_assets)" = 0
'

test_expect 'a file without a tag column is refused' '
    school &&
    printf "room,kind\n机房1,lab_pc\n" >notag.csv &&
    expect_code 65 netsec-asset import notag.csv && grep -q "no tag column" err
'

test_done
