import { F } from '../fields.js';
import type { Gen } from '../gen.js';
import type { RuleEntry, Generated } from './rule.js';

/**
 * Rules for the fixed-point instructions (Power ISA 3.0B Book I chapter 3):
 * arithmetic, logical, compare, rotate/shift, trap, CR and SPR moves.
 * Reserved fields stay zero; invalid forms are avoided.
 */

const M64 = (1n << 64n) - 1n;
const INT64_MIN = 0x8000000000000000n;

/** RT,RA,RB with optional OE and Rc (XO-form). */
function xo(cls: string, o: { rb?: boolean; oe?: boolean; rc?: boolean; bias?: (g: Gen, ra: number, rb: number) => void } = {}) {
  return {
    cls,
    gen(g: Gen): Generated {
      const rt = g.dst(), ra = g.src(), rb = o.rb === false ? 0 : g.src();
      o.bias?.(g, ra, rb);
      return { word: F.RT(rt) | F.RA(ra) | F.RB(rb) | (o.oe === false ? 0 : F.OE(g.bit())) | (o.rc === false ? 0 : F.Rc(g.bit())) };
    },
  };
}

/** Division and modulo: bias the divisor to 0, -1, 1 and the dividend to the most negative values. */
function divBias(word32: boolean) {
  return (g: Gen, ra: number, rb: number): void => {
    if (g.rng.chance(0.35)) g.setGpr(rb, g.rng.pick([0n, M64, 1n, 0xffffffffn, 0x100000000n, 2n]));
    if (g.rng.chance(0.35)) g.setGpr(ra, g.rng.pick(word32 ? [0xffffffff80000000n, 0x80000000n, 0x7fffffffn, M64] : [INT64_MIN, INT64_MIN + 1n, 0x7fffffffffffffffn, M64]));
  };
}

const mulBias = (g: Gen, ra: number, rb: number): void => {
  if (g.rng.chance(0.3)) g.setGpr(ra, g.rng.pick([INT64_MIN, 0x7fffffffffffffffn, 0xffffffff80000000n, 0x7fffffffn, 0x80000000n, 0xffffffffn, M64]));
  if (g.rng.chance(0.3)) g.setGpr(rb, g.rng.pick([INT64_MIN, M64, 2n, 0x7fffffffn, 0x80000000n, 0xffffffffn, 0x100000000n]));
};

/** RT,RA,SI (D-form); `ra0` when RA=0 means the value 0. */
function dImm(cls: string, unsigned = false) {
  return { cls, gen: (g: Gen): Generated => ({ word: F.RT(g.dst()) | F.RA(g.src()) | F.SI(unsigned ? g.ui16() : g.si16()) }) };
}

/** RA,RS,UI (D-form logical). */
function dLogical(cls: string) {
  return { cls, gen: (g: Gen): Generated => ({ word: F.RS(g.src()) | F.RA(g.dst()) | F.SI(g.ui16()) }) };
}

/** RA,RS,RB with optional Rc (X-form logical and shifts). */
function xLogical(cls: string, o: { rb?: boolean; rc?: boolean; shiftBias?: boolean } = {}) {
  return {
    cls,
    gen(g: Gen): Generated {
      const rs = g.src(), ra = g.dst(), rb = o.rb === false ? 0 : g.src();
      if (o.shiftBias && g.rng.chance(0.5)) g.setGpr(rb, BigInt(g.rng.pick([0, 1, 31, 32, 33, 63, 64, 65, 127, 128, g.rng.int(256)])) | (g.rng.chance(0.2) ? 0xffffff00n : 0n));
      return { word: F.RS(rs) | F.RA(ra) | F.RB(rb) | (o.rc === false ? 0 : F.Rc(g.bit())) };
    },
  };
}

/** A-form isel RT,RA,RB,BC. */
const isel = { cls: 'compare', gen: (g: Gen): Generated => ({ word: F.RT(g.dst()) | F.RA(g.src()) | F.RB(g.src()) | F.RC(g.crBit()) }) };

/** VA-form multiply-add RT,RA,RB,RC. */
const va = { cls: 'arith', gen: (g: Gen): Generated => {
  const rt = g.dst(), ra = g.src(), rb = g.src(), rc = g.src();
  mulBias(g, ra, rb);
  return { word: F.RT(rt) | F.RA(ra) | F.RB(rb) | F.RC(rc) };
} };

