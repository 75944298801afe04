import type { Cpu } from '../../cpu/cpu.js';
import { Flow, type Handler } from '../../decode/instruction.js';
import { F_FPR, W_FPSCR } from '../../state/layout.js';
import { fRA, fRB, fBF } from '../fields.js';
import { setCrField } from '../registers.js';
import {
  FPCC, FPRF_SHIFT, FPRF_C, FPRF_FU, FX, FI, VX, VXSNAN, VXVC, VE, FEX, FPE_FLTSUB, fpEnabledException,
} from './fpscr.js';
import { fprHi, fprLo } from './common.js';
import { status } from './softfloat.js';

const isNaN64 = (hi: number, lo: number): boolean => (hi & 0x7ff00000) === 0x7ff00000 && ((hi & 0xfffff) | lo) !== 0;
const isSNaN64 = (hi: number, lo: number): boolean => isNaN64(hi, lo) && (hi & 0x80000) === 0;

// fcmpu BF,FRA,FRB / fcmpo BF,FRA,FRB (X-form, Book I 4.6.8): CR field BF and FPCC get
// FL FG FE FU; a NaN sets VXSNAN (SNaN) and, for fcmpo, VXVC with FPRF = C|FU as QEMU does.
// ISA bits 9:10 and 31 are reserved (the rows' mask). One handler per row, made once.
const fCmp = (ordered: boolean): Handler => (c: Cpu, w: number): number => {
  const a = fRA(w), b = fRB(w);
  status.flags = 0; // QEMU 7.2's gen_fcmpu/gen_fcmpo reset the softfloat flags (seen by vsx-fp-minmax.ts)
  const ah = fprHi(c, a), al = fprLo(c, a), bh = fprHi(c, b), bl = fprLo(c, b);
  let fp = c.r[W_FPSCR]!;
  let v: number;
  const unordered = isNaN64(ah, al) || isNaN64(bh, bl);
  if (unordered) v = 1;
  else {
    const x = c.f[F_FPR + a]!, y = c.f[F_FPR + b]!;
    v = x < y ? 8 : x > y ? 4 : 2;
  }
  fp = (fp & ~FPCC) | (v << FPRF_SHIFT);
  setCrField(c, fBF(w), v);
  if (unordered) {
    const snan = isSNaN64(ah, al) || isSNaN64(bh, bl);
    if (ordered) {
      fp = (fp & ~FPCC) | FPRF_C | FPRF_FU | VXVC | VX | FX;
      if ((fp & VE) !== 0) fp |= FEX; // interrupts after the status check below
    }
    if (snan) {
      fp |= VXSNAN | VX | FX;
      if ((fp & VE) !== 0) {
        // QEMU interrupts here, before its status check would clear FI
        c.r[W_FPSCR] = fp | FEX;
        return fpEnabledException(c, FPE_FLTSUB);
      }
    }
  }
  // QEMU's float_check_status after the compare: no inexact, so FI is cleared
  c.r[W_FPSCR] = fp & ~FI;
  return unordered && (fp & VE) !== 0 && ordered ? fpEnabledException(c, FPE_FLTSUB) : Flow.Next;
};
const fcmpu = fCmp(false), fcmpo = fCmp(true);

const expOf = (hi: number): number => ((hi >>> 20) & 0x7ff) - 1023;
const isInf64 = (hi: number, lo: number): boolean => (hi & 0x7fffffff) === 0x7ff00000 && lo === 0;
const isZero64 = (hi: number, lo: number): boolean => (hi & 0x7fffffff) === 0 && lo === 0;
const isZeroOrDenormal64 = (hi: number): boolean => (hi & 0x7ff00000) === 0;

// ftdiv BF,FRA,FRB (X-form, Book I 4.6.6.1): CR field BF = 0b1 || fg || fe || 0 (QEMU's tests);
// Rc=1 is illegal (the row's mask)
function fTdiv(c: Cpu, w: number): number {
  const a = fRA(w), b = fRB(w);
  const ah = fprHi(c, a), al = fprLo(c, a), bh = fprHi(c, b), bl = fprLo(c, b);
  let fe = 0, fg = 0;
  if (isInf64(ah, al) || isInf64(bh, bl) || isZero64(bh, bl)) {
    fe = 1; fg = 1;
  } else {
    const ea = expOf(ah), eb = expOf(bh);
    if (isNaN64(ah, al) || isNaN64(bh, bl)) fe = 1;
    else if (eb <= -1022 || eb >= 1021) fe = 1;
    else if (!isZero64(ah, al) && (ea - eb >= 1023 || ea - eb <= -1021 || ea <= -970)) fe = 1;
    if (isZeroOrDenormal64(bh)) fg = 1;
  }
  setCrField(c, fBF(w), 8 | (fg << 2) | (fe << 1));
  return Flow.Next;
}

// ftsqrt BF,FRB (X-form, Book I 4.6.6.1): CR field BF = 0b1 || fg || fe || 0 (QEMU's tests);
// Rc=1 is illegal (the row's mask)
function fTsqrt(c: Cpu, w: number): number {
  const b = fRB(w);
  const bh = fprHi(c, b), bl = fprLo(c, b);
  let fe = 0, fg = 0;
  if (isInf64(bh, bl) || isZero64(bh, bl)) {
    fe = 1; fg = 1;
  } else {
    if (isNaN64(bh, bl) || bh < 0 || expOf(bh) <= -970) fe = 1;
    if (isZeroOrDenormal64(bh)) fg = 1;
  }
  setCrField(c, fBF(w), 8 | (fg << 2) | (fe << 1));
  return Flow.Next;
}

export { fcmpu, fcmpo, fTdiv, fTsqrt };
