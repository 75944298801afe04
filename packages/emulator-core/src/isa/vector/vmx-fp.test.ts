import { describe, it, expect } from '@jest/globals';
import { makeMachine, runToEnd } from '../../test-support/machine.js';
import { assemble } from '../../test-support/assemble.js';
import { decoder } from '../index.js';
import { vmxFpDefs } from './vmx-fp-defs.js';
import { vsxQuadDefs } from './vsx-quad-defs.js';
import { quad804Forms } from './vsx-quad-move.js';

/*
 * The VMX floating-point and quad-precision move rows: binutils' encodings decode to
 * them, and results that follow from IEEE 754 and the ISA alone are right (exact
 * sums, VSCR[NJ] flushing, saturation, CR6, exact logarithms and powers of two, the
 * quad bit moves). The rest is decided by difftest against QEMU 7.2.
 */

const SPELLINGS: Record<string, string> = {
  vmaddfp: 'vmaddfp 1, 2, 3, 4', vnmsubfp: 'vnmsubfp 1, 2, 3, 4',
  vcfux: 'vcfux 1, 2, 5', vcfsx: 'vcfsx 1, 2, 31', vctuxs: 'vctuxs 1, 2, 0', vctsxs: 'vctsxs 1, 2, 7',
  xsabsqp: 'xsabsqp 1, 2', xscpsgnqp: 'xscpsgnqp 1, 2, 3', xsiexpqp: 'xsiexpqp 1, 2, 3',
};
const ONE_SOURCE = new Set(['vrefp', 'vrsqrtefp', 'vexptefp', 'vlogefp', 'vrfin', 'vrfiz', 'vrfip', 'vrfim']);
const spell = (n: string): string => SPELLINGS[n] ?? (ONE_SOURCE.has(n) ? `${n} 1, 2` : `${n} 1, 2, 3`);

function runWith(source: string, vrs: Record<number, bigint>, vscr = 0) {
  const { cpu } = makeMachine(source);
  for (const [n, v] of Object.entries(vrs)) cpu.state.setVsr(32 + Number(n), v);
  cpu.state.vscr = vscr;
  runToEnd(cpu);
  return cpu.state;
}
const hex = (v: bigint): string => '0x' + v.toString(16).padStart(32, '0');
/** Four float32 bit patterns as one VR value, element 0 first. */
const words = (...w: number[]): bigint => w.reduce((acc, x) => (acc << 32n) | BigInt(x >>> 0), 0n);

describe('VMX FP and quad move rows: decode', () => {
  it('every row decodes from binutils\' encoding of its mnemonic (compares in both Rc forms)', () => {
    const names = [...vmxFpDefs, ...vsxQuadDefs].map((d) => d.mnemonic);
    const w = assemble(names.map(spell).join('\n'));
    names.forEach((n, i) => expect(`${n}: ${decoder.lookup(w[i]!)?.mnemonic}`).toBe(`${n}: ${n}`));
    const cmp = vmxFpDefs.filter((d) => d.form === 'VC').map((d) => d.mnemonic);
    const cw = assemble(cmp.map((n) => `${n}. 1, 2, 3`).join('\n'));
    cmp.forEach((n, i) => expect(decoder.lookup(cw[i]!)?.mnemonic).toBe(n));
    const forms = Object.values(quad804Forms);
    const fw = assemble(forms.map((n) => `${n} 1, 2`).join('\n'));
    forms.forEach((n, i) => expect(`${n}: ${decoder.lookup(fw[i]!)?.mnemonic}`).toBe(`${n}: xsabsqp`));
  });
});

