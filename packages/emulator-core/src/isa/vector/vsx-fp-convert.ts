import type { Cpu } from '../../cpu/cpu.js';
import { Flow, type Handler } from '../../decode/instruction.js';
import { W_FPSCR } from '../../state/layout.js';
import { fXB, fXT } from '../fields.js';
import {
  status, out, pa, unpack, roundPartsF32, roundPackFmt, singleToDouble, fromInt64, roundToInt,
  F_INVALID, F_INEXACT, F_INV_SNAN, R_ZERO, R_AWAY, R_UP, R_DOWN,
  CLS_NORMAL, CLS_ZERO, CLS_INF, FMT_F32,
} from '../fp/softfloat.js';
import {
  beginOp, invalidOp, withFprf, checkStatus, deferredTrap, deferredCode, fpEnabledException,
  FPE_FLTSUB, VXSNAN, VE, FPRF, FPRF_SHIFT,
} from '../fp/fpscr.js';
import { getDwHi, getDwLo, getWord, q, writeVsr } from './vsr.js';
import { checkStatusKeepFi, toF32Bits } from './vsx-fp-arith.js';

/*
 * VSX conversions and roundings (Power ISA 3.0B Book I 7.6.1), as QEMU 7.2 computes
 * them: VSX_ROUND (xsrdpi*, xvrdpi*, xvrspi*), helper_xsrsp, VSX_CVT_FP_TO_FP(2)
 * (xscvdpsp, xscvspdp, xvcvdpsp, xvcvspdp), helper_xscvdpspn / XSCVSPDPN,
 * and VSX_CVT_INT_TO_FP(2). The scalar forms set FPRF and FI,
 * the vector forms neither (vsx-fp-arith.ts); results QEMU builds in a zeroed register
 * leave the other elements zero.
 */

const RN_CURRENT = -1;

/** FPRF of a float32 (QEMU helper_compute_fprf_float32). */
function fprf32(x: number): number {
  const e = (x >>> 23) & 0xff, f = x & 0x7fffff, neg = x < 0;
  if (e === 0xff) return f === 0 ? (neg ? 0x09 : 0x05) : (f & 0x400000) !== 0 ? 0x11 : 0x00;
  if (e === 0) return f === 0 ? (neg ? 0x12 : 0x02) : (neg ? 0x18 : 0x14);
  return neg ? 0x08 : 0x04;
}

/** Ends a scalar (change FI, FPRF already set) or vector (FI kept) operation. */
function finish(c: Cpu, fp: number, scalar: boolean, flags: number): number {
  status.flags = flags;
  c.r[W_FPSCR] = scalar ? checkStatus(fp) : checkStatusKeepFi(fp, flags);
  if (deferredTrap(fp)) return fpEnabledException(c, deferredCode(fp));
  return Flow.Next;
}

/** An SNaN operand of a conversion: VXSNAN (QEMU float_invalid_op_vxsnan); VE=1 interrupts before XT is written. */
const snanTraps = (fp: number): boolean => (fp & VE) !== 0;

// xsrdpi[c|m|p|z] (dp scalar), xvrdpi[c|m|p|z] (2 dp), xvrspi[c|m|p|z] (4 sp) XT,XB: round to an
// integral value; the fixed-mode forms never set XX or FI (their inexact flag is dropped)
const round = (n: number, sp: boolean, mode: number): Handler => (c: Cpu, w: number): number => {
  const b = fXB(w);
  let fp = beginOp(c);
  const m = mode === RN_CURRENT ? status.mode : mode;
  const scalar = n === 1;
  for (let i = 0; i < n; i++) {
    let hi: number, lo: number;
    if (sp) { singleToDouble(getWord(c.r, b, i)); hi = out.hi; lo = out.lo; } else { hi = getDwHi(c.r, b, i); lo = getDwLo(c.r, b, i); }
    const before = status.flags;
    roundToInt(hi, lo, m);
    if ((status.flags & ~before & F_INV_SNAN) !== 0) {
      fp = invalidOp(fp, VXSNAN, false);
      if (snanTraps(fp)) { c.r[W_FPSCR] = fp; return fpEnabledException(c, FPE_FLTSUB); }
    }
    if (sp) q[i] = toF32Bits(out.hi, out.lo);
    else { q[2 * i] = out.hi; q[2 * i + 1] = out.lo; }
    if (scalar) { q[2] = 0; q[3] = 0; fp = withFprf(fp, out.hi, out.lo); }
  }
  if (mode !== RN_CURRENT) status.flags &= ~F_INEXACT;
  writeVsr(c.r, fXT(w), q);
  return finish(c, fp, scalar, status.flags);
};
export const xsrdpi = round(1, false, R_AWAY), xsrdpic = round(1, false, RN_CURRENT), xsrdpim = round(1, false, R_DOWN);
export const xsrdpip = round(1, false, R_UP), xsrdpiz = round(1, false, R_ZERO);
export const xvrdpi = round(2, false, R_AWAY), xvrdpic = round(2, false, RN_CURRENT), xvrdpim = round(2, false, R_DOWN);
export const xvrdpip = round(2, false, R_UP), xvrdpiz = round(2, false, R_ZERO);
export const xvrspi = round(4, true, R_AWAY), xvrspic = round(4, true, RN_CURRENT), xvrspim = round(4, true, R_DOWN);
export const xvrspip = round(4, true, R_UP), xvrspiz = round(4, true, R_ZERO);

