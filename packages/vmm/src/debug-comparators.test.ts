/**
 * Hypervisor comparators on the bundled guest's lwarx/stwcx. race, driven as GDB
 * drives them. Regressions: a `watch` on the counter livelocked (the stwcx. stopped
 * by the watchpoint had already dropped its reservation, so it failed on every
 * resume), and with any comparator armed the vCPU runs one instruction at a time and
 * takes interrupts between any two instructions, which exposed a guest exception
 * entry that clobbered CR0 before saving it (the loop's compare was lost).
 */
import { describe, it, expect, jest } from '@jest/globals';
import { DebugDriver } from './testing/debug-driver.js';

jest.setTimeout(120_000);

describe.each(['hv', 'pr'] as const)('comparators on %s', (accel) => {
  it('watch on smp_counter: each stop is the stwcx. about to store, each step stores one more', async () => {
    const d = new DebugDriver({ smp: 2, accel });
    const counter = d.sym('smp_counter');
    const read = () => { const b = d.machine.vm.memory.readBytes(Number(counter & 0xfffffffn), 4); return b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24); };
    expect(await d.target.insertWatchpoint('write', counter, 4)).toBe(true);
    let stops = 0;
    while (stops < 40) {
      const stop = await d.continueAll();
      expect(stop.reason).toBe('watch');
      const before = read();
      await d.target.removeWatchpoint('write', counter, 4);
      await d.step(stop.vcpu);
      await d.target.insertWatchpoint('write', counter, 4);
      // the watch stops a stwcx. before it knows whether it stores (as QEMU's watchpoints
      // do for a store-conditional): with the other vCPU contending, its reservation may
      // be stale, and then the step fails it (CR0[EQ]=0) and the counter stays
      const stored = (d.vcpu(stop.vcpu).state.cr & 0x20000000) !== 0;
      if (before > 0 || read() > 0) { expect(read()).toBe(stored ? before + 1 : before); stops++; }
    }
    await d.target.removeWatchpoint('write', counter, 4);
    expect(await d.finish()).toBe(0);
    expect(d.console.out).toContain('counters ok: 200000');
  });

  it('a hardware breakpoint armed from the start leaves the SMP counters exact', async () => {
    const d = new DebugDriver({ smp: 4, accel, memoryBytes: 128 << 20 });
    const at = d.local('do_syscall');
    expect(await d.target.insertBreakpoint('hw', at, 4)).toBe(true);
    const stop = await d.continueAll();
    expect(stop.reason).toBe('hwbreak');
    expect(d.vcpu(stop.vcpu).state.nip).toBe(at);
    await d.target.removeBreakpoint('hw', at, 4);
    expect(await d.finish()).toBe(0);
    expect(d.console.out).toContain('counters ok: 400000');
    expect(d.console.out).toContain('kernel: all done');
  });
});
