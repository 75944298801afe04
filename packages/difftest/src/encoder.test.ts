import { describe, it, expect } from '@jest/globals';
import { instructionDefs, decoder } from '@hvstep/emulator-core';
import * as A from './asm.js';
import { makePlan } from './rules/index.js';
import { generateSlot } from './generator.js';
import { Gen } from './gen.js';
import { Rng } from './rng.js';
import { randomState } from './values.js';
import { SCRATCH_OFF, SCRATCH_SIZE, cloneState } from './state.js';
import { VALID_BO, VALID_BO_CTR } from './rules/branch.js';
import { dropSlot, type TestCase } from './testcase.js';

describe('harness encoders', () => {
  it('encode the words binutils assembles', () => {
    // reference words from powerpc64le-linux-gnu-as -mpower9
    expect(A.addi(3, 31, 8)).toBe(0x387f0008);
    expect(A.lis(4, -1)).toBe(0x3c80ffff);
    expect(A.ld(4, 16, 31)).toBe(0xe89f0010);
    expect(A.std(0, 0x228, 31)).toBe(0xf81f0228);
    expect(A.lfd(0, 0x228, 31)).toBe(0xc81f0228);
    expect(A.stfd(5, 8, 31)).toBe(0xd8bf0008);
    expect(A.mtspr(8, 0)).toBe(0x7c0803a6); // mtlr r0
    expect(A.mfspr(0, 9)).toBe(0x7c0902a6); // mfctr r0
    expect(A.mtspr(815, 3)).toBe(0x7c6fcba6); // mttar r3
    expect(A.mtcrf(0xff, 0)).toBe(0x7c0ff120);
    expect(A.mfcr(0)).toBe(0x7c000026);
    expect(A.mtfsf(0xff, 0)).toBe(0xfdfe058e);
    expect(A.mffs(0)).toBe(0xfc00048e);
    expect(A.stdcx(0, 0, 31)).toBe(0x7c00f9ad);
    expect(A.sc()).toBe(0x44000002);
    expect(A.sldi(3, 4, 32)).toBe(0x788307c6);
  });

  it('builds 32-bit constants and offsets', () => {
    const evalWords = (words: number[], regs: bigint[]): void => {
      for (const w of words) {
        const op = w >>> 26, rt = (w >>> 21) & 31, ra = (w >>> 16) & 31, imm = w & 0xffff;
        const si = BigInt((imm << 16) >> 16);
        if (op === 14) regs[rt] = BigInt.asUintN(64, (ra ? regs[ra]! : 0n) + si);
        else if (op === 15) regs[rt] = BigInt.asUintN(64, (ra ? regs[ra]! : 0n) + (si << 16n));
        else if (op === 24) regs[ra] = regs[rt]! | BigInt(imm);
        else throw new Error(`unexpected setup word ${w.toString(16)}`);
      }
    };
    for (const v of [0, 1, -1, 0x7fff, -0x8000, 0x8000, 0x12345678, -0x12345678, 0x7fff0000, -0x7fff8000]) {
      const regs = new Array<bigint>(32).fill(0n);
      evalWords(A.loadImm32(5, v), regs);
      expect(regs[5]).toBe(BigInt.asUintN(64, BigInt(v)));
      regs[31] = 0x100000n;
      evalWords(A.addImm32(6, 31, v), regs);
      expect(regs[6]).toBe(BigInt.asUintN(64, 0x100000n + BigInt(v)));
    }
  });
});

/** Evaluates the setup subset (addi, addis, ori) to find the EA operands a rule set up. */
function runSetup(words: readonly number[], regs: bigint[]): boolean {
  for (const w of words) {
    const op = w >>> 26, rt = (w >>> 21) & 31, ra = (w >>> 16) & 31, imm = w & 0xffff;
    const si = BigInt((imm << 16) >> 16);
    if (op === 14) regs[rt] = BigInt.asUintN(64, (ra ? regs[ra]! : 0n) + si);
    else if (op === 15) regs[rt] = BigInt.asUintN(64, (ra ? regs[ra]! : 0n) + (si << 16n));
    else if (op === 24) regs[ra] = regs[rt]! | BigInt(imm);
    else return false; // e.g. a load-and-reserve before a store conditional
  }
  return true;
}

