/**
 * The IEEE 754 binary64 core used by the floating-point instructions: exact
 * operations with all four rounding modes, the exception flags of QEMU's softfloat
 * (including its "which invalid" sub-flags), tininess detected before rounding,
 * and PowerPC NaN rules (default NaN 0x7FF8000000000000, SNaN has the quiet bit 0).
 *
 * Values travel as raw bits (two int32 halves): a JS NaN's bits are host-specific,
 * so no NaN is ever produced by host arithmetic here. Significands are unpacked to
 * 64 bits held as two uint32-valued numbers (`hi` has bit 63 set for a normal
 * number) with the exponent of that leading bit; `roundPack` rounds such a value,
 * with any lost bits jammed into bit 0, to double or to single precision (the
 * single result converted to double format, like QEMU's float64r32 operations).
 *
 * Everything returns through module-level scratch objects: no allocation.
 */

/** softfloat exception flags (float_flag_*), reset before each instruction. */
export const F_INVALID = 0x1;
export const F_DIVBYZERO = 0x2;
export const F_OVERFLOW = 0x4;
export const F_UNDERFLOW = 0x8;
export const F_INEXACT = 0x10;
/** Why an invalid operation was invalid (float_flag_invalid_*). */
export const F_INV_SNAN = 0x20;
export const F_INV_ISI = 0x40;
export const F_INV_IMZ = 0x80;
export const F_INV_IDI = 0x100;
export const F_INV_ZDZ = 0x200;
export const F_INV_SQRT = 0x400;
export const F_INV_CVTI = 0x800;

/** Rounding modes; 0..3 are the FPSCR[RN] encodings. */
export const R_NEAREST = 0;
export const R_ZERO = 1;
export const R_UP = 2;
export const R_DOWN = 3;
/** Round to nearest, ties away from zero (frin only). */
export const R_AWAY = 4;

/** The float_status of the current instruction. */
export const status = {
  flags: 0,
  mode: R_NEAREST,
  /** FPSCR[OE]: overflowed results are rebiased (QEMU float_status.rebias_overflow). */
  rebiasO: false,
  /** FPSCR[UE]: tiny results are rebiased (QEMU float_status.rebias_underflow). */
  rebiasU: false,
  /**
   * Flush tiny results to a signed zero (QEMU float_status.flush_to_zero): only the
   * VMX FP instructions set it, from VSCR[NJ] (QEMU's ppc_store_vscr).
   */
  ftz: false,
};

/** Result of the last operation: IEEE double bits. */
export const out = { hi: 0, lo: 0 };

export const CLS_ZERO = 0;
export const CLS_NORMAL = 1;
export const CLS_INF = 2;
export const CLS_QNAN = 3;
export const CLS_SNAN = 4;

/** An unpacked binary64 operand. */
export class Parts {
  cls = CLS_ZERO;
  sign = 0;
  /** Unbiased exponent of significand bit 63 (normal class only). */
  exp = 0;
  /** Significand bits 63..32 and 31..0 as uint32 values; denormals are normalized. */
  hi = 0;
  lo = 0;
  /** The packed bits, for NaN propagation. */
  rawHi = 0;
  rawLo = 0;
}

/** Operand scratch: A, B, C of the instruction being executed. */
export const pa = new Parts();
export const pb = new Parts();
export const pc = new Parts();

const TWO32 = 4294967296;
const TWO21 = 2097152;
const TWO52 = 4503599627370496;

export const DEFAULT_NAN_HI = 0x7ff80000;

/** Unpack the double with bits (hi, lo) into p. */
export function unpack(p: Parts, hi: number, lo: number): void {
  p.rawHi = hi;
  p.rawLo = lo;
  p.sign = hi >>> 31;
  const e = (hi >>> 20) & 0x7ff;
  const fh = hi & 0xfffff;
  if (e === 0x7ff) {
    if ((fh | lo) === 0) p.cls = CLS_INF;
    else p.cls = (fh & 0x80000) !== 0 ? CLS_QNAN : CLS_SNAN;
    return;
  }
  if (e === 0) {
    if ((fh | lo) === 0) { p.cls = CLS_ZERO; return; }
    p.cls = CLS_NORMAL;
    let sh = ((fh << 11) | (lo >>> 21)) >>> 0;
    let sl = (lo << 11) >>> 0;
    let x = -1022;
    if (sh === 0) { sh = sl; sl = 0; x -= 32; }
    const z = Math.clz32(sh);
    if (z !== 0) { sh = ((sh << z) | (sl >>> (32 - z))) >>> 0; sl = (sl << z) >>> 0; x -= z; }
    p.hi = sh; p.lo = sl; p.exp = x;
    return;
  }
  p.cls = CLS_NORMAL;
  p.exp = e - 1023;
  p.hi = (0x80000000 | (fh << 11) | (lo >>> 21)) >>> 0;
  p.lo = (lo << 11) >>> 0;
}

