/**
 * The SMP guest's final state on both engines: every vCPU retires exactly the
 * instructions of guests/smp-loop.S and ends with the loop's sums, run after run.
 */
import { describe, it, expect } from '@jest/globals';
import { ENGINES } from '@hvstep/emulator-core';
import { LoopVm, instructionsPerRun } from './loop-vm.js';

/** r4 and r5 after the loop, computed here step by step as the guest does them. */
function loopSums(iterations: number): { r4: bigint; r5: bigint } {
  let r3 = 0n, r4 = 0n, r5 = 0n;
  for (let i = 0; i < iterations; i++) { r3 += 1n; r4 += r3; r5 ^= r4; }
  return { r4, r5 };
}

describe('the SMP register-loop guest', () => {
  for (const engine of ENGINES) {
    it(`${engine}: 3 vCPUs on worker threads retire 6 + 5n instructions each and end with the loop's sums`, async () => {
      const vm = LoopVm.create(engine, 3);
      try {
        for (const n of [1, 1000, 54_321]) {
          const run = await vm.run(n);
          expect(run.perVcpu).toEqual([instructionsPerRun(n), instructionsPerRun(n), instructionsPerRun(n)]);
          expect(run.instructions).toBe(3 * instructionsPerRun(n));
          expect(run.seconds).toBeGreaterThan(0);
          const { r4, r5 } = loopSums(n);
          for (const v of vm.vcpus) {
            const regs = v.getRegs();
            expect(regs.gpr[3]).toBe(0n); // H_SUCCESS from the done hypercall
            expect(regs.gpr[4]).toBe(r4);
            expect(regs.gpr[5]).toBe(r5);
            expect(regs.gpr[6]).toBe(BigInt(n));
          }
        }
      } finally {
        await vm.destroy();
      }
    });
  }

  it('refuses a run without iterations (the loop would run 2^64 times) and an empty VM', async () => {
    const vm = LoopVm.create('interp', 1);
    try {
      await expect(vm.run(0)).rejects.toThrow(/iterations must be a positive integer, not 0/);
    } finally {
      await vm.destroy();
    }
    expect(() => LoopVm.create('jit', 0)).toThrow(/vCPU count must be a positive integer, not 0/);
  });
});
