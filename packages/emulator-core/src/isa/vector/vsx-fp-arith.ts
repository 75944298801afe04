import type { Cpu } from '../../cpu/cpu.js';
import { Flow, type Handler } from '../../decode/instruction.js';
import { W_FPSCR } from '../../state/layout.js';
import { fXA, fXB, fXT } from '../fields.js';
import {
  status, out, pa, pb, pc, unpack, addsub, mul, div, sqrt, roundPartsF32, singleToDouble,
  F_INVALID, F_DIVBYZERO, F_OVERFLOW, F_UNDERFLOW, F_INEXACT,
} from '../fp/softfloat.js';
import {
  beginOp, invalidAddSub, invalidMul, invalidDiv, invalidSqrt, zeroDivide, withFprf, checkStatus,
  trapsBeforeWrite, deferredTrap, deferredCode, fpEnabledException, FPE_FLTDIV, invalidCode,
  FX, FEX, OX, UX, XX, FPRF, OE, UE, XE, VE,
} from '../fp/fpscr.js';
import { getDwHi, getDwLo, getWord, q, writeVsr } from './vsr.js';

/*
 * VSX floating-point add, subtract, multiply, divide and square root (Power ISA 3.0B
 * Book I 7.6.1: xsadddp... on doubleword 0, xsaddsp... likewise then rounded to single,
 * xvadddp... on two doublewords, xvaddsp... on four singles), as QEMU 7.2's
 * VSX_ADD_SUB, VSX_MUL, VSX_DIV and VSX_SQRT compute them: the softfloat flags are
 * reset, each element is computed (an invalid operation recorded as for the scalar FP
 * instructions), and one status check follows. The scalar forms set FPRF and FI from
 * the result; the vector forms set neither (their invalid operations still clear FR
 * and FI), and their inexact results set XX without touching FI. The scalar single
 * forms round the double result again to single (QEMU's do_frsp), so their flags
 * are those of both roundings.
 */

const enum Op { Add, Sub, Mul, Div, Sqrt }

/** FPSCR after the operation's invalid and zero-divide exceptions; only the scalar forms set FPRF to C|FU. */
function recordInvalid(op: Op, fp: number, flags: number, scalar: boolean): number {
  const saved = fp & FPRF;
  if ((flags & F_INVALID) !== 0) {
    switch (op) {
      case Op.Add: case Op.Sub: fp = invalidAddSub(fp, flags); break;
      case Op.Mul: fp = invalidMul(fp, flags); break;
      case Op.Div: fp = invalidDiv(fp, flags); break;
      default: fp = invalidSqrt(fp, flags); break;
    }
    if (!scalar) fp = (fp & ~FPRF) | saved; // finish_invalid_op_arith with set_fpcc=false
  }
  if (op === Op.Div && (flags & F_DIVBYZERO) !== 0) fp = zeroDivide(fp);
  return fp;
}

/** Computes op on pa (and pb) into `out`, double (single=false) or single precision and range. */
function compute(op: Op, single: boolean): void {
  switch (op) {
    case Op.Add: addsub(pa, pb, 0, single); break;
    case Op.Sub: addsub(pa, pb, 1, single); break;
    case Op.Mul: mul(pa, pb, single); break;
    case Op.Div: div(pa, pb, single); break;
    default: sqrt(pb, single); break;
  }
}

/**
 * QEMU's do_float_check_status with change_fi=false (the vector forms): overflow sets
 * OX (and, unless OE, counts as inexact), underflow UX, inexact XX; FI is left as it was.
 */
export function checkStatusKeepFi(fp: number, flags: number): number {
  let inexact = (flags & F_INEXACT) !== 0;
  if ((flags & F_OVERFLOW) !== 0) {
    fp |= OX | FX;
    if ((fp & OE) !== 0) fp |= FEX; else inexact = true;
  } else if ((flags & F_UNDERFLOW) !== 0) {
    fp |= UX | FX;
    if ((fp & UE) !== 0) fp |= FEX;
  }
  if (inexact) {
    fp |= XX | FX;
    if ((fp & XE) !== 0) fp |= FEX;
  }
  return fp;
}

