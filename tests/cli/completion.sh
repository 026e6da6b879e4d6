#!/bin/bash
# Bash completion: share/netsec/completions/{netsec,netsec-policy,netsec-journal,netsec-backup}, sourced into
# this shell and asked for COMPREPLY as bash would ask while a line is typed.
. "$(dirname "$0")/lib.sh"

completions=$NETSEC_SOURCE/share/netsec/completions
. "$completions/netsec"
. "$completions/netsec-policy"
. "$completions/netsec-journal"
. "$completions/netsec-backup"

. "$(dirname "$0")/completion-lib.sh"

# fake_tools NAME...: executables bin/netsec-NAME, and PATH set to bin and the system only.
fake_tools() {
    mkdir -p bin &&
        for name in "$@"; do
            printf '#!/bin/sh\n' >"bin/netsec-$name" && chmod +x "bin/netsec-$name" || return 1
        done &&
        PATH=$PWD/bin:/usr/bin:/bin
}

test_expect 'each completion file registers its command' '
    complete -p netsec >out && expect_grep "_netsec netsec" out &&
    complete -p netsec-policy >out && expect_grep "_netsec_policy netsec-policy" out &&
    complete -p netsec-journal >out && expect_grep "_netsec_journal netsec-journal" out
'

test_expect 'netsec-journal offers its commands' '
    expect_code 0 complete_line "netsec-journal " &&
    offers head show verify &&
    expect_equal expect out
'

test_expect 'netsec-journal offers its commands after shared options and their values' '
    expect_code 0 complete_line "netsec-journal -q --policy p.yaml -f json " &&
    offers head show verify &&
    expect_equal expect out
'

test_expect 'netsec-journal offers no second command' '
    expect_code 0 complete_line "netsec-journal show " &&
    offers &&
    expect_equal expect out
'

test_expect 'netsec-journal show --f completes to --format' '
    expect_code 0 complete_line "netsec-journal show --f" &&
    offers --format &&
    expect_equal expect out
'

test_expect 'netsec-journal show offers its own options and the shared ones' '
    expect_code 0 complete_line "netsec-journal show -" &&
    offers --action --format --help --last --policy --quiet --since --subject --tool --until -f -h -n -q &&
    expect_equal expect out
'

test_expect 'netsec-journal verify offers --head, and head --record' '
    expect_code 0 complete_line "netsec-journal verify --" &&
    offers --format --head --help --policy --quiet &&
    expect_equal expect out &&
    expect_code 0 complete_line "netsec-journal head --" &&
    offers --format --help --policy --quiet --record &&
    expect_equal expect out
'

test_expect 'netsec-journal offers --version only before a command' '
    expect_code 0 complete_line "netsec-journal --v" &&
    offers --version &&
    expect_equal expect out &&
    expect_code 0 complete_line "netsec-journal show --v" &&
    offers &&
    expect_equal expect out
'

test_expect 'netsec-journal -f offers every format' '
    expect_code 0 complete_line "netsec-journal show -f " &&
    offers table tsv csv json jsonl &&
    expect_equal expect out
'

test_expect 'netsec-journal --format=j offers the json formats' '
    expect_code 0 complete_line "netsec-journal show --format=j" &&
    offers json jsonl &&
    expect_equal expect out &&
    expect_code 0 complete_line "netsec-journal --format=" &&
    offers table tsv csv json jsonl &&
    expect_equal expect out
'

test_expect 'netsec-journal --policy completes file names' '
    mkdir school && : >school.yaml && : >notes.txt &&
    expect_code 0 complete_line "netsec-journal --policy s" &&
    offers school school.yaml &&
    expect_equal expect out
'

test_expect 'netsec-journal show --action offers the journal'"'"'s actions' '
    expect_code 0 complete_line "netsec-journal show --action policy." &&
    offers policy.changed policy.initialized &&
    expect_equal expect out
'

