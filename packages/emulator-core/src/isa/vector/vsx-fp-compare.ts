import type { Cpu } from '../../cpu/cpu.js';
import { Flow, type Handler } from '../../decode/instruction.js';
import { W_FPSCR } from '../../state/layout.js';
import { fXA, fXB, fXT, fBF } from '../fields.js';
import { setCrField } from '../registers.js';
import { status, F_INVALID, F_INV_SNAN } from '../fp/softfloat.js';
import { FPCC, FPRF_SHIFT, FX, VX, VXSNAN, VXVC, VE, FEX, FPE_FLTSUB, fpEnabledException } from '../fp/fpscr.js';
import { getDwHi, getDwLo, setDw, getWord, q, writeVsr } from './vsr.js';

/*
 * The VSX floating-point compares. xscmpudp and xscmpodp (XX3-form, Power
 * ISA 3.0B Book I 7.6.1.6), as QEMU 7.2's do_scalar_cmp computes them: the softfloat
 * flags are reset, CR field BF and FPSCR[FPCC] get LT/GT/EQ/UN, then an SNaN operand
 * records VXSNAN and, for the ordered form, any NaN records VXVC (not with an SNaN
 * when VE=1). Its status check runs with change_fi=false, so FI (and FR) keep their
 * old values, unlike fcmpu.
 */

const isNaN64 = (hi: number, lo: number): boolean => (hi & 0x7ff00000) === 0x7ff00000 && ((hi & 0xfffff) | lo) !== 0;
const isSNaN64 = (hi: number, lo: number): boolean => isNaN64(hi, lo) && (hi & 0x80000) === 0;

/** -1, 0 or 1 for a < b, a == b, a > b of two non-NaN doubles given by their bits (±0 equal). */
export function compareBits(ah: number, al: number, bh: number, bl: number): number {
  const aZero = (ah & 0x7fffffff) === 0 && al === 0, bZero = (bh & 0x7fffffff) === 0 && bl === 0;
  if (aZero && bZero) return 0;
  const an = ah < 0, bn = bh < 0;
  if (an !== bn) return an ? -1 : 1;
  // same sign: magnitudes order as unsigned (hi, lo) pairs
  const ahm = ah & 0x7fffffff, bhm = bh & 0x7fffffff;
  let m: number;
  if (ahm !== bhm) m = ahm < bhm ? -1 : 1;
  else if (al !== bl) m = (al >>> 0) < (bl >>> 0) ? -1 : 1;
  else return 0;
  return an ? -m : m;
}

const xsCmp = (ordered: boolean): Handler => (c: Cpu, w: number): number => {
  const a = fXA(w), b = fXB(w);
  const ah = getDwHi(c.r, a, 0), al = getDwLo(c.r, a, 0), bh = getDwHi(c.r, b, 0), bl = getDwLo(c.r, b, 0);
  let fp = c.r[W_FPSCR]!;
  let cc: number;
  const unordered = isNaN64(ah, al) || isNaN64(bh, bl);
  // helper_reset_fpstatus, then float64_compare (a signalling compare) leaves its flags behind
  status.flags = unordered ? F_INVALID | (isSNaN64(ah, al) || isSNaN64(bh, bl) ? F_INV_SNAN : 0) : 0;
  if (unordered) cc = 1;
  else {
    const r = compareBits(ah, al, bh, bl);
    cc = r < 0 ? 8 : r > 0 ? 4 : 2;
  }
  fp = (fp & ~FPCC) | (cc << FPRF_SHIFT);
  setCrField(c, fBF(w), cc);
  if (unordered) {
    const snan = isSNaN64(ah, al) || isSNaN64(bh, bl);
    if (snan) {
      fp |= VXSNAN | VX | FX;
      if ((fp & VE) !== 0) {
        // float_invalid_op_vxsnan interrupts at once with VE=1
        c.r[W_FPSCR] = fp | FEX;
        return fpEnabledException(c, FPE_FLTSUB);
      }
    }
    if (ordered) {
      fp |= VXVC | VX | FX;
      if ((fp & VE) !== 0) {
        c.r[W_FPSCR] = fp | FEX;
        return fpEnabledException(c, FPE_FLTSUB);
      }
    }
  }
  c.r[W_FPSCR] = fp;
  return Flow.Next;
};

// xscmpudp BF,XA,XB / xscmpodp BF,XA,XB: ISA bits 9:10 and 31 are reserved (the rows' mask)
export const xscmpudp = xsCmp(false), xscmpodp = xsCmp(true);

const enum Rel { Eq, Ge, Gt }

/**
 * Whether a `rel` b holds for two non-NaN values (c = compareBits(a, b) for doubles,
 * or the sign of a - b for singles).
 */
const holds = (rel: Rel, c: number): boolean => (rel === Rel.Eq ? c === 0 : rel === Rel.Ge ? c >= 0 : c > 0);

/**
 * The invalid-operation part of a compare with a NaN operand, as QEMU 7.2's
 * VSX_SCALAR_CMP and VSX_CMP record it: VXSNAN for an SNaN, VXVC for the ordered
 * relations (ge, gt), except after an SNaN with VE=1, which interrupts first.
 */
function nanCompare(fp: number, snan: boolean, ordered: boolean): number {
  if (snan) fp |= VXSNAN | VX | FX;
  if (ordered && !(snan && (fp & VE) !== 0)) fp |= VXVC | VX | FX;
  if ((snan || ordered) && (fp & VE) !== 0) fp |= FEX;
  return fp;
}

