#!/usr/bin/env bash
# Fetches Debian's busybox-static for ppc64el (a static ppc64le ELFv2 busybox) and
# caches the binary at build/cache/busybox-ppc64el/busybox; prints its path.
# The download goes through scripts/lib/ppc64el-apt.sh, which adds the ppc64el
# architecture to dpkg only for the download and leaves apt as it was.
# Usage: scripts/fetch-busybox.sh   (cheap when the binary is cached)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/ppc64el-apt.sh
cache=build/cache/busybox-ppc64el
bin=$cache/busybox
if [ -x "$bin" ]; then echo "$PWD/$bin"; exit 0; fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
with_ppc64el fetch-busybox ppc64el_download "$tmp" busybox-static \
  || python3 scripts/lib/debian-pool.py ppc64el '^busybox-static$' "$tmp" >/dev/null
deb=$(ls "$tmp"/busybox-static_*_ppc64el.deb)
dpkg-deb -x "$deb" "$tmp/root"
mkdir -p "$cache"
cp "$tmp/root/bin/busybox" "$bin.part"
chmod 755 "$bin.part"
mv "$bin.part" "$bin"
basename "$deb" > "$cache/VERSION"
echo "$PWD/$bin"
