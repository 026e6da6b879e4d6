#!/bin/bash
# netsec-backup on the policy's jobs: both destinations (a snapshot, then a copy), excludes, the
# schedule and --force, a destination whose disk is gone, command and standard-input jobs, the
# runs recorded and journaled, status, diff, restore drills read by netsec-audit, prune by the
# job's keep, and levels.
. "$(dirname "$0")/lib.sh"

# has_row FILTER FILE: some JSON line of FILE satisfies FILTER.
has_row() {
    jq -e -s "any(.[]; $1)" "$2" >/dev/null || { echo "no row of $2 has $1:"; cat "$2"; return 1; }
}

# a_school_with_jobs: a school whose policy backs up ./docs (job docs) and a command's output
# (job site) into ./usb/nb and ./nas/nb.
a_school_with_jobs() {
    school && mkdir -p usb nas docs/sub &&
    printf 'lesson plan\n' >docs/plan.txt && printf 'tmp\n' >docs/scratch.tmp &&
    printf 'lock\n' >"docs/~\$plan.docx" && printf '成绩\n' >"docs/sub/成绩 表.xlsx" &&
    cat >>"$NETSEC_POLICY" <<EOF
backup:
  jobs:
    - name: docs
      sources: [$PWD/docs]
      exclude: ["*.tmp", "~\$*"]
      schedule: 1d
      destinations: [$PWD/usb/nb, $PWD/nas/nb]
      keep: {last: 2}
    - name: site
      command: "printf 'CREATE TABLE pupils;\\\\n'"
      stdin_name: site.sql
      destinations: [$PWD/usb/nb, $PWD/nas/nb]
EOF
}

test_expect 'run without jobs in the policy says how to add them (78); an unknown job is a usage error' '
    school bare &&
    expect_code 78 netsec-backup run && expect_grep "has no backup jobs" err &&
    a_school_with_jobs &&
    expect_code 64 netsec-backup run nosuch && expect_grep "no backup job ${SQ}nosuch${SQ} (its jobs: docs, site)" err
'

test_expect 'the first run creates both destinations: a snapshot in the first, a copy in the second' '
    a_school_with_jobs &&
    expect_code 0 netsec-backup run docs -f jsonl &&
    test "$(wc -l <out)" = 2 &&
    has_row ".operation == \"backup\" and .destination == \"$PWD/usb/nb\" and .result == \"ok\" and .file_count == 2" out &&
    has_row "(.operation == \"copy\") and .destination == \"$PWD/nas/nb\" and .result == \"ok\"" out &&
    test -f usb/nb/config && test -f nas/nb/config &&
    netsec-backup snapshots docs -f jsonl >snaps &&
    test "$(wc -l <snaps)" = 1 && jq -e ".copy_count == 2 and .job == \"docs\"" snaps
'

test_expect 'excludes leave out *.tmp and ~$* files; restore --job gives the rest back' '
    a_school_with_jobs && netsec-backup run -q docs &&
    expect_code 0 netsec-backup ls latest --job docs -f jsonl &&
    expect_grep "plan.txt" out && expect_grep "成绩 表.xlsx" out &&
    expect_no_grep "scratch.tmp" out && expect_no_grep "~\$plan.docx" out &&
    expect_code 0 netsec-backup restore -q latest --job docs --to back &&
    cmp docs/plan.txt "back$PWD/docs/plan.txt" && cmp "docs/sub/成绩 表.xlsx" "back$PWD/docs/sub/成绩 表.xlsx" &&
    test ! -e "back$PWD/docs/scratch.tmp"
'

test_expect 'a job is not due again before its schedule; --force and a later clock run it' '
    a_school_with_jobs && netsec-backup run -q docs &&
    expect_code 0 netsec-backup run docs &&
    expect_grep "job ${SQ}docs${SQ} is not due until" err &&
    test "$(netsec-backup snapshots docs -f jsonl | wc -l)" = 1 &&
    expect_code 0 netsec-backup run -q --force docs &&
    test "$(netsec-backup snapshots docs -f jsonl | wc -l)" = 2 &&
    later=$(date -u -d "+23 hours 5 minutes" +%Y-%m-%dT%H:%M:%SZ) &&
    NETSEC_NOW=$later expect_code 0 netsec-backup run -q docs &&
    test "$(netsec-backup snapshots docs -f jsonl | wc -l)" = 3
'

