#!/bin/bash
# The printable documents as Markdown, turned into .docx by the real pandoc as netsec(7) says a
# school does (pandoc -o FILE.docx), and read back from the .docx: the security log, the report
# form and the audit report keep their headings, their tables and their Chinese.
# Needs pandoc: `make deps`.
. "$(dirname "$0")/lib.sh"

# school_with_incident: a school, one MAL incident discovered 2026-03-01 09:00 local; sets ID.
school_with_incident() {
    NETSEC_NOW=2026-03-02T00:00:00Z && export NETSEC_NOW &&
    netsec-policy init p.yaml 2>/dev/null &&
    NETSEC_POLICY=$PWD/p.yaml && export NETSEC_POLICY &&
    ID=$(netsec-incident open --category MAL --grade IV --title "机房电脑中毒" --discovered-at "2026-03-01 09:00" 2>/dev/null) &&
    test -n "$ID"
}

# docx_text MD: MD converted to .docx by pandoc, then read back as plain text into ./back.txt.
docx_text() {
    pandoc -f markdown -o doc.docx "$1" &&
    test -s doc.docx &&
    pandoc -f docx -t plain --wrap=none doc.docx >back.txt
}

test_expect 'the security log in Chinese becomes a .docx with its title, incident and table' '
    school_with_incident &&
    LANG=zh_CN.UTF-8 netsec-incident log --year 2026 -f markdown >log.md &&
    docx_text log.md &&
    test "$(head -n 1 back.txt)" = "网络安全日志" &&
    grep -qx "$ID 机房电脑中毒" back.txt &&
    grep -qE "^\| 事件类别 +\| 恶意代码（病毒） +\|\$" back.txt &&
    grep -qE "^\| 是否按时 +\| 上级 2026-03-01 21:00 — 已超时未报 +\|\$" back.txt
'

test_expect 'each step of the checklist is a paragraph of its own in the .docx (a grid table)' '
    school_with_incident &&
    netsec-incident step "$ID" 2 done --note "拔除 U 盘" -q &&
    LANG=zh_CN.UTF-8 netsec-incident log --year 2026 -f markdown >log.md &&
    grep -q "^+=*+\$\|^+-*+-*+\$" log.md &&
    docx_text log.md &&
    test "$(grep -c "[☐☑] [0-9]\." back.txt)" = 7 &&
    ! grep "[☐☑].*[☐☑]" back.txt &&
    grep -q "☑ 2\. 停止使用移动存储介质 — 2026-03-02 08:00 .*（拔除 U 盘）" back.txt &&
    unzip -p doc.docx word/document.xml >document.xml &&
    test "$(sed "s|</w:p>|&\n|g" document.xml | grep -c "[☐☑] [0-9]\.")" = 7
'

test_expect 'the report form becomes a .docx with its fields filled in' '
    school_with_incident &&
    LANG=zh_CN.UTF-8 netsec-incident form "$ID" -f markdown >form.md &&
    docx_text form.md &&
    expect_grep "$ID" back.txt &&
    expect_grep "机房电脑中毒" back.txt
'

test_expect 'Markdown specials in a title stay text in the .docx' '
    school_with_incident &&
    netsec-incident open --category MAL --grade IV --title "a *b* | c <d> [e](f)" 2>/dev/null >/dev/null &&
    netsec-incident log --year 2026 -f markdown --lang en >log.md &&
    docx_text log.md &&
    expect_grep "INC-2026-0002 a *b* | c <d> [e](f)" back.txt
'
test_done
