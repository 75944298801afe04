import { describe, it, expect } from '@jest/globals';
import { makeSystemMachine, bareMetal } from '../test-support/system-machine.js';
import { run } from '../interp/run.js';
import { Exit } from './exit.js';
import type { Cpu } from './cpu.js';
import { LPCR_ILE, MSR_IR, MSR_DR, MSR_PR, MSR_EE, MSR_LE } from './msr.js';
import { SPR_DAR, SPR_DSISR, SPR_SRR0, SPR_SRR1 } from './spr-numbers.js';
import { RadixTableBuilder, READ, WRITE, EXEC, PRIV } from '../mmu/radix/test-support.js';

/*
 * KUAP / KUEP: storage key 0 of AMR and IAMR under radix (ISA 3.0B Book III 6.7.13;
 * QEMU mmu-radix64.c ppc_radix64_check_prot / ppc_radix64_get_prot_amr). Privileged
 * code loses the rights key 0 denies on non-privileged pages only; problem state and
 * privileged pages are not affected. Exact state after each program.
 */

const USER_DATA = 0x30000;
const USER_CODE = 0x31000;
/** AMR key 0: bit 0 denies stores, bit 1 loads; IAMR key 0 bit 1 denies fetches. */
const KEY0_NO_STORE = '0x8000', KEY0_NO_LOAD = '0x4000';

/**
 * A relocated supervisor running `body` from privileged pages; one non-privileged data
 * page (USER_DATA, holding 0x1122334455667788) and one non-privileged code page
 * (USER_CODE: `li 22, 1; blr`). Ends with `sc 1` (r3 = 1) or at a vector's stub.
 */
function machine(body: string, msrLo = MSR_IR | MSR_DR, userCode = [0x38c00001 /* li 6,1 */, 0x4e800020 /* blr */]): Cpu {
  const m = makeSystemMachine(bareMetal(`${body}\n  li 3, 1\n  sc 1`), { lpcr: LPCR_ILE, msrLo });
  const b = new RadixTableBuilder(m.memory, '4k', m.memory.size - (1 << 20), m.memory.size);
  const root = b.newRoot();
  const table = b.alloc(4096);
  b.setProcessEntry(table, 0, root);
  for (let pa = 0; pa < 0x30000; pa += 4096) b.map(root, BigInt(pa), pa, 4096, READ | WRITE | EXEC | PRIV);
  b.map(root, BigInt(USER_DATA), USER_DATA, 4096, READ | WRITE);
  b.map(root, BigInt(USER_CODE), USER_CODE, 4096, READ | EXEC);
  m.radix.setProcessTable(table, 12);
  m.memory.write32(USER_DATA, 0x55667788, true); m.memory.write32(USER_DATA + 4, 0x11223344, true);
  userCode.forEach((w, i) => m.memory.write32(USER_CODE + 4 * i, w, true));
  expect(run(m.cpu, 10_000)).toBe(Exit.Hypercall);
  return m.cpu;
}
const setKey = (spr: number, value: string): string => `lis 9, ${value}\n  sldi 9, 9, 32\n  mtspr ${spr}, 9`;
const vector = (c: Cpu): number => Number(c.state.gpr(3));

describe('KUAP: AMR key 0 against privileged access to non-privileged pages', () => {
  it('a load after the AMR denies loads is a DSI (PROTFAULT), though the page was just translated', () => {
    const c = machine(`
      lis 5, ${USER_DATA >> 16}
      ld 21, 0(5)
      ${setKey(29, KEY0_NO_LOAD)}
    load:
      ld 20, 0(5)`);
    expect(c.state.gpr(21)).toBe(0x1122334455667788n);
    expect(vector(c)).toBe(0x300);
    expect(c.state.spr(SPR_DSISR)).toBe(0x08000000n);
    expect(c.state.spr(SPR_DAR)).toBe(BigInt(USER_DATA));
    expect(c.state.gpr(20)).toBe(0n);
  });

  it('store denied: DSI with PROTFAULT and the store bit; loads still allowed; privileged pages untouched', () => {
    const c = machine(`
      ${setKey(29, KEY0_NO_STORE)}
      lis 5, ${USER_DATA >> 16}
      ld 21, 0(5)
      lis 7, 0x2
      std 21, 0x100(7)
      std 21, 0(5)`);
    expect(c.state.gpr(21)).toBe(0x1122334455667788n);
    expect(vector(c)).toBe(0x300);
    expect(c.state.spr(SPR_DSISR)).toBe(0x0a000000n);
  });

  it('unlocking again (AMR = 0) allows the access', () => {
    const c = machine(`
      ${setKey(29, KEY0_NO_LOAD)}
      li 9, 0
      mtspr 29, 9
      lis 5, ${USER_DATA >> 16}
      ld 20, 0(5)`);
    expect(vector(c)).toBe(1);
    expect(c.state.gpr(20)).toBe(0x1122334455667788n);
  });

  it('problem state is not affected by the AMR key 0 bits', () => {
    const c = machine(`
      ${setKey(29, KEY0_NO_LOAD)}
      lis 5, ${USER_CODE >> 16}
      ori 5, 5, ${USER_CODE & 0xffff}
      mtsrr0 5
      li 6, 0
      ori 6, 6, ${MSR_PR | MSR_IR | MSR_DR | MSR_EE | MSR_LE}
      mtsrr1 6
      lis 5, ${USER_DATA >> 16}
      rfid`, MSR_IR | MSR_DR, [0xea850000 /* ld 20,0(5) */, 0x44000022 /* sc 1: privileged here */]);
    expect(vector(c)).toBe(0x700);
    expect(c.state.spr(SPR_SRR0)).toBe(BigInt(USER_CODE + 4));
    expect(c.state.gpr(20)).toBe(0x1122334455667788n);
  });
});

describe('KUEP: IAMR key 0 against privileged execution of non-privileged pages', () => {
  it('a call into a user page is an ISI (SRR1 0x10000000) once IAMR denies it, and runs before', () => {
    const ok = machine(`
      lis 5, ${USER_CODE >> 16}
      ori 5, 5, ${USER_CODE & 0xffff}
      mtctr 5
      bctrl`);
    expect(vector(ok)).toBe(1);
    expect(ok.state.gpr(6)).toBe(1n);
    const denied = machine(`
      ${setKey(61, KEY0_NO_LOAD)}
      lis 5, ${USER_CODE >> 16}
      ori 5, 5, ${USER_CODE & 0xffff}
      mtctr 5
      bctrl`);
    expect(vector(denied)).toBe(0x400);
    expect(denied.state.spr(SPR_SRR0)).toBe(BigInt(USER_CODE));
    expect(denied.state.spr(SPR_SRR1) & 0x10000000n).toBe(0x10000000n);
    expect(denied.state.gpr(6)).toBe(0n);
  });
});
