#!/bin/bash
# netsec-policy: init writes a starting policy and its records, check validates a policy,
# show prints the policy in force; and every tool journals a policy that changed.
. "$(dirname "$0")/lib.sh"

# minimal_policy FILE: a valid policy with only the required keys, so that show fills in the
# rest; the caller is its viewer (show needs that level).
minimal_policy() {
    cat >"$1" <<-EOF
	school: {name: Test School}
	organization:
	  leader: {name: Head}
	  network_administrators: [{name: Admin, user: zhao}]
	  security_officers: [{name: Officer}]
	operators: [{user: $(id -un), level: viewer}]
	EOF
}

# yaml_block KEY FILE: the line of top-level KEY in a YAML document and the lines indented under it.
yaml_block() {
    awk -v key="$1:" '/^[^ ]/ { on = ($1 == key) } on' "$2"
}

# flat_json SEP FILE: the JSON document in FILE as the key/value lines csv (SEP ,) and tsv
# (SEP tab) are promised to be: names joined with dots, list positions in brackets, values as
# text (null as an empty cell, netsec(7)); CSV quotes (RFC 4180) only the fields that need it, TSV escapes \t \n \r \\.
flat_json() {
    jq -r --arg sep "$1" '
        def csv_field: if test("[,\"\r\n]") then "\"" + gsub("\""; "\"\"") + "\"" else . end;
        paths(type != "object" and type != "array") as $p
        | [($p | map(if type == "number" then "[\(.)]" else ".\(.)" end) | join("") | ltrimstr(".")),
           (getpath($p) | if type == "string" then . elif . == null then "" else tojson end)]
        | if $sep == "," then map(csv_field) | join(",") else @tsv end' "$2"
}

# ---- init --------------------------------------------------------------------------------

test_expect 'init writes the policy 0644, its state folder 0700 and the database 0600' '
    expect_code 0 netsec-policy init school/policy.yaml &&
    test "$(mode_of school/policy.yaml)" = 644 &&
    test "$(mode_of school/state)" = 700 &&
    test "$(mode_of school/state/netsec.db)" = 600
'

test_expect 'init journals policy.initialized with the sha256 of the file it wrote' '
    expect_code 0 netsec-policy init school/policy.yaml &&
    sum=$(sha256sum <school/policy.yaml | cut -d" " -f1) &&
    echo "1|netsec-policy|policy.initialized|$(pwd -P)/school/policy.yaml|{\"sha256\":\"$sum\"}" >expect &&
    sqlite3 school/state/netsec.db "SELECT seq, tool, action, subject, details FROM journal" >actual &&
    expect_equal expect actual
'

test_expect 'init writes its notices to stderr and nothing to stdout' '
    expect_code 0 netsec-policy init school/policy.yaml &&
    test ! -s out &&
    expect_grep "wrote the starting policy ${SQ}school/policy.yaml${SQ}" err &&
    expect_grep "then run ${SQ}netsec-policy check school/policy.yaml${SQ}" err
'

test_expect 'init -q prints nothing' '
    expect_code 0 netsec-policy init -q school/policy.yaml &&
    test ! -s out &&
    test ! -s err
'

test_expect 'the starting policy passes check' '
    expect_code 0 netsec-policy init -q school/policy.yaml &&
    expect_code 0 netsec-policy check school/policy.yaml
'

test_expect 'the starting policy names the user who ran init as its admin' '
    expect_code 0 netsec-policy init -q school/policy.yaml &&
    expect_code 0 netsec-policy show -f json school/policy.yaml &&
    jq -c .operators out >actual &&
    echo "[{\"user\":\"$(id -un)\",\"level\":\"admin\"}]" >expect &&
    expect_equal expect actual
'

test_expect 'init --state-dir DIR keeps the records in DIR and writes DIR into the policy' '
    expect_code 0 netsec-policy init -q --state-dir records school/policy.yaml &&
    test "$(mode_of records)" = 700 &&
    test "$(mode_of records/netsec.db)" = 600 &&
    test ! -e school/state &&
    expect_code 0 netsec-policy show -f json school/policy.yaml &&
    jq -r .state_dir out >actual &&
    echo "$(pwd -P)/records" >expect &&
    expect_equal expect actual
'

