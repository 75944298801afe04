/**
 * The run's first quantum (shared.ts CTL_QUANTUM): a kick that comes before a vCPU's
 * thread has even started its run — a debugger's all-stop right behind a resume —
 * still lets it retire FIRST_QUANTUM instructions; without the quantum it retires
 * nothing (the thread sees the stop request before its first instruction). A kick that
 * came while the vCPU was stopped ends its next run at once, an exit to userspace
 * inside the quantum hands the held kick to the next run, and an idle (ceded) vCPU
 * takes a kick at once.
 */
import { describe, it, expect, afterEach } from '@jest/globals';
import { Vm } from './vm.js';
import { loadGuest, startAt } from './test-guest.js';
import { FIRST_QUANTUM } from './shared.js';
import { ENGINES } from '@hvstep/emulator-core';

const vms: Vm[] = [];
afterEach(async () => { await Promise.all(vms.splice(0).map((vm) => vm.destroy())); });

describe.each(ENGINES)('the first quantum of a run (%s)', (engine) => {
  it('a vCPU kicked before its thread starts retires FIRST_QUANTUM instructions, then stops', async () => {
    const vm = new Vm({ memoryBytes: 16 << 20, maxVcpus: 1, engine });
    vms.push(vm);
    loadGuest(vm, `
      li 4, 0
    1: addi 4, 4, 1
      b 1b`);
    const v = vm.createVcpu();
    startAt(v);
    for (let round = 1; round <= 3; round++) {
      const before = v.state.instructionCount;
      const exit = v.run();
      v.kick();
      expect((await exit).reason).toBe('intr');
      // at least the quantum (a fast thread can finish it before the kick comes, and runs on to the next look)
      expect(v.state.instructionCount - before).toBeGreaterThanOrEqual(BigInt(FIRST_QUANTUM));
    }
    // a kick that came while the vCPU was stopped is not held: the next run ends at once (KVM's immediate exit)
    v.kick();
    const before = v.state.instructionCount;
    expect((await v.run()).reason).toBe('intr');
    expect(v.state.instructionCount).toBe(before);
  });

  it('a vCPU that exits to userspace inside its quantum takes the held kick at its next run', async () => {
    const vm = new Vm({ memoryBytes: 16 << 20, maxVcpus: 1, engine });
    vms.push(vm);
    // a hypercall userspace handles, every 3 instructions (as an hvc console's writes come)
    loadGuest(vm, `
    1: li 3, 0x6000
      sc 1
      b 1b`);
    const v = vm.createVcpu();
    startAt(v);
    const exit = v.run();
    v.kick();
    expect((await exit).reason).toBe('hcall');
    const count = v.state.instructionCount;
    expect((await v.run()).reason).toBe('intr');
    expect(v.state.instructionCount).toBe(count);
  });

  it('a ceded vCPU takes a kick at once: its quantum ends when it idles', async () => {
    const vm = new Vm({ memoryBytes: 16 << 20, maxVcpus: 1, engine });
    vms.push(vm);
    // H_CEDE (0xe0) with no decrementer and no interrupt source: it idles until kicked
    loadGuest(vm, `
      li 3, 0xe0
      sc 1
      b .`);
    const v = vm.createVcpu();
    startAt(v);
    const exit = v.run();
    v.kick();
    const t0 = performance.now();
    expect((await exit).reason).toBe('intr');
    expect(v.state.instructionCount).toBe(2n); // li, sc: nothing ran past the cede
    expect(performance.now() - t0).toBeLessThan(5_000);
  });
});
