#!/bin/bash
# netsec-incident log/form -f html: the security log (安全日志) and the report form, rendered by
# headless Chromium as a school would print them, to PDF and PNG; checked for their Chinese
# headings, one section per incident, A4 pages and no incident split across two pages.
# Needs chromium, fonts-noto-cjk and poppler-utils (pdfinfo, pdftotext): `make deps`.
. "$(dirname "$0")/lib.sh"

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
# One profile for every run (a cold start is slower), and a HOME of our own so that Chromium
# writes nothing into the caller's.
CHROME_HOME=$test_root/chrome-home
mkdir -p "$CHROME_HOME"

# chrome ARGS... FILE: headless Chromium on ./FILE, offline; its chatter (dbus, etc.) to
# ./chrome.err, shown only when it fails.
chrome() {
    file=${*: -1}
    set -- "${@:1:$#-1}"
    HOME=$CHROME_HOME timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$CHROME_HOME/profile" "$@" "file://$PWD/$file" 2>chrome.err && return 0
    echo "chromium $* $file failed:"
    cat chrome.err
    return 1
}

# to_pdf HTML PDF: prints HTML as the browser's "Save as PDF" does, without the browser's own
# header and footer (date, title, file:// URL, page number), which are not the page's.
to_pdf() {
    chrome --no-pdf-header-footer --print-to-pdf="$2" "$1" &&
    test -s "$2"
}

# three_incidents: a school whose 2026 holds three incidents, the clock at the year's end:
#   INC-2026-0001  MAL grade IV   reported to the bureau on time, one original record, closed
#   INC-2026-0002  DEF/rumour II  suspected crime; reported to the bureau late, police overdue
#   INC-2026-0003  ACCT grade III never reported (overdue), an account, a long unbroken URL
# and writes the log as ./log.html.
three_incidents() {
    NETSEC_NOW=2026-12-31T04:00:00Z && export NETSEC_NOW &&
    school &&
    A=$(netsec-incident open -q --category MAL --grade IV --title "机房 12 号机感染病毒" \
        --asset PC-ROOM-12 --discovered-at "2026-03-02 09:00") &&
    B=$(netsec-incident open -q --category DEF --subtype rumour --grade II --suspected-crime \
        --title "学校网站留言板出现谣言" --discovered-at "2026-04-10 14:30") &&
    C=$(netsec-incident open -q --category ACCT --grade III --title "教师账号外借给校外人员" \
        --account zhanglaoshi --discovered-at "2026-09-15 08:15" \
        --description "登录记录显示该账号从校外访问 http://www.example-county-edu.cn/$(printf 'a%.0s' $(seq 120))/login.php") &&
    test "$A $B $C" = "INC-2026-0001 INC-2026-0002 INC-2026-0003" &&
    netsec-incident -q report "$A" --to bureau --channel phone --ref TEL-0302 --at "2026-03-02 11:00" &&
    netsec-incident -q report "$B" --to bureau --channel document --ref "示教网〔2026〕7号" --at "2026-04-10 18:00" &&
    echo "病毒告警截图：Trojan.Win32.Agent" >alert.txt &&
    netsec-incident -q evidence add "$A" alert.txt >/dev/null &&
    netsec-incident -q close "$A" --resolution "已杀毒并重装系统" --lessons "及时更新病毒库" --at "2026-03-03 10:00" &&
    netsec-incident log --year 2026 -f html --lang zh >log.html &&
    test -s log.html
}

# pdf_text PDF TXT [FIRST_PAGE]: PDF's text (of one page, if given) as pdftotext reads it, ending
# in a newline (pdftotext ends a page with a form feed only, which would run a failing case's
# output into the next case's result line).
pdf_text() {
    pdftotext ${3:+-f "$3" -l "$3"} "$1" "$2" &&
    echo >>"$2"
}

# count FIXED_STRING FILE: how many times the string occurs in FILE (not how many lines).
count() {
    grep -oF -- "$1" "$2" | wc -l
}

# expect_count N FIXED_STRING FILE
expect_count() {
    n=$(count "$2" "$3")
    if [ "$n" != "$1" ]; then
        echo "expected '$2' $1 times in $3, found it $n times:"
        cat "$3"
        return 1
    fi
}

