import type { Cpu } from '../../cpu/cpu.js';
import { Flow } from '../../decode/instruction.js';
import { F_FPR, W_FPR, W_FPSCR } from '../../state/layout.js';
import { clearDw1 } from '../vector/vsr.js';
import { fRc } from '../fields.js';
import { status, F_INEXACT } from './softfloat.js';
import { withFprf, checkStatus, setCr1, deferredTrap, deferredCode, fpEnabledException } from './fpscr.js';

/**
 * Fast paths for round-to-nearest arithmetic on ordinary operands: the host's IEEE
 * double arithmetic gives z = RN(X) of the exact result X, and an error-free
 * transformation gives the residual X - z (or just its sign), which tells whether
 * the result is inexact and, for a single-precision result, which way a value that
 * RN put exactly on a single-precision midpoint must go. Anything near the edges of
 * the exponent range (where underflow, overflow or an inexact error term could
 * appear) returns NO and takes the exact integer path instead.
 */
export const NO = -1;

/** Operand bounds within which the transformations below are exact. */
export const BIG = 2 ** 995;
export const HUGE = 2 ** 1000;
export const SMALL = 2 ** -960;
const SINGLE_MIN = 2 ** -125;
const SINGLE_MAX = 2 ** 127;

/** Bit access to a host double. */
const D = new Float64Array(1);
const DI = new Int32Array(D.buffer);

/** Error-free product: x * y = p + e exactly, given the bounds above (Dekker/Veltkamp). */
export const EP = { p: 0, e: 0 };
const SPLIT = 134217729; // 2^27 + 1
export function exactProduct(x: number, y: number): void {
  const p = x * y;
  let t = SPLIT * x;
  const xh = t - (t - x), xl = x - xh;
  t = SPLIT * y;
  const yh = t - (t - y), yl = y - yh;
  EP.p = p;
  EP.e = ((xh * yh - p) + xh * yl + xl * yh) + xl * yl;
}

/**
 * Finish with the host result z = RN(X) and a residual x of the sign of X - z
 * (0 when exact): write FRT (rounded again to single precision if asked), FPRF,
 * the status bits and CR1. Returns NO, leaving everything untouched, when a single
 * z is outside the normal single range (an exact zero is fine); the callers check
 * the double range themselves.
 */
export function finishHost(c: Cpu, w: number, t: number, fp: number, z: number, x: number, single: boolean): number {
  let v = z;
  let inexact = x !== 0;
  if (single && !(z === 0 && !inexact)) {
    const az = Math.abs(z);
    if (!(az >= SINGLE_MIN && az < SINGLE_MAX)) return NO;
    v = Math.fround(z);
    if (v !== z) {
      inexact = true;
      D[0] = z;
      if ((DI[0]! & 0x1fffffff) === 0x10000000 && x !== 0) {
        // z sits exactly halfway between two singles; X is beyond it on x's side
        DI[0] = DI[0]! & ~0x1fffffff;
        const lower = D[0]!; // toward zero
        DI[0] = DI[0]! + 0x20000000;
        const upper = DI[0] === 0 ? nextBinade(lower) : D[0]!; // away from zero
        v = (x > 0) === (z > 0) ? upper : lower;
      }
    }
  }
  c.f[F_FPR + t] = v;
  clearDw1(c.r, t);
  status.flags = inexact ? F_INEXACT : 0;
  fp = withFprf(fp, c.r[W_FPR + 2 * t + 1]!, c.r[W_FPR + 2 * t]!);
  c.r[W_FPSCR] = checkStatus(fp);
  if (deferredTrap(fp)) return fpEnabledException(c, deferredCode(fp));
  if (fRc(w) !== 0) setCr1(c);
  return Flow.Next;
}

/** lower + one single ulp when the addition carries out of the low word. */
function nextBinade(lower: number): number {
  D[0] = lower;
  DI[0] = (DI[0]! + 0x20000000) | 0;
  DI[1] = DI[1]! + 1;
  return D[0]!;
}

/** Scratch of fusedHost: the residual of z. */
export const FZ = { z: 0, x: 0 };

/**
 * x * y + b, for the bounds above: FZ.z = RN(exact), FZ.x = a residual of the sign
 * of exact - z. Returns false when that cannot be certified on the host.
 */
export function fusedHost(x: number, y: number, b: number): boolean {
  const p = x * y, ap = Math.abs(p);
  if (!(ap >= SMALL && ap <= HUGE && Math.abs(x) < BIG && Math.abs(y) < BIG && Math.abs(b) <= HUGE)) return false;
  exactProduct(x, y);
  const e = EP.e;
  // p + b = s + t
  const s = p + b;
  let bb = s - p;
  const t = (p - (s - bb)) + (b - bb);
  // t + e = u + d
  const u = t + e;
  bb = u - t;
  const d = (t - (u - bb)) + (e - bb);
  // s + u = z + r, so exact = z + r + d
  const z = s + u;
  bb = z - s;
  const r = (s - (z - bb)) + (u - bb);
  const az = Math.abs(z);
  if (!(az >= SMALL && az <= HUGE)) return false;
  if (d === 0) {
    FZ.z = z;
    FZ.x = r;
    return true;
  }
  // z is RN(exact) when |r + d| is below half an ulp of z (and z is not a power of
  // two, where the spacing below is half as large)
  D[0] = z;
  if ((DI[1]! & 0xfffff) === 0 && DI[0] === 0) return false;
  const wsum = r + d; // RN(r + d); |wsum| < h implies |r + d| < h for the power of two h
  DI[0] = 0;
  DI[1] = (((DI[1]! >>> 20) & 0x7ff) - 53) << 20; // half an ulp of z
  if (!(Math.abs(wsum) < D[0]!)) return false;
  FZ.z = z;
  FZ.x = wsum; // 0 exactly when r + d is (both are multiples of 2^-1074)
  return true;
}
