import { describe, it, expect } from '@jest/globals';
import { makeMachine, runToEnd, DATA_BASE } from '../../test-support/machine.js';
import { makeSystemMachine, bareMetal, ENTRY } from '../../test-support/system-machine.js';
import { assemble } from '../../test-support/assemble.js';
import { run } from '../../interp/run.js';
import { Exit } from '../../cpu/exit.js';
import { LPCR_ILE, MSR_FP, MSR_VEC, MSR_VSX } from '../../cpu/msr.js';
import { SPR_SRR0 } from '../../cpu/spr-numbers.js';
import { decoder } from '../index.js';
import { vectorDefs } from './index.js';
import { vmxIntDefs } from './vmx-int.js';
import { vsxFpDefs } from './vsx-fp.js';
import { vmxFpDefs } from './vmx-fp-defs.js';
import { vsxQuadDefs } from './vsx-quad-defs.js';
import { vsxMiscDefs } from './vsx-misc-defs.js';

/** Every vector row, written as binutils spells it; each must decode to its own row. */
const SPELLINGS: Record<string, string> = {
  mfvsrd: 'mfvsrd 3, 33', mfvsrwz: 'mfvsrwz 3, 1', mfvsrld: 'mfvsrld 3, 60', mtvsrd: 'mtvsrd 40, 3',
  mtvsrwa: 'mtvsrwa 2, 3', mtvsrwz: 'mtvsrwz 63, 3', mtvsrdd: 'mtvsrdd 35, 3, 4', mtvsrws: 'mtvsrws 7, 3',
  lvx: 'lvx 1, 3, 4', lvxl: 'lvxl 1, 3, 4', stvx: 'stvx 1, 3, 4', stvxl: 'stvxl 1, 3, 4',
  lvebx: 'lvebx 1, 3, 4', lvehx: 'lvehx 1, 3, 4', lvewx: 'lvewx 1, 3, 4',
  stvebx: 'stvebx 1, 3, 4', stvehx: 'stvehx 1, 3, 4', stvewx: 'stvewx 1, 3, 4',
  lvsl: 'lvsl 1, 3, 4', lvsr: 'lvsr 1, 3, 4', mfvscr: 'mfvscr 5', mtvscr: 'mtvscr 5',
  lxvd2x: 'lxvd2x 33, 3, 4', stxvd2x: 'stxvd2x 33, 3, 4', lxvw4x: 'lxvw4x 1, 3, 4', stxvw4x: 'stxvw4x 1, 3, 4',
  lxvh8x: 'lxvh8x 40, 3, 4', stxvh8x: 'stxvh8x 40, 3, 4', lxvb16x: 'lxvb16x 2, 3, 4', stxvb16x: 'stxvb16x 2, 3, 4',
  lxvx: 'lxvx 34, 3, 4', stxvx: 'stxvx 34, 3, 4', lxvdsx: 'lxvdsx 5, 3, 4', lxvwsx: 'lxvwsx 50, 3, 4',
  lxvl: 'lxvl 3, 3, 4', lxvll: 'lxvll 36, 3, 4', stxvl: 'stxvl 3, 3, 4', stxvll: 'stxvll 36, 3, 4',
  lxsdx: 'lxsdx 9, 3, 4', lxsspx: 'lxsspx 41, 3, 4', lxsiwax: 'lxsiwax 9, 3, 4', lxsiwzx: 'lxsiwzx 41, 3, 4',
  lxsibzx: 'lxsibzx 9, 3, 4', lxsihzx: 'lxsihzx 41, 3, 4', stxsdx: 'stxsdx 9, 3, 4', stxsspx: 'stxsspx 41, 3, 4',
  stxsiwx: 'stxsiwx 9, 3, 4', stxsibx: 'stxsibx 41, 3, 4', stxsihx: 'stxsihx 9, 3, 4',
  lxv: 'lxv 40, 32(3)', stxv: 'stxv 8, -16(3)', lxsd: 'lxsd 4, 8(3)', lxssp: 'lxssp 4, 8(3)',
  stxsd: 'stxsd 4, 8(3)', stxssp: 'stxssp 4, 8(3)',
  xxland: 'xxland 1, 34, 5', xxlandc: 'xxlandc 1, 34, 5', xxlor: 'xxlor 33, 2, 35', xxlxor: 'xxlxor 1, 2, 3',
  xxlnor: 'xxlnor 1, 2, 3', xxlorc: 'xxlorc 1, 2, 3', xxlnand: 'xxlnand 1, 2, 3', xxleqv: 'xxleqv 1, 2, 3',
  xxsel: 'xxsel 1, 2, 3, 36', xxpermdi: 'xxpermdi 1, 2, 3, 2', xxsldwi: 'xxsldwi 1, 2, 3, 3',
  xxmrghw: 'xxmrghw 1, 2, 3', xxmrglw: 'xxmrglw 1, 2, 3', xxspltw: 'xxspltw 1, 34, 3', xxspltib: 'xxspltib 40, 200',
  xxperm: 'xxperm 1, 2, 3', xxpermr: 'xxpermr 33, 2, 35', xxextractuw: 'xxextractuw 1, 34, 5', xxinsertw: 'xxinsertw 40, 2, 12',
  vand: 'vand 1, 2, 3', vandc: 'vandc 1, 2, 3', vor: 'vor 1, 2, 3', vxor: 'vxor 1, 2, 3', vnor: 'vnor 1, 2, 3',
  vorc: 'vorc 1, 2, 3', vnand: 'vnand 1, 2, 3', veqv: 'veqv 1, 2, 3', vsel: 'vsel 1, 2, 3, 4',
  vperm: 'vperm 1, 2, 3, 4', vpermr: 'vpermr 1, 2, 3, 4', vsldoi: 'vsldoi 1, 2, 3, 5',
  vspltb: 'vspltb 1, 2, 15', vsplth: 'vsplth 1, 2, 7', vspltw: 'vspltw 1, 2, 3',
  vspltisb: 'vspltisb 1, -16', vspltish: 'vspltish 1, 15', vspltisw: 'vspltisw 1, -1',
  vmrghb: 'vmrghb 1, 2, 3', vmrghh: 'vmrghh 1, 2, 3', vmrghw: 'vmrghw 1, 2, 3',
  vmrglb: 'vmrglb 1, 2, 3', vmrglh: 'vmrglh 1, 2, 3', vmrglw: 'vmrglw 1, 2, 3',
};

