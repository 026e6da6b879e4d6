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

# A virus outbreak in the computer room: opened, evidence kept, reported within the 12 hours,
# the emergency plan's steps ticked off, closed with its lessons, and the security log printed.
printf '\n\033[1m$ %s\033[0m\n' 'ID=$(netsec-incident open --category MAL --grade IV --title "机房 12 台计算机感染 U 盘病毒" --asset LAB-012 --discovered-at "2026-11-24 09:10")'
ID=$(netsec-incident open --category MAL --grade IV --title "机房 12 台计算机感染 U 盘病毒" --asset LAB-012 \
    --discovered-at "2026-11-24 09:10" --description "上机课学生报告弹窗，杀毒软件报 Autorun 蠕虫")
echo "$ID"
cat > "$DIR/av-scan-LAB-012.log" <<'LOG'
2026-11-24 09:25:02 Scan started: D:\ (removable)
2026-11-24 09:25:40 Threat found: Worm.Autorun.gen in D:\autorun.inf — quarantined
2026-11-24 09:26:11 Scan finished: 1 threat, 1 quarantined
LOG
step netsec-incident evidence add "$ID" "$DIR/av-scan-LAB-012.log" -f table
step netsec-incident step "$ID" 1 done --note "机房断网，12 台机器隔离"
step netsec-incident report "$ID" --to bureau --channel phone --ref "县教育局 电话记录 2026-11-24 11:05" --at "2026-11-24 11:05"
step netsec-incident note "$ID" "12 台全部查杀完毕，其中 LAB-031 重装系统"
step netsec-incident close "$ID" --resolution "查杀 12 台，重装 1 台，恢复上课" --lessons "机房禁用 U 盘自动运行；每周更新病毒库" --at "2026-11-24 16:30"
step netsec-incident list -f table
step netsec-incident evidence verify "$ID" -f table
netsec-incident log --year 2026 -f html --lang zh > "$DIR/security-log-2026.html"
netsec-incident log --year 2026 -f markdown --lang zh > "$DIR/security-log-2026.md"
netsec-incident form "$ID" -f html --lang zh > "$DIR/report-form-$ID.html"
printf '\n\033[1m$ %s\033[0m\n' "netsec-incident log --year 2026 -f html --lang zh > security-log-2026.html"
step netsec-incident stats --year 2026 -f table
step netsec-journal verify -f table

# The accounts: the office's spreadsheets of 74 staff and one class imported, their passwords
# printed on slips, the exports for the Linux machines and the directory, then one day of login
# records (the office server's sshd, the Wi-Fi's FreeRADIUS, the PCs' sign-ins) in which one
# teacher's account is used in the computer room while he sits at his office PC.
quiet_step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@" >/dev/null; }
bash "$SRC/accounts.sh" "$DIR"
quiet_step netsec-account import "$DIR/staff.csv"
quiet_step netsec-account import "$DIR/2026级1班.csv" --kind pupil
printf '\n\033[1m$ %s\033[0m\n' "netsec-account list --kind staff -f jsonl | netsec-account issue - --slips staff-slips.html"
netsec-account list --kind staff -f jsonl | netsec-account issue - --slips "$DIR/staff-slips.html"
step netsec-account issue --class 2026级1班 --slips "$DIR/2026级1班-slips.html"
printf '\n\033[1m$ %s\033[0m\n' "netsec-account export -f chpasswd > accounts.chpasswd; netsec-account export -f ldif > accounts.ldif"
(umask 077 && netsec-account export -f chpasswd > "$DIR/accounts.chpasswd")
(umask 077 && netsec-account export -f ldif > "$DIR/accounts.ldif")
step netsec-account logins import "$DIR/auth.log" --source office-server -f table
quiet_step netsec-account logins import "$DIR/wifi-detail" --source school-wifi
quiet_step netsec-account logins import "$DIR/pc-logins.csv" --source pc-logins
printf '\n\033[1m$ %s\033[0m\n' "netsec-account check --since 2026-11-25 -f table"
netsec-account check --since 2026-11-25 -f table || [ $? = 1 ]
netsec-account check --since 2026-11-25 -f jsonl > "$DIR/account-findings.jsonl" || [ $? = 1 ]
LENT=$(jq -r 'select(.check_id == "ACCT-0103") | .username' "$DIR/account-findings.jsonl")
printf '\n\033[1m$ %s\033[0m\n' "netsec-account check --since 2026-11-25 -f jsonl | netsec-incident import -"
netsec-incident import - -f table < "$DIR/account-findings.jsonl"

