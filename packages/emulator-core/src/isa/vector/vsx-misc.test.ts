import { describe, it, expect } from '@jest/globals';
import { makeMachine, runToEnd } from '../../test-support/machine.js';
import { assemble } from '../../test-support/assemble.js';
import { run } from '../../interp/run.js';
import { Exit } from '../../cpu/exit.js';
import { decoder } from '../index.js';
import { vsxMiscDefs } from './vsx-misc-defs.js';
import { xx2Eo347Forms, xx2Eo475Forms } from './vsx-bits.js';
import { quad836Forms } from './vsx-quad-convert.js';
import { FPE_FLTDIV } from '../fp/fpscr.js';
import { fieldEncoder as put } from '../../decode/fields.generated.js';

/*
 * The ISA 3.0 VSX rows of vsx-misc-defs.ts: binutils' encodings decode to them (every
 * form of the rows whose EO field selects the operation too), and results that follow
 * from the ISA alone, or that pin QEMU 7.2's choices down, are exact. The rest is
 * decided by difftest against QEMU 7.2 (classes vsx-misc, vsx-test-class,
 * vsx-quad-convert).
 */

const SPELLINGS: Record<string, string> = {
  xsxexpdp: 'xsxexpdp 3, 34', xsxsigdp: 'xsxsigdp 3, 34', xsiexpdp: 'xsiexpdp 1, 3, 4',
  xviexpsp: 'xviexpsp 1, 34, 5', xviexpdp: 'xviexpdp 1, 34, 5',
  xststdcsp: 'xststdcsp 2, 34, 127', xststdcdp: 'xststdcdp 2, 34, 127', xststdcqp: 'xststdcqp 2, 3, 127',
  xvtstdcsp: 'xvtstdcsp 1, 34, 127', xvtstdcdp: 'xvtstdcdp 1, 34, 127',
  xsrqpi: 'xsrqpi 1, 1, 2, 3', xsrqpxp: 'xsrqpxp 1, 1, 2, 3',
};
/** The operands of the selector forms: the quad ones name VRs, the others XT,XB. */
const QUAD = new Set(Object.values(quad836Forms));
const spell = (n: string): string => SPELLINGS[n] ?? (QUAD.has(n) ? `${n} 1, 2` : `${n} 1, 34`);

function runWith(source: string, vsrs: Record<number, bigint>, fpscr = 0n) {
  const { cpu } = makeMachine(source);
  for (const [n, v] of Object.entries(vsrs)) cpu.state.setVsr(Number(n), v);
  cpu.state.fpscr = fpscr;
  runToEnd(cpu);
  return cpu.state;
}
const hex = (v: bigint): string => '0x' + v.toString(16).padStart(32, '0');

describe('VSX misc rows: decode', () => {
  it('every row and every selected form decodes from binutils\' encoding', () => {
    const single = vsxMiscDefs.map((d) => d.mnemonic).filter((n) => !['xvxexpdp', 'xsxexpdp', 'xscvqpuwz'].includes(n));
    const w = assemble(single.map(spell).join('\n'));
    single.forEach((n, i) => expect(`${n}: ${decoder.lookup(w[i]!)?.mnemonic}`).toBe(`${n}: ${n}`));
    for (const [row, table] of [['xvxexpdp', xx2Eo475Forms], ['xsxexpdp', xx2Eo347Forms], ['xscvqpuwz', quad836Forms]] as const) {
      const forms = Object.values(table);
      const fw = assemble(forms.map(spell).join('\n'));
      forms.forEach((n, i) => expect(`${n}: ${decoder.lookup(fw[i]!)?.mnemonic}`).toBe(`${n}: ${row}`));
    }
    // the [o]/[x] variants share their rows
    const ro = assemble('xscvqpdpo 1, 2\nxsrqpix 0, 1, 2, 3');
    expect(ro.map((x) => decoder.lookup(x)?.mnemonic)).toEqual(['xscvqpuwz', 'xsrqpi']);
  });
});

describe('VSX misc rows: the EO selector', () => {
  // each forms table and its dispatcher agree: the listed EO values execute, the others are illegal
  for (const [row, table] of [['xvxexpdp', xx2Eo475Forms], ['xsxexpdp', xx2Eo347Forms], ['xscvqpuwz', quad836Forms]] as const) {
    it(`${row}: exactly the EO values of its forms table run`, () => {
      const def = vsxMiscDefs.find((d) => d.mnemonic === row)!;
      const ran: number[] = [];
      for (let eo = 0; eo < 32; eo++) {
        const { cpu, memory } = makeMachine('nop');
        const w = (put.OPCD(def.primary) | put.XO_X(def.xo!) | put.EO(eo) | put.RT(1) | put.RB(2)) >>> 0;
        memory.write32(Number(cpu.state.nip), w, cpu.littleEndian);
        if (run(cpu, 1) !== Exit.IllegalInstruction) ran.push(eo);
      }
      expect(ran).toEqual(Object.keys(table).map(Number));
    });
  }
});

