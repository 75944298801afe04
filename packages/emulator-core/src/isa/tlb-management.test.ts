import { describe, it, expect } from '@jest/globals';
import { makeSystemMachine, bareMetal } from '../test-support/system-machine.js';
import { run } from '../interp/run.js';
import { Exit } from '../cpu/exit.js';
import { Cpu } from '../cpu/cpu.js';
import { LPCR_ILE, LPCR_HR, LPCR_GTSE, LPCR_UPRT, MSR_IR, MSR_DR, MSR_PR } from '../cpu/msr.js';
import { SPR_LPCR, SPR_SRR1 } from '../cpu/spr-numbers.js';
import { newControlBlock, CONTROL_WORDS_PER_VCPU } from '../cpu/control.js';
import { RadixTranslation } from '../mmu/radix/radix-translation.js';
import { RadixTableBuilder, READ, WRITE, EXEC, PRIV } from '../mmu/radix/test-support.js';
import { sprWord } from '../state/layout.js';
import { MSR_HI_SF, MSR_ME, MSR_LE } from '../cpu/msr.js';

/*
 * tlbie / tlbiel / tlbsync / slbia as a radix guest issues them (Book III 6.10.1; QEMU
 * do_tlbie, helper_tlbie_isa300, gen_tlbsync), with two vCPUs sharing memory and the
 * VM's control words: a tlbie on one drops the other's cached translation, a tlbiel
 * does not.
 */

const GUEST_LPCR = LPCR_ILE | LPCR_UPRT | LPCR_HR | LPCR_GTSE;
const EA = 0x100000, OLD_PAGE = 0x200000, NEW_PAGE = 0x300000;

/**
 * Two vCPUs: vCPU 1 loops loading the word at EA into r5; vCPU 0 runs `body` (which
 * gets the PTE's address in r8 and the new PTE in r9) and exits with `sc 1`.
 */
function twoVcpus(body: string, lpcr = GUEST_LPCR) {
  const a = makeSystemMachine(bareMetal(`
      lis 4, ${EA >> 16}
      ${body}
      li 3, 1
      sc 1
    reader:
      lis 4, ${EA >> 16}
    1: lwz 5, 0(4)
      b 1b`), { lpcr, msrLo: MSR_IR | MSR_DR });
  const builder = new RadixTableBuilder(a.memory, '4k', a.memory.size - (1 << 20), a.memory.size);
  const root = builder.newRoot();
  const table = builder.alloc(4096);
  builder.setProcessEntry(table, 0, root);
  for (let pa = 0; pa < 0x40000; pa += 4096) builder.map(root, BigInt(pa), pa, 4096, READ | WRITE | EXEC | PRIV);
  const pte = builder.map(root, BigInt(EA), OLD_PAGE, 4096, READ | WRITE | PRIV);
  // the tables themselves, so that the kernel can rewrite a PTE
  for (let pa = a.memory.size - (1 << 20); pa < a.memory.size; pa += 4096) builder.map(root, BigInt(pa), pa, 4096, READ | WRITE | PRIV);
  a.radix.setProcessTable(table, 12);
  a.memory.write32(OLD_PAGE, 111, true);
  a.memory.write32(NEW_PAGE, 222, true);

  // the second vCPU: same RAM and tables, its own TLB, the VM's control words
  const radixB = new RadixTranslation(a.memory);
  radixB.setProcessTable(table, 12);
  const b = new Cpu(a.memory, radixB);
  b.systemMode = true;
  b.r[sprWord(SPR_LPCR)] = lpcr;
  b.setMsr(MSR_HI_SF, MSR_ME | MSR_LE | MSR_IR | MSR_DR);
  const controls = newControlBlock(2);
  a.cpu.controls = controls; a.cpu.controlBase = 0; a.cpu.index = 0;
  b.controls = controls; b.controlBase = CONTROL_WORDS_PER_VCPU; b.index = 1;
  a.cpu.state.setGpr(8, BigInt(pte));
  // the new PTE: same flags, real page NEW_PAGE (PTEs are big-endian doublewords)
  const oldPte = (BigInt(a.memory.read32(pte, false) >>> 0) << 32n) | BigInt(a.memory.read32(pte + 4, false) >>> 0);
  a.cpu.state.setGpr(9, (oldPte & ~0x000f_ffff_ffff_f000n) | BigInt(NEW_PAGE));
  return { a: a.cpu, b, memory: a.memory };
}

/** Starts vCPU b at the `reader` loop: the instruction after the first `sc 1` at or after ENTRY. */
function startReader(b: Cpu, a: Cpu): void {
  const mem = a.memory;
  let pa = Number(a.state.nip);
  while (mem.read32(pa, true) !== 0x44000022) pa += 4;
  b.state.nip = BigInt(pa + 4);
}

const INVALIDATE = `
      stdbrx 9, 0, 8   # PTEs are big-endian
      ptesync
      li 10, 0
      oris 10, 10, ${EA >> 16}
      li 11, 0`;

