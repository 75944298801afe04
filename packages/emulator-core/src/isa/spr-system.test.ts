import { describe, it, expect } from '@jest/globals';
import { makeSystemMachine, bareMetal, mapKernelLinear, ENTRY } from '../test-support/system-machine.js';
import { run } from '../interp/run.js';
import { Exit } from '../cpu/exit.js';
import type { Cpu } from '../cpu/cpu.js';
import { LPCR_ILE, MSR_PR, MSR_IR, MSR_DR, MSR_LE, MSR_EE } from '../cpu/msr.js';
import {
  SPR_AMR, SPR_AMR_PRIV, SPR_UAMOR, SPR_IAMR, SPR_FSCR, SPR_SRR0, SPR_SRR1, SPR_MMCR0, SPR_MMCR2, SPR_PMC5, SPR_TEXASR,
  SPR_BESCRS, SPR_HEIR,
} from '../cpu/spr-numbers.js';
import { FSCR_LG, fscrBit } from '../cpu/fscr.js';
import { MMCR0_PMCC0, MMCR0_PMCC1 } from '../cpu/pmu.js';
import { READ, WRITE, EXEC } from '../mmu/radix/test-support.js';

/*
 * The SPR table in a guest (isa/spr-table.ts, isa/spr-facilities.ts): supervisor and
 * problem-state access, masks and facility checks as QEMU 7.2's POWER9 model has them.
 * Exact state after each program.
 */

const LE = { lpcr: LPCR_ILE };
const USER_MSR = MSR_PR | MSR_IR | MSR_DR | MSR_EE | MSR_LE;

/** Runs `body` in supervisor state, then exits (`sc 1`, r3 = 1). Returns the vCPU. */
function supervisor(body: string, prepare: (c: Cpu) => void = () => {}): Cpu {
  const { cpu } = makeSystemMachine(bareMetal(`${body}\n  li 3, 1\n  sc 1`), LE);
  prepare(cpu);
  expect(run(cpu, 10_000)).toBe(Exit.Hypercall);
  return cpu;
}

/**
 * Runs `body` in problem state (relocated, user pages): its final `sc 1` is privileged,
 * so it ends in the Program vector (r3 = 0x700); an interrupt on the way ends at its
 * own vector. Returns the vCPU and the address of `body`'s first instruction.
 */
function user(body: string, prepare: (c: Cpu) => void = () => {}): Cpu {
  const m = makeSystemMachine(bareMetal(`
      lis 5, user@h
      ori 5, 5, user@l
      mtsrr0 5
      li 6, 0
      ori 6, 6, ${USER_MSR}
      mtsrr1 6
      rfid
    user:
      ${body}
      sc 1`), LE);
  mapKernelLinear(m.memory, m.radix, 0x40000, READ | WRITE | EXEC);
  prepare(m.cpu);
  expect(run(m.cpu, 10_000)).toBe(Exit.Hypercall);
  return m.cpu;
}
const vector = (c: Cpu): number => Number(c.state.gpr(3));
const fscrIc = (c: Cpu): bigint => c.state.spr(SPR_FSCR) >> 56n;

