import { quad804Forms } from '@hvstep/emulator-core';
import { F } from '../fields.js';
import type { Gen } from '../gen.js';
import type { Generated, Rule, RuleEntry } from './rule.js';

/**
 * Rules for the VSX quad-precision rows (Book I 7.6.1). Sources are often set to
 * binary128 special values: ±0, ±infinity, quiet and signalling NaNs with payloads,
 * denormals, the smallest and largest normals, 1 and its neighbours; the xsiexpqp
 * exponent source gets exponents at 0, 1, 0x7FFE, 0x7FFF and with its high bits set.
 */

const SPECIAL128: readonly bigint[] = [
  0n, 1n << 127n, 0x7fffn << 112n, 0xffffn << 112n,
  (0x7fffn << 112n) | (1n << 111n), (0xffffn << 112n) | (1n << 111n) | 0x1234n, (0x7fffn << 112n) | 5n, (0x7fffn << 112n) | (1n << 110n),
  1n, (1n << 112n) - 1n, (1n << 127n) | (1n << 111n), 1n << 112n, (0x7ffen << 112n) | ((1n << 112n) - 1n),
  0x3fffn << 112n, (0x3fffn << 112n) | 1n, (0x3ffen << 112n) | ((1n << 112n) - 1n), (0xbfffn << 112n),
];

function randomQuad(g: Gen): bigint {
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

const rule = (cls: string, gen: (g: Gen) => number): Rule => ({ cls, gen: (g): Generated => ({ word: gen(g) }) });

/** The xo-804 row: every form its VRA field selects. */
const FORMS_804 = Object.entries(quad804Forms).map(([k, name]) => ({ sel: Number(k), name }));
const quad804: Rule = {
  cls: 'vsx-quad-move',
  gen: (g): Generated => {
    const f = g.rng.pick(FORMS_804);
    return { word: F.VRT(g.vr()) | F.VRA(f.sel) | F.VRB(maybeSpecial(g, g.vr())), mnemonic: f.name };
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

export const vsxQuadRules: Record<string, RuleEntry> = {
  xsabsqp: quad804, xscpsgnqp, xsiexpqp, xscmpuqp: cmpq, xscmpoqp: cmpq, xscmpexpqp: cmpq,
};