describe('tlbie with two vCPUs', () => {
  it('a tlbie on vCPU 0 drops the translation vCPU 1 cached; vCPU 1 then reads the new page', () => {
    const { a, b } = twoVcpus(`${INVALIDATE}
      tlbie 10, 11, 0, 1, 1
      eieio
      tlbsync
      ptesync`);
    startReader(b, a);
    expect(run(b, 200)).toBe(Exit.Budget);
    expect(b.state.gpr(5)).toBe(111n);
    expect(run(a, 1000)).toBe(Exit.Hypercall);
    expect(a.state.gpr(3)).toBe(1n);
    expect(run(b, 200)).toBe(Exit.Budget);
    expect(b.state.gpr(5)).toBe(222n);
  });

  it('a tlbiel on vCPU 0 leaves vCPU 1 with its stale translation (as the ISA allows)', () => {
    const { a, b } = twoVcpus(`${INVALIDATE}
      tlbiel 10, 11, 0, 1, 1
      ptesync
      lwz 12, 0(4)`);
    startReader(b, a);
    expect(run(b, 200)).toBe(Exit.Budget);
    expect(run(a, 1000)).toBe(Exit.Hypercall);
    expect(a.state.gpr(12)).toBe(222n);
    expect(run(b, 200)).toBe(Exit.Budget);
    expect(b.state.gpr(5)).toBe(111n);
  });

  it('every valid form drops everything: by PID (IS=1), RIC=2 with IS=3, slbia', () => {
    for (const invalidate of ['li 10, 0x400\n  tlbie 10, 11, 0, 1, 1', 'li 10, 0xc00\n  tlbie 10, 11, 2, 1, 1']) {
      const { a, b } = twoVcpus(`${INVALIDATE}
      ${invalidate}
      tlbsync
      ptesync`);
      startReader(b, a);
      expect(run(b, 200)).toBe(Exit.Budget);
      expect(run(a, 1000)).toBe(Exit.Hypercall);
      expect(run(b, 200)).toBe(Exit.Budget);
      expect(b.state.gpr(5)).toBe(222n);
    }
    const { a } = twoVcpus(`
      lwz 12, 0(4)
      stdbrx 9, 0, 8   # PTEs are big-endian
      lwz 13, 0(4)
      slbia
      lwz 14, 0(4)`);
    expect(run(a, 1000)).toBe(Exit.Hypercall);
    expect([a.state.gpr(12), a.state.gpr(13), a.state.gpr(14)]).toEqual([111n, 111n, 222n]);
  });
});

describe('tlbie privilege and instruction forms', () => {
  const single = (body: string, lpcr: number, msrLo = 0): { exit: number; vector: number; srr1: bigint } => {
    const { cpu } = makeSystemMachine(bareMetal(`${body}\n  li 3, 1\n  sc 1`), { lpcr, msrLo });
    const exit = run(cpu, 100);
    return { exit, vector: Number(cpu.state.gpr(3)), srr1: cpu.state.spr(SPR_SRR1) };
  };

  it('LPCR[GTSE]=0 makes tlbie and tlbsync the hypervisor\'s (HEAI); tlbiel stays allowed', () => {
    const noGtse = LPCR_ILE | LPCR_UPRT | LPCR_HR;
    expect(single('li 10, 0xc00\n  tlbie 10, 0, 2, 1, 1', noGtse).exit).toBe(Exit.HypervisorEmulationAssistance);
    expect(single('tlbsync', noGtse).exit).toBe(Exit.HypervisorEmulationAssistance);
    expect(single('li 10, 0xc00\n  tlbiel 10, 0, 2, 1, 1', noGtse).vector).toBe(1);
    expect(single('li 10, 0xc00\n  tlbie 10, 0, 2, 1, 1\n  tlbsync', GUEST_LPCR).vector).toBe(1);
  });

  it('partition-scoped (PRS=0) invalidations of a radix host are the hypervisor\'s; problem state gets a privileged Program interrupt', () => {
    expect(single('li 10, 0xc00\n  tlbiel 10, 0, 2, 0, 1', GUEST_LPCR).exit).toBe(Exit.HypervisorEmulationAssistance);
    expect(single('li 10, 0xc00\n  tlbie 10, 0, 2, 0, 1', GUEST_LPCR).exit).toBe(Exit.HypervisorEmulationAssistance);
    const user = single('li 10, 0xc00\n  tlbiel 10, 0, 2, 1, 1', GUEST_LPCR, MSR_PR);
    expect(user.vector).toBe(0x700);
    expect(user.srr1 & 0x00040000n).toBe(0x00040000n);
  });

  it('invalid radix forms are a Program interrupt (illegal), as QEMU\'s helper_tlbie_isa300', () => {
    for (const body of [
      'li 10, 0xc00\n  tlbie 10, 0, 3, 1, 1', // RIC=3
      'li 10, 0\n  tlbie 10, 0, 2, 1, 1', // RIC=2 with IS=0
      'li 10, 0\n  tlbiel 10, 0, 1, 1, 1', // RIC=1 with IS=0
      'li 10, 0x60\n  tlbie 10, 0, 0, 1, 1', // IS=0 with AP=3 (no such page size)
      'lis 10, 1\n  ori 10, 10, 0xc00\n  tlbiel 10, 0, 1, 1, 1', // tlbiel RIC=1 with set 16
    ]) {
      const r = single(body, GUEST_LPCR);
      expect(r.vector).toBe(0x700);
      expect(r.srr1 & 0x00080000n).toBe(0x00080000n);
    }
    // PRS=0 with IS=1 is invalid too, seen where PRS=0 is not the hypervisor's (HR=0)
    const r = single('li 10, 0x400\n  tlbiel 10, 0, 0, 0, 1', LPCR_ILE | LPCR_GTSE);
    expect(r.vector).toBe(0x700);
    // the HPT form (R=0) has no radix checks: it drops everything
    expect(single('li 10, 0\n  tlbiel 10, 0, 3, 1, 0', LPCR_ILE | LPCR_GTSE).vector).toBe(1);
  });
});
