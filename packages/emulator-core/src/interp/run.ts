import type { Cpu } from '../cpu/cpu.js';
import { Exit } from '../cpu/exit.js';
import { W_INSN_COUNT } from '../state/layout.js';
import { runFast, TRACE_MODE } from './fast-loop.js';
import { stepTraced } from './trace-step.js';

const retired = (cpu: Cpu): number => (cpu.r[W_INSN_COUNT + 1]! >>> 0) * 4294967296 + (cpu.r[W_INSN_COUNT]! >>> 0);

/**
 * An engine's untraced runner: runs from NIP for at most `budget` instructions and
 * returns an Exit code, or TRACE_MODE as soon as a Trace interrupt could be due.
 */
export type FastRunner = (cpu: Cpu, budget: number) => number;

/**
 * The run/exit framing every engine shares: at most `budget` instructions, an Exit
 * code (cpu/exit.ts). `fast` runs whenever no Trace interrupt can be due; while
 * MSR[SE], MSR[BE], the CIABR or a hypervisor single step is active, and for the
 * first instruction after a debug resume (it must pass the breakpoint or watchpoint
 * that stopped it), instructions go one at a time through stepTraced, which delivers
 * the Trace interrupts.
 */
export function runEngine(cpu: Cpu, budget: number, fast: FastRunner): number {
  let remaining = budget;
  while (remaining > 0) {
    if (cpu.traceActive || cpu.resumeFlag) {
      const exit = stepTraced(cpu);
      remaining--;
      if (exit !== Exit.Budget) return exit;
      continue;
    }
    const before = retired(cpu);
    const exit = fast(cpu, remaining);
    if (exit !== TRACE_MODE) return exit;
    remaining -= Math.max(1, retired(cpu) - before);
  }
  return Exit.Budget;
}

/** The interpreter: runEngine over the fast loop (fast-loop.ts), which leaves hypervisor breakpoints to stepTraced. */
export function run(cpu: Cpu, budget: number): number {
  if (cpu.blocksCheckBreakpoints) cpu.setBlocksCheckBreakpoints(false);
  return runEngine(cpu, budget, runFast);
}