# Backups: the policy's job "documents" backs up the office documents into an encrypted
# repository on the "USB disk" and brings the second copy on the "NAS" up to date; every byte is
# read back, one file restored (the restore drill the inspection asks for), the state shown.
mkdir -p "$DIR/documents/教务处" "$DIR/documents/办公室" "$DIR/usb" "$DIR/nas"
printf '2026 学年第一学期课程表\n' > "$DIR/documents/教务处/课程表.txt"
printf '网络安全工作领导小组会议纪要\n' > "$DIR/documents/办公室/会议纪要.txt"
printf 'autosave\n' > "$DIR/documents/办公室/~\$会议纪要.docx"
cp "$DIR/staff.csv" "$DIR/documents/办公室/教职工名单.csv"
(umask 077 && printf 'demo-only-passphrase\n' > "$DIR/backup.key")
cat >> "$NETSEC_POLICY" <<YAML
backup:
  jobs:
    - name: documents
      sources: [documents]
      exclude: ["*.tmp", "~\$*"]
      schedule: 1d
      destinations: [usb/netsec-backup, nas/netsec-backup]
      passphrase_file: backup.key
YAML
step netsec-backup run
step netsec-backup snapshots -f table
step netsec-backup verify --read-data
step netsec-backup restore latest "$DIR/documents/教务处/课程表.txt" --job documents --to "$DIR/restored"
cmp "$DIR/documents/教务处/课程表.txt" "$DIR/restored$DIR/documents/教务处/课程表.txt"
step netsec-backup status -f table

# The asset register: the office's spreadsheet of every machine (100 lab PCs, 24 multimedia
# sets, 12 office PCs, the server, switches, the router), imported all or nothing.
bash "$SRC/asset/register.sh" >"$DIR/assets.csv"
export NETSEC_NOW=2026-11-25T01:00:00Z
printf '\n\033[1m$ %s\033[0m\n' "netsec-asset import $DIR/assets.csv"
netsec-asset import "$DIR/assets.csv" >/dev/null # its notice says what it did; the rows are in the journal
step netsec-asset list --kind router -f table
unset NETSEC_NOW

# ---- av (netsec-asset av): the antivirus export --------------------------------------------------
# Get-MpComputerStatus | Export-Csv from every PC, as zh-CN Windows PowerShell 5.1 writes it:
# LAB-017, LAB-063 and OF-06 have old signatures and LAB-042 has real-time protection off, so
# av status exits 1 and the audit below names them under AV-0001.
export NETSEC_NOW=2026-11-25T01:00:00Z
step netsec-asset av import "$SRC/asset/defender.csv"
printf '\n\033[1m$ %s\033[0m\n' "netsec-asset av status --room 计算机教室1 -f table"
netsec-asset av status --room 计算机教室1 -f table || [ $? = 1 ]
unset NETSEC_NOW
# ---- end of av -----------------------------------------------------------------------------------
# --- scan (netsec-asset scan) ---------------------------------------------------------------
# The administrator's nmap scan of the school network the next morning (asset/scan.xml, as
# `nmap -oX scan.xml 10.10.0.0/21` writes it): every registered machine is matched by its MAC,
# and two hosts nobody registered — a wireless router plugged in in computer room 1 and a laptop
# in the office listening on 3389 — are named, for AST-0001 to find.
export NETSEC_NOW=2026-11-25T03:00:00Z
cp "$SRC/asset/scan.xml" "$DIR/scan.xml"
printf '\n\033[1m$ %s\033[0m\n' "netsec-asset scan import scan.xml > scan-import.jsonl"
(cd "$DIR" && netsec-asset scan import scan.xml >scan-import.jsonl)
step netsec-asset scan list -f table
unset NETSEC_NOW
# --- end of scan ----------------------------------------------------------------------------
# ---- upkeep (netsec-asset maint, software, cred, stats) --------------------------------------
# A year of maintenance, with outside technicians at a switch, the LED screen and the router;
# who holds the shared passwords and when each was changed: the router's was changed on 1 June,
# before the county telecom's technician worked on it in June, so CRED-0001 fails on it below.
# The approved software, and LAB-017's list as wmic writes it (UTF-16LE) with a game on it.
export NETSEC_NOW=2026-11-25T02:00:00Z
printf '\n\033[1m$ %s\033[0m\n' "netsec-asset maint add TAG --action ... (a year of maintenance: asset/maintenance.txt)"
grep -v '^#' "$SRC/asset/maintenance.txt" | while IFS='|' read -r tag at by outside action fault; do
    netsec-asset -q maint add "$tag" --action "$action" ${fault:+--fault "$fault"} --by "$by" --at "$at" \
        ${outside:+--outside "$outside"} -f jsonl >/dev/null
