#!/bin/bash
# netsec-duty patrol: the daily look at the school's homepage, served by a real HTTP server on
# 127.0.0.1 that this test starts (python3's http.server), and read through file://. Status,
# size, SHA-256, title; the page kept compressed as evidence; a changed page, a prohibited word,
# a footer without the filing numbers on record, an unreachable site; --open-incident.
. "$(dirname "$0")/lib.sh"

export NETSEC_NOW=2026-11-25T02:00:00Z
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy no_proxy NO_PROXY

# The web server: one for the whole file, serving $WWW; each case puts its pages in
# $WWW/<case>/ and reads them at $SITE/<case>/. /redirect-to-file answers 302 to a file:// URL.
WWW=$test_root/www
mkdir -p "$WWW"
cat >"$test_root/server.py" <<'PY'
import http.server, os, sys
class Handler(http.server.SimpleHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/redirect-to-file":
            self.send_response(302)
            self.send_header("Location", "file:///etc/hostname")
            self.end_headers()
            return
        return super().do_GET()
    def log_message(self, *args):
        pass
os.chdir(sys.argv[1])
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(sys.argv[2] + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(sys.argv[2] + ".tmp", sys.argv[2])
server.serve_forever()
PY
python3 "$test_root/server.py" "$WWW" "$test_root/port" 2>/dev/null &
SERVER_PID=$!
trap 'kill "$SERVER_PID" 2>/dev/null; rm -rf "$test_root"' EXIT
for _ in $(seq 100); do [ -s "$test_root/port" ] && break; sleep 0.1; done
SITE=http://127.0.0.1:$(cat "$test_root/port")

# page DIR [FOOTER]: the demo school's homepage into DIR/index.html, its footer replaced when
# FOOTER is given.
page() {
    mkdir -p "$1" &&
    if [ $# -gt 1 ]; then
        sed "/<div class=\"page-foot\">/,/<\/div>/c\\<div class=\"page-foot\">$2</div>" \
            "$NETSEC_SOURCE/share/netsec/demo/filing/site/index.html" >"$1/index.html"
    else
        cp "$NETSEC_SOURCE/share/netsec/demo/filing/site/index.html" "$1/index.html"
    fi
}

# filed_school: a policy whose prohibited list is 赌博 and 彩票, with the demo school's ICP and
# public-security numbers on record.
filed_school() {
    school &&
    printf "website:\n  prohibited: [赌博, 彩票]\n" >>school/policy.yaml &&
    netsec-filing -q add --kind icp --system 学校门户网站 --number 豫ICP备2023012345号-1 &&
    netsec-filing -q add --kind psb --system 学校门户网站 --number 豫公网安备41152602000123号
}

here() { echo "$SITE/$test_count/"; }

journal_actions() {
    netsec-journal show -f jsonl | jq -r --arg p "$1" 'select(.action | startswith($p)) | "\(.action) \(.subject)"'
}

test_expect 'patrol reads status, size, SHA-256 and title, and finds nothing wrong' '
    filed_school && page "$WWW/$test_count" &&
    expect_code 0 netsec-duty patrol --url "$(here)" -f json &&
    jq -r ".[0] | [.patrol_id, .status, .size_bytes, .sha256, .title, .changed, .findings, .missing_numbers] | @tsv" out >got &&
    printf "PAT-1\t200\t%s\t%s\t示例乡中心小学 - 首页\tfalse\t\t\n" "$(stat -c %s "$WWW/$test_count/index.html")" \
        "$(sha256sum <"$WWW/$test_count/index.html" | cut -d" " -f1)" >want &&
    expect_equal want got &&
    jq -r ".[0].numbers_shown" out >got &&
    echo "豫ICP备2023012345号-1 豫公网安备41152602000123号" >want && expect_equal want got &&
    journal_actions duty.patrolled >got &&
    echo "duty.patrolled PAT-1" >want && expect_equal want got
'

test_expect 'the page is kept compressed as evidence and reads back whole' '
    filed_school && page "$WWW/$test_count" &&
    netsec-duty patrol --url "$(here)" -f json >out &&
    test "$(jq -r ".[0].evidence_id" out)" != null &&
    stored=$(sqlite3 school/state/netsec.db "SELECT stored FROM evidence WHERE owner = '"'"'PAT-1'"'"'") &&
    test -n "$stored" &&
    found=$(find school/state/evidence -name "*.html.zst" | head -1) && test -n "$found" &&
    zstd -dc "$found" >page.html &&
    cmp page.html "$WWW/$test_count/index.html"
'

test_expect 'a page changed since the last patrol is flagged, exit 1' '
    filed_school && page "$WWW/$test_count" &&
    netsec-duty -q patrol --url "$(here)" >/dev/null &&
    sed -i "s/校园新闻/学校新闻/" "$WWW/$test_count/index.html" &&
    expect_code 1 netsec-duty patrol --url "$(here)" -f json &&
    jq -r ".[0] | [.patrol_id, .changed, .findings] | @tsv" out >got &&
    printf "PAT-2\ttrue\tchanged\n" >want && expect_equal want got &&
    expect_code 0 netsec-duty patrol --url "$(here)"
'

test_expect 'a page holding a prohibited word is flagged, hidden or not' '
    filed_school && page "$WWW/$test_count" &&
    sed -i "s|</body>|<div style=\"display:none\"><a href=\"/x\">在线赌 博</a></div></body>|" "$WWW/$test_count/index.html" &&
    expect_code 1 netsec-duty patrol --url "$(here)" -f json &&
    jq -r ".[0] | [.prohibited, .findings, .incident_id] | @tsv" out >got &&
    printf "赌博\tprohibited\t\n" >want && expect_equal want got &&
    netsec-incident list -f json >incidents && test "$(jq length incidents)" = 0
'

test_expect 'a footer without the public-security number on record is flagged' '
    filed_school && page "$WWW/$test_count" "© 2026 示例乡中心小学 豫ICP备2023012345号" &&
    expect_code 1 netsec-duty patrol --url "$(here)" -f json &&
    jq -r ".[0] | [.numbers_shown, .missing_numbers, .findings] | @tsv" out >got &&
    printf "豫ICP备2023012345号\t豫公网安备41152602000123号\tnumbers_missing\n" >want && expect_equal want got
'

test_expect '--open-incident opens a DEF incident with the page attached' '
    filed_school && page "$WWW/$test_count" "<p>彩票 开奖</p>" &&
    expect_code 1 netsec-duty patrol --url "$(here)" --open-incident -f json &&
    id=$(jq -r ".[0].incident_id" out) && test "$id" != null &&
    echo "opened $id" >want && expect_equal want err &&
    netsec-incident show "$id" -f json >inc &&
    test "$(jq -r ".category" inc)" = DEF &&
    netsec-incident evidence list "$id" -f json >ev &&
    jq -r ".[0].name" ev >got &&
    echo "homepage-2026-11-25.html.zst" >want && expect_equal want got
'

test_expect '--open-incident opens nothing for a page that is fine' '
    filed_school && page "$WWW/$test_count" &&
    expect_code 0 netsec-duty patrol --url "$(here)" --open-incident -f json &&
    test "$(jq -r ".[0].incident_id" out)" = null
'

test_expect 'a missing page is unreachable with its status' '
    filed_school &&
    expect_code 1 netsec-duty patrol --url "$SITE/$test_count/none.html" -f json &&
    jq -r ".[0] | [.status, .findings] | @tsv" out >got &&
    printf "404\tunreachable\n" >want && expect_equal want got &&
    jq -r ".[0].error" out >got &&
    echo "the site answered with HTTP status 404" >want && expect_equal want got
'

test_expect 'a site that refuses the connection is recorded with why' '
    filed_school &&
    expect_code 1 netsec-duty patrol --url http://127.0.0.1:1/ -f json &&
    jq -r ".[0] | [.status, .size_bytes, .error, .findings, .evidence_id] | @tsv" out >got &&
    printf "\t\tthe site refused the connection or could not be reached\tunreachable\t\n" >want &&
    expect_equal want got &&
    test "$(sqlite3 school/state/netsec.db "SELECT count(*) FROM patrols")" = 1
'

test_expect 'a redirect to a file:// URL is not followed' '
    filed_school &&
    expect_code 1 netsec-duty patrol --url "$SITE/redirect-to-file" -f json &&
    jq -r ".[0].error" out >got &&
    echo "the site redirected to a scheme other than http or https" >want && expect_equal want got
'

test_expect 'a page larger than the limit is refused before it is held' '
    filed_school && mkdir -p "$WWW/$test_count" &&
    head -c 9000000 /dev/zero | tr "\0" x >"$WWW/$test_count/index.html" &&
    expect_code 1 netsec-duty patrol --url "$(here)" -f json &&
    jq -r ".[0].error" out >got &&
    echo "the page is larger than the limit of 8388608 bytes" >want && expect_equal want got
'

test_expect 'a GBK page is read as GBK' '
    filed_school && mkdir -p "$WWW/$test_count" &&
    printf "<html><head><meta charset=\"gb2312\"><title>示例乡中心小学</title></head><body><div id=\"footer\">豫ICP备2023012345号-1 豫公网安备41152602000123号</div></body></html>" |
        iconv -f UTF-8 -t GBK >"$WWW/$test_count/index.html" &&
    expect_code 0 netsec-duty patrol --url "$(here)" -f json &&
    jq -r ".[0].title" out >got &&
    echo 示例乡中心小学 >want && expect_equal want got
'

test_expect 'file:// reads a page on disk, with no status' '
    filed_school && page site &&
    expect_code 0 netsec-duty patrol --url "file://$PWD/site/index.html" -f json &&
    jq -r ".[0] | [.status, .title] | @tsv" out >got &&
    printf "\t示例乡中心小学 - 首页\n" >want && expect_equal want got
'

test_expect 'the policy'"'"'s website.url is patrolled when no --url is given' '
    filed_school && page "$WWW/$test_count" &&
    printf "  url: %s\n" "$(here)" >>school/policy.yaml &&
    expect_code 0 netsec-duty patrol -f json &&
    jq -r ".[0].url" out >got &&
    here >want && expect_equal want got
'

test_expect 'no URL anywhere, or one of another scheme, is 64 and writes nothing' '
    school &&
    expect_code 64 netsec-duty patrol &&
    echo "netsec-duty: no homepage to patrol: give --url URL or set website.url in the policy" >want &&
    expect_equal want err &&
    expect_code 64 netsec-duty patrol --url ftp://127.0.0.1/ &&
    echo "netsec-duty: the URL ${SQ}ftp://127.0.0.1/${SQ} is not http://, https:// or file://" >want &&
    expect_equal want err &&
    test "$(sqlite3 school/state/netsec.db "SELECT count(*) FROM patrols")" = 0
'

test_expect 'a bad prohibited list in the policy is 78' '
    school &&
    printf "website:\n  prohibited: 赌博\n" >>school/policy.yaml &&
    expect_code 78 netsec-duty patrol --url file:///dev/null &&
    expect_grep "website.prohibited" err
'

test_done