test_expect 'init without a file writes the policy --policy names' '
    expect_code 0 netsec-policy --policy school/policy.yaml init -q &&
    test -f school/policy.yaml &&
    test -f school/state/netsec.db
'

test_expect 'init without a file writes the policy NETSEC_POLICY names' '
    expect_code 0 env NETSEC_POLICY="$PWD/school/policy.yaml" netsec-policy init -q &&
    test -f school/policy.yaml &&
    test -f school/state/netsec.db
'

test_expect 'init refuses to overwrite an existing policy with exit 73 and leaves it as it was' '
    expect_code 0 netsec-policy init -q school/policy.yaml &&
    echo "# the school${SQ}s own edits" >>school/policy.yaml &&
    cp school/policy.yaml before &&
    expect_code 73 netsec-policy init school/policy.yaml &&
    expect_grep "${SQ}school/policy.yaml${SQ} already exists" err &&
    expect_grep "--force" err &&
    cmp before school/policy.yaml
'

test_expect 'init --force replaces the policy and journals policy.changed with both sha256' '
    expect_code 0 netsec-policy init -q school/policy.yaml &&
    echo "# edited" >>school/policy.yaml &&
    expect_code 0 netsec-journal -q --policy school/policy.yaml verify &&
    old=$(sha256sum <school/policy.yaml | cut -d" " -f1) &&
    expect_code 0 netsec-policy init -q --force school/policy.yaml &&
    expect_no_grep "# edited" school/policy.yaml &&
    new=$(sha256sum <school/policy.yaml | cut -d" " -f1) &&
    echo "3|netsec-policy|policy.changed|{\"sha256\":\"$new\",\"previous_sha256\":\"$old\"}" >expect &&
    sqlite3 school/state/netsec.db "SELECT seq, tool, action, details FROM journal WHERE seq > 2" >actual &&
    expect_equal expect actual
'

test_expect 'init whose state_dir is a regular file exits 73 naming it' '
    : >afile &&
    expect_code 73 netsec-policy init --state-dir afile school/policy.yaml &&
    expect_grep "${SQ}$(pwd -P)/afile${SQ} is not a folder" err
'

test_expect 'init that cannot create its records leaves no policy behind' '
    : >afile &&
    expect_code 73 netsec-policy init --state-dir afile school/policy.yaml &&
    if test -e school/policy.yaml; then
        echo "the failed init left school/policy.yaml behind; running init again now says:" &&
        netsec-policy init --state-dir records school/policy.yaml
        false
    fi
'

if u=$(second_user); then
    test_expect 'init --force by a viewer is refused with 77 naming the admin level' '
        expect_code 0 netsec-policy init -q school/policy.yaml &&
        add_operator "$u" viewer school/policy.yaml &&
        cp school/policy.yaml before &&
        expect_code 77 runuser -u "$u" -- netsec-policy init --force school/policy.yaml &&
        expect_grep "${SQ}netsec-policy init --force${SQ} needs the admin level; user ${SQ}$u${SQ} has only viewer" err &&
        cmp before school/policy.yaml
    '

    test_expect 'show by a user with no level is refused with 77 naming the viewer level' '
        expect_code 0 netsec-policy init -q school/policy.yaml &&
        expect_code 77 runuser -u "$u" -- netsec-policy show --policy "$PWD/school/policy.yaml" &&
        expect_grep "${SQ}netsec-policy show${SQ} needs the viewer level; user ${SQ}$u${SQ} has no level" err &&
        test ! -s out
    '
else
    test_skip 'init --force by a viewer is refused with 77 naming the admin level' 'needs root for a second user'
    test_skip 'show by a user with no level is refused with 77 naming the viewer level' 'needs root for a second user'
fi

# ---- check -------------------------------------------------------------------------------

test_expect 'check accepts a valid policy with exit 0 and says so on stderr' '
    minimal_policy p.yaml &&
    expect_code 0 netsec-policy check p.yaml &&
    test ! -s out &&
    echo "${SQ}p.yaml${SQ} is a valid policy" >expect &&
    expect_equal expect err
'

test_expect 'check without a file checks the policy NETSEC_POLICY names' '
    minimal_policy p.yaml &&
    expect_code 0 env NETSEC_POLICY="$PWD/p.yaml" netsec-policy check &&
    expect_grep "${SQ}$PWD/p.yaml${SQ} is a valid policy" err