/** Shift scratch: results of the 64-bit shift helpers. */
const J = { hi: 0, lo: 0 };

/** J = (hi:lo) >> n, with every bit shifted out ORed into bit 0. */
function shiftRightJam64(hi: number, lo: number, n: number): void {
  if (n === 0) { J.hi = hi; J.lo = lo; return; }
  if (n < 32) {
    const lost = (lo << (32 - n)) !== 0 ? 1 : 0;
    J.lo = ((lo >>> n) | (hi << (32 - n)) | lost) >>> 0;
    J.hi = hi >>> n;
  } else if (n < 64) {
    const m = n - 32;
    const lost = lo !== 0 || (m !== 0 && (hi << (32 - m)) !== 0) ? 1 : 0;
    J.lo = ((hi >>> m) | lost) >>> 0;
    J.hi = 0;
  } else {
    J.lo = (hi | lo) !== 0 ? 1 : 0;
    J.hi = 0;
  }
}

export function packZero(sign: number): void {
  out.hi = sign << 31;
  out.lo = 0;
}
export function packInf(sign: number): void {
  out.hi = (sign << 31) | 0x7ff00000;
  out.lo = 0;
}
export function packDefaultNaN(): void {
  out.hi = DEFAULT_NAN_HI;
  out.lo = 0;
}
/** Default NaN result of an invalid operation. */
export function invalid(why: number): void {
  status.flags |= F_INVALID | why;
  packDefaultNaN();
}

/** out = p's NaN, quieted; single drops the payload bits a float32 cannot hold. */
export function packQuietNaN(p: Parts, single: boolean): void {
  out.hi = p.rawHi | 0x00080000;
  out.lo = single ? p.rawLo & 0xe0000000 : p.rawLo;
}

/** Two-operand NaN propagation (PowerPC: frA if it is a NaN, else frB). */
export function pickNaN2(a: Parts, b: Parts, single: boolean): void {
  if (a.cls === CLS_SNAN || b.cls === CLS_SNAN) status.flags |= F_INVALID | F_INV_SNAN;
  packQuietNaN(a.cls >= CLS_QNAN ? a : b, single);
}

/** Result formats of roundPackFmt. */
export const FMT_DOUBLE = 0;
/** Single precision and range, delivered in double format (QEMU float64r32). */
export const FMT_R32 = 1;
/** Single precision packed as float32 bits in out.lo (float64_to_float32). */
export const FMT_F32 = 2;

/**
 * Round sign * (hi:lo) * 2^(exp-63) to double (single=false) or single precision
 * and range (the single result in double format); see roundPackFmt.
 */
export function roundPack(sign: number, exp: number, hi: number, lo: number, single: boolean): void {
  roundPackFmt(sign, exp, hi, lo, single ? FMT_R32 : FMT_DOUBLE);
}

/**
 * softfloat's round-and-pack (parts_uncanon) for double or single: raises inexact;
 * overflow; underflow when tiny before rounding and inexact. With status.rebiasO
 * (FPSCR[OE]) an overflowed result keeps its rounded significand and has 3/4 of
 * the exponent range (1536 or 192) taken off its exponent instead of becoming
 * infinity or the largest number; with status.rebiasU (FPSCR[UE]) a tiny result
 * is rounded like a normal one with that much added, always signalling underflow.
 */
