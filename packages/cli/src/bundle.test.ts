/**
 * The one-file `hvstep` (scripts/bundle-cli.mjs: dist/hvstep.js and the vCPU workers'
 * dist/worker/vcpu-worker.js) behaves as tsc's dist/main.js does, and is as new as the
 * build it was made from: the bundle is what `pnpm hvstep`, the bench and the demos run.
 */
import { describe, it, expect } from '@jest/globals';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '@hvstep/linux-user/testing';

const ROOT = repoRoot();
const BUNDLE = path.join(ROOT, 'packages/cli/dist/hvstep.js');
const WORKER = path.join(ROOT, 'packages/cli/dist/worker/vcpu-worker.js');
const MAIN = path.join(ROOT, 'packages/cli/dist/main.js');

function run(entry: string, args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [entry, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The newest compiled product file (not a test) under packages/NAME/dist. */
function newestBuildOutput(): { file: string; mtimeMs: number } {
  let newest = { file: '', mtimeMs: 0 };
  for (const pkg of fs.readdirSync(path.join(ROOT, 'packages'))) {
    const dist = path.join(ROOT, 'packages', pkg, 'dist');
    if (!fs.existsSync(dist)) continue;
    for (const f of fs.readdirSync(dist, { recursive: true }) as string[]) {
      if (!f.endsWith('.js') || f.includes('.test.') || f.includes('__fixtures__') || f.includes('testing')) continue;
      const full = path.join(dist, f);
      if (full === BUNDLE || full === WORKER) continue;
      const { mtimeMs } = fs.statSync(full);
      if (mtimeMs > newest.mtimeMs) newest = { file: full, mtimeMs };
    }
  }
  return newest;
}

describe('the bundled hvstep', () => {
  it('exists and is newer than every file of the build it bundles', () => {
    expect(fs.existsSync(BUNDLE)).toBe(true);
    expect(fs.existsSync(WORKER)).toBe(true);
    const newest = newestBuildOutput();
    const bundled = Math.min(fs.statSync(BUNDLE).mtimeMs, fs.statSync(WORKER).mtimeMs);
    if (bundled < newest.mtimeMs) {
      throw new Error(`${path.relative(ROOT, newest.file)} is newer than the bundle: \`node scripts/bundle-cli.mjs\` makes it again`);
    }
  });

  it('carries the WebAssembly interpreter as the current build makes it, beside both bundles', async () => {
    const url = pathToFileURL(path.join(ROOT, 'packages/emulator-core/dist/jit/wasm/interpreter.js')).href;
    const { interpreterModule } = await import(url) as { interpreterModule: () => Uint8Array };
    const expected = Buffer.from(interpreterModule());
    for (const dir of [path.dirname(BUNDLE), path.dirname(WORKER)]) {
      expect(Buffer.compare(fs.readFileSync(path.join(dir, 'interpreter.wasm')), expected)).toBe(0);
    }
  });

  it("carries the template compiler's parsed statements as the current build makes them, beside both bundles", async () => {
    const dist = path.join(ROOT, 'packages/emulator-core/dist/jit/wasm');
    const { PREBUILT_STATEMENTS_FILE } = await import(pathToFileURL(path.join(dist, 'prebuilt-statements.js')).href) as { PREBUILT_STATEMENTS_FILE: string };
    const { bundledStatementsJson } = await import(pathToFileURL(path.join(ROOT, 'scripts/bundle-statements.mjs')).href) as
      { bundledStatementsJson: (root: string) => Promise<string> };
    const expected = await bundledStatementsJson(ROOT);
    for (const dir of [path.dirname(BUNDLE), path.dirname(WORKER)]) {
      expect(fs.readFileSync(path.join(dir, PREBUILT_STATEMENTS_FILE), 'utf8') === expected).toBe(true);
    }
  });

  it('carries the prebuilt WebAssembly fragments as the current build makes them, beside both bundles', async () => {
    const dist = path.join(ROOT, 'packages/emulator-core/dist/jit/wasm');
    const { PREBUILT_FRAGMENTS_FILE } = await import(pathToFileURL(path.join(dist, 'prebuilt-fragments.js')).href) as { PREBUILT_FRAGMENTS_FILE: string };
    const { engineBlockFragmentsJson } = await import(pathToFileURL(path.join(dist, 'engine-block.js')).href) as { engineBlockFragmentsJson: () => string };
    const expected = engineBlockFragmentsJson();
    for (const dir of [path.dirname(BUNDLE), path.dirname(WORKER)]) {
      expect(fs.readFileSync(path.join(dir, PREBUILT_FRAGMENTS_FILE), 'utf8') === expected).toBe(true);
    }
  });

  it('prints the same help as dist/main.js', () => {
    const a = run(BUNDLE, ['--help']), b = run(MAIN, ['--help']);
    expect(a).toEqual(b);
    expect(a.stdout).toMatch(/^Usage: hvstep <command>/);
  });

  it('runs a guest program under `user` on every engine, as dist/main.js does', () => {
    for (const engine of ['interp', 'jit', 'wasm']) {
      const args = ['user', '--engine', engine, path.join(ROOT, 'guests/user/workload.elf'), '1'];
      const a = run(BUNDLE, args), b = run(MAIN, args);
      expect(a.code).toBe(0);
      expect(a).toEqual(b);
    }
  });

  it('boots the bundled guest on 2 vCPUs (its worker threads from dist/worker) to power-off', () => {
    for (const engine of ['jit', 'wasm']) {
      const r = run(BUNDLE, ['run', '--smp', '2', '--engine', engine, '--timeout', '100']);
      expect({ engine, code: r.code, stderr: r.stderr }).toEqual({ engine, code: 0, stderr: expect.any(String) });
      expect(r.stdout).toContain('kernel: all done');
    }
  });
});
