import { describe, it, expect, afterEach } from '@jest/globals';
import { Vm } from './vm.js';
import { ExitDispatcher } from './dispatcher.js';
import { loadGuest, startAt } from './test-guest.js';
import { H_SUCCESS } from './kvm/constants.js';

const vms: Vm[] = [];
afterEach(async () => { await Promise.all(vms.splice(0).map((vm) => vm.destroy())); });

const SHARED = 0x100000;
const TORN = SHARED + 128;

/**
 * Power ISA Book II 1.4: an aligned doubleword std/ld is single-copy atomic. Linux
 * depends on it across CPUs (its qspinlock follows a `next` pointer another CPU is
 * storing): with each doubleword moved as two 32-bit halves, Debian's kernel
 * followed a pointer with the new low word and the old high word and oopsed. Here
 * every vCPU stores values whose two words are equal and loads the doubleword back
 * while the others store theirs; a load that sees two different words is torn.
 */
describe('aligned doublewords across vCPU threads', () => {
  it.each(['interp', 'jit'] as const)('std/ld are never seen torn (%s)', async (engine) => {
    const vm = new Vm({ memoryBytes: 16 << 20, maxVcpus: 2, engine });
    vms.push(vm);
    const iterations = 300_000;
    loadGuest(vm, `
      lis 9, ${SHARED >> 16}
      addi 13, 9, 128
      li 11, 0                # torn loads seen by this vCPU
      lis 10, ${iterations >> 16}
      ori 10, 10, ${iterations & 0xffff}
      mfspr 17, 1023          # PIR: each vCPU's values differ in both words
      sldi 17, 17, 24
      addi 19, 9, 256         # a start barrier: the worker threads start far apart
    0: lwarx 5, 0, 19
      addi 5, 5, 1
      stwcx. 5, 0, 19
      bne- 0b
    6: lwz 5, 0(19)
      cmpwi 5, 2
      bne 6b
    1: add 12, 10, 17
      sldi 18, 12, 32
      or 12, 12, 18           # (n << 32) | n
      std 12, 0(9)
      ld 14, 0(9)
      srdi 15, 14, 32
      clrldi 16, 14, 32
      cmpd 15, 16
      beq 2f
      addi 11, 11, 1
    2: addi 10, 10, -1
      cmpdi 10, 0
      bne 1b
    4: lwarx 5, 0, 13
      add 5, 5, 11
      stwcx. 5, 0, 13
      bne- 4b
      li 3, 0x6000
      sc 1
    5: b 5b`);
    const vcpus = [0, 1].map(() => vm.createVcpu());
    vcpus.forEach((v) => startAt(v));
    const d = new ExitDispatcher(vm).hcall(0x6000, () => H_SUCCESS);
    await Promise.all(vcpus.map(async (v) => { await d.dispatch(await v.run(), v); }));
    expect(vm.memory.read32(TORN, true)).toBe(0);
  });
});