// xsadddp xssubdp xsmuldp xsdivdp xssqrtdp (single=false) and xsaddsp... (single=true) XT,XA,XB
const xsArith = (op: Op, single: boolean): Handler => (c: Cpu, w: number): number => {
  const a = fXA(w), b = fXB(w);
  let fp = beginOp(c);
  unpack(pa, getDwHi(c.r, a, 0), getDwLo(c.r, a, 0));
  unpack(pb, getDwHi(c.r, b, 0), getDwLo(c.r, b, 0));
  compute(op, false);
  fp = recordInvalid(op, fp, status.flags, true);
  if (trapsBeforeWrite(fp)) {
    c.r[W_FPSCR] = fp;
    return fpEnabledException(c, (status.flags & F_INVALID) !== 0 && (fp & VE) !== 0 ? invalidCode(status.flags) : FPE_FLTDIV);
  }
  if (single) { // do_frsp: float64_to_float32 and back, its flags added to the operation's
    unpack(pc, out.hi, out.lo);
    roundPartsF32(pc);
  }
  const t = fXT(w);
  q[0] = out.hi; q[1] = out.lo; q[2] = 0; q[3] = 0;
  writeVsr(c.r, t, q);
  fp = withFprf(fp, out.hi, out.lo);
  c.r[W_FPSCR] = checkStatus(fp);
  if (deferredTrap(fp)) return fpEnabledException(c, deferredCode(fp));
  return Flow.Next;
};

/** The float32 bits of a double that is exactly a single (a result rounded to single precision and range). */
export function toF32Bits(hi: number, lo: number): number {
  const sign = hi & 0x80000000;
  const e = (hi >>> 20) & 0x7ff;
  const frac = ((hi & 0xfffff) << 3) | (lo >>> 29);
  if (e === 0x7ff) return sign | 0x7f800000 | frac;
  if (e === 0) return sign;
  const e32 = e - 896;
  if (e32 >= 1) return sign | (e32 << 23) | frac;
  return sign | (((1 << 23) | frac) >>> (1 - e32));
}

// xvadddp... (sp=false: two doublewords) and xvaddsp... (sp=true: four singles) XT,XA,XB
const xvArith = (op: Op, sp: boolean): Handler => (c: Cpu, w: number): number => {
  const a = fXA(w), b = fXB(w);
  let fp = beginOp(c);
  let flags = 0;
  const n = sp ? 4 : 2;
  for (let i = 0; i < n; i++) {
    status.flags = 0;
    if (sp) {
      singleToDouble(getWord(c.r, a, i)); unpack(pa, out.hi, out.lo);
      singleToDouble(getWord(c.r, b, i)); unpack(pb, out.hi, out.lo);
    } else {
      unpack(pa, getDwHi(c.r, a, i), getDwLo(c.r, a, i));
      unpack(pb, getDwHi(c.r, b, i), getDwLo(c.r, b, i));
    }
    compute(op, sp);
    fp = recordInvalid(op, fp, status.flags, false);
    flags |= status.flags;
    if (trapsBeforeWrite(fp)) { // QEMU interrupts inside the loop: XT unchanged
      c.r[W_FPSCR] = fp;
      return fpEnabledException(c, (status.flags & F_INVALID) !== 0 && (fp & VE) !== 0 ? invalidCode(status.flags) : FPE_FLTDIV);
    }
    if (sp) q[i] = toF32Bits(out.hi, out.lo);
    else { q[2 * i] = out.hi; q[2 * i + 1] = out.lo; }
  }
  status.flags = flags;
  writeVsr(c.r, fXT(w), q);
  c.r[W_FPSCR] = checkStatusKeepFi(fp, flags);
  if (deferredTrap(fp)) return fpEnabledException(c, deferredCode(fp));
  return Flow.Next;
};

export const xsadddp = xsArith(Op.Add, false), xssubdp = xsArith(Op.Sub, false), xsmuldp = xsArith(Op.Mul, false);
export const xsdivdp = xsArith(Op.Div, false), xssqrtdp = xsArith(Op.Sqrt, false);
export const xsaddsp = xsArith(Op.Add, true), xssubsp = xsArith(Op.Sub, true), xsmulsp = xsArith(Op.Mul, true);
export const xsdivsp = xsArith(Op.Div, true), xssqrtsp = xsArith(Op.Sqrt, true);
export const xvadddp = xvArith(Op.Add, false), xvsubdp = xvArith(Op.Sub, false), xvmuldp = xvArith(Op.Mul, false);
export const xvdivdp = xvArith(Op.Div, false), xvsqrtdp = xvArith(Op.Sqrt, false);
export const xvaddsp = xvArith(Op.Add, true), xvsubsp = xvArith(Op.Sub, true), xvmulsp = xvArith(Op.Mul, true);
export const xvdivsp = xvArith(Op.Div, true), xvsqrtsp = xvArith(Op.Sqrt, true);
