import { describe, it, expect, afterEach } from '@jest/globals';
import { Vm } from './vm.js';
import { loadGuest, startAt } from './test-guest.js';
import type { VcpuExit } from './exits.js';

/*
 * Vcpu.runInline: a debugger's step or continue starts on the calling thread, and the
 * vCPU's worker takes it back at its next run (worker/runner-handover.ts). What the
 * register file does not hold must survive each change of runner.
 */
const vms: Vm[] = [];
afterEach(async () => { await Promise.all(vms.splice(0).map((vm) => vm.destroy())); });

function newVm(): Vm {
  const vm = new Vm({ memoryBytes: 16 << 20, maxVcpus: 1 });
  vms.push(vm);
  return vm;
}

const nr = (exit: VcpuExit): number | string => (exit.reason === 'hcall' ? exit.nr : exit.reason);

describe('inline runs (the main thread runs a debugger\'s step or continue)', () => {
  it('the decrementer written on the worker counts on inline and back on the worker', async () => {
    const vm = newVm();
    loadGuest(vm, `
      lis 5, 0x7000
      mtdec 5
      li 3, 0x6000
      sc 1
      mfdec 6
      li 3, 0x6001
      sc 1
      mfdec 7
      li 3, 0x6002
      sc 1`);
    const v = vm.createVcpu();
    startAt(v);
    expect(nr(await v.run())).toBe(0x6000);
    const inline = v.runInline(100);
    expect(inline && nr(inline)).toBe(0x6001);
    expect(nr(await v.run())).toBe(0x6002);
    const { gpr } = v.getRegs();
    // a decrementer the runner did not know would read 0x7fffffff (never written)
    expect(gpr[6]).toBeLessThanOrEqual(0x70000000n);
    expect(gpr[7]).toBeLessThanOrEqual(gpr[6]!);
    expect(gpr[7]).toBeGreaterThan(0n);
    const stats = await v.inspector().statistics();
    expect(stats.exits).toEqual({ KVM_EXIT_PAPR_HCALL: 3 });
  });

  it('a run that outlasts the limit goes on in the worker from where it was left', async () => {
    const vm = newVm();
    loadGuest(vm, `
      li 5, 0
      lis 6, 1
    1: addi 5, 5, 1
      cmpd 5, 6
      bne 1b
      li 3, 0x6000
      sc 1`);
    const v = vm.createVcpu();
    startAt(v);
    expect(v.runInline(64)).toBeUndefined();
    expect(nr(await v.run())).toBe(0x6000);
    expect(v.getRegs().gpr[5]).toBe(0x10000n);
    // two set-up instructions, 3 per iteration, the two of the hypercall
    expect(v.state.instructionCount).toBe(2n + 3n * 0x10000n + 2n);
  });

  it('an H_CEDE met inline idles in the worker, which then runs on', async () => {
    const vm = newVm();
    loadGuest(vm, `
      li 5, 2000
      mtdec 5
      li 3, 0xe0
      sc 1
      li 3, 0x6000
      sc 1`);
    const v = vm.createVcpu();
    startAt(v);
    expect(v.runInline(100)).toBeUndefined();
    expect(nr(await v.run())).toBe(0x6000);
    expect(v.getRegs().gpr[3]).toBe(0x6000n);
  });

  it('an exit handed on with deliverOnNextRun is what the next run() returns, without running', async () => {
    const vm = newVm();
    loadGuest(vm, `
      li 3, 0x6000
      sc 1
      li 3, 0x6001
      sc 1`);
    const v = vm.createVcpu();
    startAt(v);
    const exit = v.runInline(100)!;
    expect(nr(exit)).toBe(0x6000);
    v.deliverOnNextRun(exit);
    expect(await v.run()).toBe(exit);
    expect(v.state.instructionCount).toBe(2n);
    expect(nr(await v.run())).toBe(0x6001);
  });
});
