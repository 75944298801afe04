#!/usr/bin/env bash
# Builds the freestanding C corpus (test/corpus/*.c, no libc: test/corpus/lib) into
# build/corpus/<variant>/<name>, rebuilding only what is out of date:
#   le   ppc64le ELFv2, GCC's default CPU (POWER8), no vector
#   p9   ppc64le ELFv2, -mcpu=power9 (ISA 3.0 scalar instructions), no vector
#   o0   ppc64le ELFv2, -O0 (memory-heavy code)
#   be   big-endian ppc64 ELFv1 (function descriptors, .opd)
# and the glibc programs (test/corpus/glibc/*.c, static glibc as Debian's cross gcc
# builds it, vector code and all) into build/corpus/glibc/<name> (-O2) and
# build/corpus/glibc-p9/<name> (-O2 -mcpu=power9), and dynamically linked against the
# cross glibc (run with -L /usr/powerpc64le-linux-gnu) into build/corpus/glibc-dyn/<name>.
# Usage: scripts/build-corpus.sh [-f]   (-f rebuilds everything)
set -euo pipefail
cd "$(dirname "$0")/.."
CC=${CC:-powerpc64le-linux-gnu-gcc}
force=${1:-}
src=test/corpus
out=build/corpus
command -v "$CC" >/dev/null || { echo "build-corpus: $CC not found (scripts/bootstrap.sh installs it)" >&2; exit 1; }

COMMON=(-static -nostdlib -ffreestanding -fno-builtin-printf -fno-stack-protector -fno-math-errno
        -fno-tree-loop-distribute-patterns -fno-asynchronous-unwind-tables
        -mno-vsx -mno-altivec -fno-tree-vectorize -Wall -Wextra -Wno-unused-parameter
        -Wl,--build-id=none -I"$src/lib")
declare -A FLAGS=(
  [le]="-O2 -mlittle-endian"
  [p9]="-O2 -mlittle-endian -mcpu=power9"
  [o0]="-O0 -mlittle-endian"
  [be]="-O2 -mbig-endian -mabi=elfv1"
)
deps=("$src"/lib/*.c "$src"/lib/*.h "$src"/lib/*.S "$0")
built=0
for variant in le p9 o0 be; do
  mkdir -p "$out/$variant"
  for c in "$src"/*.c; do
    name=$(basename "$c" .c)
    exe="$out/$variant/$name"
    stale=$force
    if [ -z "$stale" ]; then
      [ -e "$exe" ] || stale=1
      for d in "$c" "${deps[@]}"; do [ -n "$stale" ] || [ "$d" -nt "$exe" ] && stale=1; done
    fi
    [ -n "$stale" ] || continue
    # shellcheck disable=SC2086
    "$CC" ${FLAGS[$variant]} "${COMMON[@]}" -o "$exe" "$src"/lib/start.S "$src"/lib/lib.c "$c"
    built=$((built + 1))
  done
done
declare -A GLIBC_FLAGS=([glibc]="-static -O2" [glibc-p9]="-static -O2 -mcpu=power9" [glibc-dyn]="-O2")
for variant in glibc glibc-p9 glibc-dyn; do
  mkdir -p "$out/$variant"
  for c in "$src"/glibc/*.c; do
    name=$(basename "$c" .c)
    exe="$out/$variant/$name"
    if [ -z "$force" ] && [ -e "$exe" ] && [ ! "$c" -nt "$exe" ] && [ ! "$0" -nt "$exe" ]; then continue; fi
    # shellcheck disable=SC2086
    "$CC" ${GLIBC_FLAGS[$variant]} -Wall -Wextra -Wl,--build-id=none -o "$exe" "$c"
    built=$((built + 1))
  done
done
echo "build-corpus: $built program(s) built in $out" >&2
