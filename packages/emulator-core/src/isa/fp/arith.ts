import type { Cpu } from '../../cpu/cpu.js';
import { Flow, type Handler } from '../../decode/instruction.js';
import { F_FPR, W_FPR } from '../../state/layout.js';
import { clearDw1 } from '../vector/vsr.js';
import { fRT, fRA, fRB, fRC, fRc } from '../fields.js';
import {
  status, out, pa, pb, addsub, mul, div, sqrt, unpack,
  F_INVALID, F_DIVBYZERO, F_INV_SNAN, F_INV_SQRT,
} from './softfloat.js';
import {
  beginOp, invalidAddSub, invalidMul, divFlags, invalidSqrt, invalidOp, zeroDivide, setCr1, VXSNAN, RN,
} from './fpscr.js';
import { finishArith, unpackFpr, isSingle } from './common.js';
import { finishHost, exactProduct, EP, NO, BIG, HUGE, SMALL } from './fast.js';

const MIN_NORMAL = 2 ** -1022;

// fadd[s][.] / fsub[s][.] FRT,FRA,FRB (A-form, Book I 4.6.6.1); FRC is reserved (the rows' mask).
// One handler per row pair, made once: negB = 1 for fsub[s].
const fAddSub = (negB: number): Handler => (c: Cpu, w: number): number => {
  const t = fRT(w), a = fRA(w), b = fRB(w);
  const single = isSingle(w);
  let fp = beginOp(c);
  if ((fp & RN) === 0) {
    const x = c.f[F_FPR + a]!, y = negB !== 0 ? -c.f[F_FPR + b]! : c.f[F_FPR + b]!;
    const s = x + y;
    // finite (no NaN, infinity or overflow), and not tiny: with UE=1 even an exact tiny sum signals
    if (s - s === 0 && (s === 0 || Math.abs(s) >= MIN_NORMAL)) {
      const bb = s - x;
      const r = finishHost(c, w, t, fp, s, (x - (s - bb)) + (y - bb), single);
      if (r !== NO) return r;
    }
  }
  unpackFpr(pa, c, a);
  unpackFpr(pb, c, b);
  addsub(pa, pb, negB, single);
  if ((status.flags & F_INVALID) !== 0) fp = invalidAddSub(fp, status.flags);
  return finishArith(c, w, t, fp, true);
};
const fAdd = fAddSub(0), fSub = fAddSub(1);

// fmul[s][.] FRT,FRA,FRC (A-form, Book I 4.6.6.1); FRB is reserved (the rows' mask)
function fMul(c: Cpu, w: number): number {
  const t = fRT(w), a = fRA(w), b = fRC(w);
  const single = isSingle(w);
  let fp = beginOp(c);
  if ((fp & RN) === 0) {
    const x = c.f[F_FPR + a]!, y = c.f[F_FPR + b]!;
    const p = x * y, ap = Math.abs(p);
    if (ap >= SMALL && ap <= HUGE && Math.abs(x) < BIG && Math.abs(y) < BIG) {
      exactProduct(x, y);
      const r = finishHost(c, w, t, fp, p, EP.e, single);
      if (r !== NO) return r;
    }
  }
  unpackFpr(pa, c, a);
  unpackFpr(pb, c, b);
  mul(pa, pb, single);
  if ((status.flags & F_INVALID) !== 0) fp = invalidMul(fp, status.flags);
  return finishArith(c, w, t, fp, true);
}

// fdiv[s][.] FRT,FRA,FRB (A-form, Book I 4.6.6.1); FRC is reserved (the rows' mask)
function fDiv(c: Cpu, w: number): number {
  const t = fRT(w), a = fRA(w), b = fRB(w);
  const single = isSingle(w);
  let fp = beginOp(c);
  if ((fp & RN) === 0) {
    const x = c.f[F_FPR + a]!, y = c.f[F_FPR + b]!;
    const q = x / y, ax = Math.abs(x), aq = Math.abs(q);
    if (ax >= SMALL && ax <= HUGE && aq >= SMALL && aq < BIG && Math.abs(y) < BIG) {
      exactProduct(q, y);
      const rem = (x - EP.p) - EP.e; // exact x - q*y: (exact quotient - q) has the sign of rem/y
      const r = finishHost(c, w, t, fp, q, y > 0 ? rem : -rem, single);
      if (r !== NO) return r;
    }
  }
  unpackFpr(pa, c, a);
  unpackFpr(pb, c, b);
  div(pa, pb, single);
  if ((status.flags & (F_INVALID | F_DIVBYZERO)) !== 0) fp = divFlags(fp, status.flags);
  return finishArith(c, w, t, fp, true);
}

