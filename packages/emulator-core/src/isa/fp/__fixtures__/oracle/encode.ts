/** Instruction encoders for the floating-point tests and tools. */

/** A-form: FRT, FRA, FRB, FRC, 5-bit xo, Rc. */
export const encA = (p: number, xo: number, t: number, a: number, b: number, c: number, rc = 0): number =>
  ((p << 26) | (t << 21) | (a << 16) | (b << 11) | (c << 6) | (xo << 1) | rc) >>> 0;

/** X-form: RT/BF-field, RA, RB, 10-bit xo, Rc. */
export const encX = (p: number, xo: number, t: number, a: number, b: number, rc = 0): number =>
  ((p << 26) | (t << 21) | (a << 16) | (b << 11) | (xo << 1) | rc) >>> 0;

/** D-form: RT, RA, 16-bit displacement. */
export const encD = (p: number, t: number, a: number, d: number): number =>
  ((p << 26) | (t << 21) | (a << 16) | (d & 0xffff)) >>> 0;

/** XFL-form mtfsf FLM,FRB,L,W. */
export const encMtfsf = (flm: number, b: number, l: number, w: number, rc = 0): number =>
  ((63 << 26) | (l << 25) | (flm << 17) | (w << 16) | (b << 11) | (711 << 1) | rc) >>> 0;

/** mtfsfi BF,U,W. */
export const encMtfsfi = (bf: number, u: number, w: number, rc = 0): number =>
  ((63 << 26) | (bf << 23) | (w << 16) | (u << 12) | (134 << 1) | rc) >>> 0;

/** An FP instruction of the fuzzer/vector generator: how to encode it. */
export interface FpOp {
  mnemonic: string;
  /** 'a' A-form (t,a,b,c), 'x' X-form, 'cmp' (BF,a,b), 'd' D-form load/store, 'xm' X-form load/store, special others. */
  kind: 'arith' | 'cmp' | 'test' | 'd' | 'xm' | 'mffs' | 'mcrfs' | 'mtfsfi' | 'mtfsf' | 'mtfsb';
  p: number;
  xo: number;
  /** Operand use: which of FRA/FRB/FRC the instruction reads (arith kinds). */
  uses?: string;
  /** Whether the instruction has a single-precision result. */
  single?: boolean;
}

const arith = (mnemonic: string, p: number, xo: number, uses: string): FpOp =>
  ({ mnemonic, kind: 'arith', p, xo, uses, single: p === 59 });

