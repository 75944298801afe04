import type { Cpu } from '../cpu/cpu.js';
import { run } from '../interp/run.js';
import { runJit } from './run.js';

/**
 * The execution engines a vCPU can run on (`--engine` of `hvstep user` and `hvstep
 * run`): `interp`, the interpreter (interp/run.ts), and `jit`, translated blocks with
 * the interpreter for everything a block cannot hold (jit/run.ts); `wasm` is `jit`
 * with the vCPU in an arena (memory/arena.ts), where blocks become WebAssembly and
 * chain inside it (jit/wasm/engine-block.ts): the machine must be built for it (a
 * `LinuxProcess` with `arena`, a `Vm` with that engine). All have the same contract,
 * so a runner picks one function and calls it like `run`.
 */
export const ENGINES = ['interp', 'jit', 'wasm'] as const;
export type Engine = (typeof ENGINES)[number];
/** The engines any Cpu runs on, however it was built (no arena needed): difftest's. */
export const PLAIN_ENGINES = ['interp', 'jit'] as const satisfies readonly Engine[];
/**
 * The engine of `hvstep run` and `hvstep user` when none is asked for: the translator
 * with WebAssembly blocks, the vCPUs in an arena. It is the fastest engine on every
 * whole-program workload of docs/benchmarks.md and on Debian's boot (2 vCPUs: about half
 * of jit's time, 0.7 of the interpreter's), and the suites that run on it pass: the
 * scenario matrices on the bundled guest and on Debian's kernel, the 2-vCPU Linux boot
 * test and the gdb e2e suite on Debian's kernel with 2 and 4 vCPUs.
 */
export const DEFAULT_ENGINE: Engine = 'wasm';

/**
 * A `Vm` built without an engine (tests and tools that make many small machines): the
 * translator with JavaScript blocks over plain buffers. An arena is one shared
 * WebAssembly memory that reserves its whole size when made, so it is asked for
 * (the commands do, DEFAULT_ENGINE), not the default of every machine.
 */
export const DEFAULT_VM_ENGINE: Engine = 'jit';

/** The engine a vCPU runs on when none is asked for: WebAssembly blocks in an arena, else the JavaScript translator. */
export const defaultEngineFor = (cpu: Cpu): Engine => (cpu.arena !== undefined ? 'wasm' : 'jit');

export type RunFunction = (cpu: Cpu, budget: number) => number;

export const isEngine = (s: string): s is Engine => (ENGINES as readonly string[]).includes(s);

/** `wasm`'s run function: the translator's, on a vCPU that must be in an arena. */
function runWasm(cpu: Cpu, budget: number): number {
  if (cpu.arena === undefined) throw new RangeError('the wasm engine needs a vCPU built in an arena (memory/arena.ts)');
  return runJit(cpu, budget);
}

/** The run function of an engine. */
export function runnerFor(engine: Engine): RunFunction {
  return engine === 'jit' ? runJit : engine === 'wasm' ? runWasm : run;
}