// fsqrt[s][.] FRT,FRB (A-form, Book I 4.6.6.1); QEMU ignores the FRA and FRC fields
function fSqrt(c: Cpu, w: number): number {
  const t = fRT(w), b = fRB(w);
  const single = isSingle(w);
  let fp = beginOp(c);
  if ((fp & RN) === 0) {
    const x = c.f[F_FPR + b]!;
    if (x >= SMALL && x <= HUGE) {
      const s = Math.sqrt(x);
      exactProduct(s, s);
      const r = finishHost(c, w, t, fp, s, (x - EP.p) - EP.e, single);
      if (r !== NO) return r;
    }
  }
  unpackFpr(pa, c, b);
  sqrt(pa, single);
  if ((status.flags & F_INVALID) !== 0) fp = invalidSqrt(fp, status.flags);
  return finishArith(c, w, t, fp, true);
}

// fre[s][.] FRT,FRB (A-form, Book I 4.6.6.1): QEMU divides 1 by FRB; a zero divide gives +-0.5.
// FRA and FRC are reserved (the rows' mask)
function fRe(c: Cpu, w: number): number {
  const t = fRT(w), b = fRB(w);
  let fp = beginOp(c);
  unpack(pa, 0x3ff00000, 0);
  unpackFpr(pb, c, b);
  div(pa, pb, isSingle(w));
  const flags = status.flags;
  if ((flags & F_INV_SNAN) !== 0) fp = invalidOp(fp, VXSNAN, false);
  if ((flags & F_DIVBYZERO) !== 0) {
    fp = zeroDivide(fp);
    out.hi = (pb.sign << 31) | 0x3fe00000;
    out.lo = 0;
  }
  return finishArith(c, w, t, fp, true);
}

// frsqrte[s][.] FRT,FRB (A-form, Book I 4.6.6.1): QEMU computes 1 / sqrt(FRB), rounding both steps.
// FRA and FRC are reserved (the rows' mask)
function fRsqrte(c: Cpu, w: number): number {
  const t = fRT(w), b = fRB(w);
  let fp = beginOp(c);
  unpackFpr(pa, c, b);
  sqrt(pa, false);
  unpack(pb, out.hi, out.lo);
  unpack(pa, 0x3ff00000, 0);
  div(pa, pb, isSingle(w));
  const flags = status.flags;
  if ((flags & F_INVALID) !== 0) fp = invalidSqrt(fp, flags & (F_INV_SQRT | F_INV_SNAN));
  if ((flags & F_DIVBYZERO) !== 0) fp = zeroDivide(fp);
  return finishArith(c, w, t, fp, true);
}

// fsel[.] FRT,FRA,FRC,FRB (A-form, Book I 4.6.9): FRC if FRA >= 0 (not a NaN), else FRB
function fSel(c: Cpu, w: number): number {
  const t = fRT(w), a = fRA(w);
  const ah = c.r[W_FPR + 2 * a + 1]!, al = c.r[W_FPR + 2 * a]!;
  const nan = (ah & 0x7ff00000) === 0x7ff00000 && ((ah & 0xfffff) | al) !== 0;
  const zero = (ah & 0x7fffffff) === 0 && al === 0;
  const src = !nan && (ah >= 0 || zero) ? fRC(w) : fRB(w);
  c.r[W_FPR + 2 * t] = c.r[W_FPR + 2 * src]!;
  c.r[W_FPR + 2 * t + 1] = c.r[W_FPR + 2 * src + 1]!;
  clearDw1(c.r, t);
  if (fRc(w) !== 0) setCr1(c);
  return Flow.Next;
}

export { fAdd, fSub, fMul, fDiv, fSqrt, fRe, fRsqrte, fSel };
