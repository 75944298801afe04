import { spawnSync } from 'node:child_process';
import type { Engine } from '@hvstep/emulator-core';
import { CLI, parseStats } from '../throughput/measure.js';
import type { CorpusProgram } from './programs.js';
import { median, mad } from './samples.js';

/**
 * Below these a figure is noise, not a measurement: hvstep's guest time (the
 * `--stats` clock, millisecond resolution, scheduler noise of a few ms), and
 * QEMU's time net of start-up (the same floor: a static glibc program's own
 * start-up and translation alone take QEMU tens of ms more than the empty
 * program whose start-up is subtracted), which must also stand NOISE_FACTOR times above the
 * spread of its own runs and of the start-up runs it is net of, and be at least the
 * start-up itself (a program that does not double QEMU's process time is mostly
 * start-up, whose run-to-run swing on a loaded host the few samples do not show).
 */
export const MIN_HVSTEP_SECONDS = 0.05;
export const MIN_QEMU_SECONDS = 0.05;
export const NOISE_FACTOR = 4;

/** One engine's time on a program: a figure, or why there is none. */
export type Cell =
  | { measurable: true; seconds: number; mips: number }
  | { measurable: false; seconds: number; why: string };

export interface CorpusRow {
  program: CorpusProgram;
  instructions: number;
  interp: Cell;
  jit: Cell;
  wasm: Cell;
  qemu: Cell;
  /** The runs disagreed (exit status, output or instruction count): no figures. */
  error?: string;
}

/** Repetitions of each run: hvstep's median guest time, QEMU's median wall time. */
export interface CorpusRepetitions { hvstep: number; qemu: number }

/** QEMU's start-up: the empty program each row's runs are interleaved with, and samples of it alone. */
export interface Startup { elf: string; samples: number[] }

export function qemuWallSeconds(qemu: string, qemuArgs: readonly string[], elf: string, args: readonly string[], env: NodeJS.ProcessEnv): { seconds: number; status: number | null; stdout: string } {
  const t0 = performance.now();
  const q = spawnSync(qemu, [...qemuArgs, elf, ...args], { encoding: 'latin1', maxBuffer: 1 << 26, env, input: '' });
  return { seconds: (performance.now() - t0) / 1000, status: q.status, stdout: q.stdout };
}

export function measureStartup(elf: string, runs: number): Startup {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(qemuWallSeconds('qemu-ppc64le', [], elf, [], process.env).seconds);
  return { elf, samples };
}

/** The QEMU cell: median wall time less median start-up, kept only when it stands clear of both spreads. */
export function qemuCell(runs: readonly number[], startup: readonly number[], instructions: number): Cell {
  const net = median(runs) - median(startup);
  const noise = mad(runs) + mad(startup);
  const floor = Math.max(MIN_QEMU_SECONDS, NOISE_FACTOR * noise, median(startup));
  if (net < floor) return { measurable: false, seconds: net, why: `net ${(net * 1000).toFixed(1)} ms < ${(floor * 1000).toFixed(1)} ms` };
  return { measurable: true, seconds: net, mips: instructions / net / 1e6 };
}

/** An hvstep cell: the median guest time, kept when it is long enough to time. */
export function hvstepCell(seconds: readonly number[], instructions: number): Cell {
  const s = median(seconds);
  if (s < MIN_HVSTEP_SECONDS) return { measurable: false, seconds: s, why: `${(s * 1000).toFixed(0)} ms < ${MIN_HVSTEP_SECONDS * 1000} ms` };
  return { measurable: true, seconds: s, mips: instructions / s / 1e6 };
}

/**
 * Runs one corpus program under `hvstep user --stats` on each engine and under
 * qemu-user, each `repetitions` times, with the same environment; all runs must
 * agree on exit status and output, and the engines on the instruction count.
 */
export function measureCorpusProgram(p: CorpusProgram, startup: Startup, reps: CorpusRepetitions): CorpusRow {
  const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', LANG: 'C' };
  const sysrootArgs = p.sysroot ? ['-L', p.sysroot] : [];
  const hvstep = (engine: Engine) => {
    const times: number[] = [];
    let instructions = 0, status: number | null = null, stdout = '';
    for (let i = 0; i < reps.hvstep; i++) {
      const h = spawnSync(process.execPath, [CLI, 'user', '--stats', '--engine', engine, ...sysrootArgs, p.elf, ...p.args], { encoding: 'latin1', maxBuffer: 1 << 26, env, input: '' });
      const stats = parseStats(h.stderr);
      if (!stats) throw new Error(`hvstep (${engine}) did not report --stats for ${p.flavour}/${p.program}: ${h.stderr.trim().split('\n').pop()}`);
      times.push(stats.seconds);
      ({ instructions } = stats); status = h.status; stdout = h.stdout;
    }
    return { times, instructions, status, stdout };
  };
  const interp = hvstep('interp');
  const jit = hvstep('jit');
  const wasm = hvstep('wasm');
  // each QEMU run right after a start-up run of the empty program: a swing of the host's
  // load then moves both samples alike instead of passing for the program's own time
  const qemuRuns: ReturnType<typeof qemuWallSeconds>[] = [];
  const startups: number[] = [];
  for (let i = 0; i < reps.qemu; i++) {
    startups.push(qemuWallSeconds('qemu-ppc64le', [], startup.elf, [], env).seconds);
    qemuRuns.push(qemuWallSeconds(p.qemu, sysrootArgs, p.elf, p.args, env));
  }
  const n = interp.instructions;
  const row: CorpusRow = { program: p, instructions: n, interp: hvstepCell(interp.times, n), jit: hvstepCell(jit.times, n), wasm: hvstepCell(wasm.times, n), qemu: qemuCell(qemuRuns.map((q) => q.seconds), startups, n) };
  const q = qemuRuns[0]!;
  if (jit.instructions !== n || wasm.instructions !== n) row.error = `the engines retired ${n} (interp), ${jit.instructions} (jit) and ${wasm.instructions} (wasm) instructions`;
  else if (interp.status !== jit.status || interp.status !== wasm.status || interp.status !== q.status) row.error = `exit status interp ${interp.status}, jit ${jit.status}, wasm ${wasm.status}, QEMU ${q.status}`;
  else if (interp.stdout !== jit.stdout || interp.stdout !== wasm.stdout || interp.stdout !== q.stdout) row.error = 'the output differs between the engines or from QEMU\'s';
  return row;
}
