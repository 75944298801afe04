#!/usr/bin/env bash
# The test command: installs what is missing, builds, rebuilds the guest programs
# from their sources, then runs the jest suites and the differential test against
# qemu-ppc64le. Ends with one 'N passed, N failed' line.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh || { echo "bootstrap failed"; exit 1; }

mkdir -p test-results
status=0
NODE_OPTIONS="--experimental-vm-modules ${NODE_OPTIONS:-}" pnpm exec jest --ci --json --outputFile=test-results/jest.json "$@" || status=1

summary=$(node -e '
  const r = JSON.parse(require("fs").readFileSync("test-results/jest.json", "utf8"));
  console.log(`${r.numPassedTests} ${r.numFailedTests + r.numRuntimeErrorTestSuites}`);
' 2>/dev/null || echo "0 1")
passed=${summary% *}; failed=${summary#* }
if [ "$passed" = "0" ]; then failed=$((failed + 1)); echo "no test ran"; fi
echo "tests: $passed passed, $failed failed"
[ "$failed" = "0" ] && [ $status -eq 0 ]
