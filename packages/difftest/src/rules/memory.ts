import { F } from '../fields.js';
import type { Gen } from '../gen.js';
import type { RuleEntry, Generated, Rule } from './rule.js';

/**
 * Rules for loads and stores (Book I 3.3.2-3.3.7, 4.6 for FP), storage control
 * (Book II 4) and load-and-reserve / store-conditional (Book II 4.6). Every EA is
 * placed inside the case's scratch area by setup words (Gen.memD/memX).
 */

interface MemSpec {
  size: number;
  load: boolean;
  update?: boolean;
  /** displacement low bits that must be zero: DS-form 3, DQ-form 15 */
  dMask?: number;
  /** the data register is an FPR */
  fp?: boolean;
  /** the data register is an even/odd pair (lq, stq, lfdp...) */
  pair?: boolean;
}

function dataReg(g: Gen, s: MemSpec): number {
  let r = s.fp ? g.fpr() : s.load ? g.dst() : g.src();
  if (s.pair) r &= ~1;
  return r;
}

/** D, DS or DQ-form: RT|RS, D(RA). */
export function dMem(cls: string, s: MemSpec): Rule {
  return {
    cls,
    gen(g: Gen): Generated {
      const rt = dataReg(g, s);
      // update loads: RA != 0 and RA != RT; pair loads: RA outside the pair
      const avoid = s.fp ? [] : s.pair ? [rt, rt + 1] : s.load && s.update ? [rt] : [];
      const { ra, d } = g.memD({ size: s.size, update: s.update ?? false, dMask: s.dMask ?? 0, avoid });
      return { word: F.RT(rt) | F.RA(ra) | (d & 0xffff & ~(s.dMask ?? 0)) };
    },
  };
}

/** X-form: RT|RS, RA, RB. */
export function xMem(cls: string, s: MemSpec): Rule {
  return {
    cls,
    gen(g: Gen): Generated {
      const rt = dataReg(g, s);
      const avoid = s.fp ? [] : s.pair ? [rt, rt + 1] : s.load && s.update ? [rt] : [];
      const { ra, rb } = g.memX({ size: s.size, update: s.update ?? false, avoid });
      return { word: F.RT(rt) | F.RA(ra) | F.RB(rb) };
    },
  };
}

/** Load and reserve: aligned EA (an unaligned one is an alignment interrupt: rare), EH hint random. */
function larx(size: number, pair = false): Rule {
  return {
    cls: 'atomic',
    gen(g: Gen): Generated {
      let rt = g.dst();
      if (pair) rt &= ~1;
      const { ra, rb } = g.memX({ size, pAligned: 0.97, avoid: pair ? [rt, rt + 1] : [rt] });
      return { word: F.RT(rt) | F.RA(ra) | F.RB(rb) | g.bit() };
    },
  };
}

const LARX_XO: Record<number, number> = { 1: 52, 2: 116, 4: 20, 8: 84, 16: 276 };

/**
 * Store conditional; usually preceded (in its setup) by a load and reserve of the
 * same EA, mostly of the same size, so that both the success and failure paths run.
 */
function stcx(size: number, pair = false): Rule {
  return {
    cls: 'atomic',
    gen(g: Gen): Generated {
      let rs = g.src();
      if (pair) rs &= ~1;
      // rarely misaligned: QEMU 7.2 checks the alignment of a store conditional only
      // when the reservation matches (the ISA requires the alignment interrupt always)
      const { ra, rb } = g.memX({ size, pAligned: 0.97 });
      if (g.rng.chance(0.7)) {
        // QEMU 7.2 forgets the reservation of lqarx (quirks.ts): stqcx. mostly follows other sizes
        const rsize = g.rng.chance(pair ? 0.3 : 0.85) ? size : g.rng.pick([1, 2, 4, 8]);
        let rt: number;
        do { rt = g.dst(); } while (rt === ra || rt === rb || (rsize === 16 && (rt & 1)));
        g.setup.push(((31 << 26) | F.RT(rt) | F.RA(ra) | F.RB(rb) | (LARX_XO[rsize]! << 1)) >>> 0);
      }
      return { word: F.RS(rs) | F.RA(ra) | F.RB(rb) | 1 };
    },
  };
}

/** lmw/stmw and the string instructions: an alignment interrupt in little-endian mode, so rare. */
const RARE = 0.05;

function lmw(load: boolean): Rule {
  return {
    cls: 'multiple',
    weight: RARE,
    gen(g: Gen): Generated {
      const rt = load ? 2 + g.rng.int(30) : g.src();
      const { ra, d } = g.memD({ size: (32 - rt) * 4, align: 4, avoid: load ? range(rt, 32) : [] });
      return { word: F.RT(rt) | F.RA(ra) | (d & 0xffff) };
    },
  };
}

