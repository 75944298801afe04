import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT, type Workload } from './programs.js';

export interface Throughput {
  workload: string;
  instructions: number;
  hvstepSeconds: number;
  qemuSeconds: number;
  hvstepMips: number;
  qemuMips: number;
  /** hvstep MIPS / QEMU MIPS, both on the same ELF and instruction count. */
  ratio: number;
  /** The same run on the translator (`--engine jit`). */
  jitSeconds: number;
  jitMips: number;
  jitRatio: number;
  /** The same run on the WebAssembly engine (`--engine wasm`). */
  wasmSeconds: number;
  wasmMips: number;
  wasmRatio: number;
  /**
   * Wall time of each whole process, start-up and exit included (issue 14 states the C
   * workload's target this way): hvstep's engines and qemu-ppc64le.
   */
  whole: { interp: number; jit: number; wasm: number; qemu: number };
}

export const CLI = join(REPO_ROOT, 'packages/cli/dist/hvstep.js');

/**
 * Runs the workload under hvstep's Linux-user runner (a subprocess, reporting its
 * retired-instruction count and the wall time of guest execution with --stats) and
 * under qemu-ppc64le (wall time of the whole process minus the measured start-up
 * of an empty program). QEMU's instruction count is the same as hvstep's: same ELF,
 * same input, deterministic program.
 */
export function measure(w: Workload, qemuStartup: number): Throughput {
  const hvstep = (engine: string) => {
    const t = performance.now();
    const h = spawnSync('node', [CLI, 'user', '--stats', '--engine', engine, w.elf, ...w.args], { encoding: 'utf8', maxBuffer: 1 << 24 });
    const wall = (performance.now() - t) / 1000;
    const stats = parseStats(h.stderr);
    if (!stats) throw new Error(`hvstep (${engine}) did not report --stats for ${w.name}: ${h.stderr.trim().split('\n').pop()}`);
    return { h, stats, wall };
  };
  const interp = hvstep('interp');
  const { h, stats } = interp;
  const jit = hvstep('jit');
  const wasm = hvstep('wasm');
  for (const [name, run] of [['translator', jit], ['WebAssembly engine', wasm]] as const) {
    if (run.h.status !== h.status || run.h.stdout !== h.stdout || run.stats.instructions !== stats.instructions) {
      throw new Error(`${w.name}: the ${name}'s run differs from the interpreter's (status, output or instruction count)`);
    }
  }
  const t0 = performance.now();
  const q = spawnSync('qemu-ppc64le', [w.elf, ...w.args], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const qemuWall = (performance.now() - t0) / 1000;
  if (q.status !== h.status) throw new Error(`${w.name}: exit status differs (hvstep ${h.status}, qemu ${q.status})`);
  const qemuSeconds = Math.max(qemuWall - qemuStartup, 1e-4);
  const hvstepMips = stats.instructions / stats.seconds / 1e6;
  const qemuMips = stats.instructions / qemuSeconds / 1e6;
  const jitMips = stats.instructions / jit.stats.seconds / 1e6;
  const wasmMips = stats.instructions / wasm.stats.seconds / 1e6;
  return {
    workload: w.name, instructions: stats.instructions, hvstepSeconds: stats.seconds, qemuSeconds,
    hvstepMips, qemuMips, ratio: hvstepMips / qemuMips,
    jitSeconds: jit.stats.seconds, jitMips, jitRatio: jitMips / qemuMips,
    wasmSeconds: wasm.stats.seconds, wasmMips, wasmRatio: wasmMips / qemuMips,
    whole: { interp: interp.wall, jit: jit.wall, wasm: wasm.wall, qemu: qemuWall },
  };
}

/** Parses the `--stats` line of `hvstep user`: "... instructions ... seconds ..." */
export function parseStats(stderr: string): { instructions: number; seconds: number } | undefined {
  const ins = /([\d,_]+)\s+instructions/.exec(stderr);
  const sec = /([\d.]+)\s*s(?:econds)?\b/.exec(stderr);
  if (!ins || !sec) return undefined;
  return { instructions: Number(ins[1]!.replace(/[,_]/g, '')), seconds: Number(sec[1]) };
}

/** Start-up time of qemu-ppc64le on a program that exits at once (median of 5). */
export function qemuStartupSeconds(elf: string): number {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    spawnSync('qemu-ppc64le', [elf], { encoding: 'utf8' });
    times.push((performance.now() - t0) / 1000);
  }
  times.sort((a, b) => a - b);
  return times[2]!;
}
