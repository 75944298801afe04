import type { Cpu } from '../../cpu/cpu.js';
import { Flow } from '../../decode/instruction.js';
import { W_FPR } from '../../state/layout.js';
import { fRT, fRA, fRB } from '../fields.js';
import { illegal } from '../system.js';
import { setCr1 } from './fpscr.js';

// fmr[.] fneg[.] fabs[.] fnabs[.] FRT,FRB (X-form, Book I 4.6.5): copy FRB with its sign kept,
// inverted, cleared or set; no FPSCR change; RA must be 0
function fMove(c: Cpu, w: number): number {
  if ((w & 0x1f0000) !== 0) return illegal(c, w);
  const t = fRT(w), b = fRB(w);
  const hi = c.r[W_FPR + 2 * b + 1]!;
  let h: number;
  switch ((w >>> 1) & 0x3ff) {
    case 40: h = hi ^ 0x80000000; break; // fneg
    case 264: h = hi & 0x7fffffff; break; // fabs
    case 136: h = hi | 0x80000000; break; // fnabs
    default: h = hi; // fmr
  }
  c.r[W_FPR + 2 * t] = c.r[W_FPR + 2 * b]!;
  c.r[W_FPR + 2 * t + 1] = h;
  if ((w & 1) !== 0) setCr1(c);
  return Flow.Next;
}

// fcpsgn[.] FRT,FRA,FRB (X-form, Book I 4.6.5): FRB with the sign of FRA
function fCpsgn(c: Cpu, w: number): number {
  const t = fRT(w), a = fRA(w), b = fRB(w);
  const h = (c.r[W_FPR + 2 * a + 1]! & 0x80000000) | (c.r[W_FPR + 2 * b + 1]! & 0x7fffffff);
  c.r[W_FPR + 2 * t] = c.r[W_FPR + 2 * b]!;
  c.r[W_FPR + 2 * t + 1] = h;
  if ((w & 1) !== 0) setCr1(c);
  return Flow.Next;
}

// fmrgew FRT,FRA,FRB / fmrgow FRT,FRA,FRB (X-form, Book I 4.6.5): the even (high) or odd (low)
// words of FRA and FRB; Rc=1 is illegal
function fMrg(c: Cpu, w: number): number {
  if ((w & 1) !== 0) return illegal(c, w);
  const t = fRT(w), a = fRA(w), b = fRB(w);
  const odd = (w & 0x100) === 0 ? 1 : 0; // xo 966 fmrgew, 838 fmrgow
  const hi = c.r[W_FPR + 2 * a + 1 - odd]!, lo = c.r[W_FPR + 2 * b + 1 - odd]!;
  c.r[W_FPR + 2 * t] = lo;
  c.r[W_FPR + 2 * t + 1] = hi;
  return Flow.Next;
}

export { fMove, fCpsgn, fMrg };
