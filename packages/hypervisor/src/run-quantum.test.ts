/**
 * The run's first quantum (shared.ts CTL_QUANTUM): a kick that comes before a vCPU's
 * thread has even started its run — a debugger's all-stop right behind a resume —
 * still lets it retire FIRST_QUANTUM instructions, and an idle (ceded) vCPU takes a
 * kick at once. Without the quantum, the first case retires nothing: the thread sees
 * the stop request before its first instruction.
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
      // exactly the quantum: the kick was held until it ended, then taken at once
      expect(v.state.instructionCount - before).toBe(BigInt(FIRST_QUANTUM));
    }
    // a kick that came while the vCPU was out of the guest is held the same way
    v.kick();
    const before = v.state.instructionCount;
    expect((await v.run()).reason).toBe('intr');
    expect(v.state.instructionCount - before).toBe(BigInt(FIRST_QUANTUM));
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
