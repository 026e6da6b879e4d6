#!/bin/sh
# Installs the Debian packages netsec needs to build and test; prints nothing when all are there.
# Optional sets add to those:   deps.sh fuzz    clang and libFuzzer (make fuzz)
#                               deps.sh bench   hyperfine (make bench-startup)
#                               deps.sh bench-backup   restic, borgbackup, time (make bench-backup)
set -eu
packages="cmake ninja-build g++ pkg-config libcli11-dev libfmt-dev libyaml-cpp-dev libsqlite3-dev doctest-dev
nlohmann-json3-dev libssl-dev libcrypt-dev libzstd-dev zlib1g-dev scdoc gettext sqlite3 jq man-db tzdata passwd
util-linux bash-completion chromium fonts-noto-cjk poppler-utils slapd ldap-utils whois openssh-server
openssh-client rsyslog sudo pandoc libpugixml-dev nmap libcurl4-openssl-dev python3"
packages="$packages python3-icalendar" # tests/cli/netsec-duty.sh reads roster ical with a real parser
for set in "$@"; do
    case "$set" in
    fuzz) packages="$packages clang libclang-rt-14-dev" ;;
    bench) packages="$packages hyperfine" ;;
    bench-backup) packages="$packages restic borgbackup time python3 zstd" ;;
    *) echo "usage: $0 [fuzz] [bench] [bench-backup]" >&2; exit 64 ;;
    esac
done
missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
    echo "make deps: missing Debian packages:$missing" >&2
    echo "make deps: run 'sudo make deps' or: sudo apt-get install$missing" >&2
    exit 69
fi
echo "make deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
