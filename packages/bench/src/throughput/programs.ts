import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
const GUESTS = join(REPO_ROOT, 'packages/bench/guests');
const OUT = join(REPO_ROOT, 'build/bench');

export interface Workload {
  name: string;
  description: string;
  elf: string;
  /** argv after the program name; the guests scale their work with argc. */
  args: string[];
}

/** Assembles and links a bench guest (binutils-powerpc64le-linux-gnu) unless it is up to date. */
function buildAsm(name: string): string {
  const src = join(GUESTS, `${name}.S`), obj = join(OUT, `${name}.o`), elf = join(OUT, `${name}.elf`);
  mkdirSync(OUT, { recursive: true });
  if (!existsSync(elf) || statSync(elf).mtimeMs < statSync(src).mtimeMs) {
    execFileSync('powerpc64le-linux-gnu-as', ['-mpower9', '-o', obj, src]);
    execFileSync('powerpc64le-linux-gnu-ld', ['-static', '-o', elf, obj]);
  }
  return elf;
}

/** A program that exits at once, for runner start-up time. */
export const exitProgram = (): string => buildAsm('exit');

export function workloads(scale: number): Workload[] {
  const extra = (n: number) => Array.from({ length: n - 1 }, () => 'x');
  return [
    { name: 'register loop', description: 'addi/add/xor/cmpd/bne, no memory', elf: buildAsm('reg-loop'), args: extra(4 * scale) },
    { name: 'memory loop', description: 'ld/add/std over 64 KiB', elf: buildAsm('mem-loop'), args: extra(8 * scale) },
    {
      name: 'C workload', description: 'CRC-32 + SHA-256 + quicksort, gcc -O2',
      elf: join(REPO_ROOT, 'guests/user/workload.elf'), args: [String(20 * scale)],
    },
  ];
}
