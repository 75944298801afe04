import { F } from '../fields.js';
import type { Gen } from '../gen.js';
import type { Generated, Rule, RuleEntry } from './rule.js';

/**
 * Rules for the VSX floating-point to integer conversions, the reciprocal (square
 * root) estimates, the divide and square root tests and xscmpexpdp (Book I 7.6.1).
 * The source VSRs are often filled with special values of the element's format:
 * ±0, ±infinity, quiet and signalling NaNs with payloads, denormals, the largest and
 * smallest normals, and the integer conversion limits (±2^31, 2^32, ±2^63, 2^64, and
 * 2^31 - 1 and its kin) one ulp either side; the tests get exponents at the edges
 * where their fe and fg bits change. FPSCR inputs are the case's (values.ts).
 */

const rule = (cls: string, gen: (g: Gen) => number): Rule => ({ cls, gen: (g): Generated => ({ word: gen(g) }) });

const DP_SPECIAL: readonly bigint[] = [
  0x0000000000000000n, 0x8000000000000000n, 0x7ff0000000000000n, 0xfff0000000000000n,
  0x7ff8000000000000n, 0xfff8000000000123n, 0x7ff0000000000001n, 0xfff4000000000abcn, 0x7ff7ffffffffffffn, // NaNs
  0x0000000000000001n, 0x800fffffffffffffn, 0x0008000000000000n, 0x0010000000000000n, 0x8010000000000001n, // denormals, min normals
  0x7fefffffffffffffn, 0xffefffffffffffffn, 0x3ff0000000000000n, 0xbff0000000000000n, // max normals, ±1
  0x3fe0000000000000n, 0xbfe0000000000000n, 0xbfefffffffffffffn, 0x3ff8000000000000n, // ±0.5, -0.99.., 1.5
  0x0000000000000400n, 0x7fd0000000000000n, 0x2000000000000000n, 0x5ff0000000000000n, // 1/x and 1/sqrt(x) over/underflow, single range
  0x3800000000000000n, 0x3810000000000000n, 0x47efffffe0000000n, 0x36a0000000000000n,
];
/** Integer conversion limits as doubles: each is also taken one ulp either way. */
const DP_LIMITS: readonly bigint[] = [
  0x41e0000000000000n, 0xc1e0000000000000n, 0x41dfffffffc00000n, 0xc1e0000000200000n, // ±2^31, 2^31 - 1, -2^31 - 1
  0x41f0000000000000n, 0x41efffffffe00000n, 0x43e0000000000000n, 0xc3e0000000000000n, // 2^32, 2^32 - 1, ±2^63
  0x43f0000000000000n, 0x0000000000000000n, 0x3ff0000000000000n, 0xbff0000000000000n, // 2^64, 0, ±1
];
const SP_SPECIAL: readonly number[] = [
  0x00000000, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00001, 0x7fa00005, 0xff800001, 0x7f812345,
  0x00000001, 0x807fffff, 0x00400000, 0x00800000, 0x80800001, 0x7f7fffff, 0xff7ffffe, 0x3f800000, 0xbf800000,
  0x3f000000, 0xbf000000, 0xbf7fffff, 0x3fc00000, 0x00200000, 0x7e800000, 0x01000000, 0x00000400,
];
const SP_LIMITS: readonly number[] = [
  0x4f000000, 0xcf000000, 0x4f800000, 0x5f000000, 0xdf000000, 0x5f800000, 0x00000000, 0x3f800000, 0xbf800000,
];

const M64 = (1n << 64n) - 1n;

/** An edge double (raw bits), or a random one. */
function dpEdge(g: Gen): bigint {
  switch (g.rng.int(6)) {
    case 0: case 1: return g.rng.pick(DP_SPECIAL);
    case 2: case 3: return (g.rng.pick(DP_LIMITS) + BigInt(g.rng.int(3) - 1)) & M64;
    case 4: { // an integer-valued or near-integer double of random magnitude
      const e = BigInt(1023 + g.rng.int(66) - 2);
      return (BigInt(g.rng.bit()) << 63n) | (e << 52n) | (g.rng.u64() & 0xfffffffffffffn);
    }
    default: return g.rng.u64();
  }
}

/** An edge single (bits), or a random one. */
function spEdge(g: Gen): number {
  switch (g.rng.int(6)) {
    case 0: case 1: return g.rng.pick(SP_SPECIAL);
    case 2: case 3: return (g.rng.pick(SP_LIMITS) + g.rng.int(3) - 1) >>> 0;
    case 4: return (((g.rng.bit() << 31) | ((127 + g.rng.int(66) - 2) << 23) | (g.rng.u32() & 0x7fffff)) >>> 0);
    default: return g.rng.u32();
  }
}

