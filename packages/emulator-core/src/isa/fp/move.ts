import type { Cpu } from '../../cpu/cpu.js';
import { Flow, type Handler } from '../../decode/instruction.js';
import { W_FPR } from '../../state/layout.js';
import { clearDw1 } from '../vector/vsr.js';
import { fRT, fRA, fRB, fRc } from '../fields.js';
import { setCr1 } from './fpscr.js';

// fmr[.] fneg[.] fabs[.] fnabs[.] FRT,FRB (X-form, Book I 4.6.5): copy FRB with its sign kept,
// inverted, cleared or set; no FPSCR change; RA is reserved (the rows' mask). One handler per
// row, made once: the high word is (FRB.hi & keep) ^ flip.
const fMove = (keep: number, flip: number): Handler => (c: Cpu, w: number): number => {
  const t = fRT(w), b = fRB(w);
  c.r[W_FPR + 2 * t] = c.r[W_FPR + 2 * b]!;
  c.r[W_FPR + 2 * t + 1] = (c.r[W_FPR + 2 * b + 1]! & keep) ^ flip;
  clearDw1(c.r, t);
  if (fRc(w) !== 0) setCr1(c);
  return Flow.Next;
};
const fmr = fMove(-1, 0), fneg = fMove(-1, 0x80000000 | 0), fabs = fMove(0x7fffffff, 0), fnabs = fMove(0x7fffffff, 0x80000000 | 0);

// fcpsgn[.] FRT,FRA,FRB (X-form, Book I 4.6.5): FRB with the sign of FRA
function fCpsgn(c: Cpu, w: number): number {
  const t = fRT(w), a = fRA(w), b = fRB(w);
  const h = (c.r[W_FPR + 2 * a + 1]! & 0x80000000) | (c.r[W_FPR + 2 * b + 1]! & 0x7fffffff);
  c.r[W_FPR + 2 * t] = c.r[W_FPR + 2 * b]!;
  c.r[W_FPR + 2 * t + 1] = h;
  clearDw1(c.r, t);
  if (fRc(w) !== 0) setCr1(c);
  return Flow.Next;
}

// fmrgew FRT,FRA,FRB / fmrgow FRT,FRA,FRB (X-form, Book I 4.6.5): the even (high) or odd (low)
// words of FRA and FRB; Rc=1 is illegal (the rows' mask). One handler per row, made once:
// odd = 0 for fmrgew, 1 for fmrgow.
const fMrg = (odd: number): Handler => (c: Cpu, w: number): number => {
  const t = fRT(w), a = fRA(w), b = fRB(w);
  const hi = c.r[W_FPR + 2 * a + 1 - odd]!, lo = c.r[W_FPR + 2 * b + 1 - odd]!;
  c.r[W_FPR + 2 * t] = lo;
  c.r[W_FPR + 2 * t + 1] = hi;
  clearDw1(c.r, t);
  return Flow.Next;
};
const fmrgew = fMrg(0), fmrgow = fMrg(1);

export { fmr, fneg, fabs, fnabs, fCpsgn, fmrgew, fmrgow };