'

test_expect 'check -q prints nothing for a valid policy' '
    minimal_policy p.yaml &&
    expect_code 0 netsec-policy check -q p.yaml &&
    test ! -s out &&
    test ! -s err
'

test_expect 'check names malformed YAML as file:line:column with exit 78' '
    printf "school:\n  name: [Test School\noperators: []\n" >p.yaml &&
    expect_code 78 netsec-policy check p.yaml &&
    test ! -s out &&
    expect_grep "netsec-policy: p.yaml:" err &&
    grep -qE "^netsec-policy: p\.yaml:[0-9]+:[0-9]+: malformed YAML: " err
'

test_expect 'check names a value of the wrong type with exit 78' '
    minimal_policy p.yaml &&
    sed -i "s/^school: .*/school: {name: [Test, School]}/" p.yaml &&
    expect_code 78 netsec-policy check p.yaml &&
    echo "netsec-policy: p.yaml:1:16: ${SQ}school.name${SQ} expects a text value, found a list" >expect &&
    expect_equal expect err
'

test_expect 'check names a section of the wrong type with exit 78' '
    minimal_policy p.yaml &&
    sed -i "s/^operators: .*/operators: {user: root, level: admin}/" p.yaml &&
    expect_code 78 netsec-policy check p.yaml &&
    echo "netsec-policy: p.yaml:6:12: ${SQ}operators${SQ} expects a list, found a map" >expect &&
    expect_equal expect err
'

test_expect 'check names an unknown key and the keys expected with exit 78' '
    minimal_policy p.yaml &&
    echo "schol: x" >>p.yaml &&
    expect_code 78 netsec-policy check p.yaml &&
    expect_grep "netsec-policy: p.yaml:7:1: unknown key ${SQ}schol${SQ} in ${SQ}the policy${SQ}; expected one of: school, " err
'

test_expect 'check names a key given twice with exit 78' '
    minimal_policy p.yaml &&
    echo "operators: []" >>p.yaml &&
    expect_code 78 netsec-policy check p.yaml &&
    expect_grep "p.yaml:7:1: key ${SQ}operators${SQ} is given twice" err
'

test_expect 'check names a missing required key with exit 78' '
    minimal_policy p.yaml &&
    sed -i "/security_officers/d" p.yaml &&
    expect_code 78 netsec-policy check p.yaml &&
    echo "netsec-policy: p.yaml:3:3: missing required key ${SQ}organization.security_officers${SQ}" >expect &&
    expect_equal expect err
'

test_expect 'check names a time zone that does not exist with exit 78' '
    minimal_policy p.yaml &&
    sed -i "s/^school: .*/school: {name: T, timezone: Asia\/Atlantis}/" p.yaml &&
    expect_code 78 netsec-policy check p.yaml &&
    expect_grep "p.yaml:1:29: ${SQ}school.timezone${SQ} expects a zone of the tz database such as Asia/Shanghai, found ${SQ}Asia/Atlantis${SQ}" err
'

test_expect 'check names a duration it cannot read with exit 78' '
    minimal_policy p.yaml &&
    printf "thresholds:\n  stale_account: 6 months\n" >>p.yaml &&
    expect_code 78 netsec-policy check p.yaml &&
    expect_grep "p.yaml:8:18: ${SQ}thresholds.stale_account${SQ} expects a duration such as 90m, 12h, 7d or 2w, found ${SQ}6 months${SQ}" err
'

test_expect 'check names a zero duration with exit 78' '
    minimal_policy p.yaml &&
    printf "reporting:\n  police_within: 0h\n" >>p.yaml &&
    expect_code 78 netsec-policy check p.yaml &&
    expect_grep "p.yaml:8:18: ${SQ}reporting.police_within${SQ} expects a duration above zero, found ${SQ}0h${SQ}" err
'

test_expect 'check names a date that does not exist with exit 78' '
    minimal_policy p.yaml &&
    printf "regulations:\n  - {id: rules, title: Rules, reviewed: 2026-02-30}\n" >>p.yaml &&
    expect_code 78 netsec-policy check p.yaml &&
    expect_grep "p.yaml:8:41: ${SQ}regulations[0].reviewed${SQ} expects a date as YYYY-MM-DD, found ${SQ}2026-02-30${SQ}" err
