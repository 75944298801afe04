import { Exit, exitName, runnerFor, defaultEngineFor, type Engine } from '@hvstep/emulator-core';
import { LinuxProcess, type ProcessOptions } from './process.js';
import { SIG } from './signals.js';

export interface RunOptions {
  /** Instructions per run() call between checks (default 1 << 20). */
  budget?: number;
  /** Stop after this many instructions (--max-insns). */
  maxInstructions?: bigint;
  /**
   * The execution engine (--engine): the interpreter or translated blocks (`wasm`: the
   * process must be in an arena, ProcessOptions.arena). Default: `wasm` for a process
   * in an arena, else the JavaScript translator (defaultEngineFor).
   */
  engine?: Engine;
}

export interface RunResult {
  /** What the shell would see: the exit status, or 128+signal. */
  exitCode: number;
  /** The fatal signal (0 for a normal exit or the instruction limit). */
  signal: number;
  /** A one-line description of an abnormal end, without the "hvstep: " prefix. */
  message?: string;
  /** True when --max-insns stopped the program. */
  limitReached: boolean;
  instructions: bigint;
  wallMs: number;
  syscalls: number;
}

/** Exit status when --max-insns stops the program: 128 + SIGXCPU, as if the CPU time limit killed it. */
export const LIMIT_EXIT_CODE = 128 + SIG.XCPU;

const hex = (hi: number, lo: number): string => `0x${((BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0)).toString(16)}`;
const word = (w: number): string => `0x${(w >>> 0).toString(16).padStart(8, '0')}`;

/**
 * The signal Linux would send for a guest exception (arch/powerpc/kernel/traps.c),
 * with the line hvstep prints when it ends the process: program check for an
 * illegal or privileged instruction is SIGILL, a trap instruction SIGTRAP, a
 * storage fault SIGSEGV, an alignment interrupt SIGBUS, an enabled floating-point
 * exception SIGFPE (QEMU's linux-user delivers those). The debugger reports the
 * same signal as a stop (gdb/user-target.ts).
 */
export function faultSignal(p: LinuxProcess, exit: number): { signal: number; message: string } {
  const c = p.cpu;
  const pc = `0x${c.state.nip.toString(16)}`;
  switch (exit) {
    case Exit.IllegalInstruction: return { signal: SIG.ILL, message: `illegal instruction ${word(c.exitWord)} at ${pc}` };
    case Exit.PrivilegedInstruction: return { signal: SIG.ILL, message: `privileged instruction ${word(c.exitWord)} at ${pc}` };
    case Exit.Trap: return { signal: SIG.TRAP, message: `trace/breakpoint trap at ${pc}` };
    case Exit.DataStorage: return { signal: SIG.SEGV, message: `segmentation fault at ${hex(c.exitAddressHi, c.exitAddressLo)} (pc ${pc})` };
    case Exit.InstructionStorage: return { signal: SIG.SEGV, message: `segmentation fault at ${pc} (pc ${pc})` };
    case Exit.Alignment: return { signal: SIG.BUS, message: `bus error (alignment) at ${hex(c.exitAddressHi, c.exitAddressLo)} (pc ${pc})` };
    case Exit.FloatingPointEnabled: return { signal: SIG.FPE, message: `floating-point exception (si_code ${c.exitDetail}) at ${pc}` };
    default: return { signal: SIG.KILL, message: `unexpected exit ${exitName(exit)} at ${pc}` };
  }
}

/** Ends the process as the default action of the fault's signal does: no handlers are run. */
function fatalExit(p: LinuxProcess, exit: number): void {
  const f = faultSignal(p, exit);
  p.kill(f.signal, f.message);
}

/**
 * Runs the process until it exits, is killed by a guest fault, or reaches the
 * instruction limit: run() in slices of `budget` instructions, system calls
 * dispatched as they come, the vCPU's TLB resynchronised after each (mmap,
 * munmap, mprotect and brk change page protections).
 */
export function runProcess(p: LinuxProcess, options: RunOptions = {}): RunResult {
  const cpu = p.cpu;
  const budget = options.budget ?? 1 << 20;
  const max = options.maxInstructions;
  // by default, the engine the process was built for: WebAssembly blocks in an arena
  const run = runnerFor(options.engine ?? defaultEngineFor(cpu));
  const first = cpu.state.instructionCount;
  const t0 = performance.now();
  let limitReached = false;
  cpu.syncTlb(p.space.generation);
  while (!p.exited) {
    let slice = budget;
    if (max !== undefined) {
      const left = max - (cpu.state.instructionCount - first);
      if (left <= 0n) { limitReached = true; break; }
      if (left < BigInt(slice)) slice = Number(left);
    }
    const exit = run(cpu, slice);
    if (exit === Exit.Budget) continue;
    if (exit === Exit.SystemCall) {
      p.syscall();
      cpu.syncTlb(p.space.generation);
      continue;
    }
    if (exit === Exit.StopRequested) continue;
    fatalExit(p, exit);
  }
  const instructions = cpu.state.instructionCount - first;
  const result: RunResult = {
    exitCode: limitReached ? LIMIT_EXIT_CODE : p.exitStatus!,
    signal: limitReached ? 0 : p.termSignal,
    limitReached,
    instructions,
    wallMs: performance.now() - t0,
    syscalls: p.syscallCount,
  };
  if (limitReached) result.message = `instruction limit reached (${instructions} instructions) at 0x${cpu.state.nip.toString(16)}`;
  else if (p.termMessage !== undefined) result.message = p.termMessage;
  return result;
}

/** Loads an executable and runs it to the end: the whole of `hvstep user`, minus the printing. */
export function runProgram(file: string, options: ProcessOptions & RunOptions): RunResult {
  const p = LinuxProcess.fromFile(file, options);
  return runProcess(p, options);
}
