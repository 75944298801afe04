import type { Cpu } from '../../cpu/cpu.js';
import { Flow, type Handler } from '../../decode/instruction.js';
import { W_FPSCR } from '../../state/layout.js';
import { fXA, fXB, fXT } from '../fields.js';
import { status, out, singleToDouble, F_INVALID, F_INV_SNAN } from '../fp/softfloat.js';
import { FX, VX, VXSNAN, VE, FEX, FPE_FLTSUB, fpEnabledException, deferredTrap, deferredCode } from '../fp/fpscr.js';
import { getDwHi, getDwLo, getWord, setDw, q, writeVsr } from './vsr.js';
import { checkStatusKeepFi, toF32Bits } from './vsx-fp-arith.js';
import { compareBits } from './vsx-fp-compare.js';

/*
 * The ISA 3.0 maximum and minimum of type C and J (Power ISA 3.0B Book I 7.6.1:
 * xsmaxcdp, xsmincdp, xsmaxjdp, xsminjdp), as QEMU 7.2's VSX_MAX_MINC and
 * VSX_MAX_MINJ compute them. Neither runs QEMU's status check, so FI, FR and the
 * other status bits only change by VXSNAN. Doubleword 1 of XT becomes zero.
 */

const isNaN64 = (hi: number, lo: number): boolean => (hi & 0x7ff00000) === 0x7ff00000 && ((hi & 0xfffff) | lo) !== 0;
const isSNaN64 = (hi: number, lo: number): boolean => isNaN64(hi, lo) && (hi & 0x80000) === 0;

function finish(c: Cpu, w: number, snan: boolean, hi: number, lo: number): number {
  if (snan) {
    const fp = c.r[W_FPSCR]! | VXSNAN | VX | FX;
    if ((fp & VE) !== 0) { // float_invalid_op_vxsnan interrupts before XT is written
      c.r[W_FPSCR] = fp | FEX;
      return fpEnabledException(c, FPE_FLTSUB);
    }
    c.r[W_FPSCR] = fp;
  }
  const t = fXT(w);
  setDw(c.r, t, 0, hi, lo);
  setDw(c.r, t, 1, 0, 0);
  return Flow.Next;
}

// xsmaxcdp / xsmincdp XT,XA,XB: XA when XB <= XA (max) or XA < XB (min) by a quiet
// compare, else XB (so any NaN gives XB); VXSNAN only when XB is taken and an operand is an SNaN
const xsMinMaxC = (max: boolean): Handler => (c: Cpu, w: number): number => {
  const a = fXA(w), b = fXB(w);
  const ah = getDwHi(c.r, a, 0), al = getDwLo(c.r, a, 0), bh = getDwHi(c.r, b, 0), bl = getDwLo(c.r, b, 0);
  const nan = isNaN64(ah, al) || isNaN64(bh, bl);
  const snan = isSNaN64(ah, al) || isSNaN64(bh, bl);
  status.flags = snan ? F_INVALID | F_INV_SNAN : 0; // reset, then the quiet compare's flags
  const r = nan ? 0 : compareBits(ah, al, bh, bl);
  const first = !nan && (max ? r >= 0 : r < 0);
  if (first) return finish(c, w, false, ah, al);
  return finish(c, w, snan, bh, bl);
};
export const xsmaxcdp = xsMinMaxC(true), xsmincdp = xsMinMaxC(false);

// xsmaxjdp / xsminjdp XT,XA,XB: a NaN XA, else a NaN XB, is the result; of two zeros max
// gives -0 only when both are -0 and min +0 only when both are +0; otherwise the larger
// (max, XA on ties) or smaller (min, XB on ties) operand
const xsMinMaxJ = (max: boolean): Handler => (c: Cpu, w: number): number => {
  const a = fXA(w), b = fXB(w);
  const ah = getDwHi(c.r, a, 0), al = getDwLo(c.r, a, 0), bh = getDwHi(c.r, b, 0), bl = getDwLo(c.r, b, 0);
  if (isNaN64(ah, al)) return finish(c, w, isSNaN64(ah, al), ah, al);
  if (isNaN64(bh, bl)) return finish(c, w, isSNaN64(bh, bl), bh, bl);
  const aZero = (ah & 0x7fffffff) === 0 && al === 0, bZero = (bh & 0x7fffffff) === 0 && bl === 0;
  if (aZero && bZero) {
    const neg = max ? ah < 0 && bh < 0 : ah < 0 || bh < 0;
    return finish(c, w, false, neg ? 0x80000000 | 0 : 0, 0);
  }
  const lt = compareBits(ah, al, bh, bl) < 0;
  return (max ? !lt : lt) ? finish(c, w, false, ah, al) : finish(c, w, false, bh, bl);
};
export const xsmaxjdp = xsMinMaxJ(true), xsminjdp = xsMinMaxJ(false);