test_expect 'run with no job names runs every due job, the command job included' '
    a_school_with_jobs &&
    expect_code 0 netsec-backup run -q &&
    netsec-backup snapshots -f jsonl >snaps &&
    has_row "(.job == \"site\") and (.paths == [\"site.sql\"] and .copy_count == 2)" snaps &&
    netsec-backup export latest --job site | tar -xOf - site.sql >dump &&
    printf "CREATE TABLE pupils;\n" | cmp - dump
'

test_expect 'standard input into a job: mysqldump | netsec-backup run site --stdin-name site.sql' '
    a_school_with_jobs &&
    printf "INSERT INTO pupils VALUES (1);\n" | netsec-backup run -q site --stdin-name site.sql &&
    netsec-backup export latest --job site | tar -xOf - site.sql >dump &&
    printf "INSERT INTO pupils VALUES (1);\n" | cmp - dump &&
    expect_code 64 netsec-backup run docs --stdin-name x.sql </dev/null &&
    expect_grep "backs up folders" err &&
    expect_code 64 netsec-backup run --stdin-name x.sql </dev/null && expect_grep "into one job" err
'

test_expect 'a failing command saves no snapshot, is recorded failed, and exits 1' '
    a_school_with_jobs &&
    sed -i "s/command: .*/command: \"echo partial; exit 3\"/" "$NETSEC_POLICY" &&
    expect_code 1 netsec-backup run site -f jsonl &&
    expect_grep "failed (exit status 3): no snapshot was saved" err &&
    has_row ".result == \"failed\" and .snapshot_id == null and .file_count == null and .size_bytes == null and .read_bytes == null and .added_bytes == null" out &&
    test "$(netsec-backup snapshots site -f jsonl | wc -l)" = 0 &&
    expect_code 1 netsec-backup status site -f jsonl &&
    has_row "(.destination == \"$PWD/usb/nb\") and (.state == \"never\")" out
'

test_expect 'a destination that held snapshots and is gone is reported, not re-created; the other still gets the snapshot' '
    a_school_with_jobs && netsec-backup run -q docs && rm -rf nas/nb &&
    expect_code 1 netsec-backup run --force docs &&
    expect_grep "is missing now: is its disk mounted?" err && test ! -e nas/nb &&
    test "$(netsec-backup snapshots docs --destination "$PWD/usb/nb" -f jsonl | wc -l)" = 2 &&
    expect_code 1 netsec-backup status docs -f jsonl &&
    has_row "(.destination == \"$PWD/nas/nb\") and (.state == \"failed\")" out
'

test_expect 'an unmounted destination makes no snapshot due before the schedule; it is caught up by a copy when back' '
    a_school_with_jobs &&
    NETSEC_NOW=2026-03-10T01:30:00Z expect_code 0 netsec-backup run -q docs && mv nas/nb nas/nb.away &&
    NETSEC_NOW=2026-03-11T01:30:00Z expect_code 1 netsec-backup run docs &&
    expect_grep "is missing now: is its disk mounted?" err &&
    expect_code 0 netsec-backup snapshots docs --destination "$PWD/usb/nb" -f jsonl && test "$(wc -l <out)" = 2 &&
    NETSEC_NOW=2026-03-11T02:30:00Z expect_code 0 netsec-backup run docs &&
    expect_grep "job ${SQ}docs${SQ} is not due until 2026-03-12" err && expect_grep "is missing now: is its disk mounted?" err &&
    NETSEC_NOW=2026-03-11T02:30:00Z expect_code 0 netsec-backup run -q docs && test ! -s err &&
    expect_code 0 netsec-backup snapshots docs --destination "$PWD/usb/nb" -f jsonl && test "$(wc -l <out)" = 2 &&
    NETSEC_NOW=2026-03-11T02:30:00Z expect_code 1 netsec-backup status docs -f jsonl &&
    has_row "(.destination == \"$PWD/nas/nb\") and (.state == \"failed\")" out &&
    mv nas/nb.away nas/nb &&
    NETSEC_NOW=2026-03-11T03:30:00Z expect_code 0 netsec-backup run docs -f jsonl &&
    test "$(wc -l <out)" = 1 &&
    has_row "(.operation == \"copy\") and (.destination == \"$PWD/nas/nb\") and (.result == \"ok\")" out &&
    expect_code 0 netsec-backup snapshots docs -f jsonl && test "$(wc -l <out)" = 2 &&
    has_row ".copy_count == 2" out && test "$(jq -r .copy_count out | sort -u)" = 2 &&
    NETSEC_NOW=2026-03-11T04:30:00Z expect_code 0 netsec-backup run docs && expect_grep "is not due until" err &&
    expect_no_grep "mounted" err