test_expect 'netsec-journal show --tool offers the netsec programs on PATH' '
    fake_tools alpha beta &&
    expect_code 0 complete_line "netsec-journal show --tool " &&
    offers netsec-alpha netsec-beta &&
    expect_equal expect out
'

test_expect 'netsec-journal show --since offers now' '
    expect_code 0 complete_line "netsec-journal show --since n" &&
    offers now &&
    expect_equal expect out
'

test_expect 'netsec-journal verify --head and show -n take free values' '
    expect_code 0 complete_line "netsec-journal verify --head " &&
    offers &&
    expect_equal expect out &&
    expect_code 0 complete_line "netsec-journal show -n " &&
    expect_equal expect out
'

test_expect 'netsec-policy offers its commands' '
    expect_code 0 complete_line "netsec-policy " &&
    offers check init show &&
    expect_equal expect out
'

test_expect 'netsec-policy show -f offers every format' '
    expect_code 0 complete_line "netsec-policy show -f " &&
    offers table tsv csv json jsonl &&
    expect_equal expect out
'

test_expect 'netsec-policy check completes the policy FILE' '
    mkdir drafts && : >draft.yaml && : >other.txt &&
    expect_code 0 complete_line "netsec-policy check d" &&
    offers draft.yaml drafts &&
    expect_equal expect out
'

test_expect 'netsec-policy init --state-dir completes folders only' '
    mkdir state stash && : >state.txt &&
    expect_code 0 complete_line "netsec-policy init --state-dir st" &&
    offers stash state &&
    expect_equal expect out
'

test_expect 'netsec-policy init offers --state-dir and --force' '
    expect_code 0 complete_line "netsec-policy init --" &&
    offers --force --format --help --policy --quiet --state-dir &&
    expect_equal expect out
'

test_expect 'netsec offers help and the netsec programs on PATH by their short names' '
    fake_tools alpha beta &&
    expect_code 0 complete_line "netsec " &&
    offers alpha beta help &&
    expect_equal expect out
'

test_expect 'netsec offers the built tools' '
    expect_code 0 complete_line "netsec " &&
    expect_grep journal out &&
    expect_grep policy out &&
    expect_grep help out
'

test_expect 'netsec help offers the tools, netsec itself and the policy format' '
    fake_tools alpha &&
    expect_code 0 complete_line "netsec help " &&
    offers alpha netsec policy.5 &&
    expect_equal expect out
'

test_expect 'netsec offers its own options' '
    expect_code 0 complete_line "netsec --" &&
    offers --help --version &&
    expect_equal expect out
'

test_expect 'netsec TOOL hands the rest of the line to the tool'"'"'s completion' '
    expect_code 0 complete_line "netsec journal " &&
    offers head show verify &&
    expect_equal expect out &&
    expect_code 0 complete_line "netsec journal show --l" &&
    offers --last &&
    expect_equal expect out &&
    expect_code 0 complete_line "netsec policy show -f " &&
    offers table tsv csv json jsonl &&
    expect_equal expect out &&
    expect_code 0 complete_line "netsec netsec-policy " &&
    offers check init show &&
    expect_equal expect out
'

test_expect 'netsec loads a tool'"'"'s completion from the file beside its own' '
    {
        declare -f complete_line &&
        echo ". \"$completions/netsec\"" &&
        echo "complete -p netsec-policy >/dev/null 2>&1 && echo loaded too early" &&
        echo "complete_line \"netsec policy \""
    } >script.sh &&
    expect_code 0 bash --norc --noprofile script.sh &&
    offers check init show &&
    expect_equal expect out
'

test_expect 'a tool without a completion file gets file names' '
    fake_tools alpha && : >file.txt &&
    expect_code 0 complete_line "netsec alpha fi" &&
    offers file.txt &&
    expect_equal expect out
'

