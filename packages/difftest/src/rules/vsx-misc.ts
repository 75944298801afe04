import { xx2Eo347Forms, xx2Eo475Forms, quad836Forms } from '@hvstep/emulator-core';
import { F } from '../fields.js';
import type { Gen } from '../gen.js';
import { edgeFloat, edgeInt, f64bits } from '../values.js';
import type { Generated, Rule, RuleEntry } from './rule.js';
import { SPECIAL128, randomQuad } from './vsx-quad.js';

/**
 * Rules for the ISA 3.0 VSX rows of vsx-misc-defs.ts: byte reversals, exponent and
 * significand extraction and insertion, test data class, the half-precision and
 * quad-precision conversions and roundings. Sources are biased to each target
 * format's edges: binary16 specials (±0, ±infinity, NaNs with payloads, denormals,
 * the largest and smallest normals, ties), doubles and singles that round to the ends
 * of the binary16 range, binary128 values at the binary64 range's ends and at the
 * integer formats' saturation edges (2^31, 2^32, 2^63, 2^64 and neighbours, halves),
 * and values whose 64th significant bit is a tie (xsrqpxp).
 */

const forms = (table: Readonly<Record<number, string>>): { sel: number; name: string }[] =>
  Object.entries(table).map(([k, name]) => ({ sel: Number(k), name }));

const HALF_SPECIAL: readonly number[] = [
  0x0000, 0x8000, 0x7c00, 0xfc00, 0x7e00, 0xfe01, 0x7d00, 0x7c01, 0xfdff, // zeros, infinities, NaNs (quiet, signalling)
  0x0001, 0x83ff, 0x0200, 0x0400, 0x8401, 0x7bff, 0xfbfe, 0x3c00, 0xbc01, 0x3bff, 0x3800,
];

/** A double that lands near binary16's edges when converted, or a random/edge one. */
function halfEdgeDouble(g: Gen): bigint {
  switch (g.rng.int(4)) {
    case 0: return edgeFloat(g.rng);
    case 1: { // an exponent around binary16's range (2^-25 .. 2^16) with a random fraction, sometimes a tie
      const e = 1023 - 26 + g.rng.int(44);
      let frac = g.rng.u64() & 0xfffffffffffffn;
      if (g.rng.chance(0.4)) frac = (frac & ~((1n << 42n) - 1n)) | (g.rng.bit() ? 1n << 41n : 0n);
      return (BigInt(g.rng.bit()) << 63n) | (BigInt(e) << 52n) | frac;
    }
    default: { // a binary16 value widened exactly, maybe nudged by one ulp of the double
      const h = g.rng.chance(0.5) ? g.rng.pick(HALF_SPECIAL) : g.rng.int(0x10000);
      const e = (h >> 10) & 0x1f, f = h & 0x3ff, neg = (h & 0x8000) !== 0;
      if (e === 0x1f) return (BigInt(h >> 15) << 63n) | (0x7ffn << 52n) | (BigInt(f) << 42n);
      const v = (e === 0 ? f : 1024 + f) * 2 ** ((e === 0 ? 1 : e) - 25);
      const bits = f64bits(neg ? -v : v);
      return v === 0 ? bits : BigInt.asUintN(64, bits + BigInt(g.rng.int(3)) - 1n);
    }
  }
}

/** A single near binary16's edges, as halfEdgeDouble. */
function halfEdgeSingle(g: Gen): number {
  if (g.rng.chance(0.2)) return g.rng.u32() >>> 0;
  const d = halfEdgeDouble(g);
  const e = Number((d >> 52n) & 0x7ffn), sign = Number(d >> 63n) << 31;
  const f = Number((d >> 29n) & 0x7fffffn);
  if (e === 0x7ff) return (sign | 0x7f800000 | f) >>> 0;
  if (e === 0) return sign >>> 0;
  const e32 = Math.min(254, Math.max(1, e - 896));
  return (sign | (e32 << 23) | f) >>> 0;
}

