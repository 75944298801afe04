// The `hvstep` command as one ES module: packages/cli/dist/hvstep.js, with each vCPU's
// worker thread as packages/cli/dist/worker/vcpu-worker.js beside it (where the bundled
// hypervisor's `new URL('./worker/vcpu-worker.js', import.meta.url)` finds it).
//
// Why: Node loads an ES module graph file by file (resolve, stat, read, compile each);
// `hvstep user` loads about 260 modules, `hvstep run` more, and every vCPU worker loads
// its own graph again. Measured (docs/ARCHITECTURE.md, "The `hvstep` command as one
// module"): `hvstep --help` 0.25 s from packages/cli/dist/main.js, 0.14 s from the bundle. The bundle is made from tsc's
// output (dist/), so the two run the same code; tests run dist/main.js and a test checks
// the bundle (packages/cli/src/bundle.test.ts). Run after `tsc -b` (scripts/bootstrap.sh,
// the root package's scripts).
//
// Beside each bundle goes `interpreter.wasm`, the WebAssembly interpreter's module
// (emulator-core jit/wasm/interpreter.ts), which the bundled code reads instead of
// building it from the templates at every start (about 40 ms on a cold start), and
// `statements.json`, the template compiler's parsed templates (emulator-core
// jit/wasm/prebuilt-statements.ts: 22-38 ms of parsing in a short run, 3-5 ms read back), and
// `fragments.json`, the block compiler's prebuilt fragments (emulator-core
// jit/wasm/prebuilt-fragments.ts: the templates with few steering combinations).
import { build } from 'esbuild';
import { bundledStatementsJson } from './bundle-statements.mjs';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'packages/cli/dist');

await build({
  entryPoints: [
    { in: path.join(root, 'packages/cli/dist/main.js'), out: 'hvstep' },
    { in: path.join(root, 'packages/hypervisor/dist/worker/vcpu-worker.js'), out: 'worker/vcpu-worker' },
  ],
  outdir: out,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
});

const wasmDist = path.join(root, 'packages/emulator-core/dist/jit/wasm');
const { interpreterModule } = await import(pathToFileURL(path.join(wasmDist, 'interpreter.js')).href);
const { PREBUILT_STATEMENTS_FILE } = await import(pathToFileURL(path.join(wasmDist, 'prebuilt-statements.js')).href);
const { engineBlockFragmentsJson } = await import(pathToFileURL(path.join(wasmDist, 'engine-block.js')).href);
const { PREBUILT_FRAGMENTS_FILE } = await import(pathToFileURL(path.join(wasmDist, 'prebuilt-fragments.js')).href);
const interpreter = interpreterModule();
const statements = await bundledStatementsJson(root);
const fragments = engineBlockFragmentsJson();
for (const dir of [out, path.join(out, 'worker')]) {
  writeFileSync(path.join(dir, 'interpreter.wasm'), interpreter);
  writeFileSync(path.join(dir, PREBUILT_STATEMENTS_FILE), statements);
  writeFileSync(path.join(dir, PREBUILT_FRAGMENTS_FILE), fragments);
}