done
step netsec-asset maint list --tag RT-01 -f table
netsec-asset -q cred add router-admin --holder liuqiang --asset RT-01 --note 路由器管理页面
netsec-asset -q cred add led-screen --holder zhaoli --asset LED-01 --note "校门 LED 屏控制软件"
netsec-asset -q cred add pupil-records --holder liuwei --note 学籍管理平台
netsec-asset -q cred add finance --holder wangfang --note 财务平台
netsec-asset -q cred add website-admin --holder liuqiang --note 学校网站后台
netsec-asset -q cred changed router-admin --at "2026-06-01 16:30"
netsec-asset -q cred changed led-screen --at "2026-09-12 10:00"
netsec-asset -q cred changed pupil-records --at "2026-09-01 09:00"
netsec-asset -q cred changed finance --at "2026-08-20 09:00"
netsec-asset -q cred changed website-admin --at "2026-10-08 15:00"
step netsec-asset cred list -f table
step netsec-asset software import-allowed "$SRC/asset/allowed-software.csv"
{ printf '\377\376' && printf '\r\r\nNode,Name,Version\r\r\nLAB-017,Microsoft Visual C++ 2019 X64 Minimum Runtime - 14.29.30133,14.29.30133\r\r\nLAB-017,WPS Office (12.1.0.15712),12.1.0.15712\r\r\nLAB-017,极域电子教室 6.0,6.0\r\r\nLAB-017,Steam,2.10.91.91\r\r\n' |
    iconv -f UTF-8 -t UTF-16LE; } >"$DIR/LAB-017-software.csv"
printf '\n\033[1m$ %s\033[0m\n' "netsec-asset software check LAB-017-software.csv -f table"
netsec-asset software check "$DIR/LAB-017-software.csv" -f table || [ $? = 1 ]
step netsec-asset stats --year 2026 -f table
unset NETSEC_NOW
# ---- end of upkeep ---------------------------------------------------------------------------

# ---- filing (netsec-filing, netsec-duty patrol) ---------------------------------------------------
# The school's website filed with the Ministry (ICP) and the public security, and graded MLPS
# level 2 in 2022 with its police filing certificate, assessed in December 2024: the next
# assessment falls due next month, which 'due' (for cron) names with exit 1. Then the
# machine-room keeper's daily patrol of the homepage (filing/site/, shipped with the demo and
# read through file://): status, size, SHA-256 and title, the page kept compressed as
# evidence, and both filing numbers found in its footer.
export NETSEC_NOW=2026-11-25T01:30:00Z
mkdir -p "$DIR/site" && cp "$SRC/filing/site/index.html" "$DIR/site/index.html"
netsec-filing -q add --kind icp --system 学校门户网站 --number 豫ICP备2023012345号-1 --filed 2023-03-15
netsec-filing -q add --kind psb --system 学校门户网站 --number 豫公网安备41152602000123号 --filed 2023-04-10
step netsec-filing add --kind mlps --system 学校门户网站 --level 2 --graded 2022-11-01 --filed 2022-11-20 \
    --number 41152643001-22001 --assessed 2024-12-15 --assessor 示例市网络安全测评中心 --hosting 示例县教育城域网机房
cp "$SRC/filing/mlps-certificate.txt" "$DIR/mlps-certificate.txt"
step netsec-filing attach 3 "$DIR/mlps-certificate.txt" -f table
step netsec-filing list -f table
printf '\n\033[1m$ %s\033[0m\n' "netsec-filing due -f table"
netsec-filing due -f table || [ $? = 1 ]
step netsec-duty patrol --url "file://$DIR/site/index.html" -f table
unset NETSEC_NOW
# ---- end of filing ------------------------------------------------------------------------------

