import type { Cpu } from '../../cpu/cpu.js';
import { Flow, type Handler } from '../../decode/instruction.js';
import { W_FPSCR } from '../../state/layout.js';
import { fXB, fXT } from '../fields.js';
import {
  status, out, singleToDouble, toInt, R_ZERO, CVT_W, CVT_WU, CVT_D, CVT_DU,
  F_INVALID, F_INV_SNAN, F_INV_CVTI,
} from '../fp/softfloat.js';
import {
  checkStatus, deferredTrap, deferredCode, fpEnabledException, FPE_FLTSUB,
  FX, FEX, VX, VXSNAN, VXCVI, FR, FI, VE,
} from '../fp/fpscr.js';
import { getDwHi, getDwLo, getWord, q, writeVsr } from './vsr.js';
import { checkStatusKeepFi } from './vsx-fp-arith.js';

/*
 * VSX floating-point to integer conversions, rounding toward zero (Power ISA 3.0B
 * Book I 7.6.1: xscvdp[su]x[dw]s, xvcvdp[su]x[dw]s, xvcvsp[su]x[dw]s), as QEMU 7.2
 * computes them in VSX_CVT_FP_TO_INT and VSX_CVT_FP_TO_INT2 (target/ppc/fpu_helper.c):
 *
 * - the softfloat flags are reset once, before the first element (QEMU 7.2 has the
 *   reset of commit c3f24257 but not the per-element one that later fixed QEMU issue
 *   1941), so each element's conversion adds to the flags of the elements before it,
 *   and its invalid check reads that accumulated set: once an element raised invalid,
 *   every later element goes through float_invalid_cvt too;
 * - float_invalid_cvt records VXSNAN when the accumulated flags hold an SNaN, then VXCVI
 *   (FR and FI cleared, FPCC left alone, VX, FX; VE=1 sets FEX and interrupts at once,
 *   before XT is written); the element's result is softfloat's own value when the
 *   accumulated flags say "invalid conversion" (an infinity or out-of-range value, in
 *   this element or an earlier one), else the PowerPC NaN result: 0x8000_0000 /
 *   0x8000_0000_0000_0000 for the signed forms, 0 for the unsigned ones. So an in-range
 *   element after a NaN becomes the NaN result, and a NaN after an out-of-range element
 *   becomes softfloat's NaN value, the format's maximum (0x7fff_ffff, 0xffff_ffff, ...);
 * - the flags left at the end are the accumulated set: the status check reports its
 *   inexact, and a later instruction that checks without a reset sees it;
 * - the scalar forms change FI (FI = inexact), the vector forms leave it; FPRF is never
 *   set; XT is built in a zeroed register (doubleword 1 of the scalar forms is 0) and the
 *   word results from doublewords are written to both words of their doubleword
 *   (VSX_CVT_FP_TO_INT2, ISA 3.1's definition of words 1 and 3).
 */

/** Where the elements come from and go to. */
const enum Shape {
  /** doubleword i to doubleword i */
  DwToDw,
  /** doubleword i to words 2i and 2i+1 */
  DwToWordPair,
  /** word 2i (a single) to doubleword i */
  EvenWordToDw,
  /** word i (a single) to word i */
  WordToWord,
}


/** Softfloat's result for a NaN operand (parts_float_to_sint/uint): the format's maximum. */
function nanMax(kind: number): void {
  out.lo = kind === CVT_W ? 0x7fffffff : -1;
  out.hi = kind === CVT_D ? 0x7fffffff : kind === CVT_DU ? -1 : 0;
}

/**
 * `n` elements of `shape` converted to `kind` (CVT_W, CVT_WU, CVT_D, CVT_DU); `scalar`
 * is the xs form (FI changed). The 32-bit results are in out.lo, the 64-bit ones in
 * (out.hi, out.lo).
 */
