import type { VcpuRunner } from './vcpu-runner.js';

/**
 * Rare, rich questions about a stopped vCPU, served from its worker over comlink
 * (the worker answers while it waits for its next run request, never while the
 * guest runs): what a debugger's monitor commands need beyond the register file.
 */
export interface VcpuInspector {
  /** The radix walk of an effective address in the vCPU's current context (PID, process table). */
  describeTranslation(ea: bigint): Promise<unknown>;
  /** Retired instructions and exits seen by the run loop. */
  statistics(): Promise<{ instructions: bigint; exits: Record<string, number> }>;
}

export function makeInspector(runner: VcpuRunner): VcpuInspector {
  return {
    async describeTranslation(ea: bigint) {
      const hi = Number((ea >> 32n) & 0xffffffffn) | 0, lo = Number(ea & 0xffffffffn) | 0;
      return runner.radix.describe(hi, lo, runner.cpu.pid);
    },
    async statistics() {
      return { instructions: runner.cpu.state.instructionCount, exits: { ...runner.exitCounts } };
    },
  };
}