'

test_expect 'check names a level other than viewer, operator and admin with exit 78' '
    minimal_policy p.yaml &&
    sed -i "s/^operators: .*/operators: [{user: alice, level: superuser}]/" p.yaml &&
    expect_code 78 netsec-policy check p.yaml &&
    echo "netsec-policy: p.yaml:6:34: ${SQ}operators[0].level${SQ} expects viewer, operator or admin, found ${SQ}superuser${SQ}" >expect &&
    expect_equal expect err
'

test_expect 'check reports every problem in one run, in file order' '
    cat >p.yaml <<-\EOF &&
	thresholds:
	  stale_account: 6 months
	school:
	  name: [Test, School]
	  timezone: Mars/Olympus
	  motto: learn
	organization:
	  leader: {name: Head}
	  network_administrators: [{name: Admin}]
	regulations:
	  - {id: rules, title: Rules, reviewed: 2026-02-30}
	operators:
	  - {user: alice, level: superuser}
	EOF
    expect_code 78 netsec-policy check p.yaml &&
    test ! -s out &&
    cat >expect <<-EOF &&
	netsec-policy: p.yaml:2:18: ${SQ}thresholds.stale_account${SQ} expects a duration such as 90m, 12h, 7d or 2w, found ${SQ}6 months${SQ}
	netsec-policy: p.yaml:4:9: ${SQ}school.name${SQ} expects a text value, found a list
	netsec-policy: p.yaml:5:13: ${SQ}school.timezone${SQ} expects a zone of the tz database such as Asia/Shanghai, found ${SQ}Mars/Olympus${SQ}
	netsec-policy: p.yaml:6:3: unknown key ${SQ}motto${SQ} in ${SQ}school${SQ}; expected one of: name, name_en, code, county, timezone
	netsec-policy: p.yaml:8:3: missing required key ${SQ}organization.security_officers${SQ}
	netsec-policy: p.yaml:11:41: ${SQ}regulations[0].reviewed${SQ} expects a date as YYYY-MM-DD, found ${SQ}2026-02-30${SQ}
	netsec-policy: p.yaml:13:26: ${SQ}operators[0].level${SQ} expects viewer, operator or admin, found ${SQ}superuser${SQ}
	EOF
    expect_equal expect err
'

test_expect 'check of a missing policy exits 78 and names netsec-policy init' '
    expect_code 78 netsec-policy check missing.yaml &&
    expect_grep "no policy at ${SQ}missing.yaml${SQ}; write one with ${SQ}netsec-policy init missing.yaml${SQ}" err
'

test_expect 'check of an empty policy exits 78 and names netsec-policy init' '
    : >p.yaml &&
    expect_code 78 netsec-policy check p.yaml &&
    expect_grep "p.yaml:1:1: the policy is empty; ${SQ}netsec-policy init${SQ} writes a starting one" err
'

test_expect 'check opens no records: it works on a draft whose state does not exist' '
    minimal_policy p.yaml &&
    expect_code 0 netsec-policy check p.yaml &&
    test ! -e state
'

# ---- show --------------------------------------------------------------------------------

test_expect 'show -f json fills in every default' '
    minimal_policy p.yaml &&
    expect_code 0 netsec-policy show -f json p.yaml &&
    here=$(pwd -P) &&
    cat >expect.json <<-EOF &&
	{
	  "file": "$here/p.yaml",
	  "sha256": "$(sha256sum <p.yaml | cut -d" " -f1)",
	  "school": {"name": "Test School", "name_en": "", "code": "", "county": "", "timezone": "Asia/Shanghai"},
	  "state_dir": "$here/state",
	  "state_group": "",
	  "organization": {
	    "leader": {"name": "Head", "title": "", "user": "", "phone": ""},
	    "members": [],
	    "network_administrators": [{"name": "Admin", "title": "", "user": "zhao", "phone": ""}],
	    "security_officers": [{"name": "Officer", "title": "", "user": "", "phone": ""}]
	  },
	  "regulations": [],
	  "operators": [{"user": "$(id -un)", "level": "viewer"}],
	  "reporting": {
	    "superior": "",
	    "deadlines": {"I": "1h", "II": "1h", "III": "4h", "IV": "12h", "0": "1d"},
	    "police_within": "1d"
	  },
	  "thresholds": {
	    "password_max_age": "180d", "password_grace": "2w", "stale_account": "180d",
	    "antivirus_signature_age": "1w", "backup_verify_within": "30d", "restore_drill_within": "365d",
	    "emergency_drill_within": "365d", "log_retention": "180d", "regulation_review": "365d"
	  }
	}
	EOF
    jq . expect.json >expect &&
    jq "{file, sha256, school, state_dir, state_group, organization, regulations, operators, reporting, thresholds}" out >actual &&
    expect_equal expect actual