/** Sets VSR n to words (w0..w3, ISA order). */
function setWords(g: Gen, n: number, words: readonly number[]): number {
  let v = 0n;
  for (const w of words) v = (v << 32n) | BigInt(w >>> 0);
  g.setVsr(n, v);
  return n;
}

/** The xo-475 row: every form its EO field selects; the half forms get binary16/binary32 edge sources. */
const FORMS_475 = forms(xx2Eo475Forms);
const xx2Eo475: Rule = {
  cls: 'vsx-misc',
  fpEnables: true,
  gen: (g): Generated => {
    const f = g.rng.pick(FORMS_475);
    const b = g.vsr();
    if (g.rng.chance(0.7)) {
      if (f.name === 'xvcvhpsp') setWords(g, b, [0, 1, 2, 3].map(() => (g.rng.u32() & 0xffff0000) | g.rng.pick(HALF_SPECIAL)));
      else if (f.name === 'xvcvsphp') setWords(g, b, [0, 1, 2, 3].map(() => halfEdgeSingle(g)));
    }
    return { word: F.XT(g.vsr()) | F.EO(f.sel) | F.XB(b), mnemonic: f.name };
  },
};

/** The xo-347 row: xsxexpdp/xsxsigdp write GPR RT; the half forms get edge sources. */
const FORMS_347 = forms(xx2Eo347Forms);
const xx2Eo347: Rule = {
  cls: 'vsx-misc',
  fpEnables: true,
  gen: (g): Generated => {
    const f = g.rng.pick(FORMS_347);
    const b = g.vsr();
    if (f.sel < 16) return { word: F.RT(g.dst()) | F.EO(f.sel) | F.XB(b), mnemonic: f.name };
    if (g.rng.chance(0.7)) {
      const low = g.rng.u64();
      if (f.name === 'xscvhpdp') g.setVsr(b, (((g.rng.u64() & ~0xffffn) | BigInt(g.rng.pick(HALF_SPECIAL))) << 64n) | low);
      else g.setVsr(b, (halfEdgeDouble(g) << 64n) | low);
    }
    return { word: F.XT(g.vsr()) | F.EO(f.sel) | F.XB(b), mnemonic: f.name };
  },
};

/** Every rule here allows FPSCR enables (Rule.fpEnables): the rows model QEMU's enabled exceptions or raise none. */
const rule = (cls: string, gen: (g: Gen) => number): Rule => ({ cls, fpEnables: true, gen: (g): Generated => ({ word: gen(g) }) });

/** GPR RB of xsiexpdp: exponents at the ends, with high bits set now and then. */
const xsiexpdp = rule('vsx-misc', (g) => {
  const b = g.src();
  if (g.rng.chance(0.6)) g.setGpr(b, BigInt(g.rng.pick([0, 1, 0x3ff, 0x7fe, 0x7ff, 0x800, 0xfff])) | (g.rng.chance(0.3) ? edgeInt(g.rng) << 12n : 0n));
  return F.XT(g.vsr()) | F.RA(g.src()) | F.RB(b);
});
const xx3 = rule('vsx-misc', (g) => F.XT(g.vsr()) | F.XA(g.vsr()) | F.XB(g.vsr()));

/** Test data class: any DCMX, sources with every class (the case's edge VSRs, binary128 specials). */
const xststdc = rule('vsx-test-class', (g) => F.BF(g.crField()) | F.DCMX(g.rng.int(128)) | F.XB(g.vsr()));
const xvtstdc = rule('vsx-test-class', (g) => F.XT(g.vsr()) | F.DCMX_XV(g.rng.int(128)) | F.XB(g.vsr()));
const xststdcqp = rule('vsx-test-class', (g) => {
  const b = g.vr();
  if (g.rng.chance(0.7)) g.setVsr(32 + b, g.rng.pick(SPECIAL128) | (g.rng.chance(0.3) ? randomQuad(g) & ((1n << 112n) - 1n) : 0n));
  return F.BF(g.crField()) | F.DCMX(g.rng.int(128)) | F.VRB(b);
});

