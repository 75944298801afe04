#!/usr/bin/env bash
# Provisions the Linux guest: Debian's ppc64el kernel (linux-image-6.12*-powerpc64le,
# the newest in the configured suites) and an initramfs of Debian's busybox-static
# with guests/linux/init and the guest programs guests/linux/ptrace-step.c and
# step-user.c (built static). Cached in build/cache/linux-guest/:
#   vmlinux      the kernel's uncompressed ELF (with its symbols), booted with --kernel
#   rootfs.cpio  the uncompressed newc initramfs, booted with --initrd
#   step-user    the ELF of /bin/step-user (the Linux scenarios read its symbols)
#   VERSION      the kernel package it came from
# and prints their two paths, one a line. The kernel .deb comes through
# scripts/lib/ppc64el-apt.sh (the ppc64el architecture is added to dpkg only for the
# download; apt is left as it was), busybox through scripts/fetch-busybox.sh.
# Quick when cached; the initramfs is rebuilt when guests/linux/init changes.
# With --debug it also fetches the same kernel's -dbg package and keeps its vmlinux
# with DWARF (what GDB needs for `next`, `step`, `finish` and source lines) as
#   vmlinux-dbg  printed as a third line
# (the package is about 900 MB; only its vmlinux, near the start of the archive, is
# unpacked, so tar stops there).
# Usage: scripts/linux-guest.sh [--debug]
set -euo pipefail
debug=""
case "${1:-}" in
  --debug) debug=1 ;;
  "") ;;
  *) echo "usage: scripts/linux-guest.sh [--debug]" >&2; exit 2 ;;
esac
cd "$(dirname "$0")/.."
. scripts/lib/ppc64el-apt.sh
cache=build/cache/linux-guest
kernel=$cache/vmlinux
rootfs=$cache/rootfs.cpio
init=guests/linux/init
mkdir -p "$cache"

# the newest linux-image-6.12.*-powerpc64le known to apt (needs the ppc64el lists)
newest_kernel_package() {
  apt-cache pkgnames linux-image-6.12 | grep -E '^linux-image-6\.12\.[^ ]*-powerpc64le$' | sort -V | tail -n 1 | grep .
}
download_kernel() {
  local dir=$1 name
  name=$(newest_kernel_package)
  ppc64el_download "$dir" "$name"
}

if [ ! -s "$kernel" ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  echo "linux-guest: downloading Debian's ppc64el kernel (about 80 MB)" >&2
  with_ppc64el linux-guest download_kernel "$tmp" \
    || python3 scripts/lib/debian-pool.py ppc64el '^linux-image-6\.12\.[^ ]*-powerpc64le$' "$tmp" >/dev/null
  deb=$(ls "$tmp"/linux-image-6.12*_ppc64el.deb)
  dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp" --wildcards './boot/vmlinux-*'
  cp "$tmp"/boot/vmlinux-* "$kernel.part"
  mv "$kernel.part" "$kernel"
  basename "$deb" > "$cache/VERSION"
  rm -rf "$tmp"
  trap - EXIT
fi

busybox=$(bash scripts/fetch-busybox.sh)
ptrace_step=guests/linux/ptrace-step.c
step_user=guests/linux/step-user.c
if [ ! -s "$rootfs" ] || [ ! -s "$cache/step-user" ] || [ "$init" -nt "$rootfs" ] || [ "$busybox" -nt "$rootfs" ] \
   || [ "$ptrace_step" -nt "$rootfs" ] || [ "$step_user" -nt "$rootfs" ]; then
  tree=$(mktemp -d)
  trap 'rm -rf "$tree"' EXIT
  mkdir -p "$tree"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,root,etc}
  cp "$busybox" "$tree/bin/busybox"
  cp "$init" "$tree/init"
  chmod 755 "$tree/bin/busybox" "$tree/init"
  # /init's interpreter, then the applet links from the binary's own list when a
  # ppc64le runner is at hand (otherwise /init installs them at boot)
  # the in-guest single-step test program (the GDB e2e tests run it beside the host's steps)
  powerpc64le-linux-gnu-gcc -static -O2 -Wall -o "$tree/bin/ptrace-step" "$ptrace_step"
  # the Linux scenarios' user program, at a text address of its own (see its header)
  powerpc64le-linux-gnu-gcc -static -no-pie -O2 -Wall -Wl,-Ttext-segment=0x20000000 -o "$cache/step-user.part" "$step_user"
  mv "$cache/step-user.part" "$cache/step-user"
  cp "$cache/step-user" "$tree/bin/step-user"
  ln -s /bin/busybox "$tree/bin/sh"
  if command -v qemu-ppc64le >/dev/null; then
    for applet in $(qemu-ppc64le "$busybox" --list-full); do
      # (the links dangle on the host: -e alone does not see them)
      [ -e "$tree/$applet" ] || [ -L "$tree/$applet" ] || ln -s /bin/busybox "$tree/$applet"
    done
  fi
  python3 scripts/lib/newc.py "$tree" "$rootfs" --char dev/console:600:5:1
fi

# the -dbg package of exactly the kernel above: VERSION names its .deb
debug_vmlinux=$cache/vmlinux-dbg
download_debug_kernel() {
  local dir=$1 package=$2 version=$3
  chmod 755 "$dir"
  (cd "$dir" && apt-get download -qq "$package:ppc64el=$version" >&2)
}
if [ -n "$debug" ] && [ ! -s "$debug_vmlinux" ]; then
  deb_name=$(cat "$cache/VERSION")                       # linux-image-X-powerpc64le_VER_ppc64el.deb
  package=${deb_name%%_*}-dbg
  version=${deb_name#*_}; version=${version%_ppc64el.deb}
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  echo "linux-guest: downloading $package $version (about 900 MB) for the kernel's DWARF" >&2
  escaped=$(printf '%s' "$package" | sed 's/[.+]/\\&/g')
  with_ppc64el linux-guest download_debug_kernel "$tmp" "$package" "$version" \
    || python3 scripts/lib/debian-pool.py ppc64el "^$escaped\$" "$tmp" >/dev/null
  deb=$(ls "$tmp"/"$package"_*_ppc64el.deb)
  member=./usr/lib/debug/boot/vmlinux-${package#linux-image-}
  member=${member%-dbg}
  # --occurrence: tar stops after the member, and dpkg-deb then reports the closed pipe
  { dpkg-deb --fsys-tarfile "$deb" 2>/dev/null || true; } | tar -x -C "$tmp" --occurrence=1 "$member"
  [ -s "$tmp/$member" ] || { echo "linux-guest: $member not found in $(basename "$deb")" >&2; exit 1; }
  mv "$tmp/$member" "$debug_vmlinux.part"
  mv "$debug_vmlinux.part" "$debug_vmlinux"
  rm -rf "$tmp"
  trap - EXIT
fi

echo "$PWD/$kernel"
echo "$PWD/$rootfs"
if [ -n "$debug" ]; then echo "$PWD/$debug_vmlinux"; fi
