#!/usr/bin/env bash
# The main job: installs what is missing, builds, and runs the bundled guest program
# (a compiled ppc64le workload: CRC-32, SHA-256 and a sort) through hvstep's
# Linux-user runner, printing its output and the measured MIPS.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
if [ $# -eq 0 ]; then set -- 20; fi
exec node packages/cli/dist/main.js user --stats guests/user/workload.elf "$@"
