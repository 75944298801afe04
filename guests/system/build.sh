#!/usr/bin/env bash
# Rebuilds the bundled system guest: firmware.elf (big-endian) and kernel.elf
# (little-endian), deterministically (no build ids, no timestamps, no absolute
# paths: debug info names sources relative to the repository root).
#
#   bash guests/system/build.sh            # rebuild both images in guests/system/
#   bash guests/system/build.sh --check    # rebuild in a temporary directory and compare
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
CROSS=${CROSS:-powerpc64le-linux-gnu-}
CC=${CROSS}gcc
LD=${CROSS}ld
OUT=$HERE
CHECK=0
if [[ ${1:-} == --check ]]; then CHECK=1; fi

for tool in "$CC" "$LD"; do
  command -v "$tool" >/dev/null || { echo "build.sh: $tool not found (apt-get install gcc-powerpc64le-linux-gnu binutils-powerpc64le-linux-gnu)" >&2; exit 1; }
done

BUILD=$(mktemp -d)
trap 'rm -rf "$BUILD"' EXIT
if (( CHECK )); then OUT=$BUILD/out; mkdir -p "$OUT"; fi

CFLAGS=(
  -ffreestanding -nostdlib -fno-builtin -mno-vsx -mno-altivec -fno-tree-vectorize -mcpu=power9 -O2
  -msoft-float -fno-pie -fno-stack-protector -fno-common -fno-asynchronous-unwind-tables
  -fno-tree-loop-distribute-patterns -fno-jump-tables -fno-plt
  -g -gno-record-gcc-switches -ffile-prefix-map="$HERE"=guests/system
  -Wall -Wextra -Wno-unused-parameter -Werror
  -Wa,-mregnames
)
LDFLAGS=(--build-id=none -nostdlib -static --no-warn-rwx-segments -z norelro)

cd "$HERE"

# firmware: big-endian, ELFv2
FW=(firmware/entry.S firmware/firmware.c)
fw_objs=()
for src in "${FW[@]}"; do
  obj=$BUILD/fw-$(basename "${src%.*}").o
  "$CC" "${CFLAGS[@]}" -mbig-endian -mabi=elfv2 -c "$src" -o "$obj"
  fw_objs+=("$obj")
done
"$LD" -EB "${LDFLAGS[@]}" -T firmware/firmware.lds -o "$OUT/firmware.elf" "${fw_objs[@]}"

# kernel: little-endian, ELFv2, plus the user process's segment
KERNEL=(kernel/head.S kernel/main.c kernel/console.c kernel/hcall.c kernel/fdt.c kernel/rtas.c kernel/mm.c
        kernel/smp.c kernel/traps.c kernel/syscall.c kernel/debugger.c kernel/lib.c kernel/user/user.S)
k_objs=()
for src in "${KERNEL[@]}"; do
  obj=$BUILD/k-$(basename "${src%.*}").o
  "$CC" "${CFLAGS[@]}" -mlittle-endian -mabi=elfv2 -Ikernel -c "$src" -o "$obj"
  k_objs+=("$obj")
done
"$LD" -EL "${LDFLAGS[@]}" -T kernel/kernel.lds -o "$OUT/kernel.elf" "${k_objs[@]}"

if (( CHECK )); then
  status=0
  for f in firmware.elf kernel.elf; do
    if cmp -s "$OUT/$f" "$HERE/$f"; then echo "build.sh: $f is up to date"; else echo "build.sh: $f differs from a rebuild" >&2; status=1; fi
  done
  exit $status
fi
echo "build.sh: wrote guests/system/firmware.elf and guests/system/kernel.elf"