describe('storage-key registers', () => {
  it('AMR through 13 and 29 in supervisor state: the whole value (the partition AMOR is all ones)', () => {
    const c = supervisor(`
      li 4, -1
      mtspr 29, 4
      mfspr 20, 13
      li 4, 0x1234
      mtspr 13, 4
      mfspr 21, 29`);
    expect(c.state.gpr(20)).toBe(0xffff_ffff_ffff_ffffn);
    expect(c.state.gpr(21)).toBe(0x1234n);
    expect(c.state.spr(SPR_AMR)).toBe(0x1234n);
  });

  it('AMR in problem state: only the bits UAMOR grants change; IAMR and UAMOR are privileged', () => {
    const c = user(`
      li 4, -1
      mtspr 13, 4
      mfspr 20, 13`, (cpu) => {
      cpu.state.setSpr(SPR_UAMOR, 0x0c00_0000_0000_00f0n);
      cpu.state.setSpr(SPR_AMR, 0x1000_0000_0000_0001n);
    });
    expect(vector(c)).toBe(0x700);
    expect(c.state.gpr(20)).toBe(0x1c00_0000_0000_00f1n);
    const d = user(`mfspr 20, ${SPR_IAMR}`);
    expect(vector(d)).toBe(0x700);
    expect(d.state.spr(SPR_SRR0)).toBe(BigInt(ENTRY + 0x1c)); // the mfspr, not the final sc
    expect(d.state.spr(SPR_SRR1) & 0x00040000n).toBe(0x00040000n);
  });

  it('TIDR (144) is a privileged register', () => {
    const c = supervisor(`li 4, 77\n  mtspr 144, 4\n  mfspr 20, 144`);
    expect(c.state.gpr(20)).toBe(77n);
    expect(vector(user(`mfspr 20, 144`))).toBe(0x700);
  });

  it('IAMR and UAMOR in supervisor state hold what is written', () => {
    const c = supervisor(`
      lis 4, 0x4000
      sldi 4, 4, 32
      mtspr ${SPR_IAMR}, 4
      mtspr ${SPR_UAMOR}, 4
      mfspr 20, ${SPR_IAMR}
      mfspr 21, ${SPR_UAMOR}`);
    expect([c.state.gpr(20), c.state.gpr(21)]).toEqual([0x4000_0000_0000_0000n, 0x4000_0000_0000_0000n]);
    expect(c.privilegedDeny).toBe(4); // IAMR key 0: no execution of user pages by the kernel
    expect(SPR_AMR_PRIV).toBe(29);
  });
});

describe('transactional memory registers', () => {
  it('MSR[TM]=0: Facility Unavailable with FSCR[IC] = TM; MSR[TM]=1: read and written, TEXASRU the upper word', () => {
    const a = supervisor(`mfspr 20, 130`);
    expect(vector(a)).toBe(0xf60);
    expect(fscrIc(a)).toBe(BigInt(FSCR_LG.TM));
    const b = supervisor(`
      lis 4, 0x0123
      ori 4, 4, 0x4567
      sldi 4, 4, 32
      oris 4, 4, 0x89ab
      mtspr 130, 4
      mfspr 20, 131
      li 5, 7
      mtspr 131, 5
      mfspr 21, 130`, (cpu) => { cpu.state.msr |= 1n << 32n; });
    expect(b.state.gpr(20)).toBe(0x0123_4567n);
    expect(b.state.gpr(21)).toBe(0x0000_0007_89ab_0000n);
    expect(b.state.spr(SPR_TEXASR)).toBe(0x0000_0007_89ab_0000n);
  });
});

describe('performance monitor registers', () => {
  it('power-on MMCR0 = FC; PMCs are 32 bits; supervisor reads the problem-state numbers whole', () => {
    const c = supervisor(`
      mfspr 20, ${SPR_MMCR0}
      li 4, -1
      mtspr ${SPR_PMC5}, 4
      mfspr 21, ${SPR_PMC5}
      mtspr ${SPR_MMCR0}, 4
      mfspr 22, 779`);
    expect(c.state.gpr(20)).toBe(0x8000_0000n);
    expect(c.state.gpr(21)).toBe(0xffff_ffffn);
    expect(c.state.gpr(22)).toBe(0xffff_ffff_ffff_ffffn);
  });

  it('problem state by MMCR0[PMCC]: masked reads; writes need 0b1x (0b00 is HEAI, 0b01 Facility Unavailable)', () => {
    const read = user(`mfspr 20, 779\n  mfspr 21, 769`, (cpu) => {
      cpu.state.setSpr(SPR_MMCR0, 0xffff_ffffn & ~BigInt(MMCR0_PMCC1 | MMCR0_PMCC0));
      cpu.state.setSpr(SPR_MMCR2, 0xffff_ffff_ffff_ffffn);
    });
    expect(vector(read)).toBe(0x700);
    expect(read.state.gpr(20)).toBe(0x8400_0080n);
    expect(read.state.gpr(21)).toBe(0x8040_2010_0804_0000n);

    const w00 = userExit(`li 4, -1\n  mtspr 771, 4`, 0);
    expect(w00.exit).toBe(Exit.HypervisorEmulationAssistance);

    const w01 = user(`li 4, -1\n  mtspr 771, 4`, (cpu) => { cpu.state.setSpr(SPR_MMCR0, BigInt(MMCR0_PMCC1)); });
    expect(vector(w01)).toBe(0xf60);
    expect(fscrIc(w01)).toBe(BigInt(FSCR_LG.PM));

    const w10 = user(`li 4, -1\n  mtspr 779, 4\n  mtspr 771, 4\n  mfspr 20, 771`, (cpu) => { cpu.state.setSpr(SPR_MMCR0, BigInt(MMCR0_PMCC0)); });
    expect(vector(w10)).toBe(0x700);
    expect(w10.state.gpr(20)).toBe(0xffff_ffffn);
    expect(w10.state.spr(SPR_MMCR0)).toBe(BigInt((MMCR0_PMCC0 | 0x8400_0080) >>> 0));

    const w11 = user(`mfspr 20, 775`, (cpu) => { cpu.state.setSpr(SPR_MMCR0, BigInt(MMCR0_PMCC0 | MMCR0_PMCC1)); });
    expect(vector(w11)).toBe(0xf60);
  });
});