describe('instruction generator', () => {
  const plan = makePlan(instructionDefs);
  const BLOCK = 0x100000n;

  it('has a rule or a stated exclusion for every row of the decode table', () => {
    const missing = plan.filter((e) => e.coverage === 'no-rule').map((e) => `${e.def.mnemonic}: ${e.note}`);
    expect(missing).toEqual([]);
  });

  for (const e of plan.filter((p) => p.rule)) {
    it(`${e.def.mnemonic}: valid words that decode to it, operands where they belong`, () => {
      const rng = new Rng(99, e.fixedValue);
      const base = randomState(rng);
      for (let i = 0; i < 200; i++) {
        const input = cloneState(base);
        const g = new Gen(rng, 0, 3, input);
        const slot = generateSlot(e, g);
        const w = slot.word;
        expect(decoder.lookup(w)).toBe(e.def);
        const rt = (w >>> 21) & 31, ra = (w >>> 16) & 31, rb = (w >>> 11) & 31;
        const m = e.def.mnemonic;
        const cls = e.rule!.cls;
        // update forms: RA != 0 (and RA != RT for loads); never the base register
        if (/^(l[bhwd]a?z?u|l[bhwd]a?z?ux|lwau|ldu|ldux|lhau|lhaux|lwaux|lfsu|lfdu|lfsux|lfdux|st[bhwd]u|st[bhwd]ux|stf[sd]u|stf[sd]ux)$/.test(m)) {
          expect(ra).not.toBe(0);
          expect(ra).not.toBe(31);
          if (cls === 'load') expect(ra).not.toBe(rt);
        }
        // destinations never r31
        if (['arith', 'muldiv', 'load', 'atomic'].includes(cls) && !/^st/.test(m) && !m.startsWith('addpcis') && cls !== 'atomic') expect(rt).not.toBe(31);
        if (['logical', 'rotate', 'bitcount'].includes(cls)) expect(ra).not.toBe(31);
        if (m === 'bc' || m === 'bclr' || m === 'bctar') expect(VALID_BO).toContain(rt);
        if (m === 'bcctr') expect(VALID_BO_CTR).toContain(rt);
        if (slot.branch) expect(slot.branch.target).toBeGreaterThan(0);
        // memory operands: evaluate the setup and check the EA is inside the scratch area
        // (barriers and the data stream hints touch no storage: their RA/RB may be anything)
        const memory = ['load', 'store', 'fp-load', 'fp-store', 'atomic', 'storage'].includes(cls)
          && !['sync', 'eieio', 'isync', 'cp_abort', 'dst', 'dstst', 'dss'].includes(m);
        if (memory) {
          const regs = input.gpr.slice();
          regs[31] = BLOCK;
          const words = slot.setup.filter((s): s is number => typeof s === 'number');
          const evaluable = runSetup(words, regs);
          if (!evaluable) continue;
          const primary = w >>> 26;
          let ea: bigint;
          if (primary === 31) ea = (ra ? regs[ra]! : 0n) + regs[rb]!;
          else {
            let d = BigInt(((w & 0xffff) << 16) >> 16);
            if (primary === 58 || primary === 62 || primary === 57 || primary === 61) d &= ~3n;
            if (primary === 56) d &= ~15n;
            ea = regs[ra]! + d;
          }
          ea = BigInt.asUintN(64, ea);
          const off = ea - BLOCK - BigInt(SCRATCH_OFF);
          expect(off >= 0n && off < BigInt(SCRATCH_SIZE)).toBe(true);
        }
      }
    });
  }

  it('drops a slot and renumbers branch targets', () => {
    const tc: TestCase = {
      seed: 0, index: 0, input: randomState(new Rng(1)), sprs: false, reservation: false, fp: false,
      slots: [
        { mnemonic: 'b', cls: 'branch', word: 0x48000000, setup: [], branch: { target: 2, field: 'LI' } },
        { mnemonic: 'add', cls: 'arith', word: 0x7c642214, setup: [] },
        { mnemonic: 'bclr', cls: 'branch', word: 0x4e800020, setup: [{ kind: 'label', reg: 3, target: 3, lowBits: 0, spr: 8 }] },
      ],
    };
    const d = dropSlot(tc, 1);
    expect(d.slots.length).toBe(2);
    expect(d.slots[0]!.branch!.target).toBe(1);
    expect(d.slots[1]!.setup[0]).toMatchObject({ target: 2 });
  });
});
