#!/usr/bin/env bash
# The main job: installs what is missing and builds, then
#  0. runs `pnpm scenarios`: the spec's 25 single-step scenarios with gdb-multiarch on the
#     bundled guest, hv and pr, 1, 2 and 4 vCPUs (table, docs/scenarios.md), and
#  1. boots the bundled system guest (big-endian firmware -> little-endian SMP kernel
#     with radix MMU, AIL=3, RTAS-started secondaries, a user process and an in-guest
#     single-stepping debugger) on 4 vCPUs under the KVM-HV style hypervisor, and
#  2. boots Debian's ppc64el Linux kernel (scripts/linux-guest.sh downloads and caches it
#     with a busybox initramfs) on 2 vCPUs to its busybox shell, types a few commands
#     into the shell through stdin, and prints the time to the prompt and of the whole
#     run (scripts/linux-shell-demo.sh: no terminal needed), and
#  3. runs the bundled user-mode workload (CRC-32, SHA-256 and a sort, compiled for
#     ppc64le) through the Linux-user runner, with its measured MIPS.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
echo "== pnpm scenarios"
node packages/scenarios/dist/main.js
echo
echo "== pnpm hvstep run --smp 4"
node packages/cli/dist/hvstep.js run --smp 4 --timeout 120
echo
echo "== Debian's Linux to the busybox shell on 2 vCPUs (scripts/linux-shell-demo.sh)"
bash scripts/linux-shell-demo.sh 2
echo
echo "== pnpm hvstep user --stats guests/user/workload.elf 20"
exec node packages/cli/dist/hvstep.js user --stats guests/user/workload.elf 20
