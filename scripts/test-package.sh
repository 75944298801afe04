#!/usr/bin/env bash
# Each package's `test` script (pnpm and turbo run it in the package folder): compiles the
# package's tests (tsconfig.test.json, which brings the product up to date first) and runs
# its jest suites from dist/, writing the results to test-results/jest.json, which
# scripts/test.sh sums over the packages. Extra arguments go to jest.
set -euo pipefail
rm -f test-results/jest.json   # a failed compile must not leave an earlier run's results behind
if [ -f tsconfig.test.json ]; then
  tsc -b tsconfig.test.json
else
  tsc -b
  set -- --passWithNoTests "$@"   # a package without tests (bench): nothing to run is not a failure
fi
mkdir -p test-results
NODE_OPTIONS="--experimental-vm-modules ${NODE_OPTIONS:-}" exec jest --ci --json --outputFile=test-results/jest.json "$@"
