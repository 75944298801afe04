import type { Cpu } from '../../cpu/cpu.js';
import { Flow, type Handler } from '../../decode/instruction.js';
import { W_FPSCR } from '../../state/layout.js';
import { fVRA, fVRB, fVRT, fRc } from '../fields.js';
import { status, F_INVALID } from '../fp/softfloat.js';
import {
  beginOp, invalidAddSub, invalidMul, invalidMulAdd, divFlags, invalidSqrt, checkStatus, deferredTrap, deferredCode,
  fpEnabledException, trapsBeforeWrite, FPRF, FPRF_SHIFT, VE, FPE_FLTDIV, invalidCode,
} from '../fp/fpscr.js';
import { unpack128, add128, mul128, div128, sqrt128, muladd128, fprf128, R_ODD, type Q } from '../fp/float128.js';
import { VR, quadToBig as toBig, bigToQuad as fromBig, q, qa, qb, readVsr, writeVsr } from './vsr.js';

/*
 * Quad-precision arithmetic (Power ISA 3.0B Book I 7.6.1): xsaddqp[o] xssubqp[o]
 * xsmulqp[o] xsdivqp[o] VRT,VRA,VRB and xssqrtqp[o] VRT,VRB, as QEMU 7.2's
 * helper_xsaddqp... (target/ppc/fpu_helper.c): the FPSCR rounding mode, or round to
 * odd when the RO bit (ISA bit 31) is set; the invalid-operation and zero-divide
 * kinds as for the binary64 forms; FPRF from the result; overflow, underflow and
 * inexact after the target is written (QEMU's do_float_check_status).
 */


/** Writes the result unless an enabled invalid/zero-divide exception stops it, then FPRF and the status check. */
function finish(c: Cpu, w: number, fp: number, result: bigint): number {
  if (trapsBeforeWrite(fp)) {
    c.r[W_FPSCR] = fp;
    return fpEnabledException(c, (status.flags & F_INVALID) !== 0 && (fp & VE) !== 0 ? invalidCode(status.flags) : FPE_FLTDIV);
  }
  fromBig(result);
  writeVsr(c.r, VR(fVRT(w)), q);
  fp = (fp & ~FPRF) | (fprf128(result) << FPRF_SHIFT);
  c.r[W_FPSCR] = checkStatus(fp);
  return deferredTrap(fp) ? fpEnabledException(c, deferredCode(fp)) : Flow.Next;
}

const enum Op { Add, Sub, Mul, Div }

function binary(op: Op): Handler {
  return (c: Cpu, w: number): number => {
    readVsr(c.r, VR(fVRA(w)), qa); readVsr(c.r, VR(fVRB(w)), qb);
    let fp = beginOp(c);
    const mode = fRc(w) !== 0 ? R_ODD : status.mode;
    const a: Q = unpack128(toBig(qa)), b: Q = unpack128(toBig(qb));
    let r: bigint;
    switch (op) {
      case Op.Add: case Op.Sub:
        r = add128(a, b, op === Op.Sub ? 1 : 0, mode);
        if ((status.flags & F_INVALID) !== 0) fp = invalidAddSub(fp, status.flags);
        break;
      case Op.Mul:
        r = mul128(a, b, mode);
        if ((status.flags & F_INVALID) !== 0) fp = invalidMul(fp, status.flags);
        break;
      default:
        r = div128(a, b, mode);
        fp = divFlags(fp, status.flags);
    }
    return finish(c, w, fp, r);
  };
}
export const xsaddqp = binary(Op.Add), xssubqp = binary(Op.Sub), xsmulqp = binary(Op.Mul), xsdivqp = binary(Op.Div);

/*
 * xsmaddqp xsmsubqp xsnmaddqp xsnmsubqp[o] VRT,VRA,VRB: VRT = ±(VRA * VRB ± VRT),
 * QEMU's VSX_MADDQ (float128_muladd(VRA, VRB, VRT)).
 */
function fused(negC: number, negR: number): Handler {
  return (c: Cpu, w: number): number => {
    readVsr(c.r, VR(fVRA(w)), qa); readVsr(c.r, VR(fVRB(w)), qb); readVsr(c.r, VR(fVRT(w)), qt);
    let fp = beginOp(c);
    const mode = fRc(w) !== 0 ? R_ODD : status.mode;
    const r = muladd128(unpack128(toBig(qa)), unpack128(toBig(qb)), unpack128(toBig(qt)), negC, negR, mode);
    if ((status.flags & F_INVALID) !== 0) fp = invalidMulAdd(fp, status.flags);
    return finish(c, w, fp, r);
  };
}
const qt = new Int32Array(4);
export const xsmaddqp = fused(0, 0), xsmsubqp = fused(1, 0), xsnmaddqp = fused(0, 1), xsnmsubqp = fused(1, 1);

/** xssqrtqp[o] VRT,VRB (the xo-804 row, selector 27). */
export function xssqrtqp(c: Cpu, w: number): number {
  readVsr(c.r, VR(fVRB(w)), qb);
  let fp = beginOp(c);
  const mode = fRc(w) !== 0 ? R_ODD : status.mode;
  const r = sqrt128(unpack128(toBig(qb)), mode);
  if ((status.flags & F_INVALID) !== 0) fp = invalidSqrt(fp, status.flags);
  return finish(c, w, fp, r);
}
