#!/usr/bin/env bash
# Fetches Debian's busybox-static for ppc64el (a static ppc64le ELFv2 busybox) and
# caches the binary at build/cache/busybox-ppc64el/busybox; prints its path.
# `apt-get download` needs the ppc64el architecture known to dpkg and its package
# lists: the script adds the architecture and updates the lists when it must, and
# removes the architecture again afterwards if it was not configured before (no
# ppc64el package is installed, only a .deb downloaded into a temporary folder).
# Usage: scripts/fetch-busybox.sh   (cheap when the binary is cached)
set -euo pipefail
cd "$(dirname "$0")/.."
cache=build/cache/busybox-ppc64el
bin=$cache/busybox
if [ -x "$bin" ]; then echo "$PWD/$bin"; exit 0; fi
command -v apt-get >/dev/null && command -v dpkg >/dev/null || { echo "fetch-busybox: needs apt-get and dpkg (Debian)" >&2; exit 1; }
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"

added=""
if ! dpkg --print-foreign-architectures | grep -qx ppc64el; then
  echo "fetch-busybox: adding the ppc64el architecture to dpkg for the download" >&2
  $SUDO dpkg --add-architecture ppc64el
  added=1
fi
tmp=$(mktemp -d)
chmod 755 "$tmp" # apt downloads as the _apt user
cleanup() {
  rm -rf "$tmp"
  if [ -n "$added" ]; then
    $SUDO dpkg --remove-architecture ppc64el || echo "fetch-busybox: could not remove the ppc64el architecture" >&2
    # drop the ppc64el package lists again
    $SUDO apt-get update -qq >&2 || true
  fi
}
trap cleanup EXIT

download() { (cd "$tmp" && apt-get download -qq busybox-static:ppc64el >&2); }
if ! download 2>/dev/null; then
  $SUDO apt-get update -qq >&2
  download
fi
deb=$(ls "$tmp"/busybox-static_*_ppc64el.deb)
dpkg-deb -x "$deb" "$tmp/root"
mkdir -p "$cache"
cp "$tmp/root/bin/busybox" "$bin.part"
chmod 755 "$bin.part"
mv "$bin.part" "$bin"
basename "$deb" > "$cache/VERSION"
echo "$PWD/$bin"