'

test_expect 'a destination whose folder is missing on the first run is reported; the first still works' '
    a_school_with_jobs && rmdir nas &&
    expect_code 1 netsec-backup run docs &&
    expect_grep "is the disk of ${SQ}$PWD/nas/nb${SQ} mounted?" err &&
    test -f usb/nb/config && test ! -e nas
'

test_expect 'status: unverified after a run, ok after verify --read-data, stale a few days later' '
    a_school_with_jobs && netsec-backup run -q docs &&
    expect_code 1 netsec-backup status docs -f jsonl &&
    test "$(jq -r .state out | sort -u)" = unverified &&
    expect_code 0 netsec-backup verify -q --read-data docs &&
    expect_code 0 netsec-backup status docs -f jsonl &&
    test "$(jq -r .state out | sort -u)" = ok && jq -e ".verified_read_data == true" out &&
    later=$(date -u -d "+3 days" +%Y-%m-%dT%H:%M:%SZ) &&
    NETSEC_NOW=$later expect_code 1 netsec-backup status docs -f jsonl &&
    test "$(jq -r .state out | sort -u)" = stale
'

test_expect 'verify of a job names the damaged file and its destination, and records the failure' '
    a_school_with_jobs && head -c 200000 /dev/urandom >docs/big.bin && netsec-backup run -q docs &&
    for p in nas/nb/data/*/*; do printf "\377\377\377\377" | dd of="$p" bs=1 seek=200 conv=notrunc 2>/dev/null; done &&
    expect_code 1 netsec-backup verify --read-data docs -f jsonl &&
    has_row ".destination == \"$PWD/nas/nb\" and .path != null" out &&
    expect_code 1 netsec-backup status docs -f jsonl &&
    has_row "(.destination == \"$PWD/nas/nb\") and (.state == \"unverified\")" out &&
    has_row "(.destination == \"$PWD/usb/nb\") and (.state == \"ok\")" out
'

test_expect 'diff lists added, removed, modified and metadata changes; exit 0 when nothing changed' '
    a_school_with_jobs && netsec-backup run -q docs &&
    printf "new\n" >docs/new.txt && rm docs/plan.txt && printf "x" >>"docs/sub/成绩 表.xlsx" &&
    chmod 0700 docs/sub && netsec-backup run -q --force docs &&
    ids=$(netsec-backup snapshots docs -f jsonl | jq -r .snapshot_id | tr "\n" " ") && set -- $ids &&
    expect_code 1 netsec-backup diff "$1" "$2" -f jsonl &&
    has_row "(.path | endswith(\"docs/new.txt\")) and (.change == \"added\") and (.size_before_bytes == null) and (.size_after_bytes == 4)" out &&
    has_row "(.path | endswith(\"docs/plan.txt\")) and (.change == \"removed\") and (.size_before_bytes > 0) and (.size_after_bytes == null)" out &&
    has_row "(.path | endswith(\"成绩 表.xlsx\")) and (.change == \"modified\") and (.size_after_bytes == .size_before_bytes + 1)" out &&
    has_row "(.path | endswith(\"docs/sub\")) and (.change == \"metadata\") and (.size_before_bytes == null) and (.size_after_bytes == null)" out &&
    expect_code 0 netsec-backup diff "$2" latest --job docs -f jsonl && test ! -s out
'

test_expect 'every operation is on the record and in the journal; netsec-audit BKP-0001 reads them' '
    a_school_with_jobs && netsec-backup run -q && netsec-backup verify -q --read-data &&
    netsec-audit run -q --check BKP-0001 -f jsonl >audit1; test $? = 1 &&
    has_row "(.subject == \"docs:restore_drill\") and (.status == \"fail\")" audit1 &&
    netsec-backup restore -q latest --job docs --to drill && netsec-backup restore -q latest --job site --to drill2 &&
    expect_code 0 netsec-audit run --check BKP-0001 -f jsonl &&
    test "$(jq -r .status out | sort -u)" = pass && test "$(wc -l <out)" = 6 &&
    netsec-journal show -f jsonl >journal &&
    test "$(jq -r "select(.action == \"backup.run_recorded\") | .subject" journal | sort | tr "\n" " ")" = "job docs job site " &&
    has_row ".action == \"backup.restored\"" journal &&
    has_row ".action == \"backup.verified\"" journal
'

test_expect 'prune keeps each job by its own keep, in both destinations, and leaves the other job alone' '
    a_school_with_jobs && netsec-backup run -q &&
    for i in 1 2 3; do printf "$i" >>docs/plan.txt; netsec-backup run -q --force docs; done &&
    test "$(netsec-backup snapshots docs -f jsonl | wc -l)" = 4 &&
    expect_code 0 netsec-backup prune &&
    netsec-backup snapshots -f jsonl >snaps &&
    test "$(jq -r "select(.job == \"docs\") | .copy_count" snaps | tr "\n" " ")" = "2 2 " &&
    test "$(jq -r "select(.job == \"site\") | .copy_count" snaps)" = 2 &&
    netsec-backup verify -q --read-data &&
    expect_code 64 netsec-backup prune --keep-last 1 && expect_grep "goes with --repo" err
'

test_expect 'encrypted jobs: passphrase_file encrypts both destinations; a wrong one is refused and recorded' '
    a_school_with_jobs && printf "school-secret\n" >key && chmod 600 key &&
    sed -i "s|      keep: {last: 2}|      keep: {last: 2}\n      passphrase_file: $PWD/key|" "$NETSEC_POLICY" &&
    sed -i "/^    - name: site\$/,\$d" "$NETSEC_POLICY" &&
    netsec-backup run -q docs && test -f usb/nb/keys/default && test -f nas/nb/keys/default &&
    NETSEC_BACKUP_PASSPHRASE=school-secret netsec-backup snapshots --repo usb/nb -f jsonl | jq -e ".job == \"docs\"" &&
    printf "wrong\n" >key &&
    expect_code 1 netsec-backup run --force docs && expect_grep "passphrase" err &&
    expect_code 1 netsec-backup status docs -f jsonl && has_row "(.destination == \"$PWD/usb/nb\") and (.state == \"failed\")" out
'

test_expect 'passwd changes an encrypted job in both destinations, journaled without the secret' '
    a_school_with_jobs && printf "school-secret\n" >key && printf "next-secret\n" >next && chmod 600 key next &&
    sed -i "s|      keep: {last: 2}|      keep: {last: 2}\n      passphrase_file: $PWD/key|" "$NETSEC_POLICY" &&
    sed -i "/^    - name: site\$/,\$d" "$NETSEC_POLICY" &&
    netsec-backup run -q docs &&
    expect_code 0 netsec-backup passwd --new-passphrase-file next -f jsonl &&
    test "$(jq -r .result out | tr "\n" " ")" = "changed changed " &&
    expect_grep "write it into" err &&
    NETSEC_BACKUP_PASSPHRASE=next-secret netsec-backup snapshots -q --repo nas/nb >/dev/null &&
    NETSEC_BACKUP_PASSPHRASE=school-secret expect_code 77 netsec-backup snapshots --repo usb/nb &&
    netsec-journal show -f jsonl --action backup.passphrase_changed >j && test "$(wc -l <j)" = 1 && ! grep -q secret j &&
    cp next key && netsec-backup run -q --force docs &&
    expect_code 0 netsec-backup passwd docs --new-passphrase-file next -f jsonl &&
    test "$(jq -r .result out | tr "\n" " ")" = "unchanged unchanged "
'

test_expect 'a second run waits for the lock and then exits 75, recorded as failed' '
    a_school_with_jobs && netsec-backup run -q docs || return 1
    sleep 600 &
    pid=$!

    printf "{\"hostname\":\"%s\",\"pid\":%d,\"time\":%d}\n" "$(hostname)" $pid "$(date +%s)" >usb/nb/lock &&
    expect_code 75 netsec-backup run --force --lock-wait 0 docs; rc=$?; kill $pid; [ $rc = 0 ] &&
    expect_grep "is locked by process" err &&
    netsec-backup status docs -f jsonl >st; has_row "(.destination == \"$PWD/usb/nb\") and (.state == \"failed\")" st
'

if user=$(second_user); then
    test_expect 'a viewer may see status and snapshots but not run, restore or prune' '
        a_school_with_jobs && netsec-backup run -q docs && chmod -R a+rX . &&
        add_operator '"$user"' viewer "$NETSEC_POLICY" &&
        expect_code 77 runuser -u '"$user"' -- netsec-backup run --force docs &&
        expect_grep "needs the operator level" err &&
        expect_code 77 runuser -u '"$user"' -- netsec-backup restore latest --job docs --to x &&
        expect_code 77 runuser -u '"$user"' -- netsec-backup prune &&
        runuser -u '"$user"' -- netsec-backup status docs >/dev/null; test $? = 1
    '
fi

if command -v systemd-analyze >/dev/null 2>&1; then
    test_expect 'the systemd service and timer verify' '
        cp "$NETSEC_SOURCE"/share/netsec/systemd/netsec-backup.* . &&
        expect_code 0 systemd-analyze verify --man=no ./netsec-backup.service ./netsec-backup.timer
    '
else
    test_skip 'the systemd service and timer verify' 'no systemd-analyze'
fi

test_expect 'the cron example runs the backup lines as written: both destinations, then verified' '
    a_school_with_jobs &&
    grep -E "^[0-9*].*netsec-backup" "$NETSEC_SOURCE/share/netsec/cron/netsec" >jobs &&
    test "$(wc -l <jobs)" = 2 &&
    while read -r m h dom mon dow user command; do
        test "$user" = root && eval "$command" >job.out 2>err.job || { cat job.out err.job; exit 1; }
        test ! -s job.out && test ! -s err.job || { echo "not silent under cron: $command"; cat job.out err.job; exit 1; }
    done <jobs &&
    expect_code 0 netsec-backup status -f jsonl && test "$(wc -l <out)" = 4
'

# ---- hardening (issue 14): a destination encrypted otherwise than the job says -------------------

# a_secret_job [passphrase]: job "documents" of ./docs into ./usb and ./nas, naming ./key as its
# passphrase_file when given "passphrase".
a_secret_job() {
    school && mkdir -p docs && printf "学生成绩 confidential\n" >docs/grades.txt &&
    printf "long passphrase\n" >key && chmod 600 key &&
    printf "backup:\n  jobs:\n    - name: documents\n      sources: [%s]\n      destinations: [%s, %s]\n" \
        "$PWD/docs" "$PWD/usb" "$PWD/nas" >>"$NETSEC_POLICY" &&
    if [ "${1:-}" = passphrase ]; then printf "      passphrase_file: %s\n" "$PWD/key" >>"$NETSEC_POLICY"; fi
}

test_expect 'a job with a passphrase_file refuses a destination holding an unencrypted repository (78)' '
    a_secret_job passphrase && netsec-backup init -q --repo usb &&
    expect_code 78 netsec-backup run -f jsonl &&
    expect_grep "${SQ}$PWD/usb${SQ} holds a repository that is not encrypted but job ${SQ}documents${SQ} names a passphrase_file" err &&
    has_row ".destination == \"$PWD/usb\" and .result == \"failed\"" out &&
    ! grep -rq confidential usb && test ! -e nas/config &&
    expect_code 1 netsec-backup verify documents && expect_grep "not encrypted" err
'

test_expect 'a job without a passphrase_file refuses a destination holding an encrypted repository (78)' '
    a_secret_job && printf "pw\n" >other && netsec-backup init -q --repo usb --encrypt --passphrase-file other &&
    expect_code 78 netsec-backup run &&
    expect_grep "${SQ}$PWD/usb${SQ} holds an encrypted repository but job ${SQ}documents${SQ} names no passphrase_file" err &&
    test ! -e nas/config
'

test_expect 'an encrypted job writes no plaintext where either destination holds an unencrypted repository' '
    a_secret_job passphrase && netsec-backup init -q --repo nas &&
    expect_code 78 netsec-backup run -f jsonl &&
    has_row ".destination == \"$PWD/nas\" and .operation == \"backup\" and .result == \"failed\"" out &&
    ! grep -rq confidential nas && test ! -e usb/config &&
    rm -rf nas && expect_code 0 netsec-backup run -q && test -e nas/config &&
    rm -rf nas && netsec-backup init -q --repo nas &&
    expect_code 1 netsec-backup run --force -f jsonl &&
    has_row ".destination == \"$PWD/nas\" and .operation == \"copy\" and .result == \"failed\"" out &&
    expect_grep "is another repository" err && test -z "$(ls nas/data 2>/dev/null)"
'

test_done
