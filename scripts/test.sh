#!/usr/bin/env bash
# The test command: installs what is missing, builds, then runs every package's `test`
# task through turbo (its jest suites, which rebuild the guest programs from their sources
# and include the C corpus and the differential test against qemu-ppc64le), then (when no
# jest arguments are given) the single-step scenario matrix, pnpm scenarios --no-write, on the bundled guest
# and on Debian's Linux kernel.
# Ends with one 'N passed, N failed' line.
#
# Each package's jest run writes packages/<name>/test-results/jest.json (a declared turbo
# output, so a cache hit restores it); the line sums them. A package without results, or
# whose number of suites differs from its test files, counts as a failure: nothing passes
# by not running. Jest arguments (a test name or path pattern) go to every package.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh || { echo "bootstrap failed"; exit 1; }

# turbo runs offline: no telemetry, no update check (turbo.json), no remote cache configured
export TURBO_TELEMETRY_DISABLED=1 TURBO_NO_UPDATE_NOTIFIER=1

rm -rf packages/*/test-results
# One package at a time, as the single jest run before it did on this 2-core machine: the
# gdb and SMP suites have timing watchdogs. --continue: one package's failure must not
# hide the others' results. CI never reads the cache (a clean clone has none anyway).
turbo_args=(--concurrency=1 --continue)
if [ -n "${CI:-}" ]; then turbo_args+=(--force); fi
jest_args=()
if [ $# -gt 0 ]; then jest_args=(-- --passWithNoTests "$@"); fi
status=0
pnpm exec turbo run test "${turbo_args[@]}" "${jest_args[@]}" || status=1

# the single-step scenarios (spec section 4) with gdb-multiarch: hv and pr, 1, 2 and 4 vCPUs (about 2 minutes on
# 2 cores), on the translator (the default engine), the WebAssembly engine and the interpreter; a failing matrix
# counts as one failed test
# Each matrix's output is also kept in build/test-logs, so that the digest at the end can
# repeat what failed where a reader of only the run's last lines (a CI log tail) sees it.
scenarios_failed=0
logs=build/test-logs
rm -rf "$logs"; mkdir -p "$logs"
if [ $# -eq 0 ]; then
  for engine in jit wasm interp; do
    node packages/scenarios/dist/main.js --no-write --engine "$engine" | tee "$logs/scenarios-bundled-$engine.txt"
    [ "${PIPESTATUS[0]}" -eq 0 ] \
      || { status=1; scenarios_failed=$((scenarios_failed + 1)); echo "pnpm scenarios --engine $engine: failures (see above)"; }
  done
  # the same scenarios on Debian's kernel (docs/scenarios-linux.md): hv and pr with 2 vCPUs, about 4 to 8 minutes
  # on 2 cores each, on the translator and on the WebAssembly engine (the 4-vCPU column is in the document's full
  # run, `pnpm scenarios --guest linux`)
  for engine in jit wasm; do
    node packages/scenarios/dist/main.js --guest linux --smp 2 --no-write --engine "$engine" | tee "$logs/scenarios-linux-$engine.txt"
    [ "${PIPESTATUS[0]}" -eq 0 ] \
      || { status=1; scenarios_failed=$((scenarios_failed + 1)); echo "pnpm scenarios --guest linux --engine $engine: failures (see above)"; }
  done
fi

# The digest: every failed jest test (package, file, name, the start of its message) and
# every failed scenario run (its expected/saw lines), printed last.
node scripts/failure-digest.mjs "$logs"

summary=$(FILTERED=$# node -e '
  const fs = require("fs"), path = require("path");
  const countTests = (dir) => fs.readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith(".test.ts")).length;
  let passed = 0, failed = 0;
  for (const name of fs.readdirSync("packages").sort()) {
    const dir = path.join("packages", name);
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
    if (!pkg.scripts?.test) continue;
    const file = path.join(dir, "test-results/jest.json");
    if (!fs.existsSync(file)) { console.error(`${pkg.name}: no test results (build or jest failed)`); failed++; continue; }
    const r = JSON.parse(fs.readFileSync(file, "utf8"));
    const f = r.numFailedTests + r.numRuntimeErrorTestSuites;
    passed += r.numPassedTests; failed += f;
    const expected = countTests(path.join(dir, "src"));
    let note = "";
    if (process.env.FILTERED === "0" && r.numTotalTestSuites !== expected) {
      note = ` -- ${r.numTotalTestSuites} suites ran, ${expected} test files in src`; failed++;
    }
    console.error(`${pkg.name}: ${r.numPassedTests} passed, ${f} failed${note}`);
  }
  console.log(`${passed} ${failed}`);
' || echo "0 1")
passed=${summary% *}; failed=${summary#* }
failed=$((failed + scenarios_failed))
if [ "$passed" = "0" ]; then failed=$((failed + 1)); echo "no test ran"; fi
echo "tests: $passed passed, $failed failed"
[ "$failed" = "0" ] && [ $status -eq 0 ]
