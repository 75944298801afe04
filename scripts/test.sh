#!/usr/bin/env bash
# The test command: installs what is missing, builds, rebuilds the guest programs
# from their sources, then runs the jest suites and the differential test against
# qemu-ppc64le, then (when no jest arguments are given) the single-step scenario
# matrix, pnpm scenarios --no-write. Ends with one 'N passed, N failed' line.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh || { echo "bootstrap failed"; exit 1; }

mkdir -p test-results
status=0
NODE_OPTIONS="--experimental-vm-modules ${NODE_OPTIONS:-}" pnpm exec jest --ci --json --outputFile=test-results/jest.json "$@" || status=1

# the single-step scenarios (spec section 4) with gdb-multiarch: hv and pr, 1, 2 and 4 vCPUs (about 2 minutes on
# 2 cores); a failing run counts as one failed test
scenarios_failed=0
if [ $# -eq 0 ]; then
  node packages/scenarios/dist/main.js --no-write || { status=1; scenarios_failed=1; echo "pnpm scenarios: failures (see above)"; }
fi

summary=$(node -e '
  const r = JSON.parse(require("fs").readFileSync("test-results/jest.json", "utf8"));
  console.log(`${r.numPassedTests} ${r.numFailedTests + r.numRuntimeErrorTestSuites}`);
' 2>/dev/null || echo "0 1")
passed=${summary% *}; failed=${summary#* }
failed=$((failed + scenarios_failed))
if [ "$passed" = "0" ]; then failed=$((failed + 1)); echo "no test ran"; fi
echo "tests: $passed passed, $failed failed"
[ "$failed" = "0" ] && [ $status -eq 0 ]
