import {
  status, F_INVALID, F_DIVBYZERO, F_OVERFLOW, F_UNDERFLOW, F_INEXACT, F_INV_SNAN, F_INV_ISI, F_INV_IMZ, F_INV_IDI, F_INV_ZDZ, F_INV_SQRT,
  R_NEAREST, R_UP, R_DOWN, R_AWAY,
} from './softfloat.js';

/*
 * IEEE 754 binary128 arithmetic for the VSX quad-precision instructions (Power ISA
 * 3.0B Book I 7.6.1), with QEMU 7.2 softfloat's results and exception flags (in the
 * shared softfloat `status`): the four FPSCR rounding modes and round to odd (the
 * [o] forms), tininess before rounding, FPSCR[OE]/[UE] rebiasing by 3/4 of the
 * exponent range (24576), PowerPC NaN rules (the first NaN operand, quieted; default
 * NaN 0x7FFF8000...0).
 *
 * Values are 128-bit BigInts and every operation is computed exactly and rounded once:
 * these instructions are rare (no hot loop relies on them), and exact big-integer
 * arithmetic is what makes correct rounding in every mode evident; the binary64 core
 * (softfloat.ts) stays allocation-free for the common instructions.
 */

/** Round to odd (the [o] forms: QEMU float_round_to_odd). */
export const R_ODD = 5;

const FRAC_BITS = 112n;
const FRAC_MASK = (1n << FRAC_BITS) - 1n;
const IMPLICIT = 1n << FRAC_BITS;
const EXP_MAX = 0x7fff;
const BIAS = 16383;
const SIGN = 1n << 127n;
const QUIET = 1n << 111n;
export const DEFAULT_NAN128 = (0x7fffn << FRAC_BITS) | QUIET;
const REBIAS = 24576;

export const enum Cls { Zero, Normal, Inf, QNaN, SNaN }

/** An unpacked operand: value = (-1)^sign * sig * 2^exp (sig an integer). */
export interface Q { cls: Cls; sign: number; sig: bigint; exp: number; raw: bigint }

export function unpack128(x: bigint): Q {
  const sign = Number(x >> 127n);
  const e = Number((x >> FRAC_BITS) & 0x7fffn);
  const f = x & FRAC_MASK;
  if (e === EXP_MAX) return { cls: f === 0n ? Cls.Inf : (f & QUIET) !== 0n ? Cls.QNaN : Cls.SNaN, sign, sig: f, exp: 0, raw: x };
  if (e === 0) return { cls: f === 0n ? Cls.Zero : Cls.Normal, sign, sig: f, exp: 1 - BIAS - 112, raw: x };
  return { cls: Cls.Normal, sign, sig: f | IMPLICIT, exp: e - BIAS - 112, raw: x };
}

const isNaN = (a: Q): boolean => a.cls === Cls.QNaN || a.cls === Cls.SNaN;
const zero = (sign: number): bigint => (sign ? SIGN : 0n);
const inf = (sign: number): bigint => zero(sign) | (0x7fffn << FRAC_BITS);

function invalid(why: number): bigint {
  status.flags |= F_INVALID | why;
  return DEFAULT_NAN128;
}

/** NaN propagation: the first NaN operand in `order`, quieted; any SNaN signals. */
export function pickNaN(...order: Q[]): bigint {
  if (order.some((q) => q.cls === Cls.SNaN)) status.flags |= F_INVALID | F_INV_SNAN;
  const n = order.find(isNaN)!;
  return n.raw | QUIET;
}

const bitLength = (x: bigint): number => x.toString(2).length;

/**
 * A binary interchange format as softfloat's parts_uncanon sees it: stored fraction
 * bits, exponent bits and bias, and the FPSCR[OE]/[UE] rebias (3/4 of the exponent
 * range). FX80 is the x87 extended format's 64-bit precision with binary128's exponent
 * range (the explicit integer bit counted as implicit): xsrqpxp rounds through it.
 */
export interface BinFmt { readonly frac: number; readonly expBits: number; readonly bias: number; readonly rebias: number }
export const F128: BinFmt = { frac: 112, expBits: 15, bias: BIAS, rebias: REBIAS };
export const F64: BinFmt = { frac: 52, expBits: 11, bias: 1023, rebias: 1536 };
export const FX80: BinFmt = { frac: 63, expBits: 15, bias: BIAS, rebias: REBIAS };

/**
 * Rounds (-1)^sign * sig * 2^exp (sig > 0, exact, or with a sticky low bit that lies
 * below every bit kept) to binary128 in status.mode (or R_ODD); softfloat's
 * parts_uncanon for float128.
 */
export const roundPack128 = (sign: number, sig: bigint, exp: number, mode: number): bigint => roundPackFmt(sign, sig, exp, mode, F128);

/**
 * The same rounding to format f, packed as that format's bits: sign, biased exponent,
 * stored fraction (R_AWAY, ties away from zero, for xsrqpi/xsrqpxp with R=0 RMC=0).
 */
