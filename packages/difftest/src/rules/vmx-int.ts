import { vx1538Forms } from '@hvstep/emulator-core';
import { F } from '../fields.js';
import * as A from '../asm.js';
import type { Gen } from '../gen.js';
import type { Generated, Rule, RuleEntry } from './rule.js';

/**
 * Rules for the VMX integer rows of primary 4 (Book I chapter 6): arithmetic, compares
 * (both Rc forms), shifts and rotates, pack/unpack, extract/insert, bit operations,
 * polynomial multiplies and crypto. Besides the case's edge-biased vectors
 * (values.ts edgeVector), the source VRs are often set here to element patterns made of
 * the values at the edges of the element type (0, 1, -1, the signed and unsigned
 * extremes and their neighbours), so that every saturation, carry and sign case is
 * reached; shift-count operands get every count in range and beyond.
 */

const rule = (cls: string, gen: (g: Gen) => number): Rule => ({ cls, gen: (g): Generated => ({ word: gen(g) }) });

/** An element of `bits` bits at the edge of its type, or random. */
function edgeElement(g: Gen, bits: number): bigint {
  const one = 1n, top = one << BigInt(bits - 1), all = (one << BigInt(bits)) - one;
  const pick = g.rng.int(12);
  switch (pick) {
    case 0: return 0n;
    case 1: return 1n;
    case 2: return all;
    case 3: return top;
    case 4: return top - one;
    case 5: return top + one;
    case 6: return all - one;
    case 7: return 2n;
    default: {
      let v = 0n;
      for (let b = 0; b < bits; b += 32) v = (v << 32n) | BigInt(g.rng.u32());
      return v & all;
    }
  }
}

/** A 128-bit value of elements of `bits` bits, each an edge element. */
function edgeElements(g: Gen, bits: number): bigint {
  let v = 0n;
  for (let i = 0; i < 128 / bits; i++) v = (v << BigInt(bits)) | edgeElement(g, bits);
  return v;
}

/** Sets VR n to an edge-element pattern of `bits`-bit elements with probability p. */
function maybeEdge(g: Gen, n: number, bits: number, p = 0.5): number {
  if (g.rng.chance(p)) g.setVsr(32 + n, edgeElements(g, bits));
  return n;
}

/** VRT,VRA,VRB with the sources biased to `bits`-bit edge elements. */
const vx3 = (cls: string, bits: number): Rule => rule(cls, (g) =>
  F.VRT(g.vr()) | F.VRA(maybeEdge(g, g.vr(), bits)) | F.VRB(maybeEdge(g, g.vr(), bits)));
/** VRT,VRB (the VRA field is zero). */
const vx2 = (cls: string, bits: number): Rule => rule(cls, (g) => F.VRT(g.vr()) | F.VRB(maybeEdge(g, g.vr(), bits)));
/** VA-form VRT,VRA,VRB,VRC. */
const va4 = (cls: string, bits: number): Rule => rule(cls, (g) =>
  F.VRT(g.vr()) | F.VRA(maybeEdge(g, g.vr(), bits)) | F.VRB(maybeEdge(g, g.vr(), bits)) | F.VRC(maybeEdge(g, g.vr(), bits, 0.3)));
/** VC-form compares: both Rc values; equal operands now and then (every element true). */
const vc = (bits: number): Rule => rule('vmx-compare', (g) => {
  const a = maybeEdge(g, g.vr(), bits), b = g.rng.chance(0.15) ? a : maybeEdge(g, g.vr(), bits);
  return F.VRT(g.vr()) | F.VRA(a) | F.VRB(b) | F.Rc_VC(g.bit());
});

/** Shift counts for elements of `bits` bits: every count in range, often with the unused high bits set. */
function shiftCounts(g: Gen, bits: number): bigint {
  let v = 0n;
  const n = 128 / bits;
  for (let i = 0; i < n; i++) {
    let e = BigInt(g.rng.int(bits));
    if (g.rng.bit()) e |= BigInt(g.rng.u32()) << BigInt(Math.min(bits - 1, 8)) & ((1n << BigInt(bits)) - 1n) & ~BigInt(bits - 1);
    v = (v << BigInt(bits)) | e;
  }
  return v;
}
/** VRT,VRA,VRB with VRB set to shift counts half of the time. */
const vshift = (bits: number): Rule => rule('vmx-shift', (g) => {
  const b = g.vr();
  if (g.rng.chance(0.5)) g.setVsr(32 + b, shiftCounts(g, bits));
  return F.VRT(g.vr()) | F.VRA(maybeEdge(g, g.vr(), bits)) | F.VRB(b);
});
/** vsl/vsr/vslo/vsro: VRB a splat of one byte (as the ISA wants), or random. */
const vshiftWhole = rule('vmx-shift', (g) => {
  const b = g.vr();
  if (g.rng.chance(0.6)) {
    const x = BigInt(g.rng.int(256));
    let v = 0n;
    for (let i = 0; i < 16; i++) v = (v << 8n) | x;
    g.setVsr(32 + b, v);
  }
  return F.VRT(g.vr()) | F.VRA(g.vr()) | F.VRB(b);
});