/** A binary128 with biased exponent e and a random fraction (or a short one: ties and exact values). */
function quadAt(g: Gen, e: number): bigint {
  const r = randomQuad(g) & ((1n << 112n) - 1n);
  const frac = g.rng.chance(0.4) ? r & ~((1n << BigInt(g.rng.int(112))) - 1n) : r;
  return (BigInt(g.rng.bit()) << 127n) | (BigInt(e) << 112n) | frac;
}

/** Sources of the xo-836 conversions, by form. */
function quad836Source(g: Gen, name: string): bigint {
  if (g.rng.chance(0.15)) return g.rng.pick(SPECIAL128);
  switch (name) {
    case 'xscvqpdp': // binary64's range ends: overflow, the denormal area, the underflow threshold
      return quadAt(g, g.rng.pick([0x3fff - 1075 + g.rng.int(60), 0x3fff + 1000 + g.rng.int(30), 0x3fff - 20 + g.rng.int(40)]));
    case 'xscvdpqp': return edgeFloat(g.rng) << 64n | g.rng.u64();
    case 'xscvsdqp': case 'xscvudqp': return edgeInt(g.rng) << 64n | g.rng.u64();
    default: { // the integer formats' edges: 2^31, 2^32, 2^63, 2^64 (exponents 31..64) and small values
      const e = g.rng.chance(0.7) ? 0x3fff + g.rng.pick([30, 31, 32, 62, 63, 64]) : 0x3fff - 2 + g.rng.int(8);
      const v = quadAt(g, e);
      return g.rng.chance(0.3) ? v + BigInt(g.rng.int(3)) - 1n : v;
    }
  }
}

const FORMS_836 = forms(quad836Forms);
const quad836: Rule = {
  cls: 'vsx-quad-convert',
  fpEnables: true,
  gen: (g): Generated => {
    const f = g.rng.pick(FORMS_836);
    const b = g.vr();
    if (g.rng.chance(0.8)) g.setVsr(32 + b, BigInt.asUintN(128, quad836Source(g, f.name)));
    return { word: F.VRT(g.vr()) | F.EO(f.sel) | F.VRB(b) | (f.sel === 20 ? F.Rc(g.bit()) : 0), mnemonic: f.name };
  },
};

/** xsrqpi[x]/xsrqpxp: every R/RMC, EX either way; values whose rounding point falls inside the fraction. */
const roundQp = (bits: number): Rule => ({
  cls: 'vsx-quad-convert',
  fpEnables: true,
  gen: (g): Generated => {
    const b = g.vr();
    if (g.rng.chance(0.85)) {
      const v = g.rng.chance(0.2) ? g.rng.pick(SPECIAL128)
        : quadAt(g, g.rng.chance(0.7) ? 0x3fff - 2 + g.rng.int(bits + 4) : g.rng.pick([g.rng.int(8), 0x7ffe - g.rng.int(4), g.rng.int(0x7fff)]));
      g.setVsr(32 + b, v);
    }
    return { word: F.VRT(g.vr()) | F.R_Z23(g.bit()) | F.RMC(g.rng.int(4)) | F.VRB(b) | F.Rc(g.bit()) };
  },
});
const xsrqpi = roundQp(113);
const xsrqpxp = roundQp(64);

export const vsxMiscRules: Record<string, RuleEntry> = {
  xvxexpdp: xx2Eo475, xsxexpdp: xx2Eo347, xscvqpuwz: quad836,
  xsiexpdp, xviexpsp: xx3, xviexpdp: xx3,
  xststdcsp: xststdc, xststdcdp: xststdc, xvtstdcsp: xvtstdc, xvtstdcdp: xvtstdc, xststdcqp,
  xsrqpi, xsrqpxp,
};
