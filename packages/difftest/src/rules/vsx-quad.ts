import { quad804Forms } from '@hvstep/emulator-core';
import { F } from '../fields.js';
import type { Gen } from '../gen.js';
import type { Generated, Rule, RuleEntry } from './rule.js';

/**
 * Rules for the VSX quad-precision rows (Book I 7.6.1). Sources are often set to
 * binary128 special values: ±0, ±infinity, quiet and signalling NaNs with payloads,
 * denormals, the smallest and largest normals, 1 and its neighbours; the xsiexpqp
 * exponent source gets exponents at 0, 1, 0x7FFE, 0x7FFF and with its high bits set.
 * The case's FPSCR has any rounding mode, and a case made of these rules alone has
 * exception enables now and then (Rule.fpEnables), so that QEMU's SIGFPEs are compared.
 */

export const SPECIAL128: readonly bigint[] = [
  0n, 1n << 127n, 0x7fffn << 112n, 0xffffn << 112n,
  (0x7fffn << 112n) | (1n << 111n), (0xffffn << 112n) | (1n << 111n) | 0x1234n, (0x7fffn << 112n) | 5n, (0x7fffn << 112n) | (1n << 110n),
  1n, (1n << 112n) - 1n, (1n << 127n) | (1n << 111n), 1n << 112n, (0x7ffen << 112n) | ((1n << 112n) - 1n),
  0x3fffn << 112n, (0x3fffn << 112n) | 1n, (0x3ffen << 112n) | ((1n << 112n) - 1n), (0xbfffn << 112n),
];

export function randomQuad(g: Gen): bigint {
  let v = 0n;
  for (let i = 0; i < 4; i++) v = (v << 32n) | BigInt(g.rng.u32() >>> 0);
  return v;
}

/** Sets VR n to a special binary128 value (or one with a random fraction / exponent) with probability p. */
function maybeSpecial(g: Gen, n: number, p = 0.7): number {
  if (g.rng.chance(p)) {
    const s = g.rng.pick(SPECIAL128);
    const v = g.rng.chance(0.3) ? (s & ~((1n << 112n) - 1n)) | (randomQuad(g) & ((1n << 112n) - 1n)) : s;
    g.setVsr(32 + n, v);
  }
  return n;
}

/**
 * An arithmetic operand: a special value, or a number with a random significand and
 * an exponent near 1, at the bottom (denormals, the smallest normals) or at the top
 * of the range, so that sums cancel, products and quotients overflow and underflow,
 * and results land on rounding ties.
 */
function arithOperand(g: Gen): bigint {
  const r = randomQuad(g);
  const frac = g.rng.chance(0.2) ? (r & ((1n << 112n) - 1n)) >> BigInt(g.rng.int(112)) : r & ((1n << 112n) - 1n);
  let e: number;
  switch (g.rng.int(4)) {
    case 0: return g.rng.pick(SPECIAL128);
    case 1: e = 0x3fff - 4 + g.rng.int(9); break;
    case 2: e = g.rng.int(120); break;
    default: e = 0x7fff - 120 + g.rng.int(120);
  }
  return (BigInt(g.rng.bit()) << 127n) | (BigInt(e) << 112n) | frac;
}
function maybeArith(g: Gen, n: number, p = 0.8): number {
  if (g.rng.chance(p)) g.setVsr(32 + n, arithOperand(g));
  return n;
}

/** Every quad rule allows FPSCR enables: the rows model QEMU's enabled exceptions (Rule.fpEnables). */
const rule = (cls: string, gen: (g: Gen) => number): Rule => ({ cls, fpEnables: true, gen: (g): Generated => ({ word: gen(g) }) });

/** The xo-804 row: every form its VRA field selects. */
const FORMS_804 = Object.entries(quad804Forms).map(([k, name]) => ({ sel: Number(k), name }));
const quad804: Rule = {
  cls: 'vsx-quad-move',
  fpEnables: true,
  gen: (g): Generated => {
    const f = g.rng.pick(FORMS_804);
    const b = f.sel === 27 ? maybeArith(g, g.vr()) : maybeSpecial(g, g.vr());
    return { word: F.VRT(g.vr()) | F.VRA(f.sel) | F.VRB(b) | (f.sel === 27 ? F.Rc(g.bit()) : 0), mnemonic: f.name };
  },
};

const xscpsgnqp = rule('vsx-quad-move', (g) => F.VRT(g.vr()) | F.VRA(maybeSpecial(g, g.vr())) | F.VRB(maybeSpecial(g, g.vr())));
const xsiexpqp = rule('vsx-quad-move', (g) => {
  const b = g.vr();
  if (g.rng.chance(0.6)) {
    const e = BigInt(g.rng.pick([0, 1, 0x3fff, 0x7ffe, 0x7fff, 0x8000, 0xffff, g.rng.u32() >>> 0]));
    g.setVsr(32 + b, (e << 64n) | (randomQuad(g) & ((1n << 64n) - 1n)));
  }
  return F.VRT(g.vr()) | F.VRA(maybeSpecial(g, g.vr())) | F.VRB(b);
});

/** Compares BF,VRA,VRB: equal operands now and then (and ±0, which compare equal). */
const cmpq = rule('vsx-quad-compare', (g) => {
  const a = maybeSpecial(g, g.vr()), b = g.rng.chance(0.15) ? a : maybeSpecial(g, g.vr());
  return F.BF(g.rng.int(8)) | F.VRA(a) | F.VRB(b);
});

/** VRT,VRA,VRB with RO (round to odd) either way; sometimes VRA = VRB. */
const arith = rule('vsx-quad-arith', (g) => {
  const a = maybeArith(g, g.vr()), b = g.rng.chance(0.1) ? a : maybeArith(g, g.vr());
  return F.VRT(g.vr()) | F.VRA(a) | F.VRB(b) | F.Rc(g.bit());
});

/** Multiply-adds: VRT is the addend too, set to an arithmetic operand. */
const fusedRule = rule('vsx-quad-arith', (g) => {
  const a = maybeArith(g, g.vr()), b = maybeArith(g, g.vr()), t = maybeArith(g, g.vr());
  return F.VRT(t) | F.VRA(a) | F.VRB(b) | F.Rc(g.bit());
});

export const vsxQuadRules: Record<string, RuleEntry> = {
  xsaddqp: arith, xssubqp: arith, xsmulqp: arith, xsdivqp: arith,
  xsmaddqp: fusedRule, xsmsubqp: fusedRule, xsnmaddqp: fusedRule, xsnmsubqp: fusedRule,
  xsabsqp: quad804, xscpsgnqp, xsiexpqp, xscmpuqp: cmpq, xscmpoqp: cmpq, xscmpexpqp: cmpq,
};
