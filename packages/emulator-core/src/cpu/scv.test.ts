import { describe, it, expect } from '@jest/globals';
import { makeSystemMachine, bareMetal, mapKernelLinear, ENTRY } from '../test-support/system-machine.js';
import { makeMachine, CODE_BASE } from '../test-support/machine.js';
import { run } from '../interp/run.js';
import { Exit } from './exit.js';
import type { Cpu } from './cpu.js';
import { LPCR_ILE, MSR_EE, MSR_RI, MSR_IR, MSR_DR, MSR_PR, MSR_LE, MSR_ME, MSR_FP, MSR_HI_SF } from './msr.js';
import { SPR_SRR0, SPR_SRR1, SPR_LR, SPR_CTR, SPR_FSCR, SPR_HEIR } from './spr-numbers.js';
import { FSCR_LG, fscrBit } from './fscr.js';
import { READ, WRITE, EXEC, PRIV } from '../mmu/radix/test-support.js';

/*
 * System Call Vectored (ISA 3.0 Book III 7.5) and rfscv, as QEMU 7.2's
 * powerpc_excp_books / helper_scv / helper_rfscv model them: exact state after each.
 */

const AIL2 = 0x01000000, AIL3 = 0x01800000;
const SF = BigInt(MSR_HI_SF >>> 0) << 32n;
const SCV_ON = BigInt(fscrBit(FSCR_LG.SCV));

function hypercallVector(cpu: Cpu, budget = 10_000): number {
  expect(run(cpu, budget)).toBe(Exit.Hypercall);
  return Number(cpu.state.gpr(3));
}

