import type { Cpu } from '../cpu/cpu.js';
import { runEngine } from '../interp/run.js';
import { runBlocks } from './run-blocks.js';

/**
 * `run` (interp/run.ts) with the translator: the same framing and Trace rule, with
 * translated blocks (run-blocks.ts) as the untraced runner.
 */
export function runJit(cpu: Cpu, budget: number): number {
  return runEngine(cpu, budget, runBlocks);
}