describe('VSX misc rows: results', () => {
  const RAMP = 0x000102030405060708090a0b0c0d0e0fn;
  it('xxbr[hwdq] reverse the bytes of each element', () => {
    const s = runWith('xxbrh 1, 34\nxxbrw 2, 34\nxxbrd 3, 34\nxxbrq 4, 34', { 34: RAMP });
    expect(hex(s.vsr(1))).toBe(hex(0x010003020504070609080b0a0d0c0f0en));
    expect(hex(s.vsr(2))).toBe(hex(0x03020100070605040b0a09080f0e0d0cn));
    expect(hex(s.vsr(3))).toBe(hex(0x07060504030201000f0e0d0c0b0a0908n));
    expect(hex(s.vsr(4))).toBe(hex(0x0f0e0d0c0b0a09080706050403020100n));
  });

  it('xsxexpdp/xsxsigdp take a double apart; xsiexpdp and xviexpsp put one together', () => {
    // 1.5 and the smallest denormal
    const s = runWith('xsxexpdp 3, 34\nxsxsigdp 4, 34\nxsxexpdp 5, 35\nxsxsigdp 6, 35\nxviexpsp 1, 36, 37', {
      34: 0x3ff8000000000000n << 64n, 35: 1n << 64n,
      36: 0xbf80000100000000ffffffff00000000n, 37: 0x00000080000000ff000000000000017fn,
    });
    expect([s.gpr(3), s.gpr(4), s.gpr(5), s.gpr(6)]).toEqual([0x3ffn, 0x18000000000000n, 0n, 1n]);
    expect(hex(s.vsr(1))).toBe(hex(0xc0000001_7f800000_807fffff_3f800000n));
  });

  it('xststdcdp puts sign and match in the CR field and FPCC; xvtstdcsp sets whole words', () => {
    // -0 tested for -0 (DCMX bit 2) in CR2; a NaN tested for infinities only in CR3
    const s = runWith('xststdcdp 2, 34, 4\nxststdcdp 3, 35, 0x30\nxvtstdcsp 1, 36, 0x41', {
      34: 0x8000000000000000n << 64n, 35: 0x7ff8000000000001n << 64n,
      36: 0x7fc00000_80000001_00000001_3f800000n, // NaN, -denormal, +denormal, 1
    });
    expect((s.cr >>> 16) & 0xff).toBe(0xa0); // CR2 = LT|EQ, CR3 = 0
    expect(Number(s.fpscr >> 12n) & 0xf).toBe(0);
    expect(hex(s.vsr(1))).toBe(hex(0xffffffff_ffffffff_00000000_00000000n));
  });

  it('xscvhpdp widens, xscvdphp rounds to even and overflows to infinity with OX XX', () => {
    const s = runWith('xscvhpdp 1, 34\nxscvdphp 2, 35', {
      34: 0x3c01n << 64n, // 1 + 2^-10
      35: 0x40effe0000000000n << 64n, // 65520: half-way between 65504 and 2^16
    });
    expect(hex(s.vsr(1))).toBe(hex(0x3ff0040000000000n << 64n));
    expect(hex(s.vsr(2))).toBe(hex(0x7c00n << 64n));
    expect((Number(s.fpscr) & 0x92000000) >>> 0).toBe(0x92000000); // FX OX XX
  });

  it('xscvqpswz saturates with VXCVI; xscvsdqp is exact', () => {
    const s = runWith('xscvqpswz 1, 2\nxscvsdqp 3, 4', {
      34: 0x40270000000000000000000000000000n, // 2^40
      36: 0xfffffffffffffffdn << 64n, // -3
    });
    expect(hex(s.vsr(33))).toBe(hex(0x000000007fffffffn << 64n));
    expect(Number(s.fpscr) & 0x100).toBe(0x100); // VXCVI
    expect(hex(s.vsr(35))).toBe(hex(0xc0008000000000000000000000000000n));
  });

  it('xsrqpi with R=0 RMC=3 takes FPSCR[RN] as QEMU 7.2 does: RN=1 rounds toward -inf, RN=3 toward zero', () => {
    const src = { 34: 0xbfff8000000000000000000000000000n }; // -1.5
    expect(hex(runWith('xsrqpi 0, 1, 2, 3', src, 1n).vsr(33))).toBe(hex(0xc0000000000000000000000000000000n)); // -2
    expect(hex(runWith('xsrqpi 0, 1, 2, 3', src, 3n).vsr(33))).toBe(hex(0xbfff0000000000000000000000000000n)); // -1
    expect(hex(runWith('xsrqpi 1, 1, 2, 1', src).vsr(33))).toBe(hex(0xbfff0000000000000000000000000000n)); // R=1 RMC=1: toward zero
  });

  it('xsrqpxp keeps 64 significant bits, ties to even', () => {
    // 1 + 2^-64 (a tie below bit 63 of the fraction) rounds to 1; 1 + 3*2^-64 to 1 + 2^-62
    const s = runWith('xsrqpxp 1, 1, 2, 0\nxsrqpxp 1, 3, 4, 0', {
      34: 0x3fff0000000000000001000000000000n, 36: 0x3fff0000000000000003000000000000n,
    });
    expect(hex(s.vsr(33))).toBe(hex(0x3fff0000000000000000000000000000n));
    expect(hex(s.vsr(35))).toBe(hex(0x3fff0000000000000004000000000000n));
  });

  it('an enabled exception stops the Linux-user run with SIGFPE\'s si_code, VRT unchanged (xsdivqp 1/0, ZE)', () => {
    const { cpu } = makeMachine('xsdivqp 1, 2, 3');
    cpu.state.setVsr(34, 0x3fff0000000000000000000000000000n);
    cpu.state.setVsr(33, 0x1234n);
    cpu.state.fpscr = 0x10n; // ZE
    const nip = cpu.state.nip;
    expect(run(cpu, 10)).toBe(Exit.FloatingPointEnabled);
    expect(cpu.exitDetail).toBe(FPE_FLTDIV);
    expect(cpu.state.nip).toBe(nip);
    expect(hex(cpu.state.vsr(33))).toBe(hex(0x1234n));
    expect((Number(cpu.state.fpscr) & 0xc4000000) >>> 0).toBe(0xc4000000); // FX FEX ZX
  });
});
