#!/bin/bash
# Round trips: what `list -f csv` (and tsv) writes — UTF-8, with a byte-order mark, or in GBK —
# `import` reads back into an equal register in a fresh database; and the shared --encoding's
# refusals (netsec(7), Records for spreadsheets).
. "$(dirname "$0")/lib.sh"

export NETSEC_NOW=2026-09-01T08:00:00Z

# accounts: a school with each kind of account, a level that is not the kind's default, and
# values csv must quote (a comma, a double quote) or defuse (a leading = or -).
accounts() {
    school &&
    netsec-account -q add zhaoli --name 赵丽 --kind staff --department 教导处 --level leader &&
    netsec-account -q add printer --name 打印服务 --kind service --owner zhaoli --department "=1+1" &&
    netsec-account -q add s20200301 --name "王小明, \"明明\"" --kind pupil --grade 2020级 --class 2020级3班 --student-no 0123 &&
    netsec-account -q add s20200302 --name 李雷 --kind pupil --grade 2020级 --class 2020级3班 --department "-信息组" &&
    netsec-account -q add wangf --name 王芳 --kind staff
}

# roster_fields FILE: what import carries of each account in the register, one JSON line each.
roster_fields() {
    netsec-account list -f jsonl >"$1.jsonl" &&
    jq -c "{username, full_name, kind, grade, class, student_no, department, owner, level}" "$1.jsonl" | sort >"$1"
}

# fresh: a second school, whose empty database the file is imported into.
fresh() {
    school fresh
}

for enc in utf-8 utf-8-bom gbk; do
    in_enc=utf-8 && [ "$enc" != gbk ] || in_enc=gbk # import skips a byte-order mark by itself
    for fmt in csv tsv; do
        test_expect "account list -f $fmt --encoding $enc reads back with import into an equal register" '
            accounts && roster_fields before &&
            expect_code 0 netsec-account list -f '"$fmt"' --encoding '"$enc"' &&
            mv out roster.'"$fmt"' &&
            fresh &&
            expect_code 0 netsec-account import roster.'"$fmt"' --encoding '"$in_enc"' -f jsonl &&
            test "$(wc -l <out)" = 5 &&
            roster_fields after &&
            expect_equal before after
        '
    done
done

test_expect 'utf-8-bom puts the byte-order mark before the same csv' '
    accounts &&
    expect_code 0 netsec-account list -f csv && mv out plain.csv &&
    expect_code 0 netsec-account list -f csv --encoding utf-8-bom &&
    { printf "\357\273\277"; cat plain.csv; } >want &&
    cmp want out
'

test_expect 'gbk writes what list and export -f csv write in GBK, as iconv reads it' '
    accounts &&
    for command in list export; do
        expect_code 0 netsec-account $command -f csv && mv out plain.csv &&
        expect_code 0 netsec-account $command -f csv --encoding gbk &&
        iconv -f GBK -t UTF-8 out >back &&
        expect_equal plain.csv back || exit 1
    done &&
    expect_code 64 netsec-account export -f ldif --encoding gbk
'

test_expect 'a character GBK cannot hold is exit 65 naming its row and field, and nothing is written' '
    accounts &&
    netsec-account -q add s20200303 --name "韩梅梅😀" --kind pupil --grade 2020级 --class 2020级3班 &&
    expect_code 65 netsec-account list -f csv --encoding gbk && # sorted by username: the fourth
    test ! -s out &&
    echo "netsec-account: ${SQ}😀${SQ} (U+1F600) cannot be written in GBK: row 4, field ${SQ}full_name${SQ}; --encoding utf-8-bom writes every character" >want &&
    expect_equal want err
'

test_expect '--encoding other than utf-8 is refused (64) before anything runs, unless -f is csv or tsv' '
    accounts &&
    expect_code 64 netsec-account list --encoding gbk -f json &&
    test ! -s out &&
    echo "netsec-account: --encoding gbk is for -f csv or tsv, not ${SQ}json${SQ}" >want &&
    expect_equal want err &&
    expect_code 64 netsec-account list --encoding utf-8-bom &&
    expect_grep "--encoding utf-8-bom is for -f csv or tsv, not ${SQ}auto${SQ}" err &&
    expect_code 64 netsec-journal show --encoding gbk -f table &&
    expect_code 0 netsec-account list --encoding utf-8 -f json
'

test_expect 'an unknown --encoding is refused (64) naming what is written' '
    accounts &&
    expect_code 64 netsec-account list -f csv --encoding big5 &&
    echo "netsec-account: unknown encoding ${SQ}big5${SQ}: expected utf-8, utf-8-bom or gbk" >want &&
    expect_equal want err
'

test_expect 'import keeps its own --encoding, of the file it reads' '
    school &&
    printf "姓名,类别,班级,年级\n张三,学生,2026级1班,2026级\n" | iconv -f UTF-8 -t GBK >roster.csv &&
    expect_code 0 netsec-account import roster.csv --encoding gbk -f csv &&
    expect_grep "张三" out
'

# ---- incidents ---------------------------------------------------------------------------

# incidents: a register with a closed and reported incident, one with a sub-type, a description
# over two lines and an asset, and one still open.
incidents() {
    school &&
    cat >past.csv <<-\END &&
	category,grade,title,discovered_at,recipient,channel,reported_at,reference,closed_at,resolution,lessons
	MAL,IV,机房病毒,2025-09-01 08:00,bureau,phone,2025-09-01 10:00,"电话记录 12, 王主任",2025-09-02 17:00,全部查杀,更新病毒库
	FAC,0,交换机故障,2025-10-10 14:00,,,,,,,
	END
    netsec-incident -q import past.csv &&
    netsec-incident -q open --category DEF --subtype rumour --grade IV --title "贴吧 \"谣言\"" \
        --description "$(printf "第一行\n第二行")" --asset web-01 --discovered-at 2026-08-30T08:00:00Z >/dev/null
}

# incident_fields FILE: what import carries of each incident, one JSON line each.
incident_fields() {
    netsec-incident list -f jsonl >"$1.jsonl" &&
    jq -c "{category, subtype, grade, title, status, discovered_at, reported_at, recipient, channel, reference,
            closed_at, resolution, lessons, description, asset, account}" "$1.jsonl" | sort >"$1"
}

for enc in utf-8 utf-8-bom gbk; do
    in_enc=utf-8 && [ "$enc" != gbk ] || in_enc=gbk
    test_expect "incident list -f csv --encoding $enc reads back with import into an equal register" '
        incidents && incident_fields before &&
        expect_code 0 netsec-incident list -f csv --encoding '"$enc"' &&
        mv out register.csv &&
        fresh &&
        expect_code 0 netsec-incident import register.csv --encoding '"$in_enc"' -f jsonl &&
        test "$(wc -l <out)" = 3 &&
        incident_fields after &&
        expect_equal before after
    '
done

test_done
