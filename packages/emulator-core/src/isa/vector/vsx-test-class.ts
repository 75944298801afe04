import type { Cpu } from '../../cpu/cpu.js';
import { Flow, type Handler } from '../../decode/instruction.js';
import { W_FPSCR } from '../../state/layout.js';
import { fBF, fDCMX, fDCMX_XV, fVRB, fXB, fXT } from '../fields.js';
import { setCrField } from '../registers.js';
import { out, singleToDouble } from '../fp/softfloat.js';
import { FPCC, FPRF_SHIFT } from '../fp/fpscr.js';
import { VR, q, qb, readVsr, writeVsr } from './vsr.js';

/*
 * Test Data Class (Power ISA 3.0B Book I 7.6.1: xststdcdp, xststdcsp, xststdcqp,
 * xvtstdcdp, xvtstdcsp), as QEMU 7.2's helper_XSTSTDC{DP,SP,QP} and
 * helper_XVTSTDC{DP,SP} with their float*_tstdc (fpu_helper.c). The 7-bit DCMX mask
 * names the classes to match: bit 6 NaN, 5 +infinity, 4 -infinity, 3 +0, 2 -0,
 * 1 +denormal, 0 -denormal. The scalar forms put sign (LT) and match (EQ) in CR
 * field BF and in FPCC, nothing else of the FPSCR changes; the vector forms set each
 * element of XT to all ones on a match, else zero.
 */

/** The DCMX bit of a value's class: sign, biased exponent (all ones = maxExp), whether the fraction is zero. */
function classBit(sign: number, e: number, fracZero: boolean, maxExp: number): number {
  if (e === maxExp) return fracZero ? (sign ? 0x10 : 0x20) : 0x40;
  if (e !== 0) return 0;
  return fracZero ? (sign ? 0x04 : 0x08) : (sign ? 0x01 : 0x02);
}

const matchDp = (hi: number, lo: number, dcmx: number): boolean =>
  (classBit(hi >>> 31, (hi >>> 20) & 0x7ff, ((hi & 0xfffff) | lo) === 0, 0x7ff) & dcmx) !== 0;
const matchSp = (x: number, dcmx: number): boolean =>
  (classBit(x >>> 31, (x >>> 23) & 0xff, (x & 0x7fffff) === 0, 0xff) & dcmx) !== 0;

/** CR field BF and FPSCR[FPCC] <- cc. */
function setResult(c: Cpu, w: number, cc: number): number {
  setCrField(c, fBF(w), cc);
  c.r[W_FPSCR] = (c.r[W_FPSCR]! & ~FPCC) | (cc << FPRF_SHIFT);
  return Flow.Next;
}

/** xststdcdp BF,XB,DCMX: doubleword 0 of XB. */
export const xststdcdp: Handler = (c: Cpu, w: number): number => {
  readVsr(c.r, fXB(w), qb);
  const hi = qb[0]!;
  return setResult(c, w, ((hi >>> 31) << 3) | (matchDp(hi, qb[1]!, fDCMX(w)) ? 2 : 0));
};

/**
 * Single-precision bits of doubleword (hi, lo) as QEMU's helper_tosingle takes them
 * (Book I 4.6.3 SINGLE(x): no rounding; below the single denormal range only the sign).
 */
function toSingleBits(hi: number, lo: number): number {
  const e = (hi >>> 20) & 0x7ff;
  if (e > 896) return (hi & 0xc0000000) | ((hi & 0x07ffffff) << 3) | (lo >>> 29);
  const sign = hi & 0x80000000;
  if (e < 874) return sign;
  const sig = 2 ** 52 + (hi & 0xfffff) * 4294967296 + (lo >>> 0);
  return sign | Math.floor(sig / 2 ** (926 - e));
}

/**
 * xststdcsp BF,XB,DCMX: doubleword 0 of XB tested as a single. QEMU 7.2 also counts
 * every value whose exponent lies in the single denormal range as a match (whatever
 * DCMX says), and sets SO when the value is not exactly representable as a single
 * (DOUBLE(SINGLE(x)) differs from x).
 */
export const xststdcsp: Handler = (c: Cpu, w: number): number => {
  readVsr(c.r, fXB(w), qb);
  const hi = qb[0]!, lo = qb[1]!, e = (hi >>> 20) & 0x7ff;
  const match = matchDp(hi, lo, fDCMX(w)) || (e > 0 && e < 0x381);
  singleToDouble(toSingleBits(hi, lo));
  const notSp = out.hi !== hi || out.lo !== lo;
  return setResult(c, w, ((hi >>> 31) << 3) | (match ? 2 : 0) | (notSp ? 1 : 0));
};

/** xststdcqp BF,VRB,DCMX: the binary128 in VR VRB. */
export const xststdcqp: Handler = (c: Cpu, w: number): number => {
  readVsr(c.r, VR(fVRB(w)), qb);
  const w0 = qb[0]!;
  const fracZero = ((w0 & 0xffff) | qb[1]! | qb[2]! | qb[3]!) === 0;
  const match = (classBit(w0 >>> 31, (w0 >>> 16) & 0x7fff, fracZero, 0x7fff) & fDCMX(w)) !== 0;
  return setResult(c, w, ((w0 >>> 31) << 3) | (match ? 2 : 0));
};

/** xvtstdcdp XT,XB,DCMX: each doubleword. */
export const xvtstdcdp: Handler = (c: Cpu, w: number): number => {
  readVsr(c.r, fXB(w), qb);
  const dcmx = fDCMX_XV(w);
  for (let i = 0; i < 4; i += 2) q[i] = q[i + 1] = matchDp(qb[i]!, qb[i + 1]!, dcmx) ? -1 : 0;
  writeVsr(c.r, fXT(w), q);
  return Flow.Next;
};

/** xvtstdcsp XT,XB,DCMX: each word. */
export const xvtstdcsp: Handler = (c: Cpu, w: number): number => {
  readVsr(c.r, fXB(w), qb);
  const dcmx = fDCMX_XV(w);
  for (let i = 0; i < 4; i++) q[i] = matchSp(qb[i]!, dcmx) ? -1 : 0;
  writeVsr(c.r, fXT(w), q);
  return Flow.Next;
};