# expect_a4 PDF: every page of PDF is A4 portrait (595 x 842 pt).
expect_a4() {
    head -c 5 "$1" | grep -qx %PDF- || { echo "$1 does not start with %PDF-"; return 1; }
    pdfinfo -l 999 "$1" >pdfinfo.out || return 1
    grep "^Page *[0-9]* size:" pdfinfo.out >sizes || return 1
    if grep -v "size: *59[45]\.[0-9]* x 84[12]\.[0-9]* pts (A4)\$" sizes; then
        echo "not every page of $1 is A4 portrait:"
        cat pdfinfo.out
        return 1
    fi
}

# expect_within_margins PDF: no word of PDF's text reaches into the left or right page margin
# of 12 mm (34 pt), so nothing overflows the table or the page.
expect_within_margins() {
    pdftotext -bbox "$1" bbox.html &&
    awk '
        /<page / { match($0, /width="[0-9.]+"/); w = substr($0, RSTART + 7, RLENGTH - 8) + 0 }
        /<word / {
            match($0, /xMin="[0-9.]+"/); x0 = substr($0, RSTART + 6, RLENGTH - 7) + 0
            match($0, /xMax="[0-9.]+"/); x1 = substr($0, RSTART + 6, RLENGTH - 7) + 0
            if (x0 < 34 - 1 || x1 > w - 34 + 1) { print "outside the margins: " $0; bad = 1 }
        }
        END { exit bad }' bbox.html
}

# expect_unsplit PDF: every incident table (事件编号 its first row, 经验教训 its last) starts and
# ends on the same page.
expect_unsplit() {
    pages=$(pdfinfo "$1" | sed -n "s/^Pages: *//p") &&
    for p in $(seq "$pages"); do
        pdf_text "$1" "page$p.txt" "$p" &&
        first=$(count 事件编号 "page$p.txt") && last=$(count 经验教训 "page$p.txt") &&
        if [ "$first" != "$last" ]; then
            echo "page $p of $pages: $first incident(s) start but $last end; an incident is split across pages"
            return 1
        fi || return 1
    done
}

if [ -z "$CHROMIUM" ]; then
    for name in 'log prints to an A4 PDF with its Chinese heading and each incident once' \
        'log prints each incident whole on one page' \
        'log keeps all text inside the A4 page margins' \
        'log renders to a 1240 x 1754 PNG screenshot' \
        'log has one section per incident in the rendered DOM' \
        'form prints to a one-page A4 PDF with its Chinese heading'; do
        test_skip "$name" "chromium is not installed (make deps installs it)"
    done
    test_done
    exit
fi
if ! command -v pdfinfo >/dev/null || ! command -v pdftotext >/dev/null; then
    PDF_SKIP="pdfinfo and pdftotext (poppler-utils) are not installed (make deps installs them)"
fi

# ---- the security log ---------------------------------------------------------------------

if [ -n "${PDF_SKIP:-}" ]; then
    test_skip 'log prints to an A4 PDF with its Chinese heading and each incident once' "$PDF_SKIP"
    test_skip 'log prints each incident whole on one page' "$PDF_SKIP"
    test_skip 'log keeps all text inside the A4 page margins' "$PDF_SKIP"
else
    test_expect 'log prints to an A4 PDF with its Chinese heading and each incident once' '
        fc-list :lang=zh-cn family | grep -q "Noto S[a-z]* CJK SC" &&
        three_incidents &&
        to_pdf log.html log.pdf &&
        expect_a4 log.pdf &&
        pdf_text log.pdf log.txt &&
        expect_count 1 网络安全日志 log.txt &&
        expect_grep "学校: 示例乡中心小学" log.txt &&
        expect_grep "事件数: 3" log.txt &&
        expect_count 3 事件编号 log.txt &&
        expect_count 1 "INC-2026-0001 机房 12 号机感染病毒" log.txt &&
        expect_count 1 "INC-2026-0002 学校网站留言板出现谣言" log.txt &&
        expect_count 1 "INC-2026-0003 教师账号外借给校外人员" log.txt &&
        expect_count 3 INC-2026- log.txt &&
        expect_grep "网页篡改或有害信息 / 散布谣言、扰乱社会秩序" log.txt &&
        expect_no_grep "DEF 网页篡改" log.txt &&
        expect_grep "一般（Ⅳ级）" log.txt &&
        expect_grep "2026-03-02 11:00 示例县教育局（电话，文号 TEL-0302）" log.txt &&
        expect_grep "已按时报告上级" log.txt &&
        expect_grep "公安机关 2026-04-11 14:30 — 已超时未报" log.txt &&
        expect_grep "alert.txt（" log.txt &&
        expect_grep "涉及账号" log.txt &&
        expect_grep "zhanglaoshi" log.txt &&
        expect_no_grep " / zhanglaoshi" log.txt &&
        expect_grep "2026-03-03 10:00 已杀毒并重装系统" log.txt &&
        expect_no_grep "file://" log.txt
    '

    test_expect 'log prints each incident whole on one page' '
        three_incidents &&
        to_pdf log.html log.pdf &&
        test "$(pdfinfo log.pdf | sed -n "s/^Pages: *//p")" -ge 2 &&
        expect_unsplit log.pdf
    '

    test_expect 'log keeps all text inside the A4 page margins' '
        three_incidents &&
        to_pdf log.html log.pdf &&
        expect_within_margins log.pdf &&
        pdf_text log.pdf log.txt &&
        # the long URL wraps rather than being cut off: all of it is on the page
        { tr -d "\n" <log.txt && echo; } >joined.txt &&
        expect_grep "$(printf "a%.0s" $(seq 120))/login.php" joined.txt
    '