// xscmpeqdp xscmpgedp xscmpgtdp XT,XA,XB (ISA 3.0, 7.6.1.6): doubleword 0 of XT all ones when
// XA rel XB, else zero; doubleword 1 zero (QEMU VSX_SCALAR_CMP). FI is left as it was.
const xsCmpRel = (rel: Rel): Handler => (c: Cpu, w: number): number => {
  const a = fXA(w), b = fXB(w);
  const ah = getDwHi(c.r, a, 0), al = getDwLo(c.r, a, 0), bh = getDwHi(c.r, b, 0), bl = getDwLo(c.r, b, 0);
  let r = false;
  status.flags = 0;
  if (isNaN64(ah, al) || isNaN64(bh, bl)) {
    const snan = isSNaN64(ah, al) || isSNaN64(bh, bl);
    // the flags QEMU's compare leaves: ge/gt signal on any NaN, eq on an SNaN only
    if (snan || rel !== Rel.Eq) status.flags = F_INVALID | (snan ? F_INV_SNAN : 0);
    const fp = nanCompare(c.r[W_FPSCR]!, snan, rel !== Rel.Eq);
    c.r[W_FPSCR] = fp;
    if ((fp & FEX) !== 0 && (snan || rel !== Rel.Eq)) return fpEnabledException(c, FPE_FLTSUB);
  } else r = holds(rel, compareBits(ah, al, bh, bl));
  const t = fXT(w), m = r ? -1 : 0;
  setDw(c.r, t, 0, m, m);
  setDw(c.r, t, 1, 0, 0);
  return Flow.Next;
};
export const xscmpeqdp = xsCmpRel(Rel.Eq), xscmpgedp = xsCmpRel(Rel.Ge), xscmpgtdp = xsCmpRel(Rel.Gt);

const F32 = new Float32Array(2);
const F32I = new Int32Array(F32.buffer);
const isNaN32 = (x: number): boolean => (x & 0x7f800000) === 0x7f800000 && (x & 0x7fffff) !== 0;
const isSNaN32 = (x: number): boolean => isNaN32(x) && (x & 0x400000) === 0;

/**
 * xvcmpeqdp xvcmpgedp xvcmpgtdp xvcmpeqsp xvcmpgesp xvcmpgtsp [.] XT,XA,XB (7.6.1.x): each
 * element of XT all ones when XA rel XB, else zero (a NaN gives zero); Rc=1 sets CR6 to
 * all-true || 0 || all-false || 0 (QEMU VSX_CMP, which checks no inexact status: FI
 * is left as it was). `dp` selects two doublewords, else four words.
 */
const xvCmp = (rel: Rel, dp: boolean, rc: boolean): Handler => (c: Cpu, w: number): number => {
  const a = fXA(w), b = fXB(w);
  status.flags = 0;
  let fp = c.r[W_FPSCR]!;
  let allTrue = true, allFalse = true;
  const n = dp ? 2 : 4;
  for (let i = 0; i < n; i++) {
    let nan: boolean, snan = false, cmp = 0;
    if (dp) {
      const ah = getDwHi(c.r, a, i), al = getDwLo(c.r, a, i), bh = getDwHi(c.r, b, i), bl = getDwLo(c.r, b, i);
      nan = isNaN64(ah, al) || isNaN64(bh, bl);
      if (nan) snan = isSNaN64(ah, al) || isSNaN64(bh, bl);
      else cmp = compareBits(ah, al, bh, bl);
    } else {
      const x = getWord(c.r, a, i), y = getWord(c.r, b, i);
      nan = isNaN32(x) || isNaN32(y);
      if (nan) snan = isSNaN32(x) || isSNaN32(y);
      else {
        F32I[0] = x; F32I[1] = y;
        cmp = F32[0]! < F32[1]! ? -1 : F32[0]! > F32[1]! ? 1 : 0;
      }
    }
    let r = false;
    if (nan) {
      fp = nanCompare(fp, snan, rel !== Rel.Eq);
      if ((fp & FEX) !== 0 && (snan || rel !== Rel.Eq)) {
        // QEMU interrupts inside the loop: XT and CR6 stay unchanged
        c.r[W_FPSCR] = fp;
        return fpEnabledException(c, FPE_FLTSUB);
      }
    } else r = holds(rel, cmp);
    if (r) allFalse = false; else allTrue = false;
    if (dp) { q[2 * i] = r ? -1 : 0; q[2 * i + 1] = q[2 * i]!; } else q[i] = r ? -1 : 0;
  }
  c.r[W_FPSCR] = fp;
  writeVsr(c.r, fXT(w), q);
  if (rc) setCrField(c, 6, (allTrue ? 8 : 0) | (allFalse ? 2 : 0));
  return Flow.Next;
};
export const xvcmpeqdp = xvCmp(Rel.Eq, true, false), xvcmpgedp = xvCmp(Rel.Ge, true, false), xvcmpgtdp = xvCmp(Rel.Gt, true, false);
export const xvcmpeqdpRc = xvCmp(Rel.Eq, true, true), xvcmpgedpRc = xvCmp(Rel.Ge, true, true), xvcmpgtdpRc = xvCmp(Rel.Gt, true, true);
export const xvcmpeqsp = xvCmp(Rel.Eq, false, false), xvcmpgesp = xvCmp(Rel.Ge, false, false), xvcmpgtsp = xvCmp(Rel.Gt, false, false);
export const xvcmpeqspRc = xvCmp(Rel.Eq, false, true), xvcmpgespRc = xvCmp(Rel.Ge, false, true), xvcmpgtspRc = xvCmp(Rel.Gt, false, true);
