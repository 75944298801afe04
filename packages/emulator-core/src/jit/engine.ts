import type { Cpu } from '../cpu/cpu.js';
import { run } from '../interp/run.js';
import { runJit } from './run.js';

/**
 * The execution engines a vCPU can run on (`--engine` of `hvstep user` and `hvstep
 * run`): `interp`, the interpreter (interp/run.ts), and `jit`, translated blocks with
 * the interpreter for everything a block cannot hold (jit/run.ts). Both have the same
 * contract, so a runner picks one function and calls it like `run`.
 */
export const ENGINES = ['interp', 'jit'] as const;
export type Engine = (typeof ENGINES)[number];
/** The translator: every suite passes on it (scenarios, gdb e2e, corpus, difftest); the interpreter stays one flag away. */
export const DEFAULT_ENGINE: Engine = 'jit';

export type RunFunction = (cpu: Cpu, budget: number) => number;

export const isEngine = (s: string): s is Engine => (ENGINES as readonly string[]).includes(s);

/** The run function of an engine. */
export function runnerFor(engine: Engine): RunFunction {
  return engine === 'jit' ? runJit : run;
}