# backup_policy: ./policy.yaml with two backup jobs (and names elsewhere that are not jobs), and
# NETSEC_POLICY naming it.
backup_policy() {
    cat >policy.yaml <<-\EOF &&
	school:
	  name: 示例学校
	# backup:
	#   jobs:
	#     - name: commented-out
	backup:
	  jobs:
	    - name: documents                 # folders
	      sources: [/srv/documents]
	      destinations: [/mnt/usb/b, /mnt/nas/b]
	    - command: mysqldump school_site
	      stdin_name: site.sql
	      name: "website-db"
	      destinations: [/mnt/usb/b, /mnt/nas/b]
	organization:
	  leader: {name: 张校长, title: 校长}
	EOF
        NETSEC_POLICY=$PWD/policy.yaml
}

test_expect 'netsec-backup registers its completion and offers its commands' '
    complete -p netsec-backup >out && expect_grep "_netsec_backup netsec-backup" out &&
    expect_code 0 complete_line "netsec-backup " &&
    offers copy diff export init ls passwd prune restore run snapshots status verify &&
    expect_equal expect out
'

test_expect 'netsec-backup run offers --force with its other options' '
    expect_code 0 complete_line "netsec-backup run --" &&
    offers --force --format --help --lock-wait --passphrase-file --policy --quiet --repo --stdin-name &&
    expect_equal expect out
'

test_expect 'netsec-backup ls, diff, restore and export offer --job and --destination, snapshots --destination' '
    for command in ls diff export; do
        expect_code 0 complete_line "netsec-backup $command --" &&
        offers --destination --format --help --job --passphrase-file --policy --quiet --repo &&
        expect_equal expect out || exit 1
    done &&
    expect_code 0 complete_line "netsec-backup restore --" &&
    offers --destination --format --help --job --passphrase-file --policy --quiet --repo --to &&
    expect_equal expect out &&
    expect_code 0 complete_line "netsec-backup snapshots --" &&
    offers --destination --format --help --passphrase-file --policy --quiet --repo &&
    expect_equal expect out &&
    expect_code 0 complete_line "netsec-backup status --" &&
    offers --format --help --policy --quiet &&
    expect_equal expect out
'

test_expect 'netsec-backup restore latest --job offers the policy'"'"'s jobs' '
    backup_policy &&
    expect_code 0 complete_line "netsec-backup restore latest --job " &&
    offers documents website-db &&
    expect_equal expect out &&
    expect_code 0 complete_line "netsec-backup restore --job=w" &&
    offers website-db &&
    expect_equal expect out
'

test_expect 'netsec-backup status offers the policy'"'"'s jobs not yet given' '
    backup_policy &&
    expect_code 0 complete_line "netsec-backup status " &&
    offers documents website-db &&
    expect_equal expect out &&
    expect_code 0 complete_line "netsec-backup status documents " &&
    offers website-db &&
    expect_equal expect out
'

test_expect 'netsec-backup run, snapshots, prune and verify offer jobs; run --repo offers paths' '
    backup_policy && : >notes.txt &&
    for command in run snapshots prune verify; do
        expect_code 0 complete_line "netsec-backup $command " &&
        offers documents website-db &&
        expect_equal expect out || exit 1
    done &&
    expect_code 0 complete_line "netsec-backup snapshots documents " &&
    offers &&
    expect_equal expect out &&
    expect_code 0 complete_line "netsec-backup run --repo r no" &&
    offers notes.txt &&
    expect_equal expect out
'

test_expect 'netsec-backup reads the jobs from --policy, and stays silent without a policy' '
    mkdir elsewhere && (cd elsewhere && backup_policy) &&
    expect_code 0 complete_line "netsec-backup --policy elsewhere/policy.yaml status " &&
    offers documents website-db &&
    expect_equal expect out &&
    expect_code 0 complete_line "netsec-backup --policy=missing.yaml status " &&
    offers &&
    expect_equal expect out &&
    test ! -s err
'

test_expect 'netsec-backup diff offers latest for the newer snapshot only' '
    expect_code 0 complete_line "netsec-backup diff " &&
    offers &&
    expect_equal expect out &&
    expect_code 0 complete_line "netsec-backup diff 1a2b " &&
    offers latest &&
    expect_equal expect out
'

test_done
