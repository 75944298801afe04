import type { Cpu } from '../../cpu/cpu.js';
import { Flow, type Handler } from '../../decode/instruction.js';
import { W_FPSCR } from '../../state/layout.js';
import { fXB, fXT } from '../fields.js';
import {
  status, out, pa, pb, unpack, div, sqrt, roundPartsF32, singleToDouble, F_INVALID, CLS_SNAN,
} from '../fp/softfloat.js';
import {
  beginOp, invalidOp, invalidSqrt, withFprf, checkStatus, deferredTrap, deferredCode, fpEnabledException,
  FPE_FLTSUB, VXSNAN, VE, FPRF,
} from '../fp/fpscr.js';
import { getDwHi, getDwLo, getWord, q, writeVsr } from './vsr.js';
import { checkStatusKeepFi, toF32Bits } from './vsx-fp-arith.js';

/*
 * VSX reciprocal and reciprocal square root estimates (Power ISA 3.0B Book I 7.6.1:
 * xsredp xsresp xvredp xvresp, xsrsqrtedp xsrsqrtesp xvrsqrtedp xvrsqrtesp). QEMU 7.2
 * (VSX_RE, VSX_RSQRTE in target/ppc/fpu_helper.c) computes no estimate: the result is
 * the division 1/x, or sqrt(x) then 1/that (two roundings), in the element's precision;
 * the sp scalar forms round the double result again to single (do_frsp).
 *
 * - VSX_RE records VXSNAN for an SNaN operand before dividing (VE=1 interrupts then);
 *   the division's other flags reach only the final status check, so 1/±0 gives ±inf
 *   with no ZX, and FR/FI are not cleared.
 * - VSX_RSQRTE records the square root's invalid operation (VXSQRT for a negative
 *   operand, as an arithmetic invalid: FR and FI cleared, FPCC = C|FU in the scalar
 *   forms; else VXSNAN); the zero-divide of 1/sqrt(±0) is dropped as well.
 * - The scalar forms set FPRF and FI, the vector forms neither (vsx-fp-arith.ts).
 */


/** 1.0 as a double's high word. */
const ONE_HI = 0x3ff00000;

const enum Prec { Dp, DpThenSp, Sp }

/**
 * `n` elements (doublewords for Prec.Dp/DpThenSp, words for Prec.Sp); `root` selects
 * the reciprocal square root. The result of each element is left in `out`.
 */
const estimate = (n: number, prec: Prec, root: boolean): Handler => (c: Cpu, w: number): number => {
  const b = fXB(w);
  let fp = beginOp(c);
  const scalar = n === 1;
  const single = prec === Prec.Sp;
  for (let i = 0; i < n; i++) {
    if (single) { singleToDouble(getWord(c.r, b, i)); unpack(pb, out.hi, out.lo); } else unpack(pb, getDwHi(c.r, b, i), getDwLo(c.r, b, i));
    if (root) {
      // the flags of this element's sqrt and division (QEMU's tstat), added to the instruction's
      const before = status.flags;
      status.flags = 0;
      sqrt(pb, single);
      unpack(pb, out.hi, out.lo);
      unpack(pa, ONE_HI, 0);
      div(pa, pb, single);
      const flags = status.flags;
      status.flags |= before;
      if ((flags & F_INVALID) !== 0) {
        const saved = fp & FPRF;
        fp = invalidSqrt(fp, flags);
        if (!scalar) fp = (fp & ~FPRF) | saved; // float_invalid_op_sqrt with set_fpcc=false
        if ((fp & VE) !== 0) { c.r[W_FPSCR] = fp; return fpEnabledException(c, FPE_FLTSUB); }
      }
    } else {
      if (pb.cls === CLS_SNAN) {
        fp = invalidOp(fp, VXSNAN, false);
        if ((fp & VE) !== 0) { c.r[W_FPSCR] = fp; return fpEnabledException(c, FPE_FLTSUB); }
      }
      unpack(pa, ONE_HI, 0);
      div(pa, pb, single);
    }
    if (prec === Prec.DpThenSp) { unpack(pb, out.hi, out.lo); roundPartsF32(pb); }
    if (single) q[i] = toF32Bits(out.hi, out.lo);
    else { q[2 * i] = out.hi; q[2 * i + 1] = out.lo; }
    if (scalar) { q[2] = 0; q[3] = 0; fp = withFprf(fp, out.hi, out.lo); }
  }
  writeVsr(c.r, fXT(w), q);
  c.r[W_FPSCR] = scalar ? checkStatus(fp) : checkStatusKeepFi(fp, status.flags);
  if (deferredTrap(fp)) return fpEnabledException(c, deferredCode(fp));
  return Flow.Next;
};

// xsredp xsresp XT,XB: 1/x of doubleword 0 (xsresp: then rounded to single)
export const xsredp = estimate(1, Prec.Dp, false), xsresp = estimate(1, Prec.DpThenSp, false);
// xvredp (two doublewords), xvresp (four singles) XT,XB
export const xvredp = estimate(2, Prec.Dp, false), xvresp = estimate(4, Prec.Sp, false);
// xsrsqrtedp xsrsqrtesp XT,XB: 1/sqrt(x) of doubleword 0 (xsrsqrtesp: then rounded to single)
export const xsrsqrtedp = estimate(1, Prec.Dp, true), xsrsqrtesp = estimate(1, Prec.DpThenSp, true);
// xvrsqrtedp (two doublewords), xvrsqrtesp (four singles) XT,XB
export const xvrsqrtedp = estimate(2, Prec.Dp, true), xvrsqrtesp = estimate(4, Prec.Sp, true);