'

test_expect 'show -f json of the starting policy parses with jq and has stale_account 180d' '
    school &&
    expect_code 0 netsec-policy show -f json &&
    jq -e ".thresholds.stale_account == \"180d\"" out
'

test_expect 'show -f table prints the policy as YAML with every default filled in' '
    minimal_policy p.yaml &&
    expect_code 0 netsec-policy show -f table p.yaml &&
    here=$(pwd -P) &&
    for key in file sha256 school state_dir state_group organization regulations operators reporting thresholds; do yaml_block $key out; done >actual &&
    cat >expect <<-EOF &&
	file: $here/p.yaml
	sha256: $(sha256sum <p.yaml | cut -d" " -f1)
	school:
	  name: Test School
	  name_en: ""
	  code: ""
	  county: ""
	  timezone: Asia/Shanghai
	state_dir: $here/state
	state_group: ""
	organization:
	  leader:
	    name: Head
	    title: ""
	    user: ""
	    phone: ""
	  members:
	    []
	  network_administrators:
	    - name: Admin
	      title: ""
	      user: zhao
	      phone: ""
	  security_officers:
	    - name: Officer
	      title: ""
	      user: ""
	      phone: ""
	regulations:
	  []
	operators:
	  - user: $(id -un)
	    level: viewer
	reporting:
	  superior: ""
	  deadlines:
	    I: 1h
	    II: 1h
	    III: 4h
	    IV: 12h
	    0: 1d
	  police_within: 1d
	thresholds:
	  password_max_age: 180d
	  password_grace: 2w
	  stale_account: 180d
	  antivirus_signature_age: 1w
	  backup_verify_within: 30d
	  restore_drill_within: 365d
	  emergency_drill_within: 365d
	  log_retention: 180d
	  regulation_review: 365d
	EOF
    expect_equal expect actual
'

test_expect 'show -f jsonl prints the same document as json, on one line' '
    school &&
    expect_code 0 netsec-policy show -f json &&
    jq -c . out >expect &&
    expect_code 0 netsec-policy show -f jsonl &&
    test "$(wc -l <out)" = 1 &&
    expect_equal expect out
'

test_expect 'show -f csv prints every value as key,value with its path' '
    school &&
    expect_code 0 netsec-policy show -f json &&
    { echo key,value && flat_json , out; } >expect &&
    expect_code 0 netsec-policy show -f csv &&
    expect_equal expect out
'

test_expect 'show -f tsv prints every value as key<TAB>value with its path' '
    school &&
    expect_code 0 netsec-policy show -f json &&
    { printf "key\tvalue\n" && flat_json tab out; } >expect &&
    expect_code 0 netsec-policy show -f tsv &&
    expect_equal expect out
'

test_expect 'show without -f writes jsonl into a pipe' '
    school &&
    expect_code 0 netsec-policy show -f jsonl &&
    mv out expect &&
    expect_code 0 netsec-policy show &&
    expect_equal expect out
'

test_expect 'show FILE shows that file rather than the policy in force' '
    school &&
    minimal_policy p.yaml &&
    expect_code 0 netsec-policy show -f json p.yaml &&
    jq -r .school.name out >actual &&
    echo "Test School" >expect &&
    expect_equal expect actual
'

test_expect 'show of a bad policy exits 78 naming the problem' '
    minimal_policy p.yaml &&
    echo "schol: x" >>p.yaml &&
    expect_code 78 netsec-policy show p.yaml &&
    test ! -s out &&
    expect_grep "p.yaml:7:1: unknown key ${SQ}schol${SQ}" err
