#!/usr/bin/env bash
# Writes the seed corpora of fuzz_backup_tree and fuzz_backup_files: a small folder with every
# kind of entry netsec-backup stores (files, an empty one, folders, a symlink, a fifo, hard
# links, names in Chinese and not in UTF-8) is backed up twice with the library by
# fuzz_backup_files itself, and the repository's files (packs, blobs, index files, snapshots,
# config, a key file) and its trees (as encode_tree wrote them) become the seeds. Run it again
# when the repository format changes.
#
#   usage: tests/fuzz/make-backup-seeds.sh BIN_DIR    (BIN_DIR holds fuzz_backup_files)
set -eu
if [ $# -ne 1 ]; then
    echo "usage: $0 BIN_DIR" >&2
    exit 64
fi
bin=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/netsec-seeds.XXXXXX")
trap 'rm -rf "$work"' EXIT

src=$work/school
mkdir -p "$src/教务处/2026" "$src/office/empty-folder" "$src/lab"
printf '张三,一年级(1)班\n李四,一年级(2)班\n' >"$src/教务处/2026/名单.csv"
printf 'duty log\n' >"$src/office/duty.txt"
: >"$src/office/empty"
yes 'LAB-012 Worm.Autorun.gen quarantined' | head -c 300000 >"$src/lab/av-scan.log"
head -c 3000 /dev/urandom >"$src/lab/random.bin"
chmod 0600 "$src/lab/random.bin"
printf '#!/bin/sh\necho backup\n' >"$src/office/run.sh"
chmod 0755 "$src/office/run.sh"
ln -s ../教务处/2026/名单.csv "$src/office/roster"
ln "$src/office/duty.txt" "$src/office/duty-link.txt"
mkfifo "$src/office/pipe"
printf 'gbk name\n' >"$src/office/$(printf '\xd6\xd0\xce\xc4.txt')"
touch -d '2026-11-25 08:01:02.123456789' "$src/office/duty.txt"

out=$work/corpus
FUZZ_BACKUP_SEEDS=$out FUZZ_BACKUP_SOURCE=$src "$bin/fuzz_backup_files"
for t in fuzz_backup_tree fuzz_backup_files; do
    rm -rf "${here:?}/corpus/$t"
    mkdir -p "$here/corpus/$t"
    cp "$out/$t/"* "$here/corpus/$t/"
done
ls -l "$here/corpus/fuzz_backup_tree" "$here/corpus/fuzz_backup_files"
