#!/usr/bin/env bash
# Interpreter (or translator) speed of this checkout against a git ref, in one process
# (packages/bench/src/interp-ab.ts):
#   bash scripts/bench-ab.sh <ref> [rounds] [interp|jit]
# Builds <ref>'s emulator-core in a temporary worktree, then prints each guest loop's MIPS for
# <ref> (A) and this checkout (B) and B/A. Also run it with <ref> = HEAD: the spread of that
# A/A ratio is the noise floor of the machine at that moment.
set -euo pipefail
cd "$(dirname "$0")/.."
ref=${1:?usage: bash scripts/bench-ab.sh <ref> [rounds] [interp|jit]}
rounds=${2:-10}
engine=${3:-interp}
base=$(mktemp -d)
trap 'git worktree remove --force "$base" >/dev/null 2>&1 || rm -rf "$base"' EXIT
git worktree add --detach "$base" "$ref" >/dev/null
# emulator-core's own tsc build is enough; its dependencies (acorn) are this checkout's
ln -s "$PWD/node_modules" "$base/node_modules"
ln -s "$PWD/packages/emulator-core/node_modules" "$base/packages/emulator-core/node_modules"
(cd "$base/packages/emulator-core" && "$OLDPWD/node_modules/.bin/tsc" -b >/dev/null)
pnpm exec tsc -b >/dev/null
node packages/bench/dist/interp-ab.js "$base" "$PWD" "$rounds" "$engine"