/** `user` for a body that leaves to the hypervisor (HEAI) rather than a vector. */
function userExit(body: string, mmcr0: number): { exit: number; cpu: Cpu } {
  const m = makeSystemMachine(bareMetal(`
      lis 5, user@h
      ori 5, 5, user@l
      mtsrr0 5
      li 6, 0
      ori 6, 6, ${USER_MSR}
      mtsrr1 6
      rfid
    user:
      ${body}
      sc 1`), LE);
  mapKernelLinear(m.memory, m.radix, 0x40000, READ | WRITE | EXEC);
  m.cpu.state.setSpr(SPR_MMCR0, BigInt(mmcr0));
  return { exit: run(m.cpu, 10_000), cpu: m.cpu };
}

describe('facility-gated problem-state registers', () => {
  it('EBB registers need FSCR[EBB]; BESCRSU is the upper word of BESCRS', () => {
    const off = user(`mfspr 20, 806`);
    expect(vector(off)).toBe(0xf60);
    expect(fscrIc(off)).toBe(BigInt(FSCR_LG.EBB));
    const on = user(`
      li 4, 5
      mtspr 801, 4
      mfspr 20, 800
      mfspr 21, 801`, (cpu) => { cpu.state.setSpr(SPR_FSCR, BigInt(fscrBit(FSCR_LG.EBB))); });
    expect(vector(on)).toBe(0x700);
    expect([on.state.gpr(20), on.state.gpr(21)]).toEqual([0x5_0000_0000n, 5n]);
    expect(on.state.spr(SPR_BESCRS)).toBe(0x5_0000_0000n);
  });

  it('TAR needs FSCR[TAR] in problem state, not in supervisor state', () => {
    const off = user(`mfspr 20, 815`);
    expect(vector(off)).toBe(0xf60);
    expect(fscrIc(off)).toBe(BigInt(FSCR_LG.TAR));
    const sup = supervisor(`li 4, 0x40\n  mtspr 815, 4\n  mfspr 20, 815`);
    expect(sup.state.gpr(20)).toBe(0x40n);
  });

  it('808-811 are no-ops in both states; PURR, SPURR and VTB read the time base, their writes are the hypervisor\'s', () => {
    const c = supervisor(`
      li 20, 11
      mfspr 20, 808
      mtspr 811, 20
      mfspr 21, 309
      mfspr 22, 308
      mfspr 23, 849
      mftb 24`);
    expect(c.state.gpr(20)).toBe(11n);
    for (const r of [21, 22, 23]) {
      expect(c.state.gpr(r)).toBeGreaterThan(0n);
      expect(c.state.gpr(r)).toBeLessThanOrEqual(c.state.gpr(24));
    }
    const u = user(`li 20, 12\n  mfspr 20, 810\n  mfspr 21, 284`);
    expect(u.state.gpr(20)).toBe(12n);
    expect(u.state.gpr(21)).toBeGreaterThan(0n);
    const w = makeSystemMachine(bareMetal(`mtspr 309, 4`), LE);
    expect(run(w.cpu, 10)).toBe(Exit.HypervisorEmulationAssistance);
    expect(w.cpu.state.nip).toBe(BigInt(ENTRY));
    expect(w.cpu.state.spr(SPR_HEIR)).toBe(BigInt(w.memory.read32(ENTRY, true) >>> 0));
  });
});