export function roundPackFmt(sign: number, exp: number, hi: number, lo: number, fmt: number): void {
  if (hi < 0x80000000) {
    // not normalized (callers' epsilon adjustments can borrow out of bit 63)
    if (hi === 0) {
      if (lo === 0) { packZeroFmt(sign, fmt); return; }
      hi = lo; lo = 0; exp -= 32;
    }
    const z = Math.clz32(hi);
    if (z !== 0) { hi = ((hi << z) | (lo >>> (32 - z))) >>> 0; lo = (lo << z) >>> 0; exp -= z; }
  }
  const single = fmt !== FMT_DOUBLE;
  let biased = exp + (single ? 127 : 1023);
  let tiny = false;
  if (biased <= 0) {
    if (status.ftz) { packZeroFmt(sign, fmt); return; }
    if (status.rebiasU) {
      status.flags |= F_UNDERFLOW;
      biased += single ? 192 : 1536;
    } else {
      tiny = true;
      shiftRightJam64(hi, lo, 1 - biased);
      hi = J.hi; lo = J.lo;
      biased = 0; // the significand now has no implicit bit
    }
  }
  // m: the significand kept (24 or 53 bits, the top one being the implicit bit); rb: the bits below it
  let m: number, rb: number, half: number;
  if (single) {
    m = hi >>> 8;
    rb = (hi & 0xff) * TWO32 + lo;
    half = 549755813888; // 2^39
  } else {
    m = hi * TWO21 + (lo >>> 11);
    rb = lo & 0x7ff;
    half = 1024;
  }
  if (rb !== 0) {
    status.flags |= tiny ? F_INEXACT | F_UNDERFLOW : F_INEXACT;
    let inc: boolean;
    switch (status.mode) {
      case R_NEAREST: inc = rb > half || (rb === half && m % 2 === 1); break;
      case R_UP: inc = sign === 0; break;
      case R_DOWN: inc = sign !== 0; break;
      case R_AWAY: inc = rb >= half; break;
      default: inc = false;
    }
    if (inc) {
      m += 1;
      if (m === (single ? 16777216 : 9007199254740992)) { m = single ? 8388608 : TWO52; biased += 1; }
    }
  }
  if (tiny) {
    // a denormal, or the smallest normal when rounding carried into the implicit bit
    biased = m >= (single ? 8388608 : TWO52) ? 1 : 0;
  } else if (biased >= (single ? 255 : 2047)) {
    status.flags |= F_OVERFLOW;
    if (status.rebiasO) {
      biased -= single ? 192 : 1536;
    } else {
      status.flags |= F_INEXACT;
      const mode = status.mode;
      if (mode === R_NEAREST || mode === R_AWAY || (mode === R_UP && sign === 0) || (mode === R_DOWN && sign !== 0)) {
        if (fmt === FMT_R32) { packInf(sign); return; }
        biased = single ? 255 : 2047;
        m = 0;
      } else {
        biased = single ? 254 : 2046;
        m = single ? 16777215 : 9007199254740991;
      }
    }
  }
  if (fmt === FMT_DOUBLE) {
    const mh = Math.floor(m / TWO32);
    out.hi = (sign << 31) | ((biased & 0x7ff) << 20) | (mh & 0xfffff);
    out.lo = (m - mh * TWO32) | 0;
  } else if (fmt === FMT_F32) {
    out.lo = (sign << 31) | ((biased & 0xff) << 23) | (m & 0x7fffff);
    out.hi = 0;
  } else if (biased !== 0) {
    const f = m & 0x7fffff;
    out.hi = (sign << 31) | (((biased + 896) & 0x7ff) << 20) | (f >>> 3);
    out.lo = f << 29;
  } else if (m === 0) {
    packZero(sign);
  } else {
    // a float32 denormal is a normal double: m * 2^-149
    const z = Math.clz32(m) - 8;
    const f = (m << z) & 0x7fffff;
    out.hi = (sign << 31) | ((897 - z) << 20) | (f >>> 3);
    out.lo = f << 29;
  }
}

function packZeroFmt(sign: number, fmt: number): void {
  if (fmt === FMT_F32) { out.lo = sign << 31; out.hi = 0; } else packZero(sign);
}

/** Round the unpacked p (any class) to the target precision: frsp, and x+0 style results. */
export function roundParts(p: Parts, single: boolean): void {
  switch (p.cls) {
    case CLS_ZERO: packZero(p.sign); return;
    case CLS_INF: packInf(p.sign); return;
    case CLS_NORMAL: roundPack(p.sign, p.exp, p.hi, p.lo, single); return;
    case CLS_SNAN: status.flags |= F_INVALID | F_INV_SNAN; packQuietNaN(p, single); return;
    default: packQuietNaN(p, single);
  }
}

/**
 * float64_to_float32 then back to double (frsp): like roundParts(p, true) except
 * that a rebiased exponent wraps in the float32 exponent field.
 */
export function roundPartsF32(p: Parts): void {
  if (p.cls !== CLS_NORMAL) { roundParts(p, true); return; }
  roundPackFmt(p.sign, p.exp, p.hi, p.lo, FMT_F32);
  singleToDouble(out.lo);
}

