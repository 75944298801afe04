import { sprWord, SPR_PID } from '@hvstep/emulator-core';
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
      // PID from the register file: the main thread's runner may have run the vCPU last
      return runner.radix.describe(hi, lo, runner.cpu.r[sprWord(SPR_PID)]!);
    },
    async statistics() {
      return { instructions: runner.cpu.state.instructionCount, exits: { ...runner.exitCounts } };
    },
  };
}

/**
 * The worker's inspector with the exits of the main thread's runner added (the brief
 * runs a debugger's steps and continues start with: Vcpu.runInline).
 */
export function withMainThreadExits(remote: VcpuInspector, main: VcpuRunner): VcpuInspector {
  return {
    describeTranslation: (ea) => remote.describeTranslation(ea),
    async statistics() {
      const s = await remote.statistics();
      const exits = { ...s.exits };
      for (const [name, n] of Object.entries(main.exitCounts)) exits[name] = (exits[name] ?? 0) + n;
      return { instructions: s.instructions, exits };
    },
  };
}