'

test_expect 'show of a missing policy exits 78 and names netsec-policy init' '
    expect_code 78 netsec-policy show --policy missing.yaml &&
    expect_grep "netsec-policy init missing.yaml" err
'

# ---- policy drift ------------------------------------------------------------------------

test_expect 'an edited policy is journaled by the next tool as policy.changed with both sha256' '
    NETSEC_NOW=2026-03-01T08:00:00Z school &&
    old=$(sha256sum <school/policy.yaml | cut -d" " -f1) &&
    echo "# edited" >>school/policy.yaml &&
    new=$(sha256sum <school/policy.yaml | cut -d" " -f1) &&
    expect_code 0 env NETSEC_NOW=2026-03-02T08:00:00Z netsec-journal verify &&
    echo "2|2026-03-02T08:00:00Z|netsec-journal|policy.changed|$(pwd -P)/school/policy.yaml|{\"sha256\":\"$new\",\"previous_sha256\":\"$old\"}" >expect &&
    sqlite3 school/state/netsec.db "SELECT seq, time, tool, action, subject, details FROM journal WHERE seq > 1" >actual &&
    expect_equal expect actual
'

test_expect 'the run that journals an edited policy says so on stderr' '
    school &&
    echo "# edited" >>school/policy.yaml &&
    expect_code 0 netsec-journal head &&
    expect_grep "the policy ${SQ}$(pwd -P)/school/policy.yaml${SQ} changed since it was last recorded" err
'

test_expect 'a second run after an edit journals nothing more' '
    school &&
    echo "# edited" >>school/policy.yaml &&
    expect_code 0 netsec-journal head &&
    expect_code 0 netsec-journal head &&
    expect_no_grep "changed since it was last recorded" err &&
    echo 2 >expect &&
    sqlite3 school/state/netsec.db "SELECT count(*) FROM journal" >actual &&
    expect_equal expect actual
'

test_expect 'an unchanged policy named by another path is not journaled as a change' '
    school &&
    expect_code 0 netsec-journal --policy "$PWD/school/../school/policy.yaml" head &&
    echo 1 >expect &&
    sqlite3 school/state/netsec.db "SELECT count(*) FROM journal" >actual &&
    expect_equal expect actual
'

# ---- help, version, usage ----------------------------------------------------------------

test_expect 'netsec-policy --help lists the shared options and the commands' '
    expect_code 0 netsec-policy --help &&
    expect_grep "Usage: netsec-policy [OPTIONS] SUBCOMMAND" out &&
    expect_grep "  --policy FILE" out &&
    expect_grep "  -f,--format FORMAT" out &&
    expect_grep "  -q,--quiet" out &&
    expect_grep "  init " out &&
    expect_grep "  check " out &&
    expect_grep "  show " out
'

test_expect 'netsec-policy --version prints the version' '
    expect_code 0 netsec-policy --version &&
    echo "netsec-policy 0.1.0" >expect &&
    expect_equal expect out
'

test_expect 'init --help prints the usage of init and its options' '
    expect_code 0 netsec-policy init --help &&
    expect_grep "Usage: netsec-policy init [OPTIONS] [file]" out &&
    expect_grep "  --state-dir DIR" out &&
    expect_grep "  --force" out
'

test_expect 'check --help prints the usage of check' '
    expect_code 0 netsec-policy check --help &&
    expect_grep "Usage: netsec-policy check [OPTIONS] [file]" out
'

test_expect 'show --help prints the usage of show' '
    expect_code 0 netsec-policy show --help &&
    expect_grep "Usage: netsec-policy show [OPTIONS] [file]" out
'

test_expect 'every command takes --version' '
    echo "netsec-policy 0.1.0" >expect &&
    for command in init check show; do
        expect_code 0 netsec-policy $command --version && expect_equal expect out || exit 1
    done
'

test_expect '--help writes nothing and creates nothing' '
    expect_code 0 env NETSEC_POLICY="$PWD/p.yaml" netsec-policy init --help &&
    test ! -e p.yaml &&
    test ! -s err
'

test_expect 'an unknown option is a usage error with exit 64 naming it' '
    expect_code 64 netsec-policy check --bogus &&
    expect_grep "--bogus" err &&
    expect_grep "Run ${SQ}netsec-policy --help${SQ} for usage." err
