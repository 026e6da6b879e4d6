#!/bin/bash
# netsec-backup: repositories named with --repo. Round trips over a tree with every kind of entry
# (compared by bytes and metadata with find -printf and cmp), incremental runs (same-second and
# same-size changes, a file replaced by a folder), standard input, encryption and a wrong
# passphrase, the lock (live and stale), tar export read by GNU tar, damaged packs found by
# verify with the files named, and runs killed with SIGKILL (tests/crash/backup-crash.sh).
. "$(dirname "$0")/lib.sh"

export NETSEC_BACKUP_PASSPHRASE=correct-horse

# tree_of DIR: every entry of DIR with its type, mode, size, mtime (ns), link target, link count.
tree_of() {
    (cd "$1" && find . -mindepth 1 ! -type d -printf '%P|%y|%m|%s|%T@|%l|%n|%U|%G\n' &&
        find . -mindepth 1 -type d -printf '%P|d|%m|%T@|%U|%G\n') | LC_ALL=C sort
}

# same_tree A B: A and B hold the same entries, metadata and bytes.
same_tree() {
    tree_of "$1" >tree.a && tree_of "$2" >tree.b && expect_equal tree.a tree.b &&
    (cd "$1" && find . -type f -print0) | while IFS= read -r -d '' f; do
        cmp "$1/$f" "$2/$f" || exit 1
    done
}

# a_tree DIR: a tree with every kind of entry: Chinese names, spaces, a newline, invalid UTF-8,
# symlinks (one dangling), hardlinks, an empty folder, a FIFO, odd modes, ns times, big files.
a_tree() {
    mkdir -p "$1/sub/深 层" "$1/empty" "$1/ro" &&
    printf 'hello\n' >"$1/a.txt" &&
    head -c 3000000 /dev/urandom >"$1/sub/random.bin" &&
    yes 'compressible line of text' | head -c 2000000 >"$1/sub/text.log" &&
    : >"$1/zero" &&
    printf x >"$1/中文 名字.docx" &&
    printf y >"$1/new
line" &&
    printf z >"$1/bad$(printf '\377')name" &&
    printf w >"$1/sub/深 层/文件" &&
    ln -s a.txt "$1/link" && ln -s does/not/exist "$1/dangling" &&
    ln "$1/a.txt" "$1/sub/hard" &&
    mkfifo "$1/fifo" &&
    chmod 0751 "$1/sub" && chmod 4755 "$1/zero" && chmod 0600 "$1/a.txt" &&
    printf r >"$1/ro/file" && chmod 0444 "$1/ro/file" && chmod 0555 "$1/ro" &&
    touch -h -d '2001-02-03 04:05:06.123456789' "$1/link" &&
    touch -d '1999-12-31 23:59:59.987654321' "$1/sub/text.log" &&
    touch -d '2020-01-01 00:00:00.000000001' "$1/empty"
}

test_expect 'init creates an encrypted repository; a second init refuses the folder' '
    expect_code 0 netsec-backup init --repo R --encrypt &&
    test -f R/config && test -f R/keys/default &&
    grep -q "\"encryption\": \"aes-256-gcm\"" R/config &&
    expect_code 73 netsec-backup init --repo R --encrypt &&
    expect_grep "is not empty" err
'

test_expect 'init --encrypt without a passphrase is a usage error' '
    unset NETSEC_BACKUP_PASSPHRASE &&
    expect_code 64 netsec-backup init --repo R --encrypt &&
    expect_grep "NETSEC_BACKUP_PASSPHRASE" err && test ! -e R/config
'

test_expect 'a tree with every kind of entry restores identical (encrypted)' '
    a_tree src/data && netsec-backup init -q --repo R --encrypt &&
    (cd src && netsec-backup run --repo ../R -q data) &&
    expect_code 0 netsec-backup restore latest --repo R --to restored -q &&
    same_tree src restored
'

test_expect 'a tree with every kind of entry restores identical (not encrypted)' '
    a_tree src/data && netsec-backup init -q --repo R &&
    (cd src && netsec-backup run --repo ../R -q data) &&
    expect_code 0 netsec-backup restore latest --repo R --to restored -q &&
    same_tree src restored
'

