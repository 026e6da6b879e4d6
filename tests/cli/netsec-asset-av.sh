#!/bin/bash
# netsec-asset av: antivirus exports as Windows PowerShell 5.1 and the Chinese consoles write
# them (BOM, #TYPE, quoting, zh-CN and en-US dates, GBK), each machine's state, threats kept
# once and opened as incidents, AV-0001; every bad input with its exit code and nothing written.
. "$(dirname "$0")/lib.sh"

export NETSEC_NOW=2026-11-25T00:00:00Z # the school's 08:00 on 2026-11-25

# a_lab: a school with four lab PCs in two rooms, a retired PC and a router.
a_lab() {
    school &&
    netsec-asset -q add PC-001 --kind lab_pc --room 机房1 --hostname LAB01 --mac 00-1A-2B-3C-4D-01 &&
    netsec-asset -q add PC-002 --kind lab_pc --room 机房1 --hostname LAB02 --mac 00-1A-2B-3C-4D-02 &&
    netsec-asset -q add PC-003 --kind lab_pc --room 机房1 --hostname LAB03 &&
    netsec-asset -q add PC-004 --kind lab_pc --room 机房2 --hostname LAB04 &&
    netsec-asset -q add PC-009 --kind lab_pc --room 机房2 --hostname LAB09 &&
    netsec-asset -q retire PC-009 --reason 报废 &&
    netsec-asset -q add RT-01 --kind router --room 网络中心
}

# defender_csv: the rows on stdin (host,signature date,real-time) as Get-MpComputerStatus |
# Export-Csv -Encoding UTF8 writes them in Windows PowerShell 5.1: BOM, #TYPE, all quoted, CRLF.
defender_csv() {
    printf '\357\273\277#TYPE Microsoft.Management.Infrastructure.CimInstance#ROOT/Microsoft/Windows/Defender/MSFT_MpComputerStatus\r\n' &&
    printf '"AMEngineVersion","AMProductVersion","AntivirusEnabled","AntivirusSignatureLastUpdated","AntivirusSignatureVersion","FullScanEndTime","QuickScanEndTime","RealTimeProtectionEnabled","PSComputerName"\r\n' &&
    while IFS=, read -r host updated realtime; do
        printf '"1.1.24090.11","4.18.24090.11","True","%s","1.421.123.0","","%s","%s","%s"\r\n' \
            "$updated" "$updated" "$realtime" "$host"
    done
}

# statuses: tag and status of each av status record.
statuses() { jq -r '"\(.tag) \(.status)"' out; }

# ---- av import, av status ----------------------------------------------------------------------

test_expect 'a zh-CN Export-Csv with BOM and #TYPE is imported; status judges each machine' '
    a_lab &&
    defender_csv >av.csv <<-\EOF &&
	LAB01,2026/11/24 9:15:02,True
	LAB02,2026/11/10 9:15:02,True
	LAB03,2026/11/24 18:00:00,False
	LAB04,2026/11/24 7:05:00,True
	EOF
    expect_code 0 netsec-asset av import av.csv &&
    expect_grep "imported 4 rows as import 1: 4 matched a machine, 0 did not" err &&
    test ! -s out &&
    expect_code 1 netsec-asset av status -f jsonl &&
    statuses >actual &&
    printf "PC-001 ok\nPC-002 stale\nPC-003 off\nPC-004 ok\n" >want && expect_equal want actual &&
    test "$(jq -r "select(.tag == \"PC-001\") | .signature_updated_at" out)" = 2026-11-24T01:15:02Z &&
    test "$(jq -r "select(.tag == \"PC-002\") | .reason" out)" = "signatures 14 days old, over 7 days" &&
    printf "机房1: 1 ok, 1 stale, 1 off\n机房2: 1 ok\n" >want && expect_equal want err &&
    netsec-journal show -f jsonl | jq -e -s "map(select(.action == \"asset.av_imported\")) | length == 1 and .[0].details.rows == 4"
'