const cmpX = (cls: string, o: { l?: boolean } = {}) => ({
  cls, gen: (g: Gen): Generated => {
    const ra = g.src(), rb = g.src();
    if (g.rng.chance(0.2)) g.setGpr(rb, g.input.gpr[ra]!); // equal operands
    return { word: F.BF(g.crField()) | (o.l === false ? 0 : F.L21(g.bit())) | F.RA(ra) | F.RB(rb) };
  },
});
const cmpD = (unsigned: boolean) => ({
  cls: 'compare', gen: (g: Gen): Generated => ({ word: F.BF(g.crField()) | F.L21(g.bit()) | F.RA(g.src()) | F.SI(unsigned ? g.ui16() : g.si16()) }),
});

/** M-form rotate RA,RS,SH|RB,MB,ME. */
const mForm = (regShift: boolean) => ({
  cls: 'rotate', gen: (g: Gen): Generated => ({
    word: F.RS(g.src()) | F.RA(g.dst()) | (regShift ? F.RB(g.src()) : F.SH(g.sh(5))) | F.MB(g.sh(5)) | F.ME(g.sh(5)) | F.Rc(g.bit()),
  }),
});
/** MD-form RA,RS,SH,MB (6-bit fields). */
const mdForm = {
  cls: 'rotate', gen: (g: Gen): Generated => ({ word: F.RS(g.src()) | F.RA(g.dst()) | F.SH6(g.sh(6)) | F.MB6(g.sh(6)) | F.Rc(g.bit()) }),
};
/** MDS-form RA,RS,RB,MB. */
const mdsForm = {
  cls: 'rotate', gen: (g: Gen): Generated => ({ word: F.RS(g.src()) | F.RA(g.dst()) | F.RB(g.src()) | F.MB6(g.sh(6)) | F.Rc(g.bit()) }),
};
/** XS-form RA,RS,SH (6-bit). */
const xsForm = {
  cls: 'rotate', gen: (g: Gen): Generated => ({ word: F.RS(g.src()) | F.RA(g.dst()) | F.SH6(g.sh(6)) | F.Rc(g.bit()) }),
};

/** Traps end the program when taken: TO is biased to 0 (never) and the all-ones (always) case is rare. */
const trapX = { cls: 'trap', weight: 0.15, gen: (g: Gen): Generated => ({ word: F.TO(g.rng.chance(0.3) ? 0 : g.rng.int(32)) | F.RA(g.src()) | F.RB(g.src()) }) };
const trapD = { cls: 'trap', weight: 0.15, gen: (g: Gen): Generated => ({ word: F.TO(g.rng.chance(0.3) ? 0 : g.rng.int(32)) | F.RA(g.src()) | F.SI(g.si16()) }) };

/** Exactly one bit of an 8-bit field mask (the one-field forms). */
const oneBit = (g: Gen): number => 1 << g.rng.int(8);

/**
 * SPRs that qemu-user lets problem state access and whose value is deterministic
 * (not the time base): XER, LR, CTR, VRSAVE, TAR, PPR.
 */
export const USER_SPRS = [1, 8, 9, 256, 815, 896];