/*
 * xsmaxdp/xsmindp (doubleword 0), xvmaxdp/xvmindp (two doublewords), xvmaxsp/xvminsp
 * (four singles) XT,XA,XB, as QEMU 7.2's VSX_MAX_MIN computes them with softfloat's
 * maxnum/minnum: a quiet NaN gives the other operand, an SNaN (or two NaNs) the quieted
 * NaN of XA if it is one, else of XB, and sets VXSNAN; +0 is larger than -0. QEMU does
 * not reset the softfloat flags here, so its status check (which keeps FI) reports
 * the overflow, underflow and inexact flags earlier instructions left (status.flags).
 */

/** The bits of maxnum (max) or minnum of two doubles (hi, lo); an SNaN operand is reported by the return value. */
function minMaxNum(max: boolean, ah: number, al: number, bh: number, bl: number): boolean {
  const an = isNaN64(ah, al), bn = isNaN64(bh, bl);
  if (an || bn) {
    const snan = isSNaN64(ah, al) || isSNaN64(bh, bl);
    if (!snan && !(an && bn)) { // one quiet NaN: the number
      if (an) { R.hi = bh; R.lo = bl; } else { R.hi = ah; R.lo = al; }
      return false;
    }
    if (an) { R.hi = ah | 0x80000; R.lo = al; } else { R.hi = bh | 0x80000; R.lo = bl; }
    return snan;
  }
  const r = compareBits(ah, al, bh, bl);
  let takeA: boolean;
  if (r === 0) takeA = max ? ah >= 0 : ah < 0; // equal: only ±0 differ, by sign
  else takeA = max ? r > 0 : r < 0;
  if (takeA) { R.hi = ah; R.lo = al; } else { R.hi = bh; R.lo = bl; }
  return false;
}
const R = { hi: 0, lo: 0 };

const minMax = (max: boolean, n: number, sp: boolean): Handler => (c: Cpu, w: number): number => {
  const a = fXA(w), b = fXB(w);
  let fp = c.r[W_FPSCR]!;
  q[0] = 0; q[1] = 0; q[2] = 0; q[3] = 0;
  for (let i = 0; i < n; i++) {
    let snan: boolean;
    if (sp) {
      singleToDouble(getWord(c.r, a, i)); const ah = out.hi, al = out.lo;
      singleToDouble(getWord(c.r, b, i));
      snan = minMaxNum(max, ah, al, out.hi, out.lo);
      q[i] = toF32Bits(R.hi, R.lo);
    } else {
      snan = minMaxNum(max, getDwHi(c.r, a, i), getDwLo(c.r, a, i), getDwHi(c.r, b, i), getDwLo(c.r, b, i));
      q[2 * i] = R.hi; q[2 * i + 1] = R.lo;
    }
    if (snan) {
      status.flags |= F_INVALID | F_INV_SNAN;
      fp |= VXSNAN | VX | FX;
      if ((fp & VE) !== 0) { c.r[W_FPSCR] = fp | FEX; return fpEnabledException(c, FPE_FLTSUB); }
    }
  }
  writeVsr(c.r, fXT(w), q);
  c.r[W_FPSCR] = checkStatusKeepFi(fp, status.flags);
  if (deferredTrap(fp)) return fpEnabledException(c, deferredCode(fp));
  return Flow.Next;
};
export const xsmaxdp = minMax(true, 1, false), xsmindp = minMax(false, 1, false);
export const xvmaxdp = minMax(true, 2, false), xvmindp = minMax(false, 2, false);
export const xvmaxsp = minMax(true, 4, true), xvminsp = minMax(false, 4, true);