test_expect 'absolute paths are stored without the leading slash' '
    a_tree src/data && rm src/data/sub/hard && netsec-backup init -q --repo R &&
    expect_code 0 netsec-backup run --repo R -q "$PWD/src/data/sub" &&
    expect_code 0 netsec-backup ls latest --repo R -f tsv &&
    rel=${PWD#/} && expect_grep "$rel/src/data/sub/text.log" out &&
    expect_code 0 netsec-backup restore latest --repo R --to restored -q &&
    same_tree src/data/sub "restored/$rel/src/data/sub"
'

test_expect 'restore of chosen paths restores only those' '
    a_tree src/data && netsec-backup init -q --repo R &&
    (cd src && netsec-backup run --repo ../R -q data) &&
    expect_code 0 netsec-backup restore latest data/sub --repo R --to restored -q &&
    test -f restored/data/sub/text.log && test ! -e restored/data/a.txt &&
    expect_code 66 netsec-backup restore latest data/nothing --repo R --to restored2 -q &&
    expect_grep "is not in snapshot" err
'

test_expect 'a second run reads nothing unchanged and adds nothing' '
    a_tree src/data && netsec-backup init -q --repo R &&
    (cd src && netsec-backup run --repo ../R -q data && netsec-backup run --repo ../R data -f json >../out) &&
    jq -e ".[0].read_file_count == 0 and .[0].added_bytes == 0" out
'

test_expect 'changes within the same second, of the same size, and a file become a folder are kept' '
    mkdir -p src/d && printf aaaa >src/d/f && printf 1 >src/d/g && netsec-backup init -q --repo R &&
    (cd src && netsec-backup run --repo ../R -q d) &&
    touch -d "2020-05-05 05:05:05.5" src/d/f && (cd src && netsec-backup run --repo ../R -q d) &&
    printf bbbb >src/d/f && touch -d "2020-05-05 05:05:05.5" src/d/f &&
    rm src/d/g && mkdir src/d/g && printf inside >src/d/g/x &&
    (cd src && netsec-backup run --repo ../R -q d) &&
    expect_code 0 netsec-backup restore latest --repo R --to restored -q &&
    same_tree src restored && test "$(cat restored/d/f)" = bbbb
'

test_expect 'the last snapshot of the same paths is the parent; others are read anew' '
    mkdir -p src/a src/b && printf 1 >src/a/x && printf 2 >src/b/y && netsec-backup init -q --repo R &&
    (cd src && netsec-backup run --repo ../R -q a && netsec-backup run --repo ../R -q b &&
     netsec-backup run --repo ../R a -f json >../out) &&
    jq -e ".[0].read_file_count == 0" out
'

test_expect 'standard input is kept as one file' '
    netsec-backup init -q --repo R && seq 1 100000 >dump.sql &&
    expect_code 0 netsec-backup run --repo R --stdin-name site.sql -q <dump.sql &&
    expect_code 0 netsec-backup restore latest --repo R --to restored -q &&
    cmp dump.sql restored/site.sql &&
    expect_code 64 netsec-backup run --repo R --stdin-name a/b </dev/null
'

test_expect 'snapshots lists every field; ids work as any unique prefix and latest' '
    mkdir src && printf 1 >src/f && netsec-backup init -q --repo R &&
    netsec-backup run --repo R -q src && netsec-backup run --repo R -q src &&
    expect_code 0 netsec-backup snapshots --repo R -f json &&
    jq -e "length == 2 and (.[0] | has(\"snapshot_id\") and has(\"saved_at\") and has(\"job\") and has(\"paths\") and has(\"file_count\") and has(\"size_bytes\") and has(\"added_bytes\"))" out &&
    id=$(jq -r ".[0].full_id" out) &&
    expect_code 0 netsec-backup ls "${id:0:5}" --repo R -f tsv && expect_grep "src/f" out &&
    expect_code 66 netsec-backup ls ffffffffff --repo R &&
    expect_grep "no snapshot" err &&
    expect_code 64 netsec-backup ls xyz --repo R
'

test_expect 'ls lists entries with type, mode, size and ns mtime' '
    mkdir src && printf 12345 >src/f && touch -d "2021-01-01 00:00:00.123456789" src/f &&
    netsec-backup init -q --repo R && netsec-backup run --repo R -q src &&
    expect_code 0 netsec-backup ls latest src/f --repo R -f jsonl &&
    jq -e "select(.path == \"src/f\") | .type == \"file\" and .size_bytes == 5 and .modified_at == \"2021-01-01T00:00:00.123456789Z\"" out
'

test_expect 'a wrong passphrase is refused with exit 77 and nothing written' '
    mkdir src && printf 1 >src/f && netsec-backup init -q --repo R --encrypt &&
    netsec-backup run --repo R -q src && find R -type f | sort >before &&
    NETSEC_BACKUP_PASSPHRASE=wrong expect_code 77 netsec-backup run --repo R -q src &&
    expect_grep "wrong passphrase" err &&
    find R -type f | sort >after && expect_equal before after &&
    NETSEC_BACKUP_PASSPHRASE=wrong expect_code 77 netsec-backup snapshots --repo R
'

test_expect 'the passphrase may come from a file' '
    mkdir src && printf 1 >src/f && printf "from-a-file\n" >key && unset NETSEC_BACKUP_PASSPHRASE &&
    netsec-backup init -q --repo R --encrypt --passphrase-file key &&
    expect_code 0 netsec-backup run --repo R -q src --passphrase-file key &&
    expect_code 64 netsec-backup snapshots --repo R &&
    NETSEC_BACKUP_PASSPHRASE=from-a-file expect_code 0 netsec-backup snapshots --repo R
'

test_expect 'passwd changes the passphrase: the old one is refused, the data reads with the new' '
    mkdir src && printf 1 >src/f && printf "old-secret\n" >old && printf "new-secret\n" >new && chmod 600 old new &&
    netsec-backup init -q --repo R --encrypt --passphrase-file old && netsec-backup run -q --repo R --passphrase-file old src &&
    printf "a-guess\n" >guess &&
    expect_code 77 netsec-backup passwd --repo R --passphrase-file guess --new-passphrase-file new &&
    expect_grep "nothing was changed" err &&
    expect_code 0 netsec-backup passwd --repo R --passphrase-file old --new-passphrase-file new &&
    expect_grep "is changed" err &&
    expect_code 77 netsec-backup snapshots --repo R --passphrase-file old &&
    netsec-backup restore latest -q --repo R --passphrase-file new --to back && cmp src/f back/src/f &&
    expect_code 0 netsec-backup passwd --repo R --passphrase-file old --new-passphrase-file new &&
    expect_grep "already: nothing was changed" err &&
    expect_code 64 netsec-backup passwd --repo R --passphrase-file old && expect_grep "new-passphrase-file" err &&
    netsec-backup init -q --repo P &&
    expect_code 64 netsec-backup passwd --repo P --passphrase-file old --new-passphrase-file new &&
    expect_grep "not encrypted" err &&
    ! grep -rq "new-secret" R
'

test_expect 'encrypted repositories show no plaintext and no plain chunk ids' '
    mkdir src && yes "a very secret sentence" | head -c 100000 >src/f && netsec-backup init -q --repo R --encrypt &&
    netsec-backup run --repo R -q src &&
    ! grep -rq "very secret" R && ! grep -rq "src/f" R
'

test_expect 'a lock held by a live run makes a second run exit 75' '
    mkdir src && printf 1 >src/f && netsec-backup init -q --repo R &&
    { sleep 30 & pid=$!; } &&
    printf "{\"hostname\":\"%s\",\"pid\":%d,\"time\":%d}\n" "$(hostname)" $pid "$(date +%s)" >R/lock &&
    expect_code 75 netsec-backup run --repo R -q --lock-wait 1 src ; rc=$?; kill $pid; [ $rc = 0 ] &&
    expect_grep "is locked by process" err && test -f R/lock
'

test_expect 'a lock left by a dead process is broken with a message' '
    mkdir src && printf 1 >src/f && netsec-backup init -q --repo R &&
    { sh -c "exit 0" & pid=$!; } && wait $pid;
    printf "{\"hostname\":\"%s\",\"pid\":%d,\"time\":%d}\n" "$(hostname)" $pid "$(date +%s)" >R/lock &&
    expect_code 0 netsec-backup run --repo R -q --lock-wait 0 src &&
    expect_grep "which is gone" err && test ! -e R/lock
'

test_expect 'a lock older than a day is broken as stale' '
    mkdir src && printf 1 >src/f && netsec-backup init -q --repo R &&
    printf "{\"hostname\":\"elsewhere\",\"pid\":1,\"time\":%d}\n" $(( $(date +%s) - 90000 )) >R/lock &&
    expect_code 0 netsec-backup run --repo R -q --lock-wait 0 src &&
    expect_grep "(stale)" err
'

test_expect 'export is a tar stream GNU tar lists and extracts identically' '
    a_tree src/data && rm src/data/fifo && netsec-backup init -q --repo R --encrypt &&
    (cd src && netsec-backup run --repo ../R -q data) &&
    netsec-backup export latest --repo R >snap.tar && test $? = 0 &&
    tar -tvf - <snap.tar >listing 2>tar.err && test ! -s tar.err &&
    expect_grep "data/中文 名字.docx" listing && expect_grep "data/dangling -> does/not/exist" listing &&
    expect_grep "link to data/a.txt" listing &&
    mkdir restored && tar -xf - -C restored <snap.tar 2>tar.err && test ! -s tar.err &&
    same_tree src restored
'

test_expect 'export refuses a terminal' '
    netsec-backup init -q --repo R && mkdir src && printf 1 >src/f && netsec-backup run --repo R -q src &&
    if command -v script >/dev/null; then
        script -qec "netsec-backup export latest --repo R" /dev/null >tty.out; grep -q "tar stream" tty.out
    fi
'

test_expect 'verify --read-data passes on a sound repository' '
    a_tree src/data && netsec-backup init -q --repo R --encrypt &&
    (cd src && netsec-backup run --repo ../R -q data) &&
    expect_code 0 netsec-backup verify --repo R --read-data &&
    expect_grep "no problems" err &&
    expect_code 0 netsec-backup verify --repo R -q && test ! -s out
'

test_expect 'flipped bytes in a pack: verify names the file and snapshot, the rest restores' '
    mkdir -p src/d && head -c 3000000 /dev/urandom >src/d/victim && printf safe >src/d/safe &&
    netsec-backup init -q --repo R --encrypt && netsec-backup run --repo R -q src &&
    snap=$(netsec-backup snapshots --repo R -f jsonl | jq -r .snapshot_id) &&
    pack=$(find R/data -type f -size +1M) &&
    printf "\x00\x01\x02\x03" | dd of="$pack" bs=1 seek=1000000 conv=notrunc 2>/dev/null &&
    expect_code 1 netsec-backup verify --repo R --read-data -f tsv &&
    expect_grep "$snap	src/d/victim	damaged data" out && expect_no_grep "src/d/safe" out &&
    expect_grep "is damaged" err &&
    expect_code 1 netsec-backup restore latest --repo R --to restored -q &&
    test "$(cat restored/src/d/safe)" = safe && expect_grep "src/d/victim" err
'

test_expect 'a missing pack is found by verify without --read-data' '
    mkdir src && head -c 100000 /dev/urandom >src/f && netsec-backup init -q --repo R &&
    netsec-backup run --repo R -q src && rm "$(find R/data -type f -size +50k)" &&
    expect_code 1 netsec-backup verify --repo R -f tsv && expect_grep "src/f" out &&
    expect_grep "is missing" err
'

test_expect 'copy makes a second repository that restores the same, then brings it up to date' '
    a_tree src/data && netsec-backup init -q --repo R --encrypt &&
    (cd src && netsec-backup run --repo ../R -q data) &&
    expect_code 0 netsec-backup copy --repo R --to R2 -q &&
    expect_code 0 netsec-backup verify --repo R2 --read-data -q &&
    printf more >src/data/more && (cd src && netsec-backup run --repo ../R -q data) &&
    expect_code 0 netsec-backup copy --repo R --to R2 &&
    expect_grep "copied" err &&
    netsec-backup snapshots --repo R -f tsv >a && netsec-backup snapshots --repo R2 -f tsv >b && expect_equal a b &&
    expect_code 0 netsec-backup restore latest --repo R2 --to restored -q && same_tree src restored &&
    NETSEC_BACKUP_PASSPHRASE=wrong expect_code 77 netsec-backup snapshots --repo R2
'

test_expect 'copy refuses another repository and does not spread damage' '
    mkdir src && head -c 200000 /dev/urandom >src/f && netsec-backup init -q --repo R &&
    netsec-backup run --repo R -q src && netsec-backup init -q --repo other &&
    expect_code 65 netsec-backup copy --repo R --to other -q && expect_grep "is another repository" err &&
    pack=$(find R/data -type f -size +100k) && flip_byte "$pack" 100 &&
    expect_code 1 netsec-backup copy --repo R --to R2 -q && expect_grep "is damaged and was not copied" err &&
    test -z "$(find R2/data -type f -size +100k)"
'

test_expect 'prune keeps the newest snapshots, frees the rest, and what is kept restores' '
    mkdir src && head -c 2000000 /dev/urandom >src/a && netsec-backup init -q --repo R --encrypt &&
    netsec-backup run --repo R -q src && head -c 3000000 /dev/urandom >src/a &&
    netsec-backup run --repo R -q src && du -sk R | cut -f1 >before &&
    expect_code 0 netsec-backup prune --repo R --keep-last 1 &&
    expect_grep "kept 1 snapshots, removed 1" err &&
    test "$(du -sk R | cut -f1)" -lt "$(cat before)" &&
    expect_code 0 netsec-backup verify --repo R --read-data -q &&
    expect_code 0 netsec-backup restore latest --repo R --to restored -q && same_tree src restored/src &&
    expect_code 64 netsec-backup prune --repo R -q && expect_grep "at least one rule" err
'

test_expect 'a repository that is not one is named with the command that makes one' '
    mkdir empty && expect_code 66 netsec-backup snapshots --repo empty &&
    expect_grep "netsec-backup init --repo empty" err
'

test_expect 'runs killed with SIGKILL leave the repository verified and restorable' '
    CRASH_RUNS=${NETSEC_BACKUP_CRASH_RUNS:-10} bash "$NETSEC_SOURCE/tests/crash/backup-crash.sh"
'

# ---- completion ------------------------------------------------------------------------------------

. "$NETSEC_SOURCE/share/netsec/completions/netsec"
. "$NETSEC_SOURCE/share/netsec/completions/netsec-backup"
. "$(dirname "$0")/completion-lib.sh"

test_expect 'completion offers the commands, then their options' '
    expect_code 0 complete_line "netsec-backup " &&
    offers copy diff export init ls passwd prune restore run snapshots status verify && expect_equal expect out &&
    expect_code 0 complete_line "netsec-backup verify --r" &&
    offers --read-data --repo && expect_equal expect out &&
    expect_code 0 complete_line "netsec-backup restore " &&
    offers latest && expect_equal expect out
'

# ---- hardening (issue 14): the lock, encryption that does not fit, decompression bounds --------

# sleeping_in_lock PID: PID (a run) has opened the repository and sleeps between looks at the
# lock; true within 20 s or false.
sleeping_in_lock() {
    for _ in $(seq 200); do
        grep -q nanosleep "/proc/$1/wchan" 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}

test_expect 'a run that waited for the lock while a prune held it names no deleted data' '
    netsec-backup init -q --repo R && mkdir s s2 &&
    head -c 3000000 /dev/urandom >A.bin && cp A.bin s/data.bin &&
    netsec-backup run -q --repo R s >/dev/null &&
    head -c 1000 /dev/urandom >s/data.bin && netsec-backup run -q --repo R s >/dev/null &&
    cp A.bin s2/copy.bin &&
    { sleep 600 & other=$!; } &&
    printf "{\"hostname\":\"%s\",\"pid\":%d,\"time\":%d}\n" "$(hostname)" $other "$(date +%s)" >R/lock &&
    { netsec-backup run -q --lock-wait 60 --repo R s2 >run.out 2>run.err & run=$!; } &&
    sleeping_in_lock $run && kill -STOP $run &&
    kill $other && rm R/lock &&
    expect_code 0 netsec-backup prune -q --repo R --keep-last 1 &&
    kill -CONT $run && { wait $run; test $? = 0 || { cat run.err; false; }; } &&
    expect_code 0 netsec-backup verify -q --repo R --read-data &&
    expect_code 0 netsec-backup restore latest --repo R --to back -q && cmp A.bin back/s2/copy.bin
'

test_expect 'a passphrase file given for a repository that is not encrypted is refused (64)' '
    netsec-backup init -q --repo R && mkdir src && printf secret >src/f && printf "pw\n" >key &&
    expect_code 64 netsec-backup run -q --repo R --passphrase-file key src &&
    expect_grep "is not encrypted, but --passphrase-file was given" err &&
    test -z "$(ls R/snapshots 2>/dev/null)" &&
    expect_code 64 netsec-backup init --repo R2 --passphrase-file key && expect_grep "goes with --encrypt" err &&
    test ! -e R2/config
'

# an_index_bomb FILE: an index file of an unencrypted repository whose zstd frame (RLE blocks of
# 128 KiB) states and holds 3 GiB of zeros, in 96 KiB.
an_index_bomb() {
    { printf "\001\050\265\057\375\300\070\000\000\000\300\000\000\000\000" &&
      printf "\002\000\020\000%.0s" $(seq 24575) && printf "\003\000\020\000"; } >"$1"
}

test_expect 'an index that inflates to gigabytes is damage (65), found before it is inflated' '
    netsec-backup init -q --repo R && mkdir R/index && an_index_bomb R/index/bomb &&
    if [ -n "${ASAN_OPTIONS:-}" ]; then
        expect_code 65 netsec-backup snapshots --repo R
    else
        (ulimit -v 400000 && expect_code 65 netsec-backup snapshots --repo R)
    fi &&
    expect_grep "the index file ${SQ}R/index/bomb${SQ} is damaged" err
'

test_done
