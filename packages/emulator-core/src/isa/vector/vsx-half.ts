import type { Cpu } from '../../cpu/cpu.js';
import { Flow } from '../../decode/instruction.js';
import { W_FPSCR } from '../../state/layout.js';
import { fXB, fXT } from '../fields.js';
import {
  status, F_INVALID, F_INEXACT, F_OVERFLOW, F_UNDERFLOW, F_INV_SNAN, R_NEAREST, R_UP, R_DOWN,
} from '../fp/softfloat.js';
import {
  beginOp, invalidOp, checkStatus, deferredTrap, deferredCode, fpEnabledException, withFprf,
  FPE_FLTSUB, VXSNAN, VE, FPRF, FPRF_SHIFT,
} from '../fp/fpscr.js';
import { q, qb, readVsr, writeVsr } from './vsr.js';
import { checkStatusKeepFi } from './vsx-fp-arith.js';

/*
 * The half-precision conversions of ISA 3.0 (Power ISA 3.0B Book I 7.6.1: xscvdphp,
 * xscvhpdp, xvcvsphp, xvcvhpsp), as QEMU 7.2's VSX_CVT_FP_TO_FP_HP (fpu_helper.c):
 * softfloat's IEEE binary16 (float64_to_float16 / float32_to_float16 in FPSCR[RN],
 * tininess before rounding, FPSCR[OE]/[UE] rebiasing by 24; widening is exact). A
 * NaN keeps its sign and the top of its payload and is quieted; an SNaN sets VXSNAN
 * (with VE=1 the interrupt comes before XT is written). The scalar forms set FPRF and
 * FI, the vector forms neither. QEMU builds the result in a zeroed register: the
 * scalar forms leave the rest of XT zero, the vector forms the high halfword of each
 * word.
 */

const TWO32 = 4294967296;

/** Bit length of a non-negative integer below 2^53. */
function bitLength(x: number): number {
  let n = 0;
  while (x >= TWO32) { x = Math.floor(x / TWO32); n += 32; }
  return n + 32 - Math.clz32(x);
}

/**
 * Rounds (-1)^sign * sig * 2^exp (sig a positive integer below 2^53, exact) to
 * binary16 in status.mode, raising softfloat's flags (parts_uncanon for float16).
 */
export function roundToHalf(sign: number, sig: number, exp: number): number {
  const n = bitLength(sig);
  let biased = exp + n - 1 + 15;
  let tiny = false;
  if (biased <= 0) {
    if (status.rebiasU) { status.flags |= F_UNDERFLOW; biased += 24; } else tiny = true;
  }
  const keep = tiny ? 10 + biased : 11;
  const shift = n - keep;
  let m: number, rem = 0, half = 0;
  if (shift <= 0) {
    m = sig * 2 ** -shift;
  } else if (shift > 60) {
    m = 0; rem = sig; half = Infinity;
  } else {
    const p = 2 ** shift;
    m = Math.floor(sig / p); rem = sig - m * p; half = p / 2;
  }
  if (rem !== 0) {
    status.flags |= tiny ? F_INEXACT | F_UNDERFLOW : F_INEXACT;
    let inc: boolean;
    switch (status.mode) {
      case R_NEAREST: inc = rem > half || (rem === half && m % 2 === 1); break;
      case R_UP: inc = sign === 0; break;
      case R_DOWN: inc = sign !== 0; break;
      default: inc = false;
    }
    if (inc) m += 1;
  }
  const s = sign << 15;
  // a denormal, or the smallest normal when rounding carried into bit 10
  if (tiny) return s | m;
  if (m >= 2048) { m /= 2; biased += 1; }
  if (biased >= 31) {
    status.flags |= F_OVERFLOW;
    if (status.rebiasO) {
      biased -= 24;
    } else {
      status.flags |= F_INEXACT;
      const mode = status.mode;
      const toInf = mode === R_NEAREST || (mode === R_UP && sign === 0) || (mode === R_DOWN && sign !== 0);
      return s | (toInf ? 0x7c00 : 0x7bff);
    }
  }
  return s | ((biased & 0x1f) << 10) | (m & 0x3ff);
}