test_expect 'status -q is silent when every machine is ok, --stale and --room narrow it' '
    a_lab &&
    printf "LAB01,2026/11/24 9:15:02,True\nLAB02,2026/11/20 9:15:02,True\nLAB03,2026/11/24 9:15:02,True\n" |
        defender_csv >av.csv &&
    netsec-asset -q av import av.csv &&
    expect_code 0 netsec-asset -q av status --room 机房1 --stale 7d &&
    test ! -s out && test ! -s err &&
    expect_code 1 netsec-asset -q av status --room 机房1 --stale 3d -f jsonl &&
    statuses >actual && printf "PC-001 ok\nPC-002 stale\nPC-003 ok\n" >want && expect_equal want actual
'

test_expect '--missing lists in-use PCs with no row, not retired machines or routers' '
    a_lab &&
    printf "LAB01,2026/11/24 9:15:02,True\n" | defender_csv >av.csv &&
    netsec-asset -q av import av.csv &&
    expect_code 1 netsec-asset av status --missing -f jsonl &&
    statuses >actual && printf "PC-002 missing\nPC-003 missing\nPC-004 missing\n" >want && expect_equal want actual
'

test_expect 'en-US dates with AM and PM are read month first in the school zone' '
    a_lab &&
    printf "LAB01,11/24/2026 9:15:02 PM,True\nLAB02,11/5/2026 8:00:00 AM,True\n" | defender_csv >av.csv &&
    netsec-asset -q av import av.csv &&
    expect_code 1 netsec-asset av status --room 机房1 -f jsonl &&
    test "$(jq -r "select(.tag == \"PC-001\") | .signature_updated_at" out)" = 2026-11-24T13:15:02Z &&
    test "$(jq -r "select(.tag == \"PC-002\") | .signature_updated_at" out)" = 2026-11-05T00:00:00Z
'

test_expect 'an ambiguous day-first file is refused until --date-order says; nothing written' '
    a_lab &&
    printf "LAB01,05/11/2026 09:15:02,True\nLAB02,06/11/2026 09:15:02,True\n" | defender_csv >av.csv &&
    expect_code 65 netsec-asset av import av.csv &&
    echo "netsec-asset: av.csv: every date reads both as month/day/year and as day/month/year; say which with --date-order mdy or dmy, or set assets.antivirus.date_order in the policy" >want &&
    expect_equal want err &&
    expect_code 1 netsec-asset av status --missing -f jsonl && test "$(wc -l <out)" = 4 &&
    expect_code 0 netsec-asset av import av.csv --date-order dmy &&
    expect_code 1 netsec-asset av status --room 机房1 -f jsonl &&
    test "$(jq -r "select(.tag == \"PC-001\") | .signature_updated_at" out)" = 2026-11-05T01:15:02Z &&
    expect_code 64 netsec-asset av import av.csv --date-order ydm
'

test_expect 'a date that does not exist is refused by file:line, nothing written' '
    a_lab &&
    printf "LAB01,2026/11/24 9:15:02,True\nLAB02,2026/02/30 9:15:02,True\n" | defender_csv >av.csv &&
    expect_code 65 netsec-asset av import av.csv &&
    cat >want <<-EOF &&
	netsec-asset: av.csv:4: date ${SQ}2026/02/30 9:15:02${SQ} does not exist
	netsec-asset: nothing was imported
	EOF
    expect_equal want err &&
    netsec-journal show -f jsonl | jq -e -s "map(select(.action == \"asset.av_imported\")) | length == 0" &&
    expect_code 1 netsec-asset av status -f jsonl && test "$(statuses | grep -c missing)" = 4
'

test_expect 'unmatched rows are listed and kept (exit 1); the same file again writes nothing' '
    a_lab &&
    printf "LAB01,2026/11/24 9:15:02,True\nVISITOR-7,2026/11/24 9:15:02,True\n" | defender_csv >av.csv &&
    expect_code 1 netsec-asset av import av.csv -f jsonl &&
    test "$(jq -r "\"\(.line) \(.host) \(.reason)\"" out | cut -d" " -f1-2)" = "4 VISITOR-7" &&
    expect_grep "imported 2 rows as import 1: 1 matched a machine, 1 did not" err &&
    expect_code 0 netsec-asset av import av.csv &&
    expect_grep "was imported before (import 1); nothing was imported" err &&
    netsec-journal show -f jsonl | jq -e -s "map(select(.action == \"asset.av_imported\")) | length == 1 and .[0].details.unmatched == 1"
