import type { Cpu } from '../../cpu/cpu.js';
import { Flow, type Handler } from '../../decode/instruction.js';
import { W_FPSCR } from '../../state/layout.js';
import { fBF, fVRA, fVRB } from '../fields.js';
import { setCrField } from '../registers.js';
import { status } from '../fp/softfloat.js';
import {
  FPCC, FPRF_SHIFT, FX, VX, VXSNAN, VXVC, VE, FEX, FPE_FLTSUB, fpEnabledException,
} from '../fp/fpscr.js';
import { VR, qa, qb, readVsr } from './vsr.js';

/*
 * Quad-precision compares (Power ISA 3.0B Book I 7.6.1): xscmpuqp, xscmpoqp and
 * xscmpexpqp BF,VRA,VRB set CR field BF and FPSCR[FPCC] to FL FG FE FU, as QEMU 7.2's
 * do_scalar_cmpq and helper_xscmpexpqp (target/ppc/fpu_helper.c). Operands are read
 * as four ISA-order words; word 0 holds the sign, the 15-bit exponent and the top 16
 * fraction bits (the quiet bit is 0x8000).
 */

const isNaN128 = (w: Int32Array): boolean =>
  (w[0]! & 0x7fff0000) === 0x7fff0000 && ((w[0]! & 0xffff) | w[1]! | w[2]! | w[3]!) !== 0;
const isSNaN128 = (w: Int32Array): boolean => isNaN128(w) && (w[0]! & 0x8000) === 0;
const isZero128 = (w: Int32Array): boolean => ((w[0]! & 0x7fffffff) | w[1]! | w[2]! | w[3]!) === 0;

/** -1, 0 or 1: |a| against |b| (ISA-order words, sign ignored). */
function compareMagnitude(a: Int32Array, b: Int32Array): number {
  const a0 = a[0]! & 0x7fffffff, b0 = b[0]! & 0x7fffffff;
  if (a0 !== b0) return a0 < b0 ? -1 : 1;
  for (let i = 1; i < 4; i++) {
    const x = a[i]! >>> 0, y = b[i]! >>> 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** FL (8), FG (4) or FE (2) of two non-NaN binary128 values. */
function relation(a: Int32Array, b: Int32Array): number {
  if (isZero128(a) && isZero128(b)) return 2;
  const sa = a[0]! < 0, sb = b[0]! < 0;
  if (sa !== sb) return sa ? 8 : 4;
  let m = compareMagnitude(a, b);
  if (sa) m = -m;
  return m < 0 ? 8 : m > 0 ? 4 : 2;
}

/*
 * xscmpuqp / xscmpoqp: an SNaN sets VXSNAN (an enabled one interrupts at once); the
 * ordered form sets VXVC for a quiet NaN, and for an SNaN only while VE is 0; FI is
 * left as it was (QEMU 7.2's status check here runs without change_fi; measured).
 */
const cmpq = (ordered: boolean): Handler => (c: Cpu, w: number): number => {
  readVsr(c.r, VR(fVRA(w)), qa); readVsr(c.r, VR(fVRB(w)), qb);
  status.flags = 0; // helper_reset_fpstatus
  let fp = c.r[W_FPSCR]!;
  const unordered = isNaN128(qa) || isNaN128(qb);
  const cc = unordered ? 1 : relation(qa, qb);
  fp = (fp & ~FPCC) | (cc << FPRF_SHIFT);
  setCrField(c, fBF(w), cc);
  let vxvc = false;
  if (unordered) {
    const snan = isSNaN128(qa) || isSNaN128(qb);
    vxvc = ordered && (!snan || (fp & VE) === 0);
    if (snan) {
      fp |= VXSNAN | VX | FX;
      if ((fp & VE) !== 0) {
        c.r[W_FPSCR] = fp | FEX;
        return fpEnabledException(c, FPE_FLTSUB);
      }
    }
    if (vxvc) {
      fp |= VXVC | VX | FX;
      if ((fp & VE) !== 0) fp |= FEX;
    }
  }
  c.r[W_FPSCR] = fp;
  return vxvc && (fp & VE) !== 0 ? fpEnabledException(c, FPE_FLTSUB) : Flow.Next;
};
export const xscmpuqp = cmpq(false), xscmpoqp = cmpq(true);

/*
 * xscmpexpqp: the biased exponents compared (FU when either operand is a NaN); no
 * exception, FI left as it was, and no flag of an earlier operation raised again
 * (measured on QEMU 7.2).
 */
export function xscmpexpqp(c: Cpu, w: number): number {
  readVsr(c.r, VR(fVRA(w)), qa); readVsr(c.r, VR(fVRB(w)), qb);
  let fp = c.r[W_FPSCR]!;
  let cc: number;
  if (isNaN128(qa) || isNaN128(qb)) cc = 1;
  else {
    const ea = (qa[0]! >>> 16) & 0x7fff, eb = (qb[0]! >>> 16) & 0x7fff;
    cc = ea < eb ? 8 : ea > eb ? 4 : 2;
  }
  fp = (fp & ~FPCC) | (cc << FPRF_SHIFT);
  setCrField(c, fBF(w), cc);
  c.r[W_FPSCR] = fp;
  return Flow.Next;
}
