#!/usr/bin/env bash
# Installs what a fresh Debian + Node 20 machine lacks for hvstep, then builds.
# Idempotent: each step checks first, so it is cheap when everything is there.
set -euo pipefail
cd "$(dirname "$0")/.."

# qemu-system-ppc: the bench's Linux boot against qemu-system-ppc64 (packages/bench/src/linux-boot)
DEBIAN_PACKAGES=(binutils-powerpc64le-linux-gnu gcc-powerpc64le-linux-gnu libc6-dev-ppc64el-cross qemu-user qemu-system-ppc gdb-multiarch device-tree-compiler)
missing=()
for p in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing Debian packages: ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  # one failing index (a mirror mid-sync) must not stop the install of the others
  $SUDO apt-get update -qq >&2 || echo "bootstrap: apt-get update reported errors; installing with the lists it got" >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

if ! command -v pnpm >/dev/null 2>&1; then
  echo "bootstrap: installing pnpm" >&2
  npm install -g pnpm@9.15.9 >&2
fi

if [ ! -d node_modules/.pnpm ] || [ pnpm-lock.yaml -nt node_modules/.modules.yaml ]; then
  pnpm install --frozen-lockfile >&2
fi

pnpm exec tsc -b >&2
# the `hvstep` command as one module (scripts/bundle-cli.mjs: start-up without a module graph to load)
node scripts/bundle-cli.mjs >&2

# Debian's busybox-static for ppc64el, which the linux-user busybox suite runs
# (cached in build/cache; the tests fetch it themselves when it is missing)
bash scripts/fetch-busybox.sh >/dev/null || echo "bootstrap: could not fetch busybox-static:ppc64el (the busybox suite will fail)" >&2