/** A NaN's binary16 form from its sign and top ten payload bits, quieted; an SNaN raises invalid. */
function nanToHalf(sign: number, top10: number): number {
  if ((top10 & 0x200) === 0) status.flags |= F_INVALID | F_INV_SNAN;
  return (sign << 15) | 0x7e00 | (top10 & 0x1ff);
}

/** float64_to_float16 of the double (hi, lo). */
export function doubleToHalf(hi: number, lo: number): number {
  const sign = hi >>> 31, e = (hi >>> 20) & 0x7ff, fhi = hi & 0xfffff;
  if (e === 0x7ff) return fhi === 0 && lo === 0 ? (sign << 15) | 0x7c00 : nanToHalf(sign, fhi >>> 10);
  if (e === 0 && fhi === 0 && lo === 0) return sign << 15;
  const sig = (e !== 0 ? 2 ** 52 : 0) + fhi * TWO32 + (lo >>> 0);
  return roundToHalf(sign, sig, (e !== 0 ? e : 1) - 1023 - 52);
}

/** float32_to_float16 of the single x. */
export function singleToHalf(x: number): number {
  const sign = x >>> 31, e = (x >>> 23) & 0xff, f = x & 0x7fffff;
  if (e === 0xff) return f === 0 ? (sign << 15) | 0x7c00 : nanToHalf(sign, f >>> 13);
  if (e === 0 && f === 0) return sign << 15;
  return roundToHalf(sign, (e !== 0 ? 0x800000 : 0) + f, (e !== 0 ? e : 1) - 127 - 23);
}

/**
 * A finite nonzero binary16 h for widening: `wide.e` its unbiased exponent, `wide.f`
 * its 10 fraction bits (a denormal normalised, its leading one dropped).
 */
const wide = { e: 0, f: 0 };
function unpackHalf(h: number): void {
  const e = (h >>> 10) & 0x1f;
  let f = h & 0x3ff;
  if (e !== 0) { wide.e = e - 15; wide.f = f; return; }
  const s = Math.clz32(f) - 21; // shift that brings the leading one to bit 10
  f = (f << s) & 0x3ff;
  wide.e = -14 - s; wide.f = f;
}

/** float16_to_float32 of h (exact; an SNaN is quieted and raises invalid). */
export function halfToSingle(h: number): number {
  const sign = (h & 0x8000) << 16, e = (h >>> 10) & 0x1f, f = h & 0x3ff;
  if (e === 0x1f) {
    if (f === 0) return sign | 0x7f800000;
    if ((f & 0x200) === 0) status.flags |= F_INVALID | F_INV_SNAN;
    return sign | 0x7fc00000 | (f << 13);
  }
  if (e === 0 && f === 0) return sign;
  unpackHalf(h);
  return sign | ((wide.e + 127) << 23) | (wide.f << 13);
}

/** float16_to_float64 of h: its high word (the low word is zero; an SNaN is quieted and raises invalid). */
export function halfToDoubleHi(h: number): number {
  const sign = (h & 0x8000) << 16, e = (h >>> 10) & 0x1f, f = h & 0x3ff;
  if (e === 0x1f) {
    if (f === 0) return sign | 0x7ff00000;
    if ((f & 0x200) === 0) status.flags |= F_INVALID | F_INV_SNAN;
    return sign | 0x7ff80000 | (f << 10);
  }
  if (e === 0 && f === 0) return sign;
  unpackHalf(h);
  return sign | ((wide.e + 1023) << 20) | (wide.f << 10);
}

