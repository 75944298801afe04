import type { Cpu } from '../../cpu/cpu.js';
import { Flow, type Handler } from '../../decode/instruction.js';
import { W_FPSCR } from '../../state/layout.js';
import { fXA, fXB, fXT } from '../fields.js';
import { status, out, pa, pb, pc, unpack, muladd, singleToDouble, F_INVALID, type Parts } from '../fp/softfloat.js';
import {
  beginOp, invalidMulAdd, withFprf, checkStatus, trapsBeforeWrite, deferredTrap, deferredCode,
  fpEnabledException, FPE_FLTSUB, FPRF,
} from '../fp/fpscr.js';
import { getDwHi, getDwLo, getWord, q, writeVsr } from './vsr.js';
import { checkStatusKeepFi, toF32Bits } from './vsx-fp-arith.js';

/*
 * The VSX fused multiply-adds (Power ISA 3.0B Book I 7.6.1: xsmadda/m, xsmsuba/m,
 * xsnmadda/m, xsnmsuba/m in dp and sp, and the xv dp and sp forms), as QEMU 7.2's
 * VSX_MADD computes them with a single rounding: the A forms compute XA*XB + XT, the
 * M forms XA*XT + XB; the subtracting forms negate the addend and the negative forms
 * the result (before rounding, as softfloat's muladd flags do). The scalar sp forms
 * round once to single precision and range (float64r32_muladd). FPRF and FI as for
 * the other VSX arithmetic (vsx-fp-arith.ts).
 */

const enum Kind { XsDp, XsSp, XvDp, XvSp }

/** Loads element i of VSR n into p: a doubleword (dp) or a single word widened exactly. */
function load(p: Parts, c: Cpu, n: number, i: number, sp: boolean): void {
  if (sp) { singleToDouble(getWord(c.r, n, i)); unpack(p, out.hi, out.lo); } else unpack(p, getDwHi(c.r, n, i), getDwLo(c.r, n, i));
}

const fma = (kind: Kind, mForm: boolean, negC: number, negR: number): Handler => (c: Cpu, w: number): number => {
  const a = fXA(w), b = fXB(w), t = fXT(w);
  // the multiplicand and the addend: XB and XT (A forms) or XT and XB (M forms)
  const m = mForm ? t : b, d = mForm ? b : t;
  const scalar = kind === Kind.XsDp || kind === Kind.XsSp;
  const sp = kind === Kind.XvSp;
  let fp = beginOp(c);
  let flags = 0;
  const n = scalar ? 1 : sp ? 4 : 2;
  for (let i = 0; i < n; i++) {
    status.flags = 0;
    load(pa, c, a, i, sp); load(pb, c, m, i, sp); load(pc, c, d, i, sp);
    muladd(pa, pb, pc, negC, negR, kind === Kind.XsSp || sp);
    if ((status.flags & F_INVALID) !== 0) {
      const saved = fp & FPRF;
      fp = invalidMulAdd(fp, status.flags);
      if (!scalar) fp = (fp & ~FPRF) | saved; // set_fpcc=false
    }
    flags |= status.flags;
    if (trapsBeforeWrite(fp)) { // enabled invalid operation: QEMU interrupts, XT unchanged
      c.r[W_FPSCR] = fp;
      return fpEnabledException(c, FPE_FLTSUB);
    }
    if (scalar) { q[0] = out.hi; q[1] = out.lo; q[2] = 0; q[3] = 0; fp = withFprf(fp, out.hi, out.lo); }
    else if (sp) q[i] = toF32Bits(out.hi, out.lo);
    else { q[2 * i] = out.hi; q[2 * i + 1] = out.lo; }
  }
  status.flags = flags;
  writeVsr(c.r, t, q);
  c.r[W_FPSCR] = scalar ? checkStatus(fp) : checkStatusKeepFi(fp, flags);
  if (deferredTrap(fp)) return fpEnabledException(c, deferredCode(fp));
  return Flow.Next;
};

/** The eight forms of one kind, by the ISA's mnemonic suffixes. */
const family = (k: Kind): Record<'madda' | 'maddm' | 'msuba' | 'msubm' | 'nmadda' | 'nmaddm' | 'nmsuba' | 'nmsubm', Handler> => ({
  madda: fma(k, false, 0, 0), maddm: fma(k, true, 0, 0), msuba: fma(k, false, 1, 0), msubm: fma(k, true, 1, 0),
  nmadda: fma(k, false, 0, 1), nmaddm: fma(k, true, 0, 1), nmsuba: fma(k, false, 1, 1), nmsubm: fma(k, true, 1, 1),
});
export const fmaXsDp = family(Kind.XsDp), fmaXsSp = family(Kind.XsSp), fmaXvDp = family(Kind.XvDp), fmaXvSp = family(Kind.XvSp);