'

test_expect 'a row with no computer name and a column missing are refused' '
    a_lab &&
    printf ",2026/11/24 9:15:02,True\n" | defender_csv >av.csv &&
    expect_code 65 netsec-asset av import av.csv &&
    expect_grep "av.csv:3: no computer name: PSComputerName is empty" err &&
    printf "\"PSComputerName\",\"AntivirusEnabled\"\r\n\"LAB01\",\"True\"\r\n" >short.csv &&
    expect_code 65 netsec-asset av import short.csv &&
    expect_grep "short.csv:1: no column ${SQ}RealTimeProtectionEnabled${SQ}: Get-MpComputerStatus | Export-Csv writes it" err
'

test_expect 'a GBK console export is read through --map; a header the map names must be there' '
    a_lab &&
    printf "终端名称,MAC地址,病毒库更新时间,实时防护\r\nLAB01,00-1A-2B-3C-4D-01,2026/11/24 8:00:00,开启\r\n未知,00-1A-2B-3C-4D-02,2026/11/24 8:00:00,关闭\r\n" |
        iconv -f UTF-8 -t GBK >hr.csv &&
    expect_code 0 netsec-asset av import hr.csv --input-format generic --encoding gbk \
        --map "hostname=终端名称,mac=MAC地址,signature_updated_at=病毒库更新时间,realtime=实时防护,product==火绒终端安全" &&
    expect_code 1 netsec-asset av status --room 机房1 -f jsonl &&
    test "$(jq -r "select(.tag == \"PC-002\") | \"\(.status) \(.product)\"" out)" = "off 火绒终端安全" &&
    expect_code 65 netsec-asset av import hr.csv --input-format generic --encoding gbk --map "hostname=计算机名,signature_updated_at=病毒库更新时间" &&
    expect_grep "hr.csv:1: no column ${SQ}计算机名${SQ}, which the map names for hostname; the header has 终端名称, MAC地址, 病毒库更新时间, 实时防护" err &&
    expect_code 65 netsec-asset av import hr.csv --input-format generic --map "hostname=终端名称" &&
    expect_grep "not valid UTF-8" err &&
    expect_code 64 netsec-asset av import hr.csv --input-format generic &&
    expect_grep "a generic export needs a column map" err &&
    expect_code 64 netsec-asset av import hr.csv --input-format generic --map "name=终端名称" &&
    netsec-journal show -f jsonl | jq -e -s "map(select(.action == \"asset.av_imported\")) | length == 1"
'

test_expect 'a product not on the approved list is unapproved' '
    a_lab &&
    printf "assets:\n  antivirus:\n    approved:\n      - {product: 火绒, licence: XKC00001}\n" >>school/policy.yaml &&
    printf "LAB01,2026/11/24 9:15:02,True\n" | defender_csv >av.csv &&
    netsec-asset -q av import av.csv &&
    expect_code 1 netsec-asset av status --room 机房1 -f jsonl &&
    test "$(jq -r "select(.tag == \"PC-001\") | .status" out)" = unapproved &&
    sed -i "s/{product: 火绒, licence: XKC00001}/{product: Windows Defender, licence: XKC00002}/" school/policy.yaml &&
    expect_code 1 netsec-asset av status --room 机房1 -f jsonl &&
    test "$(jq -r "select(.tag == \"PC-001\") | .status" out)" = ok
'

# ---- threats -----------------------------------------------------------------------------------

# threats_csv: rows on stdin (host,threat id,detected,resources) as Get-MpThreatDetection |
# Export-Csv writes them (a CimSession's PSComputerName; ThreatName joined from Get-MpThreat).
threats_csv() {
    printf '#TYPE Microsoft.Management.Infrastructure.CimInstance#ROOT/Microsoft/Windows/Defender/MSFT_MpThreatDetection\r\n' &&
    printf '"ActionSuccess","AMProductVersion","DetectionID","InitialDetectionTime","Resources","ThreatID","ThreatName","PSComputerName"\r\n' &&
    while IFS=, read -r host id when resources; do
        printf '"True","4.18.24090.11","{%s}","%s","%s","%s","Worm:Win32/Autorun","%s"\r\n' "$id" "$when" "$resources" "$id" "$host"
    done
}

