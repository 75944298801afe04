import type { Cpu } from '../../cpu/cpu.js';
import { Flow } from '../../decode/instruction.js';
import { W_FPR, W_FPSCR } from '../../state/layout.js';
import { clearDw1 } from '../vector/vsr.js';
import { fOPCD, fRc } from '../fields.js';
import { out, unpack, status, F_INVALID, type Parts } from './softfloat.js';
import {
  trapsBeforeWrite, deferredTrap, deferredCode, fpEnabledException, withFprf, checkStatus, setCr1,
  VE, FPE_FLTDIV, invalidCode,
} from './fpscr.js';

/** FPR n's high word (sign, exponent, fraction 51..32) and low word. */
export const fprHi = (c: Cpu, n: number): number => c.r[W_FPR + 2 * n + 1]!;
export const fprLo = (c: Cpu, n: number): number => c.r[W_FPR + 2 * n]!;
export function setFpr(c: Cpu, n: number, hi: number, lo: number): void {
  c.r[W_FPR + 2 * n] = lo;
  c.r[W_FPR + 2 * n + 1] = hi;
  clearDw1(c.r, n);
}
/** Unpack FPR n into p. */
export function unpackFpr(p: Parts, c: Cpu, n: number): void {
  unpack(p, c.r[W_FPR + 2 * n + 1]!, c.r[W_FPR + 2 * n]!);
}

/**
 * The tail every arithmetic instruction shares (QEMU's translation of them): the
 * result in `out` goes to FRT unless an enabled invalid/zero-divide exception
 * stops it, FPRF is set from it (fprf), then overflow/underflow/inexact update
 * the FPSCR and Rc=1 copies FX FEX VX OX to CR1. `fp` is the FPSCR with the
 * operation's invalid and zero-divide exceptions already recorded.
 */
export function finishArith(c: Cpu, w: number, t: number, fp: number, fprf: boolean): number {
  if (trapsBeforeWrite(fp)) {
    c.r[W_FPSCR] = fp;
    return fpEnabledException(c, (status.flags & F_INVALID) !== 0 && (fp & VE) !== 0 ? invalidCode(status.flags) : FPE_FLTDIV);
  }
  c.r[W_FPR + 2 * t] = out.lo;
  c.r[W_FPR + 2 * t + 1] = out.hi;
  clearDw1(c.r, t);
  if (fprf) fp = withFprf(fp, out.hi, out.lo);
  c.r[W_FPSCR] = checkStatus(fp);
  // QEMU interrupts for an enabled overflow/underflow/inexact before updating CR1
  if (deferredTrap(fp)) return fpEnabledException(c, deferredCode(fp));
  if (fRc(w) !== 0) setCr1(c);
  return Flow.Next;
}

/** Primary opcode 59 holds the single-precision arithmetic forms. */
export const isSingle = (w: number): boolean => fOPCD(w) === 59;
