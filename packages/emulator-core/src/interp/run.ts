import type { Cpu } from '../cpu/cpu.js';
import { Exit } from '../cpu/exit.js';
import { W_INSN_COUNT } from '../state/layout.js';
import { runFast, TRACE_MODE } from './fast-loop.js';
import { stepTraced } from './trace-step.js';

const retired = (cpu: Cpu): number => (cpu.r[W_INSN_COUNT + 1]! >>> 0) * 4294967296 + (cpu.r[W_INSN_COUNT]! >>> 0);

/**
 * Runs the vCPU from NIP for at most `budget` instructions and returns an Exit code
 * (cpu/exit.ts). The fast loop (fast-loop.ts) runs whenever no Trace interrupt can
 * be due; while MSR[SE], MSR[BE] or the CIABR is active, instructions go one at a
 * time through stepTraced, which delivers the Trace interrupts.
 */
export function run(cpu: Cpu, budget: number): number {
  let remaining = budget;
  while (remaining > 0) {
    // one instruction at a time while tracing, and for the first instruction after a
    // debug resume (it must pass the breakpoint or watchpoint that stopped it)
    if (cpu.traceActive || cpu.resumeFlag) {
      const exit = stepTraced(cpu);
      remaining--;
      if (exit !== Exit.Budget) return exit;
      continue;
    }
    const before = retired(cpu);
    const exit = runFast(cpu, remaining);
    if (exit !== TRACE_MODE) return exit;
    remaining -= Math.max(1, retired(cpu) - before);
  }
  return Exit.Budget;
}