// xsrsp XT,XB: round doubleword 0 to single precision, as frsp
export function xsrsp(c: Cpu, w: number): number {
  const b = fXB(w);
  let fp = beginOp(c);
  unpack(pa, getDwHi(c.r, b, 0), getDwLo(c.r, b, 0));
  roundPartsF32(pa);
  if ((status.flags & F_INV_SNAN) !== 0) {
    fp = invalidOp(fp, VXSNAN, false);
    if (snanTraps(fp)) { c.r[W_FPSCR] = fp; return fpEnabledException(c, FPE_FLTSUB); }
  }
  q[0] = out.hi; q[1] = out.lo; q[2] = 0; q[3] = 0;
  writeVsr(c.r, fXT(w), q);
  return finish(c, withFprf(fp, out.hi, out.lo), true, status.flags);
}

/** float64_to_float32 of the double (hi, lo) in the current mode: the float32 bits (an SNaN is quieted, raising invalid). */
function toSingle(hi: number, lo: number): number {
  unpack(pa, hi, lo);
  switch (pa.cls) {
    case CLS_ZERO: return hi & 0x80000000;
    case CLS_INF: return (hi & 0x80000000) | 0x7f800000;
    case CLS_NORMAL: roundPackFmt(pa.sign, pa.exp, pa.hi, pa.lo, FMT_F32); return out.lo;
    default:
      if ((hi & 0x80000) === 0) status.flags |= F_INVALID | F_INV_SNAN;
      return (hi & 0x80000000) | 0x7fc00000 | ((hi & 0x7ffff) << 3) | (lo >>> 29);
  }
}

// xscvdpsp (scalar) / xvcvdpsp (2 elements) XT,XB: each doubleword rounded to single, in both words
const cvDpSp = (n: number): Handler => (c: Cpu, w: number): number => {
  const b = fXB(w);
  let fp = beginOp(c);
  const scalar = n === 1;
  for (let i = 0; i < n; i++) {
    const before = status.flags;
    const r = toSingle(getDwHi(c.r, b, i), getDwLo(c.r, b, i));
    if ((status.flags & ~before & F_INV_SNAN) !== 0) {
      fp = invalidOp(fp, VXSNAN, false);
      if (snanTraps(fp)) { c.r[W_FPSCR] = fp; return fpEnabledException(c, FPE_FLTSUB); }
    }
    q[2 * i] = r; q[2 * i + 1] = r;
    if (scalar) { q[2] = 0; q[3] = 0; fp = (fp & ~FPRF) | (fprf32(r) << FPRF_SHIFT); }
  }
  writeVsr(c.r, fXT(w), q);
  return finish(c, fp, scalar, status.flags);
};
export const xscvdpsp = cvDpSp(1), xvcvdpsp = cvDpSp(2);

// xscvspdp (word 0) / xvcvspdp (words 0 and 2) XT,XB: each single widened to a doubleword
// (exact; an SNaN is quieted and sets VXSNAN)
const cvSpDp = (n: number): Handler => (c: Cpu, w: number): number => {
  const b = fXB(w);
  let fp = beginOp(c);
  const scalar = n === 1;
  for (let i = 0; i < n; i++) {
    const x = getWord(c.r, b, 2 * i);
    singleToDouble(x);
    if ((x & 0x7f800000) === 0x7f800000 && (x & 0x7fffff) !== 0 && (x & 0x400000) === 0) {
      status.flags |= F_INVALID | F_INV_SNAN;
      out.hi |= 0x80000;
      fp = invalidOp(fp, VXSNAN, false);
      if (snanTraps(fp)) { c.r[W_FPSCR] = fp; return fpEnabledException(c, FPE_FLTSUB); }
    }
    q[2 * i] = out.hi; q[2 * i + 1] = out.lo;
    if (scalar) { q[2] = 0; q[3] = 0; fp = withFprf(fp, out.hi, out.lo); }
  }
  writeVsr(c.r, fXT(w), q);
  return finish(c, fp, scalar, status.flags);
};
export const xscvspdp = cvSpDp(1), xvcvspdp = cvSpDp(2);