test_expect 'threats are kept once however often imported; --open-incident opens one MAL incident a machine' '
    a_lab &&
    threats_csv >t.csv <<-\EOF &&
	LAB01,2147519003,2026/11/24 9:10:00,file:_E:\autorun.inf
	LAB01,2147519004,2026/11/24 9:12:00,System.String[]
	LAB02,2147519003,2026/11/24 9:20:00,file:_E:\autorun.inf
	EOF
    expect_code 0 netsec-asset av threats import t.csv &&
    expect_grep "3 detections: 3 new, 0 already recorded" err &&
    expect_code 0 netsec-asset av threats import t.csv --open-incident &&
    expect_grep "3 detections: 0 new, 3 already recorded" err &&
    expect_code 0 netsec-asset av threats list -f jsonl &&
    test "$(wc -l <out)" = 3 &&
    test "$(jq -r "select(.threat_id == \"2147519004\") | .path" out)" = null &&
    printf "LAB03,2147519003,2026/11/24 10:00:00,file:_E:\\\\autorun.inf\nLAB04,2147519003,2026/11/24 10:30:00,x\n" | threats_csv >t2.csv &&
    expect_code 0 netsec-asset av threats import t2.csv --open-incident &&
    expect_grep "opened INC-2026-0001" err && expect_grep "opened INC-2026-0002" err &&
    netsec-incident list -f jsonl >incidents &&
    test "$(jq -r "\"\(.category) \(.grade)\"" incidents | sort -u)" = "MAL IV" &&
    netsec-incident show INC-2026-0001 -f json | jq -e ".asset == \"PC-003\"" &&
    netsec-incident evidence list INC-2026-0001 -f jsonl >evidence &&
    test "$(wc -l <evidence)" = 1 &&
    netsec-asset av threats list --tag PC-004 -f jsonl >out &&
    test "$(jq -r .incident_id out)" = INC-2026-0002
'

test_expect 'detections on five machines within 24 hours open one grade III incident' '
    a_lab &&
    netsec-asset -q add PC-005 --kind lab_pc --room 机房2 --hostname LAB05 &&
    for i in 1 2 3 4 5; do echo "LAB0$i,2147519003,2026/11/24 1$i:00:00,x"; done | threats_csv >t.csv &&
    expect_code 0 netsec-asset av threats import t.csv --open-incident &&
    expect_grep "outbreak: detections on 5 or more machines within 24 hours; opened INC-2026-0001" err &&
    netsec-incident list -f jsonl >incidents &&
    test "$(wc -l <incidents)" = 1 &&
    test "$(jq -r "\"\(.category) \(.grade)\"" incidents)" = "MAL III"
'

test_expect 'a threat export with a bad date or no threat id is refused, nothing written' '
    a_lab &&
    printf "LAB01,2147519003,2026/13/24 9:10:00,x\n" | threats_csv >t.csv &&
    expect_code 65 netsec-asset av threats import t.csv &&
    expect_grep "t.csv:3: date ${SQ}2026/13/24 9:10:00${SQ} does not exist" err &&
    netsec-asset av threats list -f jsonl >out && test ! -s out
'

# ---- AV-0001 -----------------------------------------------------------------------------------

test_expect 'AV-0001 fails for each machine not ok, named by its tag' '
    a_lab &&
    printf "LAB01,2026/11/24 9:15:02,True\nLAB02,2026/11/10 9:15:02,True\nLAB03,2026/11/24 9:15:02,False\nLAB04,2026/11/24 9:15:02,True\n" |
        defender_csv >av.csv &&
    netsec-asset -q av import av.csv &&
    expect_code 1 netsec-audit run --check AV-0001 -f jsonl &&
    jq -r "\"\(.subject) \(.status)\"" out | sort >actual &&
    printf "PC-002 fail\nPC-003 fail\n" >want && expect_equal want actual
'

test_done