/**
 * DOUBLE(w) of Book I 4.6.2 (QEMU helper_todouble): the exact double of a single's
 * bits into out; NaNs are kept as they are (not quieted), denormals normalized.
 */
export function singleToDouble(w: number): void {
  const sign = w & 0x80000000;
  const e = (w >>> 23) & 0xff;
  let f = w & 0x7fffff;
  if (e === 0xff) {
    out.hi = sign | 0x7ff00000 | (f >>> 3);
    out.lo = f << 29;
  } else if (e !== 0) {
    out.hi = sign | ((e + 896) << 20) | (f >>> 3);
    out.lo = f << 29;
  } else if (f === 0) {
    out.hi = sign;
    out.lo = 0;
  } else {
    const z = Math.clz32(f) - 8; // shift that brings the leading bit to bit 23
    f = (f << z) & 0x7fffff;
    out.hi = sign | ((897 - z) << 20) | (f >>> 3);
    out.lo = f << 29;
  }
}

/** a + b (negB=0) or a - b (negB=1), rounded to double or single. */
export function addsub(a: Parts, b: Parts, negB: number, single: boolean): void {
  const bs = b.sign ^ negB;
  if (a.cls >= CLS_QNAN || b.cls >= CLS_QNAN) { pickNaN2(a, b, single); return; }
  if (a.cls === CLS_INF) {
    if (b.cls === CLS_INF && a.sign !== bs) { invalid(F_INV_ISI); return; }
    packInf(a.sign);
    return;
  }
  if (b.cls === CLS_INF) { packInf(bs); return; }
  if (a.cls === CLS_ZERO) {
    if (b.cls === CLS_ZERO) { packZero(a.sign === bs ? a.sign : status.mode === R_DOWN ? 1 : 0); return; }
    roundPack(bs, b.exp, b.hi, b.lo, single);
    return;
  }
  if (b.cls === CLS_ZERO) { roundPack(a.sign, a.exp, a.hi, a.lo, single); return; }
  addNormal(a.sign, a.exp, a.hi, a.lo, bs, b.exp, b.hi, b.lo, single);
}

/** Sum of two normal values given as (sign, exp, 64-bit significand); rounds into out. */
function addNormal(as: number, ae: number, ah: number, al: number,
  bs: number, be: number, bh: number, bl: number, single: boolean): void {
  if (as === bs) {
    let e: number;
    if (ae >= be) { shiftRightJam64(bh, bl, ae - be); bh = J.hi; bl = J.lo; e = ae; }
    else { shiftRightJam64(ah, al, be - ae); ah = J.hi; al = J.lo; e = be; }
    let lo = al + bl;
    let c = 0;
    if (lo >= TWO32) { lo -= TWO32; c = 1; }
    let hi = ah + bh + c;
    if (hi >= TWO32) {
      hi -= TWO32;
      lo = ((lo >>> 1) | ((hi & 1) << 31) | (lo & 1)) >>> 0;
      hi = ((hi >>> 1) | 0x80000000) >>> 0;
      e += 1;
    }
    roundPack(as, e, hi, lo, single);
    return;
  }
  // effective subtraction: larger magnitude minus smaller
  const cmp = ae !== be ? ae - be : ah !== bh ? ah - bh : al - bl;
  if (cmp === 0) { packZero(status.mode === R_DOWN ? 1 : 0); return; }
  let sign: number, e: number, xh: number, xl: number, yh: number, yl: number;
  if (cmp > 0) {
    sign = as; e = ae; xh = ah; xl = al;
    shiftRightJam64(bh, bl, ae - be); yh = J.hi; yl = J.lo;
  } else {
    sign = bs; e = be; xh = bh; xl = bl;
    shiftRightJam64(ah, al, be - ae); yh = J.hi; yl = J.lo;
  }
  let lo = xl - yl;
  let borrow = 0;
  if (lo < 0) { lo += TWO32; borrow = 1; }
  const hi = xh - yh - borrow;
  roundPack(sign, e, hi, lo, single); // roundPack normalizes
}

/** 128-bit product scratch, least significant word first (uint32 values). */
const W = new Float64Array(4);