const cvToInt = (n: number, shape: Shape, kind: number, scalar: boolean): Handler => (c: Cpu, w: number): number => {
  const b = fXB(w);
  let fp = c.r[W_FPSCR]!;
  status.flags = 0; // helper_reset_fpstatus, once
  q[0] = 0; q[1] = 0; q[2] = 0; q[3] = 0;
  for (let i = 0; i < n; i++) {
    let hi: number, lo: number;
    if (shape === Shape.EvenWordToDw || shape === Shape.WordToWord) {
      singleToDouble(getWord(c.r, b, shape === Shape.WordToWord ? i : 2 * i)); hi = out.hi; lo = out.lo;
    } else { hi = getDwHi(c.r, b, i); lo = getDwLo(c.r, b, i); }
    const nan = (hi & 0x7ff00000) === 0x7ff00000 && ((hi & 0xfffff) | lo) !== 0;
    toInt(hi, lo, kind, R_ZERO);
    if (nan) nanMax(kind); // softfloat's value for a NaN
    const flags = status.flags; // this element's and the earlier ones'
    if ((flags & F_INVALID) !== 0) {
      // float_invalid_cvt: VXSNAN with VXCVI for an SNaN (float_invalid_op_vxcvi, set_fpcc=false)
      if ((flags & F_INV_SNAN) !== 0) fp |= VXSNAN;
      fp = (fp | VXCVI | VX | FX) & ~(FR | FI);
      // an enabled invalid operation leaves XT unchanged (Book I 4.4.1, as the scalar rows;
      // QEMU 7.2 writes XT when MSR[FE0|FE1] = 0: finish_invalid_op_excp returns early only to interrupt)
      if ((fp & VE) !== 0) { c.r[W_FPSCR] = fp | FEX; return fpEnabledException(c, FPE_FLTSUB); }
      if ((flags & F_INV_CVTI) === 0) { // a NaN: the PowerPC NaN result
        out.lo = kind === CVT_W ? 0x80000000 | 0 : 0;
        out.hi = kind === CVT_D ? 0x80000000 | 0 : 0;
      }
    }
    switch (shape) {
      case Shape.DwToDw: case Shape.EvenWordToDw: q[2 * i] = out.hi; q[2 * i + 1] = out.lo; break;
      case Shape.DwToWordPair: q[2 * i] = out.lo; q[2 * i + 1] = out.lo; break;
      default: q[i] = out.lo;
    }
  }
  writeVsr(c.r, fXT(w), q);
  c.r[W_FPSCR] = scalar ? checkStatus(fp) : checkStatusKeepFi(fp, status.flags);
  if (deferredTrap(fp)) return fpEnabledException(c, deferredCode(fp));
  return Flow.Next;
};

// xscvdpsxds xscvdpuxds XT,XB: doubleword 0 to a signed/unsigned doubleword
export const xscvdpsxds = cvToInt(1, Shape.DwToDw, CVT_D, true), xscvdpuxds = cvToInt(1, Shape.DwToDw, CVT_DU, true);
// xscvdpsxws xscvdpuxws XT,XB: doubleword 0 to a signed/unsigned word, in words 0 and 1
export const xscvdpsxws = cvToInt(1, Shape.DwToWordPair, CVT_W, true), xscvdpuxws = cvToInt(1, Shape.DwToWordPair, CVT_WU, true);
// xvcvdpsxds xvcvdpuxds XT,XB: both doublewords
export const xvcvdpsxds = cvToInt(2, Shape.DwToDw, CVT_D, false), xvcvdpuxds = cvToInt(2, Shape.DwToDw, CVT_DU, false);
// xvcvdpsxws xvcvdpuxws XT,XB: doubleword i to words 2i and 2i+1
export const xvcvdpsxws = cvToInt(2, Shape.DwToWordPair, CVT_W, false), xvcvdpuxws = cvToInt(2, Shape.DwToWordPair, CVT_WU, false);
// xvcvspsxds xvcvspuxds XT,XB: the singles in words 0 and 2 to doublewords
export const xvcvspsxds = cvToInt(2, Shape.EvenWordToDw, CVT_D, false), xvcvspuxds = cvToInt(2, Shape.EvenWordToDw, CVT_DU, false);
// xvcvspsxws xvcvspuxws XT,XB: four singles to four words
export const xvcvspsxws = cvToInt(4, Shape.WordToWord, CVT_W, false), xvcvspuxws = cvToInt(4, Shape.WordToWord, CVT_WU, false);