function stringImm(load: boolean): Rule {
  return {
    cls: 'string',
    weight: RARE,
    gen(g: Gen): Generated {
      const nb = g.rng.int(32), bytes = nb === 0 ? 32 : nb;
      const rt = load ? g.dst() : g.src();
      const regs = Array.from({ length: Math.ceil(bytes / 4) }, (_, i) => (rt + i) & 31);
      // lswi: RA must not be among the registers loaded
      const { ra } = g.memD({ size: bytes, align: 1, noDisp: true, avoid: load ? regs : [] });
      return { word: F.RT(rt) | F.RA(ra) | F.NB(nb) };
    },
  };
}

function stringIndexed(load: boolean): Rule {
  return {
    cls: 'string',
    weight: RARE,
    gen(g: Gen): Generated {
      const rt = load ? g.dst() : g.src();
      const { ra, rb } = g.memX({ size: 128, align: 1, avoid: load ? [rt] : [] });
      return { word: F.RT(rt) | F.RA(ra) | F.RB(rb) };
    },
  };
}

const range = (a: number, b: number): number[] => Array.from({ length: b - a }, (_, i) => a + i);

/** X-form cache management with EA in the scratch area and an extra field at bits 21..25. */
function cacheOp(field: (g: Gen) => number): Rule {
  return {
    cls: 'storage',
    gen(g: Gen): Generated {
      const { ra, rb } = g.memX({ size: 1, align: 1 });
      return { word: field(g) | F.RA(ra) | F.RB(rb) };
    },
  };
}

