#!/bin/bash
# netsec-backup restore and export against what an attacker prepares: repositories crafted by the
# case itself (two entries of one name, a name of ".." and a NUL byte) and links a second OS user
# plants in a shared drill folder. Nothing may land outside --to (or outside the folder GNU tar
# extracts into), and nothing restore did not make may change its mode.
. "$(dirname "$0")/lib.sh"

# craft REPO OUTSIDE: adds to the unencrypted REPO a good snapshot (a file d) and then a crafted
# one (so "latest"), whose top folder holds, in this order, a link d to OUTSIDE, a folder d
# holding pwn, a folder named ".." and a NUL byte, and a file named "a" and a NUL byte.
craft() {
    python3 - "$1" "$2" <<'PY'
import hashlib, json, os, struct, sys, time
R, outside = sys.argv[1], sys.argv[2]
h = lambda b: hashlib.sha256(b).digest()
trees, blobs = [], []
def node(name, typ, **kw):
    n = {"ctime": [0, 0], "dev": 1, "gid": 0, "inode": 1, "mode": 0o644, "mtime": [1700000000, 0], "uid": 0, "type": typ}
    n.update(name if isinstance(name, dict) else {"name": name}); n.update(kw); return n
def tree(nodes):
    b = json.dumps({"nodes": nodes}, separators=(",", ":")).encode(); trees.append((h(b), b)); return h(b).hex()
def data(b): blobs.append((h(b), b)); return h(b).hex()
pwn, ok = data(b"PWNED\n"), data(b"ok\n")
good = tree([node("d", "file", content=[ok], size=3)])
bad = tree([node("d", "symlink", target=outside),
            node("d", "dir", subtree=tree([node("pwn", "file", content=[pwn], size=6)]), mode=0o777),
            node({"name_hex": "2e2e00"}, "dir", subtree=tree([]), mode=0o777),
            node({"name_hex": "6100"}, "file", content=[ok], size=3)])
def pack(items, typ):
    body, hdr = b"", []
    for i, b in items:
        hdr.append({"id": i.hex(), "length": len(b) + 1, "offset": len(body), "raw_length": len(b), "type": typ}); body += b"\0" + b
    hh = b"\0" + json.dumps(hdr).encode(); p = body + hh + struct.pack("<I", len(hh)) + b"NSBPACK1"; pid = hashlib.sha256(p).hexdigest()
    os.makedirs(f"{R}/data/{pid[:2]}", exist_ok=True); open(f"{R}/data/{pid[:2]}/{pid}", "wb").write(p)
    return {"id": pid, "blobs": hdr}
def put(folder, obj):
    b = b"\0" + json.dumps(obj).encode(); os.makedirs(f"{R}/{folder}", exist_ok=True)
    open(f"{R}/{folder}/{hashlib.sha256(b).hexdigest()}", "wb").write(b)
put("index", {"packs": [pack(blobs, "data"), pack(trees, "tree")]})
for i, top in enumerate([good, bad]):
    put("snapshots", {"version": 1, "time": f"2026-01-0{i + 1}T00:00:00.000000000Z", "hostname": "h", "username": "u",
                      "job": "", "paths": ["d"], "tree": top, "parent": None, "files": 1, "bytes": 3, "added_bytes": 0})
PY
}

test_expect 'a tree with two entries of one name is damage: verify names it; restore, export and diff refuse it' '
    mkdir outside parent && chmod 755 outside parent &&
    netsec-backup init -q --repo R && craft R "$PWD/outside" &&
    expect_code 1 netsec-backup verify --read-data --repo R -f tsv &&
    expect_grep "twice or out of order" out && expect_grep "is damaged" err &&
    expect_code 65 netsec-backup restore latest --repo R --to parent/t &&
    expect_grep "twice or out of order" err &&
    test ! -e outside/pwn && test "$(stat -c %a outside parent)" = "755
755" &&
    expect_code 0 netsec-backup snapshots --repo R -f json && first=$(jq -r ".[0].snapshot_id" out) &&
    expect_code 65 netsec-backup diff "$first" latest --repo R -f tsv &&
    expect_grep "twice or out of order" err
'

test_expect 'export of a crafted tree writes no member that escapes: GNU tar extracts nothing outside' '
    mkdir outside x && netsec-backup init -q --repo R && craft R "$PWD/outside" &&
    netsec-backup export latest --repo R >snap.tar 2>err; test $? = 65 &&
    expect_grep "twice or out of order" err &&
    { tar -xf snap.tar -C x 2>/dev/null; true; } &&
    test -z "$(ls -A outside)" && test ! -e x/d/pwn
'

test_expect 'a name of ".." and a NUL byte is damage: the parent of --to keeps its mode, "a\0" is not restored as "a"' '
    mkdir outside parent && chmod 755 parent && netsec-backup init -q --repo R && craft R "$PWD/outside" &&
    expect_code 65 netsec-backup restore latest --repo R --to parent/t &&
    test "$(stat -c %a parent)" = 755 && test ! -e parent/t/a && test ! -e parent/t/d
'

if user=$(second_user); then
    # the second user makes drill/documents in a shared folder (1777, as /tmp), a link to the
    # root-only folder victim; then drill2, a link to victim; then drill3, a folder of its own
    test_expect 'a root restore into a drill folder where another user planted a link stops, and writes nothing through it' '
        mkdir -p src/documents victim shared && echo plan >src/documents/plan.txt && chmod 700 victim &&
        chmod 1777 shared &&
        netsec-backup init -q --repo R && (cd src && netsec-backup run -q --repo ../R documents) &&
        runuser -u '"$user"' -- mkdir shared/drill &&
        runuser -u '"$user"' -- ln -s "$PWD/victim" shared/drill/documents &&
        expect_code 73 netsec-backup restore latest --repo R --to shared/drill &&
        expect_grep "shared/drill/documents${SQ} already exists" err &&
        test -z "$(ls -A victim)" && test "$(stat -c %a victim)" = 700 &&
        runuser -u '"$user"' -- ln -s "$PWD/victim" shared/drill2 &&
        expect_code 73 netsec-backup restore latest --repo R --to shared/drill2 &&
        expect_grep "is not a folder" err &&
        test -z "$(ls -A victim)" && test "$(stat -c %a victim)" = 700 &&
        runuser -u '"$user"' -- mkdir -m 0775 shared/drill3 &&
        expect_code 0 netsec-backup restore -q latest --repo R --to shared/drill3 &&
        cmp src/documents/plan.txt shared/drill3/documents/plan.txt &&
        test "$(stat -c "%a %U" shared/drill3)" = "775 '"$user"'"
    '
else
    test_skip 'a root restore into a drill folder where another user planted a link stops' 'not root'
fi

test_done
