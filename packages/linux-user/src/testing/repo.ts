import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync, spawnSync } from 'node:child_process';
import { constants } from 'node:os';

/** The monorepo root (the directory holding pnpm-workspace.yaml). */
export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'pnpm-workspace.yaml'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('repository root not found');
    dir = up;
  }
  return dir;
}

export const hasCommand = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

/** Builds the C corpus (incrementally) and returns build/corpus; undefined when there is no cross compiler. */
export function buildCorpus(): string | undefined {
  const root = repoRoot();
  if (!hasCommand('powerpc64le-linux-gnu-gcc')) return undefined;
  execFileSync('bash', [path.join(root, 'scripts/build-corpus.sh')], { stdio: ['ignore', 'ignore', 'pipe'] });
  return path.join(root, 'build/corpus');
}

export interface ExternalRun { stdout: Buffer; stderr: string; exitCode: number }

/** Runs a program under qemu-ppc64le/qemu-ppc64; a death by signal N becomes 128+N as a shell reports it. */
export function runQemu(qemu: string, file: string, args: string[], stdin: Uint8Array, env: Record<string, string>, qemuArgs: string[] = [], cwd?: string): ExternalRun {
  const r = spawnSync(qemu, [...qemuArgs, file, ...args], { input: stdin, env, maxBuffer: 64 << 20, ...(cwd !== undefined ? { cwd } : {}) });
  const sig = r.signal ? (constants.signals as Record<string, number>)[r.signal] ?? 0 : 0;
  return { stdout: r.stdout, stderr: r.stderr.toString(), exitCode: r.status ?? 128 + sig };
}

/** Address of a symbol in an ELF, from nm. */
export function symbolAddress(file: string, symbol: string): bigint | undefined {
  const out = execFileSync('powerpc64le-linux-gnu-nm', [file]).toString();
  const line = out.split('\n').find((l) => l.endsWith(` ${symbol}`));
  return line ? BigInt(`0x${line.split(' ')[0]}`) : undefined;
}