# ---- training (netsec-training session, attend) ----------------------------------------------
# This school year's training: the staff trained on the law and the school's regulations (the
# sign-in sheet typed into Excel on the office PC and saved as CSV, so in GBK), a safe-use lesson
# for class 1-1 whose pupils are in the registry, and the 文明上网 pledge, a campaign counted per class.
printf '\n\033[1m$ %s\033[0m\n' 'TRN=$(netsec-training session add --date 2026-11-18 --title 教职工网络安全法规与制度培训 --kind staff --hours 2 --trainer 赵老师 --audience staff --material lecture-notes.md)'
TRN=$(netsec-training session add --date 2026-11-18 --title 教职工网络安全法规与制度培训 --kind staff --hours 2 \
    --trainer 赵老师 --audience staff --material "$SRC/training/lecture-notes.md")
echo "$TRN"
cp "$SRC/training/staff-signin-2026-11-18.csv" "$DIR/"
step netsec-training attend import "$TRN" "$DIR/staff-signin-2026-11-18.csv" -f table
LESSON=$(netsec-training session add --date 2026-11-19 --title 安全使用网络第一课 --kind pupil --hours 0.67 \
    --trainer 赵老师 --audience 一年级1班)
printf '\n\033[1m$ %s\033[0m\n' "netsec-account list --class 2026级1班 -f jsonl | netsec-training attend add $LESSON -"
netsec-account list --class 2026级1班 -f jsonl | netsec-training attend add "$LESSON" -
PLEDGE=$(netsec-training session add --date 2026-11-20 --title 文明上网承诺书签名活动 --kind campaign --hours 0.5 \
    --audience all --material "$SRC/training/pledge.md")
for count in 1-1:45:45 1-2:44:44 2-1:46:47 2-2:45:45 3-1:47:48 3-2:41:43 4-1:48:48 5-1:44:46 6-1:43:45; do
    IFS=: read -r class present of <<<"$count"
    netsec-training -q attend class "$PLEDGE" "$class" --present "$present" --of "$of"
done
step netsec-training session show "$PLEDGE"
step netsec-training session list --school-year 2026 -f table
# ---- end of training -------------------------------------------------------------------------
# ---- drill (netsec-training drill, coverage) -------------------------------------------------
# The virus-outbreak plan (MAL) drilled in computer room 1 on 20 November: each step of the
# plan checked off with its time and who did it (training/drill-MAL.txt; step 5 was only talked
# through), finished with what went wrong and the lessons, and its record printed for the
# inspection (drill-MAL.html). INC-0002 reads it in the audit below; coverage says what the
# year's training still lacks, and exits 1.
export NETSEC_NOW=2026-11-20T09:00:00Z
printf '\n\033[1m$ %s\033[0m\n' 'DRILL=$(netsec-training session add --date 2026-11-20 --kind drill --plan MAL --title 计算机病毒爆发应急演练 ...)'
DRILL=$(netsec-training session add --date 2026-11-20 --kind drill --plan MAL --title 计算机病毒爆发应急演练 \
    --hours 1 --trainer 赵老师 --audience staff -f jsonl | sed 's/.*"session_id":"\(TRN-[0-9]*\)".*/\1/')
echo "$DRILL"
grep -v '^#' "$SRC/training/drill-MAL.txt" | while IFS='|' read -r n at by note; do
    netsec-training -q drill step "$DRILL" "$n" --at "$at" --by "$by" --note "$note"
done
step netsec-training drill finish "$DRILL" --at "2026-11-20 16:30" \
    --went-wrong "2 号机房交换机位置无人知道，断网晚了 4 分钟；从备份恢复只做了口头推演" \
    --lessons "交换机位置图贴在机房门内侧；下学期演练时实际恢复一台计算机的数据"
step netsec-training drill show "$DRILL" -f table
netsec-training drill show "$DRILL" -f html --lang zh >"$DIR/drill-MAL.html"
printf '\n\033[1m$ %s\033[0m\n' "netsec-training coverage -f table"
netsec-training coverage -f table || [ $? = 1 ]
step netsec-training stats --year 2026 -f table
unset NETSEC_NOW
# ---- end of drill ----------------------------------------------------------------------------
# ---- duty (netsec-duty roster, swap, close, gaps) --------------------------------------------
# A month of machine-room duty: November's roster generated fairly from the rota the demo adds
# to the policy (duty/rota.yaml), a swap, the computer room closed every school-day evening but
# two (the 12th and the 19th), which gaps lists and the night's audit (DUTY-0001) then names.
bash "$SRC/duty/month.sh" "$DIR"
# ---- end of duty -----------------------------------------------------------------------------