describe('VMX floating point', () => {
  it('vaddfp adds exactly where the sum is representable; NJ flushes denormal operands and results', () => {
    // 1 + 2 = 3; 1.5 + -1.5 = +0; 1 ulp + 1 ulp (denormals); 2^-126 - 2^-127: tiny, or 2^-126 once NJ reads -2^-127 as -0
    const src = { 1: words(0x3f800000, 0x3fc00000, 0x00000001, 0x00800000), 2: words(0x40000000, 0xbfc00000, 0x00000001, 0x80400000) };
    expect(hex(runWith('vaddfp 3, 1, 2', src).vsr(35))).toBe(hex(words(0x40400000, 0, 0x00000002, 0x00400000)));
    expect(hex(runWith('vaddfp 3, 1, 2', src, 0x10000).vsr(35))).toBe(hex(words(0x40400000, 0, 0, 0x00800000)));
  });

  it('vlogefp and vexptefp are exact at powers of two', () => {
    const s = runWith('vlogefp 3, 1\nvexptefp 4, 2', {
      1: words(0x41000000, 0x3f800000, 0x3e800000, 0x00000000), // 8, 1, 0.25, +0
      2: words(0x40400000, 0x00000000, 0xc0000000, 0xff800000), // 3, 0, -2, -inf
    });
    expect(hex(s.vsr(35))).toBe(hex(words(0x40400000, 0, 0xc0000000, 0xff800000)));
    expect(hex(s.vsr(36))).toBe(hex(words(0x41000000, 0x3f800000, 0x3e800000, 0)));
  });

  it('vctsxs saturates with VSCR[SAT]; a NaN converts to 0', () => {
    const s = runWith('vctsxs 3, 1, 1', { 1: words(0x4f000000, 0xcf800000, 0x7fc00000, 0x3fc00000) });
    expect(hex(s.vsr(35))).toBe(hex(words(0x7fffffff, 0x80000000, 0, 3)));
    expect(s.vscr & 1).toBe(1);
  });

  it('vcmpbfp. sets CR6 bit 2 only when every element is within bounds', () => {
    const inside = runWith('vcmpbfp. 3, 1, 2', { 1: words(0x3f800000, 0xbf800000, 0, 0), 2: words(0x40000000, 0x3f800000, 0, 0) });
    expect(hex(inside.vsr(35))).toBe(hex(0n));
    expect((inside.cr >>> 4) & 0xf).toBe(2);
    const out = runWith('vcmpbfp. 3, 1, 2', { 1: words(0x40400000, 0xc0400000, 0x7fc00000, 0), 2: words(0x40000000, 0x40000000, 0, 0) });
    expect(hex(out.vsr(35))).toBe(hex(words(0x80000000, 0x40000000, 0xc0000000, 0)));
    expect((out.cr >>> 4) & 0xf).toBe(0);
  });
});

describe('quad-precision bit moves', () => {
  it('xsnegqp, xsxexpqp, xsxsigqp and xsiexpqp move the sign, exponent and significand fields', () => {
    const one = 0x3fffn << 112n, inf = 0x7fffn << 112n;
    const s = runWith('xsnegqp 3, 1\nxsxexpqp 4, 1\nxsxsigqp 5, 1\nxsxsigqp 6, 2\nxsiexpqp 7, 1, 8', {
      1: one | 5n, 2: inf | 7n, 8: (0x12345n << 64n),
    });
    expect(hex(s.vsr(35))).toBe(hex((1n << 127n) | one | 5n));
    expect(hex(s.vsr(36))).toBe(hex(0x3fffn << 64n));
    expect(hex(s.vsr(37))).toBe(hex((1n << 112n) | 5n));
    expect(hex(s.vsr(38))).toBe(hex(7n));
    expect(hex(s.vsr(39))).toBe(hex((0x2345n << 112n) | 5n));
  });
});

describe('quad-precision compares', () => {
  it('xscmpuqp orders by value (±0 equal, NaN unordered) into CR[BF] and FPCC; xscmpexpqp by exponent', () => {
    const one = 0x3fffn << 112n, two = 0x4000n << 112n, negZero = 1n << 127n, qnan = (0x7fffn << 112n) | (1n << 111n);
    const s = runWith('xscmpuqp 0, 1, 2\nxscmpuqp 1, 3, 4\nxscmpuqp 2, 1, 5\nxscmpexpqp 3, 1, 6\nxscmpuqp 4, 6, 1', {
      1: one, 2: two, 3: negZero, 4: 0n, 5: qnan, 6: one | 12345n,
    });
    // CR0 FL, CR1 FE, CR2 FU, CR3 FE (same exponent), CR4 FG
    expect((s.cr >>> 12).toString(16)).toBe('82124');
    expect((s.fpscr >> 12n) & 0xfn).toBe(4n);
  });
});