// xscvdpspn XT,XB: the single format of doubleword 0 without rounding or status (the
// fraction truncated, tiny values denormalised), in both words of doubleword 0
export function xscvdpspn(c: Cpu, w: number): number {
  const b = fXB(w);
  status.flags = 0;
  const hi = getDwHi(c.r, b, 0), lo = getDwLo(c.r, b, 0);
  let exp = (hi >>> 20) & 0x7ff;
  // the 53-bit significand as a high part (bits 52..32) and the low word
  let fh = (hi & 0xfffff) | 0x100000, fl = lo >>> 0;
  if (exp === 0 && ((hi & 0xfffff) | lo) !== 0) { exp = 1; fh &= 0xfffff; } // DP denormal: no implicit bit
  if (exp < 897 && (fh | fl) !== 0) {
    const sh = 897 - exp;
    if (sh > 63) { fh = 0; fl = 0; } else if (sh >= 32) { fl = fh >>> (sh - 32); fh = 0; if (sh - 32 >= 32) fl = 0; } else if (sh > 0) {
      fl = ((fl >>> sh) | (fh << (32 - sh))) >>> 0; fh >>>= sh;
    }
    exp = 896;
  }
  // fraction bits 51..29 of the (possibly shifted) significand
  const frac = (((fh & 0xfffff) << 3) | (fl >>> 29)) & 0x7fffff;
  const r = (hi & 0x80000000) | (((exp >>> 10) & 1) << 30) | ((exp & 0x7f) << 23) | frac;
  q[0] = r; q[1] = r; q[2] = 0; q[3] = 0;
  writeVsr(c.r, fXT(w), q);
  return Flow.Next;
}

// xscvspdpn XT,XB: word 0 widened to double without status (QEMU helper_todouble)
export function xscvspdpn(c: Cpu, w: number): number {
  singleToDouble(getWord(c.r, fXB(w), 0));
  q[0] = out.hi; q[1] = out.lo; q[2] = 0; q[3] = 0;
  writeVsr(c.r, fXT(w), q);
  return Flow.Next;
}

const enum From { D, W }
const enum To { Dp, DpThenSp, Sp, SpDup }

/**
 * Conversions from integer: n signed or unsigned doublewords (From.D) or words
 * (From.W: word i, or word 2i for a doubleword result) to double (To.Dp), to double
 * then rounded again to single (To.DpThenSp: QEMU's do_frsp after int64_to_float64),
 * to single words (To.Sp) or to single words duplicated in each doubleword
 * (To.SpDup, QEMU VSX_CVT_INT_TO_FP2, which does not reset the softfloat flags first).
 */
const cvFromInt = (n: number, from: From, to: To, signed: boolean): Handler => (c: Cpu, w: number): number => {
  const b = fXB(w);
  let fp = c.r[W_FPSCR]!;
  if (to === To.SpDup) { // no reset: the flags of earlier operations are checked again
    const stale = status.flags;
    fp = beginOp(c);
    status.flags = stale;
  } else fp = beginOp(c);
  const scalar = n === 1;
  q[0] = 0; q[1] = 0; q[2] = 0; q[3] = 0;
  for (let i = 0; i < n; i++) {
    let hi: number, lo: number;
    if (from === From.W) {
      lo = getWord(c.r, b, to === To.Sp ? i : 2 * i);
      hi = signed ? lo >> 31 : 0;
    } else { hi = getDwHi(c.r, b, i); lo = getDwLo(c.r, b, i); }
    fromInt64(hi, lo, signed, to === To.Sp || to === To.SpDup);
    if (to === To.DpThenSp) { unpack(pa, out.hi, out.lo); roundPartsF32(pa); }
    if (to === To.Sp) q[i] = toF32Bits(out.hi, out.lo);
    else if (to === To.SpDup) { const r = toF32Bits(out.hi, out.lo); q[2 * i] = r; q[2 * i + 1] = r; } else {
      q[2 * i] = out.hi; q[2 * i + 1] = out.lo;
    }
    if (scalar) fp = withFprf(fp, out.hi, out.lo);
  }
  writeVsr(c.r, fXT(w), q);
  return finish(c, fp, scalar, status.flags);
};
export const xscvsxddp = cvFromInt(1, From.D, To.Dp, true), xscvuxddp = cvFromInt(1, From.D, To.Dp, false);
export const xscvsxdsp = cvFromInt(1, From.D, To.DpThenSp, true), xscvuxdsp = cvFromInt(1, From.D, To.DpThenSp, false);
export const xvcvsxddp = cvFromInt(2, From.D, To.Dp, true), xvcvuxddp = cvFromInt(2, From.D, To.Dp, false);
export const xvcvsxwdp = cvFromInt(2, From.W, To.Dp, true), xvcvuxwdp = cvFromInt(2, From.W, To.Dp, false);
export const xvcvsxwsp = cvFromInt(4, From.W, To.Sp, true), xvcvuxwsp = cvFromInt(4, From.W, To.Sp, false);
export const xvcvsxdsp = cvFromInt(2, From.D, To.SpDup, true), xvcvuxdsp = cvFromInt(2, From.D, To.SpDup, false);