/** Every scalar FP instruction with its encoding. */
export const FP_OPS: FpOp[] = [
  arith('fadd', 63, 21, 'ab'), arith('fadds', 59, 21, 'ab'), arith('fsub', 63, 20, 'ab'), arith('fsubs', 59, 20, 'ab'),
  arith('fmul', 63, 25, 'ac'), arith('fmuls', 59, 25, 'ac'), arith('fdiv', 63, 18, 'ab'), arith('fdivs', 59, 18, 'ab'),
  arith('fsqrt', 63, 22, 'b'), arith('fsqrts', 59, 22, 'b'), arith('fre', 63, 24, 'b'), arith('fres', 59, 24, 'b'),
  arith('frsqrte', 63, 26, 'b'), arith('frsqrtes', 59, 26, 'b'), arith('fsel', 63, 23, 'acb'),
  arith('fmadd', 63, 29, 'acb'), arith('fmadds', 59, 29, 'acb'), arith('fmsub', 63, 28, 'acb'), arith('fmsubs', 59, 28, 'acb'),
  arith('fnmadd', 63, 31, 'acb'), arith('fnmadds', 59, 31, 'acb'), arith('fnmsub', 63, 30, 'acb'), arith('fnmsubs', 59, 30, 'acb'),
  arith('frsp', 63, 12, 'bx'), arith('fctiw', 63, 14, 'bx'), arith('fctiwz', 63, 15, 'bx'), arith('fctiwu', 63, 142, 'bx'),
  arith('fctiwuz', 63, 143, 'bx'), arith('fctid', 63, 814, 'bx'), arith('fctidz', 63, 815, 'bx'), arith('fctidu', 63, 942, 'bx'),
  arith('fctiduz', 63, 943, 'bx'), arith('fcfid', 63, 846, 'bx'), arith('fcfidu', 63, 974, 'bx'), arith('fcfids', 59, 846, 'bx'),
  arith('fcfidus', 59, 974, 'bx'), arith('frin', 63, 392, 'bx'), arith('friz', 63, 424, 'bx'), arith('frip', 63, 456, 'bx'),
  arith('frim', 63, 488, 'bx'), arith('fmr', 63, 72, 'bx'), arith('fneg', 63, 40, 'bx'), arith('fabs', 63, 264, 'bx'),
  arith('fnabs', 63, 136, 'bx'), arith('fcpsgn', 63, 8, 'abx'), arith('fmrgew', 63, 966, 'abx'), arith('fmrgow', 63, 838, 'abx'),
  { mnemonic: 'fcmpu', kind: 'cmp', p: 63, xo: 0 }, { mnemonic: 'fcmpo', kind: 'cmp', p: 63, xo: 32 },
  { mnemonic: 'ftdiv', kind: 'test', p: 63, xo: 128 }, { mnemonic: 'ftsqrt', kind: 'test', p: 63, xo: 160 },
  { mnemonic: 'lfs', kind: 'd', p: 48, xo: 0 }, { mnemonic: 'lfsu', kind: 'd', p: 49, xo: 0 },
  { mnemonic: 'lfd', kind: 'd', p: 50, xo: 0 }, { mnemonic: 'lfdu', kind: 'd', p: 51, xo: 0 },
  { mnemonic: 'stfs', kind: 'd', p: 52, xo: 0 }, { mnemonic: 'stfsu', kind: 'd', p: 53, xo: 0 },
  { mnemonic: 'stfd', kind: 'd', p: 54, xo: 0 }, { mnemonic: 'stfdu', kind: 'd', p: 55, xo: 0 },
  { mnemonic: 'lfsx', kind: 'xm', p: 31, xo: 535 }, { mnemonic: 'lfsux', kind: 'xm', p: 31, xo: 567 },
  { mnemonic: 'lfdx', kind: 'xm', p: 31, xo: 599 }, { mnemonic: 'lfdux', kind: 'xm', p: 31, xo: 631 },
  { mnemonic: 'lfiwax', kind: 'xm', p: 31, xo: 855 }, { mnemonic: 'lfiwzx', kind: 'xm', p: 31, xo: 887 },
  { mnemonic: 'stfsx', kind: 'xm', p: 31, xo: 663 }, { mnemonic: 'stfsux', kind: 'xm', p: 31, xo: 695 },
  { mnemonic: 'stfdx', kind: 'xm', p: 31, xo: 727 }, { mnemonic: 'stfdux', kind: 'xm', p: 31, xo: 759 },
  { mnemonic: 'stfiwx', kind: 'xm', p: 31, xo: 983 },
  { mnemonic: 'lfdp', kind: 'd', p: 57, xo: 0 }, { mnemonic: 'stfdp', kind: 'd', p: 61, xo: 0 },
  { mnemonic: 'lfdpx', kind: 'xm', p: 31, xo: 791 }, { mnemonic: 'stfdpx', kind: 'xm', p: 31, xo: 919 },
  { mnemonic: 'mffs', kind: 'mffs', p: 63, xo: 583 }, { mnemonic: 'mcrfs', kind: 'mcrfs', p: 63, xo: 64 },
  { mnemonic: 'mtfsfi', kind: 'mtfsfi', p: 63, xo: 134 }, { mnemonic: 'mtfsf', kind: 'mtfsf', p: 63, xo: 711 },
  { mnemonic: 'mtfsb0', kind: 'mtfsb', p: 63, xo: 70 }, { mnemonic: 'mtfsb1', kind: 'mtfsb', p: 63, xo: 38 },
];

/** The FPSCR a move-to-FPSCR would leave for value v (what the oracle's setup does). */
export function normalizeFpscr(v: bigint): bigint {
  let lo = Number(v & 0xffffffffn) & ~(0x40000000 | 0x20000000 | 0x800);
  const hi = Number((v >> 32n) & 7n);
  if ((lo & 0x01f80700) !== 0) lo |= 0x20000000;
  if (((lo >>> 25) & (lo >>> 3) & 0x1f) !== 0) lo |= 0x40000000;
  return (BigInt(hi) << 32n) | BigInt(lo >>> 0);
}