export function roundPackFmt(sign: number, sig: bigint, exp: number, mode: number, f: BinFmt): bigint {
  const expMax = (1 << f.expBits) - 1;
  const fracBits = BigInt(f.frac);
  const implicit = 1n << fracBits, fracMask = implicit - 1n;
  const signBit = sign ? 1n << BigInt(f.frac + f.expBits) : 0n;
  const n = bitLength(sig);
  let biased = exp + n - 1 + f.bias; // biased exponent of the leading bit
  let tiny = false;
  if (biased <= 0) {
    if (status.rebiasU) { status.flags |= F_UNDERFLOW; biased += f.rebias; } else tiny = true;
  }
  // the bits kept: frac + 1 for a normal result, fewer for a denormal one
  const keep = tiny ? f.frac + biased : f.frac + 1;
  const shift = n - keep;
  let m: bigint, rem = 0n, half = 0n;
  if (shift > 0) {
    const s = BigInt(shift);
    m = sig >> s; rem = sig & ((1n << s) - 1n); half = 1n << (s - 1n);
  } else {
    m = sig << BigInt(-shift);
  }
  if (rem !== 0n) {
    status.flags |= tiny ? F_INEXACT | F_UNDERFLOW : F_INEXACT;
    let inc: boolean;
    switch (mode) {
      case R_NEAREST: inc = rem > half || (rem === half && (m & 1n) === 1n); break;
      case R_AWAY: inc = rem >= half; break;
      case R_UP: inc = sign === 0; break;
      case R_DOWN: inc = sign !== 0; break;
      case R_ODD: inc = false; m |= 1n; break;
      default: inc = false;
    }
    if (inc) m += 1n;
  }
  if (tiny) {
    // a denormal (m < implicit), or the smallest normal when rounding carried into it
    return signBit | (m >= implicit ? implicit | (m & fracMask) : m);
  }
  if (m >> (fracBits + 1n) !== 0n) { m >>= 1n; biased += 1; }
  if (biased >= expMax) {
    status.flags |= F_OVERFLOW;
    if (status.rebiasO) {
      biased -= f.rebias;
    } else {
      status.flags |= F_INEXACT;
      const toInf = mode === R_NEAREST || mode === R_AWAY || (mode === R_UP && sign === 0) || (mode === R_DOWN && sign !== 0);
      if (toInf) return signBit | (BigInt(expMax) << fracBits);
      return signBit | (BigInt(expMax - 1) << fracBits) | fracMask;
    }
  }
  return signBit | (BigInt(biased) << fracBits) | (m & fracMask);
}

/** a + b (negB = 0) or a - b (negB = 1). */
export function add128(a: Q, b: Q, negB: number, mode: number): bigint {
  if (isNaN(a) || isNaN(b)) return pickNaN(a, b);
  const bs = b.sign ^ negB;
  if (a.cls === Cls.Inf) {
    if (b.cls === Cls.Inf && a.sign !== bs) return invalid(F_INV_ISI);
    return inf(a.sign);
  }
  if (b.cls === Cls.Inf) return inf(bs);
  if (a.cls === Cls.Zero && b.cls === Cls.Zero) return zero(a.sign === bs ? a.sign : mode === R_DOWN ? 1 : 0);
  // exact sum at the smaller exponent
  const e = Math.min(a.cls === Cls.Zero ? b.exp : a.exp, b.cls === Cls.Zero ? a.exp : b.exp);
  const va = a.cls === Cls.Zero ? 0n : (a.sig << BigInt(a.exp - e)) * (a.sign ? -1n : 1n);
  const vb = b.cls === Cls.Zero ? 0n : (b.sig << BigInt(b.exp - e)) * (bs ? -1n : 1n);
  const s = va + vb;
  if (s === 0n) return zero(mode === R_DOWN ? 1 : 0);
  return roundPack128(s < 0n ? 1 : 0, s < 0n ? -s : s, e, mode);
}

export function mul128(a: Q, b: Q, mode: number): bigint {
  if (isNaN(a) || isNaN(b)) return pickNaN(a, b);
  const sign = a.sign ^ b.sign;
  if (a.cls === Cls.Inf || b.cls === Cls.Inf) {
    if (a.cls === Cls.Zero || b.cls === Cls.Zero) return invalid(F_INV_IMZ);
    return inf(sign);
  }
  if (a.cls === Cls.Zero || b.cls === Cls.Zero) return zero(sign);
  return roundPack128(sign, a.sig * b.sig, a.exp + b.exp, mode);
}

/** (sig, exp) of x / y with at least 116 quotient bits and a sticky bit for the remainder. */
function quotient(x: bigint, ex: number, y: bigint, ey: number): { sig: bigint; exp: number } {
  const k = Math.max(0, 116 + bitLength(y) - bitLength(x));
  const num = x << BigInt(k);
  const q = num / y, r = num % y;
  return { sig: (q << 1n) | (r !== 0n ? 1n : 0n), exp: ex - ey - k - 1 };
}