/** W = (ah:al) * (bh:bl), exact, with 16-bit limbs. */
function mul64(ah: number, al: number, bh: number, bl: number): void {
  const a0 = al & 0xffff, a1 = al >>> 16, a2 = ah & 0xffff, a3 = ah >>> 16;
  const b0 = bl & 0xffff, b1 = bl >>> 16, b2 = bh & 0xffff, b3 = bh >>> 16;
  let c = a0 * b0;
  let q = Math.floor(c / 65536);
  const d0 = c - q * 65536;
  c = a0 * b1 + a1 * b0 + q;
  q = Math.floor(c / 65536);
  const d1 = c - q * 65536;
  c = a0 * b2 + a1 * b1 + a2 * b0 + q;
  q = Math.floor(c / 65536);
  const d2 = c - q * 65536;
  c = a0 * b3 + a1 * b2 + a2 * b1 + a3 * b0 + q;
  q = Math.floor(c / 65536);
  const d3 = c - q * 65536;
  c = a1 * b3 + a2 * b2 + a3 * b1 + q;
  q = Math.floor(c / 65536);
  const d4 = c - q * 65536;
  c = a2 * b3 + a3 * b2 + q;
  q = Math.floor(c / 65536);
  const d5 = c - q * 65536;
  c = a3 * b3 + q;
  q = Math.floor(c / 65536);
  const d6 = c - q * 65536;
  W[0] = d1 * 65536 + d0;
  W[1] = d3 * 65536 + d2;
  W[2] = d5 * 65536 + d4;
  W[3] = q * 65536 + d6;
}

/** a * b rounded to double or single. */
export function mul(a: Parts, b: Parts, single: boolean): void {
  if (a.cls >= CLS_QNAN || b.cls >= CLS_QNAN) { pickNaN2(a, b, single); return; }
  const sign = a.sign ^ b.sign;
  if (a.cls === CLS_INF || b.cls === CLS_INF) {
    if (a.cls === CLS_ZERO || b.cls === CLS_ZERO) { invalid(F_INV_IMZ); return; }
    packInf(sign);
    return;
  }
  if (a.cls === CLS_ZERO || b.cls === CLS_ZERO) { packZero(sign); return; }
  mul64(a.hi, a.lo, b.hi, b.lo);
  let e = a.exp + b.exp;
  let hi = W[3]!, lo = W[2]!;
  const sticky = W[1]! !== 0 || W[0]! !== 0 ? 1 : 0;
  if (hi >= 0x80000000) e += 1;
  else { hi = ((hi << 1) | (lo >>> 31)) >>> 0; lo = ((lo << 1) | (W[1]! >>> 31)) >>> 0; }
  roundPack(sign, e, hi, (lo | sticky) >>> 0, single);
}

/** Error-free product scratch: x * y = P + E exactly (Dekker/Veltkamp). */
export const TP = { p: 0, e: 0 };
const SPLIT = 134217729; // 2^27 + 1
export function twoProduct(x: number, y: number): void {
  const p = x * y;
  let t = SPLIT * x;
  const xh = t - (t - x), xl = x - xh;
  t = SPLIT * y;
  const yh = t - (t - y), yl = y - yh;
  TP.p = p;
  TP.e = ((xh * yh - p) + xh * yl + xl * yh) + xl * yl;
}

/**
 * Round a result known as the host double q in [1, 2) (correctly rounded to 53
 * bits) plus the sign of (exact - q): the exact value is never a 53-bit midpoint,
 * so q nudged by less than an ulp in that direction rounds like the exact value
 * at any precision of 53 bits or less.
 */
function roundNudged(sign: number, exp: number, q: number, dir: number, single: boolean): void {
  const m = q * TWO52; // integer in [2^52, 2^53)
  let hi = Math.floor(m / TWO21);
  let lo = (m - hi * TWO21) * 2048;
  if (dir > 0) lo += 1;
  else if (dir < 0) {
    if (lo === 0) { lo = TWO32 - 1; hi -= 1; } else lo -= 1;
  }
  roundPack(sign, exp, hi, lo, single);
}

/** The 53-bit integer significand of a normal p. */
const mant53 = (p: Parts): number => p.hi * TWO21 + (p.lo >>> 11);

/** a / b rounded to double or single. */
export function div(a: Parts, b: Parts, single: boolean): void {
  if (a.cls >= CLS_QNAN || b.cls >= CLS_QNAN) { pickNaN2(a, b, single); return; }
  const sign = a.sign ^ b.sign;
  if (a.cls === CLS_INF) {
    if (b.cls === CLS_INF) { invalid(F_INV_IDI); return; }
    packInf(sign);
    return;
  }
  if (b.cls === CLS_INF) { packZero(sign); return; }
  if (b.cls === CLS_ZERO) {
    if (a.cls === CLS_ZERO) { invalid(F_INV_ZDZ); return; }
    status.flags |= F_DIVBYZERO;
    packInf(sign);
    return;
  }
  if (a.cls === CLS_ZERO) { packZero(sign); return; }
  let x = mant53(a);
  const y = mant53(b);
  let e = a.exp - b.exp;
  if (x < y) { x *= 2; e -= 1; }
  const q = x / y; // in [1, 2), correctly rounded
  twoProduct(q, y);
  const r = (x - TP.p) - TP.e; // exact remainder x - q*y
  roundNudged(sign, e, q, r, single);
}