/** vextract*, vinsert*: every UIM, in range and past it. */
const vuim = (cls: string): Rule => rule(cls, (g) => F.VRT(g.vr()) | F.VRB(g.vr()) | F.UIM4(g.rng.int(16)));

/** vextu[bhw][lr]x RT,RA,VRB: RA with every index 0..15 (and random high bits). */
const vextux = rule('vmx-pack', (g) => {
  let ra = g.src();
  if (g.rng.chance(0.7)) {
    ra = g.addrReg();
    g.setup.push(A.li(ra, g.rng.int(16) | (g.rng.bit() ? g.rng.int(0x800) << 4 : 0)));
  }
  return F.RT(g.dst()) | F.RA(ra) | F.VRB(g.vr());
});

/** The vx1538 row: every form its VRA field selects. */
const FORMS_1538 = Object.entries(vx1538Forms).map(([k, name]) => ({ sel: Number(k), name }));
const vx1538: Rule = {
  cls: 'vmx-bits',
  gen: (g): Generated => {
    const f = g.rng.pick(FORMS_1538);
    const toGpr = f.sel <= 1;
    const b = maybeEdge(g, g.vr(), f.sel >= 28 ? 8 << (f.sel - 28) : 8);
    return { word: (toGpr ? F.RT(g.dst()) : F.VRT(g.vr())) | F.VRA(f.sel) | F.VRB(b), mnemonic: f.name };
  },
};

const vmul10 = (withB: boolean): Rule => rule('vmx-arith', (g) => {
  const a = maybeEdge(g, g.vr(), 32);
  if (!withB) return F.VRT(g.vr()) | F.VRA(a);
  const b = g.vr();
  if (g.rng.chance(0.5)) g.setVsr(32 + b, BigInt(g.rng.int(16)));
  return F.VRT(g.vr()) | F.VRA(a) | F.VRB(b);
});

const vshasigma = rule('vmx-crypto', (g) => F.VRT(g.vr()) | F.VRA(g.vr()) | F.ST(g.bit()) | F.SIX(g.rng.int(16)));

const ar = (bits: number): Rule => vx3('vmx-arith', bits);