export function div128(a: Q, b: Q, mode: number): bigint {
  if (isNaN(a) || isNaN(b)) return pickNaN(a, b);
  const sign = a.sign ^ b.sign;
  if (a.cls === Cls.Inf) return b.cls === Cls.Inf ? invalid(F_INV_IDI) : inf(sign);
  if (b.cls === Cls.Inf) return zero(sign);
  if (b.cls === Cls.Zero) {
    if (a.cls === Cls.Zero) return invalid(F_INV_ZDZ);
    status.flags |= F_DIVBYZERO;
    return inf(sign);
  }
  if (a.cls === Cls.Zero) return zero(sign);
  const r = quotient(a.sig, a.exp, b.sig, b.exp);
  return roundPack128(sign, r.sig, r.exp, mode);
}

/** floor(sqrt(n)) of a non-negative BigInt. */
function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt(Math.ceil(bitLength(n) / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

export function sqrt128(a: Q, mode: number): bigint {
  if (isNaN(a)) return pickNaN(a);
  if (a.cls === Cls.Zero) return zero(a.sign);
  if (a.sign) return invalid(F_INV_SQRT);
  if (a.cls === Cls.Inf) return inf(0);
  // scale to an even exponent with at least 232 significant bits, so the root has 116+
  let k = Math.max(0, 232 - bitLength(a.sig));
  if (((a.exp - k) & 1) !== 0) k += 1;
  const n = a.sig << BigInt(k);
  const s = isqrt(n);
  const sticky = s * s !== n ? 1n : 0n;
  return roundPack128(0, (s << 1n) | sticky, (a.exp - k) / 2 - 1, mode);
}

/** FPRF of a binary128 result (C FL FG FE FU), as QEMU's helper_compute_fprf_float128. */
export function fprf128(x: bigint): number {
  const q = unpack128(x);
  const neg = q.sign !== 0;
  switch (q.cls) {
    case Cls.QNaN: case Cls.SNaN: return 0x11;
    case Cls.Inf: return neg ? 0x9 : 0x5;
    case Cls.Zero: return neg ? 0x12 : 0x2;
    default: {
      const denormal = ((x >> FRAC_BITS) & 0x7fffn) === 0n;
      return denormal ? (neg ? 0x18 : 0x14) : (neg ? 0x8 : 0x4);
    }
  }
}


/**
 * Fused a * b + c (c negated by negC) with one rounding, the unrounded result negated
 * by negR (QEMU float128_muladd with float_muladd_negate_c / _negate_result). NaNs:
 * inf * 0 with a NaN addend signals invalid and returns that addend; otherwise the
 * first NaN of a, c, b (PowerPC's order for frA * frC + frB).
 */
export function muladd128(a: Q, b: Q, c: Q, negC: number, negR: number, mode: number): bigint {
  const infZero = (a.cls === Cls.Inf && b.cls === Cls.Zero) || (a.cls === Cls.Zero && b.cls === Cls.Inf);
  if (isNaN(a) || isNaN(b) || isNaN(c)) {
    if (a.cls === Cls.SNaN || b.cls === Cls.SNaN || c.cls === Cls.SNaN) status.flags |= F_INVALID | F_INV_SNAN;
    if (infZero) { status.flags |= F_INVALID | F_INV_IMZ; return c.raw | QUIET; }
    return (isNaN(a) ? a : isNaN(c) ? c : b).raw | QUIET;
  }
  const cs = c.sign ^ negC, ps = a.sign ^ b.sign;
  if (a.cls === Cls.Inf || b.cls === Cls.Inf) {
    if (infZero) return invalid(F_INV_IMZ);
    if (c.cls === Cls.Inf && cs !== ps) return invalid(F_INV_ISI);
    return inf(ps ^ negR);
  }
  if (c.cls === Cls.Inf) return inf(cs ^ negR);
  const pZero = a.cls === Cls.Zero || b.cls === Cls.Zero;
  if (pZero && c.cls === Cls.Zero) return zero((ps === cs ? ps : mode === R_DOWN ? 1 : 0) ^ negR);
  if (pZero) return roundPack128(cs ^ negR, c.sig, c.exp, mode);
  const pe = a.exp + b.exp;
  if (c.cls === Cls.Zero) return roundPack128(ps ^ negR, a.sig * b.sig, pe, mode);
  const e = Math.min(pe, c.exp);
  const vp = ((a.sig * b.sig) << BigInt(pe - e)) * (ps ? -1n : 1n);
  const vc = (c.sig << BigInt(c.exp - e)) * (cs ? -1n : 1n);
  const s = vp + vc;
  if (s === 0n) return zero((mode === R_DOWN ? 1 : 0) ^ negR);
  return roundPack128((s < 0n ? 1 : 0) ^ negR, s < 0n ? -s : s, e, mode);
}