/** sqrt(a) rounded to double or single. */
export function sqrt(a: Parts, single: boolean): void {
  if (a.cls >= CLS_QNAN) {
    if (a.cls === CLS_SNAN) status.flags |= F_INVALID | F_INV_SNAN;
    packQuietNaN(a, single);
    return;
  }
  if (a.cls === CLS_ZERO) { packZero(a.sign); return; }
  if (a.sign !== 0) { invalid(F_INV_SQRT); return; }
  if (a.cls === CLS_INF) { packInf(0); return; }
  let e = a.exp;
  let x = mant53(a) / TWO52; // [1, 2)
  if ((e & 1) !== 0) { x *= 2; e -= 1; }
  const s = Math.sqrt(x); // [1, 2), correctly rounded
  twoProduct(s, s);
  const r = (x - TP.p) - TP.e; // exact x - s*s
  roundNudged(0, e / 2, s, r, single);
}

/** 128-bit scratch operands for the fused multiply-add (least significant word first). */
const X = new Float64Array(4);
const Y = new Float64Array(4);

/** v >>= n with the lost bits jammed into bit 0 (v: a 4-word scratch). */
function shiftRightJam128(v: Float64Array, n: number): void {
  if (n === 0) return;
  if (n >= 128) {
    const s = v[0]! !== 0 || v[1]! !== 0 || v[2]! !== 0 || v[3]! !== 0 ? 1 : 0;
    v[3] = 0; v[2] = 0; v[1] = 0; v[0] = s;
    return;
  }
  const ws = n >>> 5, bs = n & 31;
  let sticky = 0;
  for (let i = 0; i < ws; i++) sticky |= v[i]!;
  for (let i = 0; i < 4; i++) v[i] = i + ws < 4 ? v[i + ws]! : 0;
  if (bs !== 0) {
    sticky |= v[0]! << (32 - bs);
    for (let i = 0; i < 3; i++) v[i] = ((v[i]! >>> bs) | (v[i + 1]! << (32 - bs))) >>> 0;
    v[3] = v[3]! >>> bs;
  }
  if (sticky !== 0) v[0] = (v[0]! | 1) >>> 0;
}

/**
 * Fused a * b + c with one rounding (QEMU float64_muladd / float64r32_muladd);
 * negC negates c, negR negates the unrounded result. PowerPC passes frA, frC, frB.
 */