/** Sets VSR n to two edge doubles or four edge singles with probability 0.75; returns n. */
function edgeVsr(g: Gen, n: number, sp: boolean): number {
  if (!g.rng.chance(0.75)) return n;
  let v = 0n;
  if (sp) for (let i = 0; i < 4; i++) v = (v << 32n) | BigInt(spEdge(g));
  else v = (dpEdge(g) << 64n) | dpEdge(g);
  g.setVsr(n, v);
  return n;
}

/**
 * Exponent fields where the divide and square root tests change: emin (1) and the
 * denormals (0), emin + nbits, emax - 2, and differences near emax and emin + 1
 * (double: bias 1023, 52 fraction bits; single: bias 127, 23).
 */
function testExponent(g: Gen, sp: boolean): number {
  const max = sp ? 0xff : 0x7ff, nbits = sp ? 23 : 52, bias = sp ? 127 : 1023;
  const around = g.rng.pick([0, 1, 2, nbits, nbits + 1, max - 3, max - 2, max - 1, max, bias, bias >> 1, max - (bias >> 1)]);
  return Math.min(max, Math.max(0, around + g.rng.int(3) - 1));
}

/** Sets VSR n to elements with test-edge exponents (random sign and fraction, sometimes zero) with probability 0.6. */
function testVsr(g: Gen, n: number, sp: boolean): number {
  if (!g.rng.chance(0.6)) return edgeVsr(g, n, sp);
  let v = 0n;
  if (sp) {
    for (let i = 0; i < 4; i++) {
      const f = g.rng.chance(0.2) ? 0 : g.rng.u32() & 0x7fffff;
      v = (v << 32n) | BigInt(((g.rng.bit() << 31) | (testExponent(g, true) << 23) | f) >>> 0);
    }
  } else {
    for (let i = 0; i < 2; i++) {
      const f = g.rng.chance(0.2) ? 0n : g.rng.u64() & 0xfffffffffffffn;
      v = (v << 64n) | (BigInt(g.rng.bit()) << 63n) | (BigInt(testExponent(g, false)) << 52n) | f;
    }
  }
  g.setVsr(n, v);
  return n;
}

/** XT,XB with XB's elements single (sp) or double. */
const xx2 = (cls: string, sp: boolean): Rule => rule(cls, (g) => F.XT(g.vsr()) | F.XB(edgeVsr(g, g.vsr(), sp)));
const toIntDp = xx2('vsx-fp-to-int', false), toIntSp = xx2('vsx-fp-to-int', true);
const estDp = xx2('vsx-fp-estimate', false), estSp = xx2('vsx-fp-estimate', true);

/** BF,XA,XB: the divide tests and the exponent compare; XA and XB sometimes the same. */
const tdiv = (sp: boolean): Rule => rule('vsx-fp-test', (g) => {
  const a = testVsr(g, g.vsr(), sp);
  return F.BF(g.crField()) | F.XA(a) | F.XB(g.rng.chance(0.1) ? a : testVsr(g, g.vsr(), sp));
});
/** BF,XB: the square root tests. */
const tsqrt = (sp: boolean): Rule => rule('vsx-fp-test', (g) => F.BF(g.crField()) | F.XB(testVsr(g, g.vsr(), sp)));

export const vsxFpIntRules: Record<string, RuleEntry> = {
  xscvdpsxds: toIntDp, xscvdpsxws: toIntDp, xscvdpuxds: toIntDp, xscvdpuxws: toIntDp,
  xvcvdpsxds: toIntDp, xvcvdpsxws: toIntDp, xvcvdpuxds: toIntDp, xvcvdpuxws: toIntDp,
  xvcvspsxds: toIntSp, xvcvspsxws: toIntSp, xvcvspuxds: toIntSp, xvcvspuxws: toIntSp,
  xsredp: estDp, xsresp: estDp, xvredp: estDp, xvresp: estSp,
  xsrsqrtedp: estDp, xsrsqrtesp: estDp, xvrsqrtedp: estDp, xvrsqrtesp: estSp,
  xstdivdp: tdiv(false), xvtdivdp: tdiv(false), xvtdivsp: tdiv(true), xscmpexpdp: tdiv(false),
  xstsqrtdp: tsqrt(false), xvtsqrtdp: tsqrt(false), xvtsqrtsp: tsqrt(true),
};
