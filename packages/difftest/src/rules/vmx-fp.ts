import { F } from '../fields.js';
import type { Gen } from '../gen.js';
import type { Generated, Rule, RuleEntry } from './rule.js';

/**
 * Rules for the VMX floating-point rows (Book I 6.9.2). The source VRs are often
 * filled with single-precision special values: ±0, ±infinity, quiet and signalling
 * NaNs with payloads, the denormal extremes, the smallest and largest normals, values
 * one ulp either side of 1 and of rounding ties, halves (for vrfi*), and the
 * saturation edges of vct[su]xs at every scale (2^31 and 2^32 divided by 2^UIM, and
 * their neighbours). VSCR[NJ] is varied by the case's VSCR (values.ts edgeVscr).
 */

const rule = (cls: string, gen: (g: Gen) => number): Rule => ({ cls, gen: (g): Generated => ({ word: gen(g) }) });

const SPECIAL32: readonly number[] = [
  0x00000000, 0x80000000, 0x7f800000, 0xff800000, // zeros, infinities
  0x7fc00000, 0xffc00001, 0x7fa00005, 0xff800001, 0x7f812345, // quiet and signalling NaNs with payloads
  0x00000001, 0x807fffff, 0x00400000, 0x00800000, 0x80800001, // denormals, smallest normals
  0x7f7fffff, 0xff7ffffe, 0x3f800000, 0xbf800000, 0x3f800001, 0x3f7fffff, // largest, 1 and its neighbours
  0x3f000000, 0xbfc00000, 0x40200000, 0x4b000001, 0x4b7fffff, 0xcafffffe, // halves and ties for vrfi*, 2^23 region
  0x4f000000, 0x4effffff, 0xcf000000, 0xcf000001, 0x4f800000, 0x4f7fffff, // 2^31, 2^32 and neighbours
  0x3e800000, 0x40000000, 0x42fe0000, 0xc2fc0000, 0xc3160000, 0x43000000, // exp2/log2 range edges
  0x0c000000, 0x8c000001, 0x20000000, 0xa0000000, // products and sums near the denormal range
];

/** A float32 at the edges, or near one scaled by 2^-k (saturation edges of vct* at UIM k), or random. */
function edge32(g: Gen): number {
  switch (g.rng.int(6)) {
    case 0: case 1: return g.rng.pick(SPECIAL32);
    case 2: {
      // 2^31 or 2^32 scaled down by 2^k (biased exponent 158 or 159 minus k), one ulp either way
      const k = g.rng.int(32), base = ((158 + g.rng.int(2) - k) << 23) >>> 0;
      const v = base + g.rng.int(3) - 1;
      return (g.rng.bit() ? v | 0x80000000 : v) >>> 0;
    }
    case 3: {
      // a normal of small magnitude range, so that sums and products round and cancel
      const e = 100 + g.rng.int(60);
      return (((g.rng.bit() << 31) | (e << 23) | (g.rng.u32() & 0x7fffff)) >>> 0);
    }
    default: return g.rng.u32() >>> 0;
  }
}

/** Sets VR n to four edge floats with probability p; returns n. */
function maybeEdge(g: Gen, n: number, p = 0.7): number {
  if (g.rng.chance(p)) {
    let v = 0n;
    for (let i = 0; i < 4; i++) v = (v << 32n) | BigInt(edge32(g));
    g.setVsr(32 + n, v);
  }
  return n;
}

/** VRT,VRA,VRB; sometimes VRA = VRB (equal operands for the compares, x - x). */
const vx3 = (cls: string): Rule => rule(cls, (g) => {
  const a = maybeEdge(g, g.vr()), b = g.rng.chance(0.1) ? a : maybeEdge(g, g.vr());
  return F.VRT(g.vr()) | F.VRA(a) | F.VRB(b);
});
/** VRT,VRB (VRA zero: reserved for these). */
const vx2 = rule('vmx-fp', (g) => F.VRT(g.vr()) | F.VRB(maybeEdge(g, g.vr())));
/** VRT,VRB,UIM. */
const vuim = rule('vmx-fp-convert', (g) => F.VRT(g.vr()) | F.VRA(g.rng.int(32)) | F.VRB(maybeEdge(g, g.vr())));
/** vcf[su]x: integer sources at the rounding edges of float32 too. */
const vcf = rule('vmx-fp-convert', (g) => {
  const b = g.vr();
  if (g.rng.chance(0.5)) {
    let v = 0n;
    for (let i = 0; i < 4; i++) {
      const pick = g.rng.int(4);
      const x = pick === 0 ? g.rng.pick([0, 1, -1, 0x7fffffff, 0x80000000, 0xffffff, 0x1000001, 0x1000003, 0x7fffffc0, 0x7fffffbf])
        : pick === 1 ? (0x1000000 + g.rng.int(64)) << g.rng.int(7) : g.rng.u32();
      v = (v << 32n) | BigInt(x >>> 0);
    }
    g.setVsr(32 + b, v);
  }
  return F.VRT(g.vr()) | F.VRA(g.rng.int(32)) | F.VRB(b);
});
/** VA-form multiply-adds VRT,VRA,VRC,VRB. */
const va4 = rule('vmx-fp', (g) => F.VRT(g.vr()) | F.VRA(maybeEdge(g, g.vr())) | F.VRB(maybeEdge(g, g.vr())) | F.VRC(maybeEdge(g, g.vr())));
/** VC-form compares, both Rc values. */
const vc = rule('vmx-fp-compare', (g) => {
  const a = maybeEdge(g, g.vr()), b = g.rng.chance(0.15) ? a : maybeEdge(g, g.vr());
  return F.VRT(g.vr()) | F.VRA(a) | F.VRB(b) | F.Rc_VC(g.bit());
});

export const vmxFpRules: Record<string, RuleEntry> = {
  vaddfp: vx3('vmx-fp'), vsubfp: vx3('vmx-fp'), vmaxfp: vx3('vmx-fp'), vminfp: vx3('vmx-fp'),
  vmaddfp: va4, vnmsubfp: va4,
  vrefp: vx2, vrsqrtefp: vx2, vexptefp: vx2, vlogefp: vx2,
  vrfin: vx2, vrfiz: vx2, vrfip: vx2, vrfim: vx2,
  vcfux: vcf, vcfsx: vcf, vctuxs: vuim, vctsxs: vuim,
  vcmpeqfp: vc, vcmpgefp: vc, vcmpgtfp: vc, vcmpbfp: vc,
};
