#!/bin/bash
# Chinese documents hold no English left over: under a Chinese locale the security log (html and
# markdown), the report form, the audit report and the password slips of a demo-like school
# contain no run of ASCII letters but the allowed tokens below. The allow-list is narrow on
# purpose: an id (INC-2026-0001, a check id, an asset id), a SHA-256 in hex, and the words the
# school itself typed that the case names (its usernames, the operator, the host, a file name,
# the passwords on the slips); in the audit report also ICP, which Chinese writes as it is
# (ICP 备案, the title of FIL-0001).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/drill-lib.sh"

# english_words FILE ALLOWED...: the words of ASCII letters in the text of FILE (for HTML: what a
# browser shows, without tags, stylesheet and entities) that are neither an id, a hash, nor one
# of ALLOWED, one a line. A word runs over ASCII letters, digits and _ . / @ -.
english_words() {
    f=$1
    shift
    sed -z 's|<style>.*</style>||' "$f" |
        sed -e 's|<[^>]*>| |g' -e 's|&[a-z]*;| |g' -e 's|&#[0-9]*;| |g' |
        grep -oE "[A-Za-z0-9_./@-]*[A-Za-z][A-Za-z0-9_./@-]*" |
        grep -vxE "INC-[0-9]{4}-[0-9]{4}|[A-Z]{2,5}(-[0-9]+)+|[0-9a-f]{64}" |
        grep -vxF -f <(printf "%s\n" "$@")
}

# no_english FILE ALLOWED...: FILE has no English word (english_words), or the words are shown.
no_english() {
    left=$(english_words "$@")
    if [ -n "$left" ]; then
        echo "English left in $1:"
        echo "$left" | sort | uniq -c
        return 1
    fi
}

# documents: the starting policy's regulation documents, present.
documents() {
    mkdir -p school/regulations &&
    for r in machine-room permissions account-secrecy virus-prevention training incident-reporting \
        virus-emergency-plan; do echo "# $r" >school/regulations/$r.md || return 1; done
}

# demo_school: the starting policy (whose virus playbook has its steps in Chinese with English in
# parentheses), two accounts, and the demo's virus outbreak worked through: evidence, a step
# done with a note, reports to the bureau by phone and to the police online, a note, a regrade,
# an assignment, a closure; a second incident left open and unreported. Sets ID and ID2.
demo_school() {
    export LANGUAGE=zh_CN LC_ALL=zh_CN.UTF-8 NETSEC_NOW=2026-11-24T08:30:00Z &&
    school && documents &&
    netsec-account -q add zhaoli --name 赵丽 --kind staff --department 教导处 &&
    netsec-account -q add s20200301 --name 王小明 --kind pupil --grade 2020级 --class 2020级3班 &&
    ID=$(netsec-incident open --category MAL --grade III --title "机房 12 台计算机感染病毒" \
        --discovered-at "2026-11-24 09:10" --description "上机课学生报告弹窗" 2>/dev/null) &&
    printf "扫描记录\n" >scan.log &&
    netsec-incident evidence add "$ID" scan.log >/dev/null &&
    netsec-incident step "$ID" 1 done --note "机房断网" -q &&
    netsec-incident report "$ID" --to bureau --channel phone --ref "电话记录" --at "2026-11-24 11:05" -q &&
    netsec-incident report "$ID" --to police --channel online --ref "网上报送回执" --at "2026-11-24 11:30" -q &&
    netsec-incident note "$ID" "12 台全部查杀完毕" -q &&
    netsec-incident regrade "$ID" IV --reason "影响范围小" -q &&
    netsec-incident assign "$ID" zhaoli -q &&
    netsec-incident close "$ID" --resolution "查杀 12 台，恢复上课" --lessons "禁用移动存储介质自动运行" \
        --at "2026-11-24 16:30" -q &&
    ID2=$(netsec-incident open --category ATK --grade IV --title "门户网站遭扫描" 2>/dev/null) &&
    trained_school &&
    test -n "$ID" && test -n "$ID2"
}

# trained_school: the year's training kept, so that TRN-0001 and INC-0002 pass: the virus plan
# drilled (zhaoli took part), the network administrator's course outside.
trained_school() {
    netsec-training -q session add --date 2026-11-20 --title 病毒爆发应急演练 --kind drill --plan MAL --hours 1 &&
    netsec-training -q drill step 1 1 --at "2026-11-20 10:00" &&
    netsec-training -q drill finish 1 --went-wrong 无 --lessons 无 --at "2026-11-20 11:00" &&
    netsec-training -q session add --date 2026-11-21 --title 等级保护培训班 --kind external --hours 8 &&
    attend 1 zhaoli && attend 2 "$(id -un)"
}

me=$(id -un)

test_expect 'the Chinese security log (html and markdown) holds no English' '
    demo_school &&
    netsec-incident log --year 2026 -f html >log.html &&
    netsec-incident log --year 2026 -f markdown >log.md &&
    expect_grep "隔离受感染的机房或计算机，断开网络" log.html &&
    expect_grep "电话" log.html && expect_grep "网上报送" log.html &&
    no_english log.html "$me" zhaoli scan.log &&
    no_english log.md "$me" zhaoli scan.log
'

test_expect 'the Chinese report form (html and markdown) holds no English' '
    demo_school &&
    netsec-incident form "$ID" -f html >form.html &&
    netsec-incident form "$ID" -f markdown >form.md &&
    expect_grep "一般（Ⅳ级）" form.html &&
    no_english form.html "$me" zhaoli scan.log &&
    no_english form.md "$me" zhaoli scan.log
'

test_expect 'the Chinese audit report holds no English' '
    demo_school &&
    expect_code 0 netsec-audit run --profile records -f html &&
    mv out report.html &&
    expect_grep "网络安全检查报告" report.html &&
    no_english report.html "$me" "$(hostname)" zhaoli s20200301 ICP
'

test_expect 'the Chinese password slips hold no English' '
    demo_school &&
    expect_code 0 netsec-account issue zhaoli s20200301 --slips slips.html &&
    expect_grep "初始密码" slips.html &&
    passwords=$(grep -o "class=\"password\">[^<]*" slips.html | sed "s/.*>//") &&
    test "$(echo "$passwords" | wc -l)" = 2 &&
    no_english slips.html zhaoli s20200301 $passwords &&
    expect_code 0 env -u LANGUAGE -u LC_ALL netsec-account reset zhaoli --slips en.html &&
    expect_grep "初始密码 Password" en.html
'

test_expect 'the checker finds English: a word outside the allow-list is named' '
    printf "<html><style>body { font: x }</style><p>事件 INC-2026-0001 phone</p></html>\n" >t.html &&
    test "$(english_words t.html)" = phone &&
    ! no_english t.html >/dev/null
'

test_done
