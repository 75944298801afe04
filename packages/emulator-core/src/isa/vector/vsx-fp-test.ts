import type { Cpu } from '../../cpu/cpu.js';
import { Flow, type Handler } from '../../decode/instruction.js';
import { W_FPSCR } from '../../state/layout.js';
import { fXA, fXB, fBF } from '../fields.js';
import { setCrField } from '../registers.js';
import { status } from '../fp/softfloat.js';
import { deferredTrap, deferredCode, fpEnabledException, FPCC, FPRF_SHIFT } from '../fp/fpscr.js';
import { getDwHi, getDwLo, getWord } from './vsr.js';
import { checkStatusKeepFi } from './vsx-fp-arith.js';

/*
 * VSX software divide and square root tests and the exponent compare (Power ISA 3.0B
 * Book I 7.6.1), as QEMU 7.2 computes them (VSX_TDIV, VSX_TSQRT, helper_xscmpexpdp in
 * target/ppc/fpu_helper.c).
 *
 * xstdivdp xvtdivdp xvtdivsp BF,XA,XB and xstsqrtdp xvtsqrtdp xvtsqrtsp BF,XB set CR
 * field BF to 0b1 || fg || fe || 0 over all elements and touch nothing else: fe when
 * an element could not be divided (square-rooted) by the software sequence without
 * a special case (an infinity, a zero or NaN, exponents near the ends of the range,
 * a negative radicand), fg when XB's element is a denormal, a zero or an infinity.
 * Exponents are the unbiased exponent fields (a denormal's is emin - 1).
 */

/** A format's parameters: exponent field width and bias, fraction bits. */
interface Fmt { emin: number; emax: number; nbits: number }
const DP: Fmt = { emin: -1022, emax: 1023, nbits: 52 };
const SP: Fmt = { emin: -126, emax: 127, nbits: 23 };

/** Operand scratch: the class and unbiased exponent of one element. */
const enum Cls { Zero, Denormal, Normal, Inf, NaN }
const A = { cls: Cls.Zero, exp: 0, neg: false };
const B = { cls: Cls.Zero, exp: 0, neg: false };

/** Classifies element i of VSR n (a doubleword, or word i for single precision) into `o`. */
function classify(o: typeof A, c: Cpu, n: number, i: number, sp: boolean): void {
  let e: number, fracZero: boolean;
  if (sp) {
    const x = getWord(c.r, n, i);
    o.neg = x < 0; e = (x >>> 23) & 0xff; fracZero = (x & 0x7fffff) === 0;
    o.exp = e - 127;
    o.cls = e === 0xff ? (fracZero ? Cls.Inf : Cls.NaN) : e === 0 ? (fracZero ? Cls.Zero : Cls.Denormal) : Cls.Normal;
  } else {
    const hi = getDwHi(c.r, n, i), lo = getDwLo(c.r, n, i);
    o.neg = hi < 0; e = (hi >>> 20) & 0x7ff; fracZero = ((hi & 0xfffff) | lo) === 0;
    o.exp = e - 1023;
    o.cls = e === 0x7ff ? (fracZero ? Cls.Inf : Cls.NaN) : e === 0 ? (fracZero ? Cls.Zero : Cls.Denormal) : Cls.Normal;
  }
}

/** The CR field of a test: 0b1000 | fg | fe. */
const testField = (fg: boolean, fe: boolean): number => 8 | (fg ? 4 : 0) | (fe ? 2 : 0);

// xstdivdp (n=1), xvtdivdp (n=2), xvtdivsp (n=4, singles) BF,XA,XB
const tdiv = (n: number, sp: boolean): Handler => (c: Cpu, w: number): number => {
  const f = sp ? SP : DP;
  const a = fXA(w), b = fXB(w);
  let fe = false, fg = false;
  for (let i = 0; i < n; i++) {
    classify(A, c, a, i, sp); classify(B, c, b, i, sp);
    if (A.cls === Cls.Inf || B.cls === Cls.Inf || B.cls === Cls.Zero) { fe = true; fg = true; continue; }
    const d = A.exp - B.exp;
    if (A.cls === Cls.NaN || B.cls === Cls.NaN) fe = true;
    else if (B.exp <= f.emin || B.exp >= f.emax - 2) fe = true;
    else if (A.cls !== Cls.Zero && (d >= f.emax || d <= f.emin + 1 || A.exp <= f.emin + f.nbits)) fe = true;
    if (B.cls === Cls.Denormal) fg = true;
  }
  setCrField(c, fBF(w), testField(fg, fe));
  return Flow.Next;
};
export const xstdivdp = tdiv(1, false), xvtdivdp = tdiv(2, false), xvtdivsp = tdiv(4, true);

// xstsqrtdp (n=1), xvtsqrtdp (n=2), xvtsqrtsp (n=4, singles) BF,XB
const tsqrt = (n: number, sp: boolean): Handler => (c: Cpu, w: number): number => {
  const f = sp ? SP : DP;
  const b = fXB(w);
  let fe = false, fg = false;
  for (let i = 0; i < n; i++) {
    classify(B, c, b, i, sp);
    if (B.cls === Cls.Inf || B.cls === Cls.Zero) { fe = true; fg = true; continue; }
    if (B.cls === Cls.NaN || B.neg || B.exp <= f.emin + f.nbits) fe = true;
    if (B.cls === Cls.Denormal) fg = true;
  }
  setCrField(c, fBF(w), testField(fg, fe));
  return Flow.Next;
};
export const xstsqrtdp = tsqrt(1, false), xvtsqrtdp = tsqrt(2, false), xvtsqrtsp = tsqrt(4, true);

/*
 * xscmpexpdp BF,XA,XB: the biased exponents of doubleword 0 compared into CR field BF
 * and FPCC (FU when either is a NaN). QEMU 7.2 then runs its status check without
 * resetting the softfloat flags first, so the overflow, underflow and inexact flags an
 * earlier instruction left are reported again (FI kept), as for xvcvsxdsp.
 */
export function xscmpexpdp(c: Cpu, w: number): number {
  const a = fXA(w), b = fXB(w);
  classify(A, c, a, 0, false); classify(B, c, b, 0, false);
  let cc: number;
  if (A.cls === Cls.NaN || B.cls === Cls.NaN) cc = 1;
  else cc = A.exp < B.exp ? 8 : A.exp > B.exp ? 4 : 2;
  const fp = (c.r[W_FPSCR]! & ~FPCC) | (cc << FPRF_SHIFT);
  setCrField(c, fBF(w), cc);
  c.r[W_FPSCR] = checkStatusKeepFi(fp, status.flags);
  if (deferredTrap(fp)) return fpEnabledException(c, deferredCode(fp));
  return Flow.Next;
}