export function muladd(a: Parts, b: Parts, c: Parts, negC: number, negR: number, single: boolean): void {
  if (a.cls >= CLS_QNAN || b.cls >= CLS_QNAN || c.cls >= CLS_QNAN) {
    if (a.cls === CLS_SNAN || b.cls === CLS_SNAN || c.cls === CLS_SNAN) status.flags |= F_INVALID | F_INV_SNAN;
    if ((a.cls === CLS_INF && b.cls === CLS_ZERO) || (a.cls === CLS_ZERO && b.cls === CLS_INF)) {
      status.flags |= F_INVALID | F_INV_IMZ;
      packQuietNaN(c, single);
    } else {
      packQuietNaN(a.cls >= CLS_QNAN ? a : c.cls >= CLS_QNAN ? c : b, single);
    }
    return;
  }
  const cs = c.sign ^ negC;
  const ps = a.sign ^ b.sign;
  const abInf = a.cls === CLS_INF || b.cls === CLS_INF;
  const abZero = a.cls === CLS_ZERO || b.cls === CLS_ZERO;
  if (abInf) {
    if (abZero) { invalid(F_INV_IMZ); return; }
    if (c.cls === CLS_INF && ps !== cs) { invalid(F_INV_ISI); return; }
    packInf(ps ^ negR);
    return;
  }
  if (abZero) {
    if (c.cls === CLS_NORMAL) { roundPack(cs ^ negR, c.exp, c.hi, c.lo, single); return; }
    if (c.cls === CLS_ZERO) { packZero((ps !== cs ? (status.mode === R_DOWN ? 1 : 0) : ps) ^ negR); return; }
    packInf(cs ^ negR);
    return;
  }
  if (c.cls === CLS_INF) { packInf(cs ^ negR); return; }

  // exact product, normalized so that bit 127 is set
  mul64(a.hi, a.lo, b.hi, b.lo);
  let pe = a.exp + b.exp;
  X[0] = W[0]!; X[1] = W[1]!; X[2] = W[2]!; X[3] = W[3]!;
  if (X[3]! >= 0x80000000) pe += 1;
  else shiftLeft128(X, 1);
  if (c.cls === CLS_ZERO) {
    roundPack(ps ^ negR, pe, X[3]!, (X[2]! | (X[1]! !== 0 || X[0]! !== 0 ? 1 : 0)) >>> 0, single);
    return;
  }
  Y[3] = c.hi; Y[2] = c.lo; Y[1] = 0; Y[0] = 0;
  const ce = c.exp;
  let e: number, sign: number;
  if (ps === cs) {
    sign = ps;
    if (pe >= ce) { shiftRightJam128(Y, pe - ce); e = pe; } else { shiftRightJam128(X, ce - pe); e = ce; }
    let carry = 0;
    for (let i = 0; i < 4; i++) {
      const s = X[i]! + Y[i]! + carry;
      carry = s >= TWO32 ? 1 : 0;
      X[i] = carry !== 0 ? s - TWO32 : s;
    }
    if (carry !== 0) { shiftRightJam128(X, 1); X[3] = X[3]! + 0x80000000; e += 1; }
  } else {
    let cmp = pe - ce;
    for (let i = 3; cmp === 0 && i >= 0; i--) cmp = X[i]! - Y[i]!;
    if (cmp === 0) { packZero((status.mode === R_DOWN ? 1 : 0) ^ negR); return; }
    let big = X, small = Y;
    if (cmp > 0) { sign = ps; e = pe; shiftRightJam128(Y, pe - ce); }
    else { sign = cs; e = ce; shiftRightJam128(X, ce - pe); big = Y; small = X; }
    let borrow = 0;
    for (let i = 0; i < 4; i++) {
      let d = big[i]! - small[i]! - borrow;
      borrow = d < 0 ? 1 : 0;
      if (borrow !== 0) d += TWO32;
      X[i] = d;
    }
    // normalize
    let z = 0;
    while (X[3]! === 0) { X[3] = X[2]!; X[2] = X[1]!; X[1] = X[0]!; X[0] = 0; z += 32; }
    const zb = Math.clz32(X[3]!);
    if (zb !== 0) shiftLeft128(X, zb);
    e -= z + zb;
  }
  roundPack(sign ^ negR, e, X[3]!, (X[2]! | (X[1]! !== 0 || X[0]! !== 0 ? 1 : 0)) >>> 0, single);
}

/** v <<= n for 0 < n < 32. */
function shiftLeft128(v: Float64Array, n: number): void {
  v[3] = ((v[3]! << n) | (v[2]! >>> (32 - n))) >>> 0;
  v[2] = ((v[2]! << n) | (v[1]! >>> (32 - n))) >>> 0;
  v[1] = ((v[1]! << n) | (v[0]! >>> (32 - n))) >>> 0;
  v[0] = (v[0]! << n) >>> 0;
}

/**
 * Signed (signed=true) or unsigned 64-bit integer (hi, lo) to double or single,
 * rounded per status.mode (int64_to_float64 and friends).
 */
export function fromInt64(hi: number, lo: number, signed: boolean, single: boolean): void {
  let sign = 0;
  let h = hi >>> 0, l = lo >>> 0;
  if (signed && hi < 0) {
    sign = 1;
    l = (TWO32 - l) % TWO32;
    h = (~hi + (l === 0 ? 1 : 0)) >>> 0;
  }
  if (h === 0 && l === 0) { packZero(0); return; }
  roundPack(sign, 63, h, l, single); // roundPack normalizes
}

/** Scratch of roundToInt: the integral value as a host double. */
const RI = { v: 0 };

/**
 * Round the finite host double x to an integral value in `mode` (RI.v); raises
 * F_INEXACT when it changes. The sign of a zero result is x's.
 */