export const memoryRules: Record<string, RuleEntry> = {
  // D-form
  lbz: dMem('load', { size: 1, load: true }), lbzu: dMem('load', { size: 1, load: true, update: true }),
  lhz: dMem('load', { size: 2, load: true }), lhzu: dMem('load', { size: 2, load: true, update: true }),
  lha: dMem('load', { size: 2, load: true }), lhau: dMem('load', { size: 2, load: true, update: true }),
  lwz: dMem('load', { size: 4, load: true }), lwzu: dMem('load', { size: 4, load: true, update: true }),
  stb: dMem('store', { size: 1, load: false }), stbu: dMem('store', { size: 1, load: false, update: true }),
  sth: dMem('store', { size: 2, load: false }), sthu: dMem('store', { size: 2, load: false, update: true }),
  stw: dMem('store', { size: 4, load: false }), stwu: dMem('store', { size: 4, load: false, update: true }),
  // DS-form
  ld: dMem('load', { size: 8, load: true, dMask: 3 }), ldu: dMem('load', { size: 8, load: true, update: true, dMask: 3 }),
  lwa: dMem('load', { size: 4, load: true, dMask: 3 }),
  std: dMem('store', { size: 8, load: false, dMask: 3 }), stdu: dMem('store', { size: 8, load: false, update: true, dMask: 3 }),
  lq: dMem('load', { size: 16, load: true, dMask: 15, pair: true }),
  stq: dMem('store', { size: 16, load: false, dMask: 3, pair: true }),
  // X-form
  lbzx: xMem('load', { size: 1, load: true }), lbzux: xMem('load', { size: 1, load: true, update: true }),
  lhzx: xMem('load', { size: 2, load: true }), lhzux: xMem('load', { size: 2, load: true, update: true }),
  lhax: xMem('load', { size: 2, load: true }), lhaux: xMem('load', { size: 2, load: true, update: true }),
  lwzx: xMem('load', { size: 4, load: true }), lwzux: xMem('load', { size: 4, load: true, update: true }),
  lwax: xMem('load', { size: 4, load: true }), lwaux: xMem('load', { size: 4, load: true, update: true }),
  ldx: xMem('load', { size: 8, load: true }), ldux: xMem('load', { size: 8, load: true, update: true }),
  stbx: xMem('store', { size: 1, load: false }), stbux: xMem('store', { size: 1, load: false, update: true }),
  sthx: xMem('store', { size: 2, load: false }), sthux: xMem('store', { size: 2, load: false, update: true }),
  stwx: xMem('store', { size: 4, load: false }), stwux: xMem('store', { size: 4, load: false, update: true }),
  stdx: xMem('store', { size: 8, load: false }), stdux: xMem('store', { size: 8, load: false, update: true }),
  lhbrx: xMem('load', { size: 2, load: true }), lwbrx: xMem('load', { size: 4, load: true }), ldbrx: xMem('load', { size: 8, load: true }),
  sthbrx: xMem('store', { size: 2, load: false }), stwbrx: xMem('store', { size: 4, load: false }), stdbrx: xMem('store', { size: 8, load: false }),
  // multiple and string
  lmw: lmw(true), stmw: lmw(false),
  lswi: stringImm(true), stswi: stringImm(false), lswx: stringIndexed(true), stswx: stringIndexed(false),
  // atomics
  lbarx: larx(1), lharx: larx(2), lwarx: larx(4), ldarx: larx(8), lqarx: larx(16, true),
  'stbcx.': stcx(1), 'sthcx.': stcx(2), 'stwcx.': stcx(4), 'stdcx.': stcx(8), 'stqcx.': stcx(16, true),
  // storage control
  dcbz: cacheOp(() => 0),
  dcbst: cacheOp(() => 0),
  dcbf: cacheOp((g) => (g.rng.pick([0, 1]) << 21)), // L=3 (dcbflp) is an illegal instruction in QEMU 7.2
  icbi: cacheOp(() => 0),
  dcbt: cacheOp((g) => F.RT(g.rng.pick([0, 0, 16, 17, 8, 10]))),
  dcbtst: cacheOp((g) => F.RT(g.rng.pick([0, 0, 16, 8, 10]))),
  icbt: { exclude: 'QEMU 7.2 has no icbt for POWER9 (illegal instruction): no reference' },
  sync: { cls: 'storage', gen: (g) => ({ word: g.rng.pick([0, 1]) << 21 }) },
  eieio: { cls: 'storage', gen: () => ({ word: 0 }) },
  isync: { cls: 'storage', gen: () => ({ word: 0 }) },
  cp_abort: { cls: 'storage', gen: () => ({ word: 0 }) },
  // data stream hints: T (ISA bit 6), STRM (bits 9:10), RA (0 is an invalid form for dst/dstst), RB
  dst: { cls: 'storage', gen: (g) => ({ word: F.T_DST(g.rng.int(2)) | F.STRM(g.rng.int(4)) | F.RA(g.rng.int(32)) | F.RB(g.rng.int(32)) }) },
  dstst: { cls: 'storage', gen: (g) => ({ word: F.T_DST(g.rng.int(2)) | F.STRM(g.rng.int(4)) | F.RA(g.rng.int(32)) | F.RB(g.rng.int(32)) }) },
  // dss: A (ISA bit 6, "all streams", i.e. dssall) in the T position
  dss: { cls: 'storage', gen: (g) => ({ word: F.T_DST(g.rng.int(2)) | F.STRM(g.rng.int(4)) }) },

  // floating-point loads and stores
  lfs: dMem('fp-load', { size: 4, load: true, fp: true }), lfsu: dMem('fp-load', { size: 4, load: true, update: true, fp: true }),
  lfd: dMem('fp-load', { size: 8, load: true, fp: true }), lfdu: dMem('fp-load', { size: 8, load: true, update: true, fp: true }),
  stfs: dMem('fp-store', { size: 4, load: false, fp: true }), stfsu: dMem('fp-store', { size: 4, load: false, update: true, fp: true }),
  stfd: dMem('fp-store', { size: 8, load: false, fp: true }), stfdu: dMem('fp-store', { size: 8, load: false, update: true, fp: true }),
  lfsx: xMem('fp-load', { size: 4, load: true, fp: true }), lfsux: xMem('fp-load', { size: 4, load: true, update: true, fp: true }),
  lfdx: xMem('fp-load', { size: 8, load: true, fp: true }), lfdux: xMem('fp-load', { size: 8, load: true, update: true, fp: true }),
  stfsx: xMem('fp-store', { size: 4, load: false, fp: true }), stfsux: xMem('fp-store', { size: 4, load: false, update: true, fp: true }),
  stfdx: xMem('fp-store', { size: 8, load: false, fp: true }), stfdux: xMem('fp-store', { size: 8, load: false, update: true, fp: true }),
  lfiwax: xMem('fp-load', { size: 4, load: true, fp: true }), lfiwzx: xMem('fp-load', { size: 4, load: true, fp: true }),
  stfiwx: xMem('fp-store', { size: 4, load: false, fp: true }),
  lfdp: dMem('fp-load', { size: 16, load: true, fp: true, pair: true, dMask: 3 }),
  stfdp: dMem('fp-store', { size: 16, load: false, fp: true, pair: true, dMask: 3 }),
  lfdpx: xMem('fp-load', { size: 16, load: true, fp: true, pair: true }),
  stfdpx: xMem('fp-store', { size: 16, load: false, fp: true, pair: true }),
};