export const fixedRules: Record<string, RuleEntry> = {
  // ---- arithmetic ----
  addi: dImm('arith'), addis: dImm('arith'), addic: dImm('arith'), 'addic.': dImm('arith'),
  subfic: dImm('arith'), mulli: dImm('arith'),
  addpcis: { cls: 'arith', gen: (g) => ({ word: F.RT(g.dst()) | F.DX(g.si16()) }) },
  add: xo('arith'), addc: xo('arith'), adde: xo('arith'), subf: xo('arith'), subfc: xo('arith'), subfe: xo('arith'),
  addme: xo('arith', { rb: false }), addze: xo('arith', { rb: false }), subfme: xo('arith', { rb: false }),
  subfze: xo('arith', { rb: false }), neg: xo('arith', { rb: false }),
  mulld: xo('muldiv', { bias: mulBias }), mullw: xo('muldiv', { bias: mulBias }),
  mulhd: xo('muldiv', { oe: false, bias: mulBias }), mulhdu: xo('muldiv', { oe: false, bias: mulBias }),
  mulhw: xo('muldiv', { oe: false, bias: mulBias }), mulhwu: xo('muldiv', { oe: false, bias: mulBias }),
  divd: xo('muldiv', { bias: divBias(false) }), divdu: xo('muldiv', { bias: divBias(false) }),
  divw: xo('muldiv', { bias: divBias(true) }), divwu: xo('muldiv', { bias: divBias(true) }),
  divde: xo('muldiv', { bias: divBias(false) }), divdeu: xo('muldiv', { bias: divBias(false) }),
  divwe: xo('muldiv', { bias: divBias(true) }), divweu: xo('muldiv', { bias: divBias(true) }),
  modsd: xo('muldiv', { oe: false, rc: false, bias: divBias(false) }), modud: xo('muldiv', { oe: false, rc: false, bias: divBias(false) }),
  modsw: xo('muldiv', { oe: false, rc: false, bias: divBias(true) }), moduw: xo('muldiv', { oe: false, rc: false, bias: divBias(true) }),
  maddhd: va, maddhdu: va, maddld: va,
  addex: { cls: 'arith', gen: (g) => ({ word: F.RT(g.dst()) | F.RA(g.src()) | F.RB(g.src()) }) }, // CY=0: the only valid value

  // ---- logical ----
  'andi.': dLogical('logical'), 'andis.': dLogical('logical'), ori: dLogical('logical'), oris: dLogical('logical'),
  xori: dLogical('logical'), xoris: dLogical('logical'),
  and: xLogical('logical'), or: orRule(), xor: xLogical('logical'), nand: xLogical('logical'),
  nor: xLogical('logical'), eqv: xLogical('logical'), andc: xLogical('logical'), orc: xLogical('logical'),
  extsb: xLogical('logical', { rb: false }), extsh: xLogical('logical', { rb: false }), extsw: xLogical('logical', { rb: false }),
  cntlzw: xLogical('bitcount', { rb: false }), cntlzd: xLogical('bitcount', { rb: false }),
  cnttzw: xLogical('bitcount', { rb: false }), cnttzd: xLogical('bitcount', { rb: false }),
  popcntb: xLogical('bitcount', { rb: false, rc: false }), popcntw: xLogical('bitcount', { rb: false, rc: false }),
  popcntd: xLogical('bitcount', { rb: false, rc: false }),
  prtyw: xLogical('bitcount', { rb: false, rc: false }), prtyd: xLogical('bitcount', { rb: false, rc: false }),
  cmpb: xLogical('bitcount', { rc: false }), bpermd: xLogical('bitcount', { rc: false, shiftBias: true }),

  // ---- rotate and shift ----
  rlwinm: mForm(false), rlwnm: mForm(true), rlwimi: mForm(false),
  rldicl: mdForm, rldicr: mdForm, rldic: mdForm, rldimi: mdForm, rldcl: mdsForm, rldcr: mdsForm,
  slw: xLogical('rotate', { shiftBias: true }), srw: xLogical('rotate', { shiftBias: true }),
  sld: xLogical('rotate', { shiftBias: true }), srd: xLogical('rotate', { shiftBias: true }),
  sraw: xLogical('rotate', { shiftBias: true }), srad: xLogical('rotate', { shiftBias: true }),
  srawi: { cls: 'rotate', gen: (g) => ({ word: F.RS(g.src()) | F.RA(g.dst()) | F.SH(g.sh(5)) | F.Rc(g.bit()) }) },
  sradi: xsForm, extswsli: xsForm,

  // ---- compare ----
  cmpi: cmpD(false), cmpli: cmpD(true), cmp: cmpX('compare'), cmpl: cmpX('compare'),
  cmprb: cmpX('compare'), cmpeqb: cmpX('compare', { l: false }),
  setb: { cls: 'compare', gen: (g) => ({ word: F.RT(g.dst()) | F.BFA(g.crField()) }) },
  isel,

  // ---- trap ----
  tw: trapX, td: trapX, twi: trapD, tdi: trapD,

  // ---- condition register ----
  crand: crl(), cror: crl(), crxor: crl(), crnand: crl(), crnor: crl(), creqv: crl(), crandc: crl(), crorc: crl(),
  mcrf: { cls: 'cr', gen: (g) => ({ word: F.BF(g.crField()) | F.BFA(g.crField()) }) },
  mcrxrx: { cls: 'cr', gen: (g) => ({ word: F.BF(g.crField()) }) },
  mtcrf: { cls: 'cr', gen: (g) => g.bit()
    ? { word: F.RS(g.src()) | F.ONE(1) | F.FXM(oneBit(g)), mnemonic: 'mtocrf' }
    : { word: F.RS(g.src()) | F.FXM(g.rng.chance(0.2) ? 0xff : g.rng.int(256)) } },
  mfcr: { cls: 'cr', gen: (g) => g.bit()
    ? { word: F.RT(g.dst()) | F.ONE(1) | F.FXM(oneBit(g)), mnemonic: 'mfocrf' }
    : { word: F.RT(g.dst()) } },

  // ---- special purpose registers ----
  mfspr: { cls: 'spr', gen: (g) => {
    const spr = g.rng.pick(USER_SPRS);
    if (spr > 9) g.sprs = true;
    return { word: F.RT(g.dst()) | F.SPR(spr) };
  } },
  mtspr: { cls: 'spr', gen: (g) => {
    const spr = g.rng.pick(USER_SPRS);
    if (spr > 9) g.sprs = true;
    return { word: F.RS(g.src()) | F.SPR(spr) };
  } },
  mftb: { exclude: 'reads the time base: not deterministic' },
  darn: { exclude: 'delivers random numbers: not comparable (exact state for L=0 and L=3: emulator-core isa/fixed/random.test.ts)' },

  // ---- system ----
  sc: { exclude: 'system call: the harness uses it for write/exit' },
  mfmsr: { cls: 'privileged', weight: 0.02, gen: (g) => ({ word: F.RT(g.dst()) }) },
  mtmsr: { cls: 'privileged', weight: 0.02, gen: (g) => ({ word: F.RS(g.src()) }) },
  mtmsrd: { cls: 'privileged', weight: 0.02, gen: (g) => ({ word: F.RS(g.src()) }) },
  rfid: { cls: 'privileged', weight: 0.02, gen: () => ({ word: 0 }) },
  scv: { exclude: 'qemu-ppc64le 7.2 raises SIGILL for scv (its linux-user has no scv system calls); exact state in emulator-core cpu/scv.test.ts' },
  rfscv: privileged(false),
  // hypervisor and supervisor instructions: illegal in problem state (SIGILL), rarely generated
  hrfid: privileged(false), stop: privileged(false), tlbsync: privileged(false), slbia: privileged(false),
  slbsync: privileged(false), msgsync: privileged(false), urfid: privileged(false),
  tlbie: privileged(true), tlbiel: privileged(true), slbie: privileged(true), slbiag: privileged(true),
  msgsnd: privileged(true), msgclr: privileged(true), msgsndp: privileged(true), msgclrp: privileged(true),
  slbmte: privileged(true), slbmfev: privileged(true), slbmfee: privileged(true),
};

/** A privileged instruction (problem state: privileged-instruction SIGILL), with RB when it has one. */
function privileged(rb: boolean) {
  return { cls: 'privileged', weight: 0.02, gen: (g: Gen): Generated => ({ word: rb ? F.RB(g.src()) : 0 }) };
}

/**
 * or, with `or Rx,Rx,Rx` now and then: the program-priority hints (or 1,1,1 low,
 * or 6,6,6 medium-low, or 2,2,2 medium... Book II 3.2) that set PPR[PRI] in QEMU.
 */
function orRule() {
  const plain = xLogical('logical');
  return {
    cls: 'logical',
    gen(g: Gen): Generated {
      if (!g.rng.chance(0.06)) return plain.gen(g);
      const x = g.rng.pick([1, 2, 3, 5, 6, 7, 26, 27, 29, 30, 31]);
      g.sprs = true; // compare PPR
      return { word: F.RS(x) | F.RA(x) | F.RB(x), mnemonic: 'or (priority hint)' };
    },
  };
}

function crl() {
  return { cls: 'cr', gen: (g: Gen): Generated => ({ word: F.RT(g.crBit()) | F.RA(g.crBit()) | F.RB(g.crBit()) }) };
}