describe('scv LEV', () => {
  it('with FSCR[SCV]=0 is Facility Unavailable: SRR0 the scv, FSCR[IC] = 12', () => {
    const { cpu } = makeSystemMachine(bareMetal(`
      li 4, 1
      scv 0`), { lpcr: LPCR_ILE });
    cpu.state.setSpr(SPR_FSCR, 0x0500000000000000n); // an old IC is replaced
    expect(hypercallVector(cpu)).toBe(0xf60);
    expect(cpu.state.spr(SPR_SRR0)).toBe(BigInt(ENTRY + 4));
    expect(cpu.state.spr(SPR_FSCR)).toBe(0x0c00000000000000n);
  });

  it('scv 0 in real mode: NIP 0x17000, LR the next instruction, CTR the MSR, SRR0/SRR1 untouched, EE and RI kept', () => {
    const { cpu } = makeSystemMachine(bareMetal(`
      scv 0
      nop`), { lpcr: LPCR_ILE, msrLo: MSR_EE | MSR_RI | MSR_FP });
    cpu.state.setSpr(SPR_FSCR, SCV_ON);
    cpu.state.setSpr(SPR_SRR0, 0x1111n); cpu.state.setSpr(SPR_SRR1, 0x2222n);
    const msrBefore = cpu.state.msr;
    expect(run(cpu, 1)).toBe(Exit.Budget);
    expect(cpu.state.nip).toBe(0x17000n);
    expect(cpu.state.spr(SPR_LR)).toBe(BigInt(ENTRY + 4));
    expect(cpu.state.spr(SPR_CTR)).toBe(msrBefore);
    expect(cpu.state.spr(SPR_SRR0)).toBe(0x1111n);
    expect(cpu.state.spr(SPR_SRR1)).toBe(0x2222n);
    expect(cpu.state.msr).toBe(SF | BigInt(MSR_ME | MSR_LE | MSR_EE | MSR_RI));
    expect(hypercallVector(cpu)).toBe(0x17000);
  });

  it('scv 1 enters 0x20 further on', () => {
    const { cpu } = makeSystemMachine(bareMetal(`scv 1`), { lpcr: LPCR_ILE });
    cpu.state.setSpr(SPR_FSCR, SCV_ON);
    expect(hypercallVector(cpu)).toBe(0x17020);
    expect(cpu.state.msr).toBe(SF | BigInt(MSR_ME | MSR_LE));
  });

  it('AIL=3 from a relocated context: 0xC000000000003000 + 0x20 × LEV with IR and DR', () => {
    const { cpu, memory, radix } = makeSystemMachine(bareMetal(`scv 1`), { lpcr: LPCR_ILE | AIL3, msrLo: MSR_IR | MSR_DR });
    mapKernelLinear(memory, radix, 0x40000, READ | WRITE | EXEC | PRIV);
    cpu.state.setSpr(SPR_FSCR, SCV_ON);
    expect(run(cpu, 1)).toBe(Exit.Budget);
    expect(cpu.state.nip).toBe(0xc000000000003020n);
    expect(cpu.state.msr).toBe(SF | BigInt(MSR_ME | MSR_LE | MSR_IR | MSR_DR));
    expect(cpu.state.spr(SPR_LR)).toBe(BigInt(ENTRY + 4));
  });

  it('AIL=2 turns relocation on without moving the vector; AIL=3 from real mode does nothing', () => {
    const a = makeSystemMachine(bareMetal(`scv 0`), { lpcr: LPCR_ILE | AIL2, msrLo: MSR_IR | MSR_DR });
    mapKernelLinear(a.memory, a.radix, 0x40000, READ | WRITE | EXEC | PRIV);
    a.cpu.state.setSpr(SPR_FSCR, SCV_ON);
    expect(run(a.cpu, 1)).toBe(Exit.Budget);
    expect(a.cpu.state.nip).toBe(0x17000n);
    expect(a.cpu.state.msr).toBe(SF | BigInt(MSR_ME | MSR_LE | MSR_IR | MSR_DR));

    const b = makeSystemMachine(bareMetal(`scv 0`), { lpcr: LPCR_ILE | AIL3 });
    b.cpu.state.setSpr(SPR_FSCR, SCV_ON);
    expect(run(b.cpu, 1)).toBe(Exit.Budget);
    expect(b.cpu.state.nip).toBe(0x17000n);
    expect(b.cpu.state.msr).toBe(SF | BigInt(MSR_ME | MSR_LE));
  });

  it('a problem-state scv 0 and the kernel\'s rfscv: back at the next instruction with the MSR from CTR', () => {
    const { cpu, memory, radix } = makeSystemMachine(bareMetal(`
      lis 5, user@h
      ori 5, 5, user@l
      mtsrr0 5
      li 6, 0
      ori 6, 6, ${MSR_PR | MSR_IR | MSR_DR | MSR_EE | MSR_LE}
      mtsrr1 6
      rfid
    user:
      li 0, 7
      scv 0
      mr 9, 3
      li 3, 99
      sc 1`, {
      // the scv 0 entry: r3 = r0 + 100, return
      [0x17000]: `  mr 3, 0\n  addi 3, 3, 100\n  rfscv`,
    }), { lpcr: LPCR_ILE });
    mapKernelLinear(memory, radix, 0x40000, READ | WRITE | EXEC);
    cpu.state.setSpr(SPR_FSCR, SCV_ON);
    // the user's sc 1 is privileged: a Program interrupt, whose stub exits with r3 = 0x700
    expect(hypercallVector(cpu)).toBe(0x700);
    expect(cpu.state.gpr(9)).toBe(107n);
    // rfid kept ME and, SRR1 having no SF, the user ran in 32-bit mode
    const userMsr = BigInt(MSR_PR | MSR_IR | MSR_DR | MSR_EE | MSR_LE | MSR_ME);
    expect(cpu.state.spr(SPR_CTR)).toBe(userMsr);
    expect(cpu.state.spr(SPR_SRR1) & 0xffffn).toBe(userMsr);
  });

  it('rfscv in problem state is privileged; rfscv clears LR bits 62:63 and in 32-bit mode the high word', () => {
    const a = makeSystemMachine(bareMetal(`rfscv`), { lpcr: LPCR_ILE, msrLo: MSR_PR });
    expect(hypercallVector(a.cpu)).toBe(0x700);
    expect(a.cpu.state.spr(SPR_SRR1) & 0x00040000n).toBe(0x00040000n);

    const b = makeSystemMachine(bareMetal(`rfscv`), { lpcr: LPCR_ILE });
    b.cpu.state.setSpr(SPR_LR, 0x1234_0000_0002_0103n);
    b.cpu.state.setSpr(SPR_CTR, BigInt(MSR_ME | MSR_LE)); // SF clear: 32-bit mode
    expect(run(b.cpu, 1)).toBe(Exit.Budget);
    expect(b.cpu.state.nip).toBe(0x20100n);
    expect(b.cpu.state.msr).toBe(BigInt(MSR_ME | MSR_LE));
  });

  it('bits 30:31 = 0b00 or 0b11 and set reserved bits are illegal (HEAI)', () => {
    for (const word of [0x44000000, 0x44000003, 0x44000005 | (1 << 12), 0x44000002 | (1 << 2)]) {
      const { cpu } = makeSystemMachine(bareMetal(`.long ${word}`), { lpcr: LPCR_ILE });
      cpu.state.setSpr(SPR_FSCR, SCV_ON);
      expect(run(cpu, 10)).toBe(Exit.HypervisorEmulationAssistance);
      expect(cpu.state.spr(SPR_HEIR)).toBe(BigInt(word));
    }
  });
});

describe('scv in the Linux-user runner', () => {
  it('exits as a system call with NIP, LR and CTR as the kernel leaves them', () => {
    const m = makeMachine(`
      li 0, 20
      scv 0`);
    const msr = m.cpu.state.msr;
    expect(run(m.cpu, 100)).toBe(Exit.SystemCall);
    expect(m.cpu.state.nip).toBe(BigInt(CODE_BASE + 8));
    expect(m.cpu.state.spr(SPR_LR)).toBe(BigInt(CODE_BASE + 8));
    expect(m.cpu.state.spr(SPR_CTR)).toBe(msr);
  });
});
