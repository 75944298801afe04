import type { Cpu } from '../cpu/cpu.js';
import { runEngine } from '../interp/run.js';
import { runBlocks } from './run-blocks.js';

/**
 * `run` (interp/run.ts) with the translator: the same framing and Trace rule, with
 * translated blocks (run-blocks.ts) as the untraced runner. The hypervisor's
 * instruction breakpoints are checked by run-blocks.ts per block, not by going one
 * instruction at a time everywhere (Cpu.blocksCheckBreakpoints).
 */
export function runJit(cpu: Cpu, budget: number): number {
  if (!cpu.blocksCheckBreakpoints) cpu.setBlocksCheckBreakpoints(true);
  return runEngine(cpu, budget, runBlocks);
}
