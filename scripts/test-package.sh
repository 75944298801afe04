#!/usr/bin/env bash
# Each package's `test` script (pnpm and turbo run it in the package folder): compiles the
# package's tests (tsconfig.test.json, which brings the product up to date first) and runs
# its jest suites from dist/ with the package's jest.config.js, writing the results to
# test-results/jest.json, which scripts/test.sh sums over the packages. Extra arguments
# go to jest.
set -euo pipefail
pkg=$PWD
root=$(cd "$(dirname "$0")/.." && pwd)
rm -f test-results/jest.json   # a failed compile must not leave an earlier run's results behind
if [ -f tsconfig.test.json ]; then
  tsc -b tsconfig.test.json
else
  tsc -b
  set -- --passWithNoTests "$@"   # a package without a test config: nothing to run is not a failure
fi
mkdir -p test-results
# Jest runs in the repository root, as the single root jest run did: the suites and the
# tools they start rely on it (gdb-multiarch finds the bundled kernel's sources through its
# relative DWARF compilation directory, guests/system).
cd "$root"
NODE_OPTIONS="--experimental-vm-modules ${NODE_OPTIONS:-}" exec jest --config "$pkg/jest.config.js" \
  --ci --json --outputFile="$pkg/test-results/jest.json" "$@"