'

test_expect 'no command is a usage error with exit 64' '
    expect_code 64 netsec-policy &&
    expect_grep "Run ${SQ}netsec-policy --help${SQ} for usage." err
'

test_expect 'an unknown -f value is a usage error with exit 64 naming it' '
    school &&
    expect_code 64 netsec-policy show -f xml &&
    test ! -s out &&
    expect_grep "unknown -f format ${SQ}xml${SQ} for ${SQ}netsec-policy show${SQ}: it writes table, tsv, csv, json, jsonl" err
'

# ---- hardening (issue 14): size, secret files, the heads file, planted temporaries -------------

test_expect 'check refuses a policy over 1 MiB naming the file (78), before parsing it' '
    school &&
    { cat school/policy.yaml; printf "# %01100000d\n" 0; } >big.yaml &&
    expect_code 78 netsec-policy check big.yaml &&
    expect_grep "big.yaml${SQ} is larger than 1024 KiB" err &&
    expect_code 78 netsec-policy check /dev/zero &&
    expect_grep "/dev/zero${SQ} is larger than 1024 KiB" err
'

test_expect 'check refuses a passphrase_file others may read (78), naming the key, the file and the fix' '
    school && mkdir -p docs usb nas && echo secret >key && chmod 644 key &&
    cat >>school/policy.yaml <<-EOF2 &&
	backup:
	  jobs:
	    - name: docs
	      sources: [$PWD/docs]
	      destinations: [$PWD/usb/nb, $PWD/nas/nb]
	      passphrase_file: $PWD/key
	EOF2
    expect_code 78 netsec-policy check &&
    expect_grep "${SQ}backup.jobs[0].passphrase_file${SQ} names ${SQ}$PWD/key${SQ}, which has mode 0644" err &&
    expect_grep "chmod 600 $PWD/key" err &&
    chmod 600 key && expect_code 0 netsec-policy check
'

test_expect 'journal.heads_file is read, shown, and refused when group or others may write it' '
    school && printf "journal:\n  heads_file: heads\n" >>school/policy.yaml &&
    expect_code 0 netsec-policy check &&
    expect_code 0 netsec-policy show -f json &&
    jq -e ".journal.heads_file | endswith(\"/school/heads\")" out >/dev/null &&
    touch school/heads && chmod 666 school/heads &&
    expect_code 78 netsec-policy check &&
    expect_grep "${SQ}journal.heads_file${SQ} names" err &&
    sed "/^journal:/,\$d" school/policy.yaml >p2.yaml &&
    printf "journal:\n  heads_file: \"\"\n" >>p2.yaml &&
    expect_code 78 netsec-policy check p2.yaml &&
    expect_grep "${SQ}journal.heads_file${SQ} expects a file" err
'

if u=$(second_user); then
    test_expect 'init as root neither writes into nor follows files or symlinks another user planted (temporary or final names)' '
        echo IMPORTANT >victim && chmod 644 victim &&
        mkdir shared && chown "$u" shared &&
        last=$(cat /proc/sys/kernel/ns_last_pid) &&
        runuser -u "$u" -- bash -c "for i in \$(seq $((last + 1)) $((last + 200))); do
            ln -s $PWD/victim shared/policy.yaml.tmp.\$i; done" &&
        expect_code 0 netsec-policy init -q shared/policy.yaml &&
        expect_equal - victim <<<"IMPORTANT" && test "$(mode_of victim)" = 644 &&
        test ! -L shared/policy.yaml && test "$(stat -c %U shared/policy.yaml)" = root &&
        test "$(find shared -maxdepth 1 -name "policy.yaml.tmp.*" -type l | wc -l)" = 200 &&
        mkdir shared2 && chown "$u" shared2 && runuser -u "$u" -- ln -s "$PWD/victim" shared2/policy.yaml &&
        expect_code 73 netsec-policy init -q shared2/policy.yaml &&
        expect_equal - victim <<<"IMPORTANT" && test -L shared2/policy.yaml
    '
else
    test_skip 'init as root neither writes into nor follows files or symlinks another user planted (temporary or final names)' \
        'needs root for a second user'
fi

test_done