export const vmxIntRules: Record<string, RuleEntry> = {
  vaddubm: ar(8), vadduhm: ar(16), vadduwm: ar(32), vaddudm: ar(64), vadduqm: ar(64), vaddcuq: ar(64), vaddcuw: ar(32),
  vsububm: ar(8), vsubuhm: ar(16), vsubuwm: ar(32), vsubudm: ar(64), vsubuqm: ar(64), vsubcuq: ar(64), vsubcuw: ar(32),
  vaddeuqm: va4('vmx-arith', 64), vaddecuq: va4('vmx-arith', 64), vsubeuqm: va4('vmx-arith', 64), vsubecuq: va4('vmx-arith', 64),
  vaddubs: ar(8), vadduhs: ar(16), vadduws: ar(32), vaddsbs: ar(8), vaddshs: ar(16), vaddsws: ar(32),
  vsububs: ar(8), vsubuhs: ar(16), vsubuws: ar(32), vsubsbs: ar(8), vsubshs: ar(16), vsubsws: ar(32),
  vmaxub: ar(8), vmaxuh: ar(16), vmaxuw: ar(32), vmaxud: ar(64), vmaxsb: ar(8), vmaxsh: ar(16), vmaxsw: ar(32), vmaxsd: ar(64),
  vminub: ar(8), vminuh: ar(16), vminuw: ar(32), vminud: ar(64), vminsb: ar(8), vminsh: ar(16), vminsw: ar(32), vminsd: ar(64),
  vavgub: ar(8), vavguh: ar(16), vavguw: ar(32), vavgsb: ar(8), vavgsh: ar(16), vavgsw: ar(32),
  vabsdub: ar(8), vabsduh: ar(16), vabsduw: ar(32),
  vmhaddshs: va4('vmx-arith', 16), vmhraddshs: va4('vmx-arith', 16), vmladduhm: va4('vmx-arith', 16),
  vmuleub: ar(8), vmuleuh: ar(16), vmuleuw: ar(32), vmulesb: ar(8), vmulesh: ar(16), vmulesw: ar(32),
  vmuloub: ar(8), vmulouh: ar(16), vmulouw: ar(32), vmulosb: ar(8), vmulosh: ar(16), vmulosw: ar(32), vmuluwm: ar(32),
  vmsumubm: va4('vmx-arith', 8), vmsummbm: va4('vmx-arith', 8), vmsumuhm: va4('vmx-arith', 16),
  vmsumuhs: va4('vmx-arith', 16), vmsumshm: va4('vmx-arith', 16), vmsumshs: va4('vmx-arith', 16),
  vsumsws: ar(32), vsum2sws: ar(32), vsum4ubs: ar(8), vsum4sbs: ar(8), vsum4shs: ar(16),
  vmul10uq: vmul10(false), vmul10cuq: vmul10(false), vmul10euq: vmul10(true), vmul10ecuq: vmul10(true),

  vcmpequb: vc(8), vcmpequh: vc(16), vcmpequw: vc(32), vcmpequd: vc(64),
  vcmpneb: vc(8), vcmpneh: vc(16), vcmpnew: vc(32), vcmpnezb: vc(8), vcmpnezh: vc(16), vcmpnezw: vc(32),
  vcmpgtub: vc(8), vcmpgtuh: vc(16), vcmpgtuw: vc(32), vcmpgtud: vc(64),
  vcmpgtsb: vc(8), vcmpgtsh: vc(16), vcmpgtsw: vc(32), vcmpgtsd: vc(64),

  vslb: vshift(8), vslh: vshift(16), vslw: vshift(32), vsld: vshift(64),
  vsrb: vshift(8), vsrh: vshift(16), vsrw: vshift(32), vsrd: vshift(64),
  vsrab: vshift(8), vsrah: vshift(16), vsraw: vshift(32), vsrad: vshift(64),
  vrlb: vshift(8), vrlh: vshift(16), vrlw: vshift(32), vrld: vshift(64),
  vrlwmi: vx3('vmx-shift', 32), vrlwnm: vx3('vmx-shift', 32), vrldmi: vx3('vmx-shift', 64), vrldnm: vx3('vmx-shift', 64),
  vsl: vshiftWhole, vsr: vshiftWhole, vslo: vshiftWhole, vsro: vshiftWhole,
  vslv: vshift(8), vsrv: vshift(8),

  vpkuhum: vx3('vmx-pack', 16), vpkuwum: vx3('vmx-pack', 32), vpkudum: vx3('vmx-pack', 64),
  vpkuhus: vx3('vmx-pack', 16), vpkuwus: vx3('vmx-pack', 32), vpkudus: vx3('vmx-pack', 64),
  vpkshus: vx3('vmx-pack', 16), vpkswus: vx3('vmx-pack', 32), vpksdus: vx3('vmx-pack', 64),
  vpkshss: vx3('vmx-pack', 16), vpkswss: vx3('vmx-pack', 32), vpksdss: vx3('vmx-pack', 64),
  vpkpx: vx3('vmx-pack', 32),
  vmrgew: vx3('vmx-pack', 32), vmrgow: vx3('vmx-pack', 32),
  vupkhsb: vx2('vmx-pack', 8), vupklsb: vx2('vmx-pack', 8), vupkhsh: vx2('vmx-pack', 16), vupklsh: vx2('vmx-pack', 16),
  vupkhsw: vx2('vmx-pack', 32), vupklsw: vx2('vmx-pack', 32), vupkhpx: vx2('vmx-pack', 16), vupklpx: vx2('vmx-pack', 16),
  vextractub: vuim('vmx-pack'), vextractuh: vuim('vmx-pack'), vextractuw: vuim('vmx-pack'), vextractd: vuim('vmx-pack'),
  vinsertb: vuim('vmx-pack'), vinserth: vuim('vmx-pack'), vinsertw: vuim('vmx-pack'), vinsertd: vuim('vmx-pack'),
  vextublx: vextux, vextuhlx: vextux, vextuwlx: vextux, vextubrx: vextux, vextuhrx: vextux, vextuwrx: vextux,

  vclzb: vx2('vmx-bits', 8), vclzh: vx2('vmx-bits', 16), vclzw: vx2('vmx-bits', 32), vclzd: vx2('vmx-bits', 64),
  vpopcntb: vx2('vmx-bits', 8), vpopcnth: vx2('vmx-bits', 16), vpopcntw: vx2('vmx-bits', 32), vpopcntd: vx2('vmx-bits', 64),
  vgbbd: vx2('vmx-bits', 8), vbpermq: vx3('vmx-bits', 8), vbpermd: vx3('vmx-bits', 8),
  vpmsumb: vx3('vmx-bits', 8), vpmsumh: vx3('vmx-bits', 16), vpmsumw: vx3('vmx-bits', 32), vpmsumd: vx3('vmx-bits', 64),
  vclzlsbb: vx1538,

  vcipher: vx3('vmx-crypto', 8), vcipherlast: vx3('vmx-crypto', 8), vncipher: vx3('vmx-crypto', 8), vncipherlast: vx3('vmx-crypto', 8),
  vsbox: rule('vmx-crypto', (g) => F.VRT(g.vr()) | F.VRA(g.vr())),
  vshasigmaw: vshasigma, vshasigmad: vshasigma,
  vpermxor: va4('vmx-crypto', 8),
};