# The yearly inspection's checks on the records (host checks need a real server: --profile host),
# as cron runs them the night after the day of login records, so that the audit reads the same
# seven days of them as netsec-account check does then: both give each account fact one
# fingerprint and one severity. Every failing finding becomes an item of the rectification ledger.
export NETSEC_NOW=2026-11-26T02:30:00Z
printf '\n\033[1m$ %s\033[0m\n' "netsec-audit run --profile records -f table"
netsec-audit run --profile records -f table || [ $? = 1 ]
netsec-account check -f jsonl > "$DIR/account-findings-night.jsonl" || [ $? = 1 ]
step netsec-audit findings -f table
unset NETSEC_NOW

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

5. A virus outbreak in the computer room became $ID: netsec-incident open started its
   12-hour reporting clock at discovery; the antivirus log was kept as evidence (read-only,
   with its SHA-256); the first step of the virus emergency plan was ticked off; the report
   to the county bureau by phone was recorded (on time); a note, then closure with lessons.
   security-log-2026.html (open it in a browser and print it on A4) and .md are the security
   log (安全日志); report-form-$ID.html is the filled-in report form.

6. The accounts: netsec-account import read staff.csv (74 staff, Chinese headers 用户名,姓名,
   类别,部门) and 2026级1班.csv (45 pupils with their 学号, which the slips show; usernames
   s20260101... made by the policy's pattern). Their first passwords went to staff-slips.html and 2026级1班-slips.html (print,
   cut, hand out, delete); only yescrypt hashes are kept. accounts.chpasswd (for
   'chpasswd -e') and accounts.ldif (for ldapadd) are the exports. Then a day of login
   records: the office server's auth.log (sshd), the Wi-Fi's FreeRADIUS detail file and the
   PCs' sign-ins (CSV). 'netsec-account check' found that $LENT's account was used in the
   computer room (机房-46) while $LENT was signed in at an office PC: possibly lent
   (ACCT-0103), exit 1. Piped into 'netsec-incident import -', it opened an incident, once.

7. Backups: the policy gained the job 'documents' (backup: jobs:). 'netsec-backup run' made
   an encrypted repository in usb/netsec-backup (passphrase in backup.key, mode 0600), backed
   up documents/ into it (leaving out Word's ~\$ lock file), then brought the second
   destination nas/netsec-backup up to date without reading the documents again. verify
   --read-data read every byte of both back, one file was restored into restored/ and
   compared (a restore drill, on the record), and 'status' shows both copies current and
   verified. Every operation is in the records and the journal (backup.run_recorded, backup.verified,
   backup.restored). A repository needs only its folder and the passphrase:
   'netsec-backup snapshots --repo usb/netsec-backup --passphrase-file backup.key'.
8. netsec-audit run --profile records checked the records the inspection asks about, as cron
   would the night after (NETSEC_NOW=2026-11-26T02:30:00Z); a check whose register holds no
   records is not_applicable, never pass. The demo keeps every register, so the filings
   (FIL-0001, FIL-0002), duty (DUTY-0001: the two evenings without a closing check), training
   (TRN-0001) and the drill of the virus-outbreak plan (INC-0002) are judged on its own records,
   as are the antivirus and the machines. Its account findings are
   netsec-account check's, with the same fingerprints and severities
   (account-findings-night.jsonl). Every failing finding became an item of the rectification
   ledger (整改台账): 'netsec-audit findings' lists them with their due dates,
   'netsec-audit assign FINGERPRINT --owner USER --plan TEXT' takes one, and
   'netsec-audit overdue' (for cron) names the late ones.

Try:  export NETSEC_POLICY=$DIR/policy.yaml
      netsec-journal show
      sqlite3 $DIR/state/netsec.db "UPDATE journal SET subject='x' WHERE seq=1"
      netsec-journal verify        # exit 1, names entry 1
      netsec-incident show $ID
      netsec-incident overdue      # what cron runs: quiet and 0 when all is reported
      netsec-account logins list --user $LENT
      netsec-account show 王伟宇   # two pupils of that name: exit 64, naming both
      netsec-account show 20260145 # one of them, by student number (学号)
      netsec-account check --since 2026-11-25 -f json
      netsec-audit run -f jsonl | netsec-incident import -
      netsec-audit findings
      netsec-audit overdue
      netsec-backup ls latest --job documents
      netsec-backup status
TEXT
echo
echo "The demo school is in $DIR; $DIR/README.txt says what it did."
