import { describe, it, expect, afterEach } from '@jest/globals';
import { Vm } from './vm.js';
import { ExitDispatcher } from './dispatcher.js';
import { loadGuest, startAt } from './test-guest.js';
import { H_SUCCESS } from './kvm/constants.js';
import type { Vcpu } from './vcpu.js';

const vms: Vm[] = [];
afterEach(async () => { await Promise.all(vms.splice(0).map((vm) => vm.destroy())); });

/** Every vCPU adds 1 to a shared counter `iterations` times with lwarx/stwcx., then reports with hcall 0x6000. */
const COUNTER = 0x100000;
const racingGuest = (iterations: number) => `
      lis 9, ${COUNTER >> 16}
      lis 10, ${iterations >> 16}
      ori 10, 10, ${iterations & 0xffff}
    1: lwarx 5, 0, 9
      addi 5, 5, 1
      stwcx. 5, 0, 9
      bne- 1b
      addi 10, 10, -1
      cmpdi 10, 0
      bne 1b
      li 3, 0x6000
      sc 1
    2: b 2b`;

describe('vCPUs on worker threads', () => {
  it('4 vCPUs race on one counter with lwarx/stwcx. and the sum is exact', async () => {
    const vm = new Vm({ memoryBytes: 16 << 20, maxVcpus: 4 });
    vms.push(vm);
    const iterations = 200_000;
    loadGuest(vm, racingGuest(iterations));
    const vcpus = [0, 1, 2, 3].map(() => vm.createVcpu());
    vcpus.forEach((v) => startAt(v));
    const done = new Set<number>();
    const d = new ExitDispatcher(vm).hcall(0x6000, (_exit, vcpu) => { done.add(vcpu.index); return H_SUCCESS; });
    d.on('intr', () => 'resume');
    // stop each vCPU once it reported: its next exit is the kick below
    const runs = vcpus.map(async (v) => {
      for (;;) {
        const exit = await v.run();
        await d.dispatch(exit, v);
        if (done.has(v.index)) return;
      }
    });
    await Promise.all(runs);
    expect(done.size).toBe(4);
    expect(vm.memory.read32(COUNTER, true)).toBe(4 * iterations);
  });

  it('4 vCPUs race with ldarx/stdcx. and lharx/sthcx.: 64-bit and halfword counters are exact too', async () => {
    const vm = new Vm({ memoryBytes: 16 << 20, maxVcpus: 4 });
    vms.push(vm);
    const iterations = 50_000;
    loadGuest(vm, `
      lis 9, ${COUNTER >> 16}
      addi 12, 9, 64          # the halfword counter, in the middle of a word
      addi 12, 12, 2
      lis 10, ${iterations >> 16}
      ori 10, 10, ${iterations & 0xffff}
    1: ldarx 5, 0, 9
      addi 5, 5, 1
      stdcx. 5, 0, 9
      bne- 1b
    2: lharx 6, 0, 12
      addi 6, 6, 1
      sthcx. 6, 0, 12
      bne- 2b
      addi 10, 10, -1
      cmpdi 10, 0
      bne 1b
      li 3, 0x6000
      sc 1
    3: b 3b`);
    // a doubleword value that crosses 2^32 during the run, to check the carry under contention
    vm.memory.write64Big(COUNTER, 0xffff0000n, true);
    const vcpus = [0, 1, 2, 3].map(() => vm.createVcpu());
    vcpus.forEach((v) => startAt(v));
    const d = new ExitDispatcher(vm).hcall(0x6000, () => H_SUCCESS);
    await Promise.all(vcpus.map(async (v) => { await d.dispatch(await v.run(), v); }));
    expect(vm.memory.read64Big(COUNTER, true)).toBe(0xffff0000n + BigInt(4 * iterations));
    expect(vm.memory.read16(COUNTER + 66, true)).toBe((4 * iterations) & 0xffff);
    expect(vm.memory.read16(COUNTER + 64, true)).toBe(0);
  });


  it('4 vCPUs race with lqarx/stqcx. on a quadword whose halves move together, and lq never sees them torn', async () => {
    const vm = new Vm({ memoryBytes: 16 << 20, maxVcpus: 4 });
    vms.push(vm);
    const iterations = 30_000;
    const TORN = COUNTER + 128; // a word counting torn reads, summed with lwarx/stwcx.
    loadGuest(vm, `
      lis 9, ${COUNTER >> 16}
      addi 13, 9, 128
      li 11, 0                # torn reads seen by this vCPU
      lis 10, ${iterations >> 16}
      ori 10, 10, ${iterations & 0xffff}
    1: lqarx 6, 0, 9          # r6 = high doubleword, r7 = low: always equal in memory
      cmpd 6, 7
      beq 2f
      addi 11, 11, 1
    2: addi 6, 6, 1
      addi 7, 7, 1
      stqcx. 6, 0, 9
      bne- 1b
      lq 14, 0(9)
      cmpd 14, 15
      beq 3f
      addi 11, 11, 1
    3: addi 10, 10, -1
      cmpdi 10, 0
      bne 1b
    4: lwarx 5, 0, 13
      add 5, 5, 11
      stwcx. 5, 0, 13
      bne- 4b
      li 3, 0x6000
      sc 1
    5: b 5b`);
    const vcpus = [0, 1, 2, 3].map(() => vm.createVcpu());
    vcpus.forEach((v) => startAt(v));
    const d = new ExitDispatcher(vm).hcall(0x6000, () => H_SUCCESS);
    await Promise.all(vcpus.map(async (v) => { await d.dispatch(await v.run(), v); }));
    expect(vm.memory.read32(TORN, true)).toBe(0);
    expect(vm.memory.read64Big(COUNTER, true)).toBe(BigInt(4 * iterations));
    expect(vm.memory.read64Big(COUNTER + 8, true)).toBe(BigInt(4 * iterations));
  });
  it('kicks stop every running vCPU; all-stop waits for all of them', async () => {
    const vm = new Vm({ memoryBytes: 16 << 20, maxVcpus: 4 });
    vms.push(vm);
    loadGuest(vm, `
    1: addi 4, 4, 1
      b 1b`);
    const vcpus = [0, 1, 2, 3].map(() => vm.createVcpu());
    vcpus.forEach((v) => startAt(v));
    const exits = vcpus.map((v) => v.run());
    // wait until every vCPU thread is really executing the guest (the register file is shared)
    const progressed = (v: Vcpu, than: bigint) => v.state.gpr(4) > than;
    while (!vcpus.every((v) => progressed(v, 0n))) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(vcpus.every((v) => v.running)).toBe(true);
    const ms = await vm.stopAll();
    const results = await Promise.all(exits);
    expect(results.map((e) => e.reason)).toEqual(['intr', 'intr', 'intr', 'intr']);
    expect(vcpus.every((v) => !v.running)).toBe(true);
    expect(vcpus.every((v) => v.getRegs().gpr[4]! > 0n)).toBe(true);
    expect(ms).toBeGreaterThanOrEqual(0);
    // they resume where they stopped
    const before = vcpus[0]!.getRegs().gpr[4]!;
    const again = vcpus[0]!.run();
    while (!progressed(vcpus[0]!, before)) await new Promise((resolve) => setTimeout(resolve, 5));
    vcpus[0]!.kick();
    expect((await again).reason).toBe('intr');
    expect(vcpus[0]!.getRegs().gpr[4]!).toBeGreaterThan(before);
  });

  it('a stopped vCPU answers rich questions from its own thread over comlink', async () => {
    const vm = new Vm({ memoryBytes: 16 << 20, maxVcpus: 1 });
    vms.push(vm);
    loadGuest(vm, `
      li 3, 0x6300
      sc 1`);
    const v = vm.createVcpu();
    startAt(v);
    expect((await v.run()).reason).toBe('hcall');
    const stats = await v.inspector().statistics();
    expect(stats.instructions).toBe(2n);
    expect(stats.exits).toEqual({ KVM_EXIT_PAPR_HCALL: 1 });
    const walk = await v.inspector().describeTranslation(0xc000000000001000n) as { fault?: unknown };
    expect(walk).toBeDefined();
  });

  it('H_CEDE idles until H_PROD from another vCPU wakes it', async () => {
    const vm = new Vm({ memoryBytes: 16 << 20, maxVcpus: 2 });
    vms.push(vm);
    // vCPU 0 cedes then reports; vCPU 1 waits a little, prods vCPU 0, reports
    loadGuest(vm, `
      cmpdi 3, 0
      bne 1f
      li 3, 0xe0              # H_CEDE
      sc 1
      li 3, 0x6100
      sc 1
    1: lis 5, 0x40
    2: addi 5, 5, -1
      cmpdi 5, 0
      bne 2b
      li 3, 0xe8              # H_PROD(0)
      li 4, 0
      sc 1
      li 3, 0x6101
      sc 1`);
    const [a, b] = [vm.createVcpu(), vm.createVcpu()];
    startAt(a); startAt(b);
    const [ea, eb] = await Promise.all([a.run(), b.run()]);
    expect(ea.reason === 'hcall' && ea.nr).toBe(0x6100);
    expect(eb.reason === 'hcall' && eb.nr).toBe(0x6101);
  });

  it('an H_PROD sent before the target cedes still wakes it, and a pending doorbell ends a cede', async () => {
    const vm = new Vm({ memoryBytes: 16 << 20, maxVcpus: 2 });
    vms.push(vm);
    // vCPU 1 prods 0 then raises a flag; vCPU 0 waits for the flag, then cedes (no DEC armed)
    loadGuest(vm, `
      lis 9, 0x10
      cmpdi 3, 0
      bne 1f
    2: lwz 5, 0(9)
      cmpwi 5, 1
      bne 2b
      li 3, 0xe0
      sc 1
      li 3, 0x6400
      sc 1
    1: li 3, 0xe8
      li 4, 0
      sc 1
      li 5, 1
      stw 5, 0(9)
      li 3, 0x6401
      sc 1`);
    const [a, b] = [vm.createVcpu(), vm.createVcpu()];
    startAt(a); startAt(b);
    const [ea, eb] = await Promise.all([a.run(), b.run()]);
    expect(ea.reason === 'hcall' && ea.nr).toBe(0x6400);
    expect(eb.reason === 'hcall' && eb.nr).toBe(0x6401);
  });

  it('a worker that dies fails the VM: its run() reports the failure and the other vCPUs are stopped', async () => {
    const vm = new Vm({ memoryBytes: 16 << 20, maxVcpus: 2 });
    vms.push(vm);
    loadGuest(vm, `
    1: addi 4, 4, 1
      b 1b`);
    const [a, b] = [vm.createVcpu(), vm.createVcpu()];
    startAt(a); startAt(b);
    const failures: string[] = [];
    vm.onFailure((e) => failures.push(e));
    const d = new ExitDispatcher(vm).on('intr', () => 'resume');
    const all = d.runAll([a, b]);
    while (a.state.gpr(4) === 0n || b.state.gpr(4) === 0n) await new Promise((resolve) => setTimeout(resolve, 5));
    // kill vCPU 0's thread from outside, as a crash would
    await (a as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    await expect(all).rejects.toThrow(/vCPU 0/);
    expect(failures.length).toBe(1);
    expect(vm.failed).toMatch(/worker exited/);
    expect(b.running).toBe(false);
    expect(() => vm.createVcpu()).toThrow(/VM failed/);
  });
});