const hex128 = (v: bigint): string => '0x' + v.toString(16).padStart(32, '0');
/** Bytes 0x00..0x0f at DATA_BASE, then 0x10..0x1f. */
const RAMP = Array.from({ length: 32 }, (_, i) => i);

function machineWithRamp(source: string, bigEndian: boolean) {
  const m = makeMachine(`
    lis 3, ${DATA_BASE >> 16}
    li 4, 0
    ${source}`, { bigEndian });
  RAMP.forEach((b, i) => m.memory.u8[DATA_BASE + i] = b);
  return m;
}

describe('vector facility: decode', () => {
  it('every vector row decodes from binutils\' encoding of its mnemonic', () => {
    // the VMX integer, VSX FP, VMX FP, quad and ISA 3.0 misc rows have their own spellings (vmx-int.test.ts, vsx-fp.test.ts, vmx-fp.test.ts, vsx-misc.test.ts)
    const own = new Set([...vmxIntDefs, ...vsxFpDefs, ...vmxFpDefs, ...vsxQuadDefs, ...vsxMiscDefs]);
    const names = vectorDefs.filter((d) => !own.has(d)).map((d) => d.mnemonic);
    const words = assemble(names.map((n) => SPELLINGS[n] ?? `${n} ???`).join('\n'));
    names.forEach((n, i) => expect(`${n}: ${decoder.lookup(words[i]!)?.mnemonic}`).toBe(`${n}: ${n}`));
  });
});