fi

test_expect 'log renders to a 1240 x 1754 PNG screenshot' '
    three_incidents &&
    chrome --screenshot=log.png --window-size=1240,1754 log.html &&
    test "$(od -An -tx1 -N8 log.png | tr -d " \n")" = 89504e470d0a1a0a &&
    test "$(od -An -c -j12 -N4 log.png | tr -d " \n")" = IHDR &&
    size=$(od -An -tu1 -j16 -N8 log.png) &&
    set -- $size &&
    test "$(( ($1 << 24) + ($2 << 16) + ($3 << 8) + $4 ))x$(( ($5 << 24) + ($6 << 16) + ($7 << 8) + $8 ))" = 1240x1754 &&
    # a blank page of this size compresses to a few kB; text, lines and shading take far more
    test "$(stat -c %s log.png)" -gt 30000
'

test_expect 'log has one section per incident in the rendered DOM' '
    three_incidents &&
    chrome --dump-dom log.html >dom.html &&
    expect_grep "<html lang=\"zh-CN\">" dom.html &&
    expect_grep "<title>网络安全日志 2026</title>" dom.html &&
    expect_count 1 "<h1>网络安全日志</h1>" dom.html &&
    expect_count 3 "<section class=\"incident\"" dom.html &&
    expect_count 3 "<table>" dom.html &&
    expect_count 3 "<tr><th>事件编号</th>" dom.html &&
    for id in INC-2026-0001 INC-2026-0002 INC-2026-0003; do
        expect_count 1 "<section class=\"incident\" id=\"$id\">" dom.html &&
        expect_count 1 "<b>$id</b>" dom.html || exit 1
    done &&
    grep -o "<section class=\"incident\" id=\"[^\"]*\">" dom.html | sed "s/.*id=\"//; s/\">//" >order &&
    printf "INC-2026-0001\nINC-2026-0002\nINC-2026-0003\n" >expect &&
    expect_equal expect order &&
    expect_grep "size: A4" dom.html &&
    expect_grep "break-inside: avoid" dom.html
'

# ---- the report form ----------------------------------------------------------------------

if [ -n "${PDF_SKIP:-}" ]; then
    test_skip 'form prints to a one-page A4 PDF with its Chinese heading' "$PDF_SKIP"
else
    test_expect 'form prints to a one-page A4 PDF with its Chinese heading' '
        three_incidents &&
        netsec-incident form "$B" -f html --lang zh >form.html &&
        to_pdf form.html form.pdf &&
        expect_a4 form.pdf &&
        pdfinfo form.pdf | grep -qx "Pages: *1" &&
        pdf_text form.pdf form.txt &&
        expect_count 1 网络安全事件报告表 form.txt &&
        expect_grep "报告单位" form.txt &&
        expect_grep "示例乡中心小学" form.txt &&
        expect_count 1 "INC-2026-0002 学校网站留言板出现谣言" form.txt &&
        expect_count 1 INC-2026- form.txt &&
        expect_count 1 事件编号 form.txt &&
        expect_grep "上级 2026-04-10 15:30 — 超时" form.txt &&
        expect_grep "校长签字" form.txt &&
        expect_within_margins form.pdf
    '
fi

test_done