/** FPRF of a binary16 (QEMU helper_compute_fprf_float16: an SNaN gets 0). */
function fprf16(h: number): number {
  const e = (h >>> 10) & 0x1f, f = h & 0x3ff, neg = (h & 0x8000) !== 0;
  if (e === 0x1f) return f === 0 ? (neg ? 0x09 : 0x05) : (f & 0x200) !== 0 ? 0x11 : 0x00;
  if (e === 0) return f === 0 ? (neg ? 0x12 : 0x02) : (neg ? 0x18 : 0x14);
  return neg ? 0x08 : 0x04;
}

/** An SNaN source: VXSNAN (QEMU float_invalid_op_vxsnan). */
const snan = (fp: number): number => invalidOp(fp, VXSNAN, false);

/** Writes XT and the FPSCR status (FI changed by the scalar forms only), then a deferred interrupt. */
function finish(c: Cpu, w: number, fp: number, scalar: boolean): number {
  writeVsr(c.r, fXT(w), q);
  c.r[W_FPSCR] = scalar ? checkStatus(fp) : checkStatusKeepFi(fp, status.flags);
  return deferredTrap(fp) ? fpEnabledException(c, deferredCode(fp)) : Flow.Next;
}

/** xscvdphp XT,XB: doubleword 0 of XB to binary16 in halfword 3 of XT (the EO=17 form of XX2 xo 347). */
export function xscvdphp(c: Cpu, w: number): number {
  readVsr(c.r, fXB(w), qb);
  let fp = beginOp(c);
  const h = doubleToHalf(qb[0]!, qb[1]!);
  if ((status.flags & F_INV_SNAN) !== 0) {
    fp = snan(fp);
    if ((fp & VE) !== 0) { c.r[W_FPSCR] = fp; return fpEnabledException(c, FPE_FLTSUB); }
  }
  q[0] = 0; q[1] = h; q[2] = 0; q[3] = 0;
  return finish(c, w, (fp & ~FPRF) | (fprf16(h) << FPRF_SHIFT), true);
}

/** xscvhpdp XT,XB: halfword 3 of XB widened to doubleword 0 of XT (the EO=16 form of XX2 xo 347). */
export function xscvhpdp(c: Cpu, w: number): number {
  readVsr(c.r, fXB(w), qb);
  let fp = beginOp(c);
  const hi = halfToDoubleHi(qb[1]! & 0xffff);
  if ((status.flags & F_INV_SNAN) !== 0) {
    fp = snan(fp);
    if ((fp & VE) !== 0) { c.r[W_FPSCR] = fp; return fpEnabledException(c, FPE_FLTSUB); }
  }
  q[0] = hi; q[1] = 0; q[2] = 0; q[3] = 0;
  return finish(c, w, withFprf(fp, hi, 0), true);
}

/** xvcvsphp XT,XB: each word of XB to binary16 in the low halfword of XT's word (EO=25 of XX2 xo 475). */
export function xvcvsphp(c: Cpu, w: number): number {
  readVsr(c.r, fXB(w), qb);
  let fp = beginOp(c);
  for (let i = 0; i < 4; i++) {
    const before = status.flags;
    q[i] = singleToHalf(qb[i]!);
    if ((status.flags & ~before & F_INV_SNAN) !== 0) {
      fp = snan(fp);
      if ((fp & VE) !== 0) { c.r[W_FPSCR] = fp; return fpEnabledException(c, FPE_FLTSUB); }
    }
  }
  return finish(c, w, fp, false);
}

/** xvcvhpsp XT,XB: the low halfword of each word of XB widened to a single (EO=24 of XX2 xo 475). */
export function xvcvhpsp(c: Cpu, w: number): number {
  readVsr(c.r, fXB(w), qb);
  let fp = beginOp(c);
  for (let i = 0; i < 4; i++) {
    const before = status.flags;
    q[i] = halfToSingle(qb[i]! & 0xffff);
    if ((status.flags & ~before & F_INV_SNAN) !== 0) {
      fp = snan(fp);
      if ((fp & VE) !== 0) { c.r[W_FPSCR] = fp; return fpEnabledException(c, FPE_FLTSUB); }
    }
  }
  return finish(c, w, fp, false);
}