describe('vector facility: element order of the loads and stores in both byte orders', () => {
  // Memory holds bytes 00 01 .. 0f at EA. Expected VSR values, ISA bit 0 first.
  const cases: [string, string, string][] = [
    // mnemonic,  big-endian result,                    little-endian result
    ['lvx 2, 3, 4', '000102030405060708090a0b0c0d0e0f', '0f0e0d0c0b0a09080706050403020100'],
    ['lxvx 34, 3, 4', '000102030405060708090a0b0c0d0e0f', '0f0e0d0c0b0a09080706050403020100'],
    ['lxv 34, 0(3)', '000102030405060708090a0b0c0d0e0f', '0f0e0d0c0b0a09080706050403020100'],
    ['lxvd2x 34, 3, 4', '000102030405060708090a0b0c0d0e0f', '07060504030201000f0e0d0c0b0a0908'],
    ['lxvw4x 34, 3, 4', '000102030405060708090a0b0c0d0e0f', '03020100070605040b0a09080f0e0d0c'],
    ['lxvh8x 34, 3, 4', '000102030405060708090a0b0c0d0e0f', '010003020504070609080b0a0d0c0f0e'],
    ['lxvb16x 34, 3, 4', '000102030405060708090a0b0c0d0e0f', '000102030405060708090a0b0c0d0e0f'],
    ['lxvdsx 34, 3, 4', '00010203040506070001020304050607', '07060504030201000706050403020100'],
  ];
  for (const [insn, be, le] of cases) {
    for (const bigEndian of [true, false]) {
      it(`${insn} (${bigEndian ? 'BE' : 'LE'}), and its store puts the bytes back`, () => {
        const roundTrip = !insn.startsWith('lxvdsx');
        const store = insn.replace(/^l/, 'st').replace(/, 3, 4$/, ', 3, 5').replace('0(3)', '0(6)');
        const { cpu, memory } = machineWithRamp(`
          ${insn}
          ${roundTrip ? store : ''}`, bigEndian);
        cpu.state.setGpr(5, 0x100n);
        cpu.state.setGpr(6, BigInt(DATA_BASE + 0x100));
        expect(runToEnd(cpu)).toBe(Exit.IllegalInstruction);
        expect(hex128(cpu.state.vsr(34))).toBe('0x' + (bigEndian ? be : le));
        if (roundTrip) expect(Array.from(memory.u8.subarray(DATA_BASE + 0x100, DATA_BASE + 0x110))).toEqual(RAMP.slice(0, 16));
      });
    }
  }

  it('lvx ignores the low four bits of EA; lvsl/lvsr give the shift controls in both orders', () => {
    for (const bigEndian of [true, false]) {
      const { cpu } = machineWithRamp(`
        li 4, 0x1b
        lvx 1, 3, 4
        lvsl 2, 3, 4
        lvsr 3, 3, 4`, bigEndian);
      runToEnd(cpu);
      expect(hex128(cpu.state.vsr(33))).toBe(bigEndian ? '0x101112131415161718191a1b1c1d1e1f' : '0x1f1e1d1c1b1a19181716151413121110');
      expect(hex128(cpu.state.vsr(34))).toBe('0x0b0c0d0e0f101112131415161718191a');
      expect(hex128(cpu.state.vsr(35))).toBe('0x05060708090a0b0c0d0e0f1011121314');
    }
  });

  it('lvebx/lvehx/lvewx fill the element the EA names, from the other end in LE mode', () => {
    for (const bigEndian of [true, false]) {
      const { cpu } = machineWithRamp(`
        vspltisb 1, 0
        vspltisb 2, 0
        vspltisb 3, 0
        li 4, 3
        lvebx 1, 3, 4
        li 4, 6
        lvehx 2, 3, 4
        li 4, 4
        lvewx 3, 3, 4`, bigEndian);
      runToEnd(cpu);
      if (bigEndian) {
        expect(hex128(cpu.state.vsr(33))).toBe('0x00000003000000000000000000000000');
        expect(hex128(cpu.state.vsr(34))).toBe('0x00000000000006070000000000000000');
        expect(hex128(cpu.state.vsr(35))).toBe('0x00000000040506070000000000000000');
      } else {
        expect(hex128(cpu.state.vsr(33))).toBe('0x00000000000000000000000003000000');
        expect(hex128(cpu.state.vsr(34))).toBe('0x00000000000000000706000000000000');
        expect(hex128(cpu.state.vsr(35))).toBe('0x00000000000000000706050400000000');
      }
    }
  });

  it('scalar loads fill doubleword 0; FPR n is VSR n doubleword 0', () => {
    for (const bigEndian of [true, false]) {
      const { cpu } = machineWithRamp(`
        lxsdx 1, 3, 4
        lxsiwzx 2, 3, 4
        lxsiwax 3, 3, 4
        mfvsrd 5, 1
        mtvsrdd 40, 0, 3
        mfvsrld 6, 40
        mtvsrws 41, 3`, bigEndian);
      cpu.state.setVsr(3, 0x11111111111111112222222222222222n);
      runToEnd(cpu);
      expect(cpu.state.fprBits(1)).toBe(bigEndian ? 0x0001020304050607n : 0x0706050403020100n);
      expect(cpu.state.gpr(5)).toBe(cpu.state.fprBits(1));
      expect(cpu.state.vsr(2) >> 64n).toBe(bigEndian ? 0x00010203n : 0x03020100n);
      expect(cpu.state.vsr(3)).toBe(bigEndian ? 0x00000000000102032222222222222222n : 0x00000000030201002222222222222222n);
      expect(cpu.state.vsr(40)).toBe(BigInt(DATA_BASE));
      expect(cpu.state.gpr(6)).toBe(BigInt(DATA_BASE));
      expect(cpu.state.vsr(41)).toBe(0x00020000000200000002000000020000n);
    }
  });
});