function roundToIntegral(x: number, mode: number): void {
  if (!(Math.abs(x) < TWO52)) { RI.v = x; return; }
  const t = Math.trunc(x);
  const f = x - t;
  if (f === 0) { RI.v = x; return; }
  status.flags |= F_INEXACT;
  let away: boolean;
  switch (mode) {
    case R_NEAREST: {
      const af = Math.abs(f);
      away = af > 0.5 || (af === 0.5 && t % 2 !== 0);
      break;
    }
    case R_AWAY: away = Math.abs(f) >= 0.5; break;
    case R_UP: away = x > 0; break;
    case R_DOWN: away = x < 0; break;
    default: away = false;
  }
  RI.v = away ? (x < 0 ? t - 1 : t + 1) : t;
}

/** Host-double view for reading operand values (never used to make NaN bits). */
const D = new Float64Array(1);
const DI = new Int32Array(D.buffer);

/**
 * float64_round_to_int in `mode` (frin/friz/frip/frim): the result bits go to out.
 * NaNs are quieted (SNaN raises invalid); infinities and zeros pass unchanged.
 */
export function roundToInt(hi: number, lo: number, mode: number): void {
  const e = (hi >>> 20) & 0x7ff;
  if (e === 0x7ff) {
    if (((hi & 0xfffff) | lo) !== 0 && (hi & 0x80000) === 0) status.flags |= F_INVALID | F_INV_SNAN;
    out.hi = ((hi & 0xfffff) | lo) !== 0 ? hi | 0x80000 : hi;
    out.lo = lo;
    return;
  }
  DI[0] = lo; DI[1] = hi;
  roundToIntegral(D[0]!, mode);
  D[0] = RI.v;
  out.lo = DI[0]!; out.hi = DI[1]!;
}

/** Integer conversion kinds (fcti*). */
export const CVT_W = 0;
export const CVT_WU = 1;
export const CVT_D = 2;
export const CVT_DU = 3;

/**
 * float64 to int32/uint32/int64/uint64 in `mode`, as softfloat then QEMU's PowerPC
 * helper produce it: out-of-range saturates with invalid+cvti (and no inexact), a
 * NaN gives the PowerPC NaN value (0x80000000, 0, 0x8000000000000000, 0); int32
 * results are sign-extended and uint32 ones zero-extended to 64 bits in out.
 */
export function toInt(hi: number, lo: number, kind: number, mode: number): void {
  const e = (hi >>> 20) & 0x7ff;
  const neg = hi < 0;
  if (e === 0x7ff) {
    if (((hi & 0xfffff) | lo) !== 0) {
      status.flags |= (hi & 0x80000) === 0 ? F_INVALID | F_INV_SNAN : F_INVALID;
      out.lo = kind === CVT_W ? 0x80000000 | 0 : 0;
      out.hi = kind === CVT_D ? 0x80000000 | 0 : 0;
      return;
    }
    status.flags |= F_INVALID | F_INV_CVTI;
    saturate(kind, neg);
    return;
  }
  DI[0] = lo; DI[1] = hi;
  const saved = status.flags;
  roundToIntegral(D[0]!, mode);
  const v = RI.v;
  let min: number, max: number;
  switch (kind) {
    case CVT_W: min = -2147483648; max = 2147483647; break;
    case CVT_WU: min = 0; max = 4294967295; break;
    case CVT_D: min = -9223372036854775808; max = 9223372036854774784; break; // largest double < 2^63
    default: min = 0; max = 18446744073709549568; // largest double < 2^64
  }
  if (v < min || v > max) {
    status.flags = saved | F_INVALID | F_INV_CVTI;
    saturate(kind, v < 0);
    return;
  }
  // v is integral and in range (-0 gives 0)
  const mag = Math.abs(v);
  let h = Math.floor(mag / TWO32);
  let l = mag - h * TWO32;
  if (v < 0) {
    l = (TWO32 - l) % TWO32;
    h = ~h + (l === 0 ? 1 : 0);
  }
  out.lo = l | 0;
  out.hi = kind === CVT_W ? (l | 0) >> 31 : kind === CVT_WU ? 0 : h | 0;
}

function saturate(kind: number, neg: boolean): void {
  switch (kind) {
    case CVT_W: out.lo = neg ? 0x80000000 | 0 : 0x7fffffff; out.hi = neg ? -1 : 0; break;
    case CVT_WU: out.lo = neg ? 0 : -1; out.hi = 0; break;
    case CVT_D: out.lo = neg ? 0 : -1; out.hi = neg ? 0x80000000 | 0 : 0x7fffffff; break;
    default: out.lo = neg ? 0 : -1; out.hi = neg ? 0 : -1;
  }
}
