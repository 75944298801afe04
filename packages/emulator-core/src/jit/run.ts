import type { Cpu } from '../cpu/cpu.js';
import { Exit } from '../cpu/exit.js';
import { W_INSN_COUNT } from '../state/layout.js';
import { TRACE_MODE } from '../interp/fast-loop.js';
import { stepTraced } from '../interp/trace-step.js';
import { runBlocks } from './run-blocks.js';

const retired = (cpu: Cpu): number => (cpu.r[W_INSN_COUNT + 1]! >>> 0) * 4294967296 + (cpu.r[W_INSN_COUNT]! >>> 0);

/**
 * `run` (interp/run.ts) with the translator: the same contract — at most `budget`
 * instructions, an Exit code — and the same Trace rule: while MSR[SE], MSR[BE], the
 * CIABR or a hypervisor single step is active, and for the first instruction after a
 * debug resume, instructions go one at a time through the interpreter's stepTraced,
 * which delivers the Trace interrupts; translated blocks run only when no Trace
 * interrupt can be due.
 */
export function runJit(cpu: Cpu, budget: number): number {
  let remaining = budget;
  while (remaining > 0) {
    if (cpu.traceActive || cpu.resumeFlag) {
      const exit = stepTraced(cpu);
      remaining--;
      if (exit !== Exit.Budget) return exit;
      continue;
    }
    const before = retired(cpu);
    const exit = runBlocks(cpu, remaining);
    if (exit !== TRACE_MODE) return exit;
    remaining -= Math.max(1, retired(cpu) - before);
  }
  return Exit.Budget;
}