describe('vector facility: availability (Book III 4.2.1, 7.5.21-22)', () => {
  const LE = { lpcr: LPCR_ILE };
  const trapOf = (body: string, msrLo: number): number => {
    const { cpu } = makeSystemMachine(bareMetal(`${body}\n  li 3, 77\n  sc 1`), { ...LE, msrLo });
    expect(run(cpu, 10_000)).toBe(Exit.Hypercall);
    if (Number(cpu.state.gpr(3)) !== 77) expect(cpu.state.spr(SPR_SRR0)).toBe(BigInt(ENTRY));
    return Number(cpu.state.gpr(3));
  };
  it('VMX needs MSR[VEC], VSX MSR[VSX]; the moves check the facility of the VSR they name', () => {
    const all = MSR_FP | MSR_VEC | MSR_VSX;
    expect(trapOf('vor 1, 2, 3', all & ~MSR_VEC)).toBe(0xf20);
    expect(trapOf('vor 1, 2, 3', all & ~MSR_VSX)).toBe(77);
    expect(trapOf('xxlor 1, 2, 3', all & ~MSR_VSX)).toBe(0xf40);
    expect(trapOf('xxlor 33, 34, 35', all & ~MSR_VEC)).toBe(77);
    expect(trapOf('mtvsrd 1, 3', all & ~MSR_FP)).toBe(0x800);
    expect(trapOf('mtvsrd 33, 3', all & ~MSR_FP)).toBe(77);
    expect(trapOf('mtvsrd 33, 3', all & ~MSR_VEC)).toBe(0xf20);
    expect(trapOf('mtvsrdd 1, 3, 4', all & ~MSR_VSX)).toBe(0xf40);
    expect(trapOf('lxv 40, 0(3)', all & ~MSR_VEC)).toBe(0xf20);
    expect(trapOf('fadd 1, 2, 3', MSR_VEC | MSR_VSX)).toBe(0x800);
    expect(trapOf('vor 1, 2, 3', all)).toBe(77);
  });
});
