import type { Cpu } from '../../cpu/cpu.js';
import { Flow, type Handler } from '../../decode/instruction.js';
import { fVRA, fVRB, fVRT, fRc } from '../fields.js';
import { illegal } from '../system.js';
import { VR, q, qa, qb, readVsr, writeVsr } from './vsr.js';
import { xssqrtqp } from './vsx-quad-arith.js';

/*
 * The quad-precision instructions that only move bits (Power ISA 3.0B Book I 7.6.1:
 * xsabsqp, xsnabsqp, xsnegqp, xscpsgnqp, xsxexpqp, xsxsigqp, xsiexpqp): no rounding,
 * no FPSCR effects, NaNs untouched, as QEMU 7.2's gen_xsabsqp... (translate/
 * vsx-impl.c.inc). Operands are VSRs 32-63 (the VR fields); the quadword scratch
 * holds words in ISA order, word 0 carrying the sign and the 15-bit exponent
 * (bits 1:15) above the top 16 fraction bits.
 */

/**
 * X-form primary 63 xo 804: the VRA field (ISA bits 11:15) selects the operation;
 * ISA bit 31 is RO for xssqrtqp and reserved for the others (as QEMU 7.2 checks it).
 */
export const quad804Forms: Readonly<Record<number, string>> = {
  0: 'xsabsqp', 2: 'xsxexpqp', 8: 'xsnabsqp', 16: 'xsnegqp', 18: 'xsxsigqp', 27: 'xssqrtqp',
};

export function quad804(c: Cpu, w: number): number {
  const sel = fVRA(w);
  if (sel === 27) return xssqrtqp(c, w);
  if (fRc(w) !== 0) return illegal(c, w);
  readVsr(c.r, VR(fVRB(w)), qb);
  const hi = qb[0]!;
  switch (sel) {
    case 0: q[0] = hi & 0x7fffffff; q[1] = qb[1]!; q[2] = qb[2]!; q[3] = qb[3]!; break;
    case 8: q[0] = hi | 0x80000000; q[1] = qb[1]!; q[2] = qb[2]!; q[3] = qb[3]!; break;
    case 16: q[0] = hi ^ 0x80000000; q[1] = qb[1]!; q[2] = qb[2]!; q[3] = qb[3]!; break;
    case 2: // the biased exponent in doubleword 0, doubleword 1 zero
      q[0] = 0; q[1] = (hi >>> 16) & 0x7fff; q[2] = 0; q[3] = 0; break;
    case 18: { // the significand: the implicit bit (not for zero/denormal, infinity/NaN) and the fraction
      const e = (hi >>> 16) & 0x7fff;
      q[0] = (hi & 0xffff) | (e !== 0 && e !== 0x7fff ? 0x10000 : 0); q[1] = qb[1]!; q[2] = qb[2]!; q[3] = qb[3]!;
      break;
    }
    default: return illegal(c, w);
  }
  writeVsr(c.r, VR(fVRT(w)), q);
  return Flow.Next;
}

/** xscpsgnqp VRT,VRA,VRB: VRB with the sign of VRA. */
export const xscpsgnqp: Handler = (c: Cpu, w: number): number => {
  readVsr(c.r, VR(fVRA(w)), qa); readVsr(c.r, VR(fVRB(w)), qb);
  q[0] = (qa[0]! & 0x80000000) | (qb[0]! & 0x7fffffff); q[1] = qb[1]!; q[2] = qb[2]!; q[3] = qb[3]!;
  writeVsr(c.r, VR(fVRT(w)), q);
  return Flow.Next;
};

/** xsiexpqp VRT,VRA,VRB: VRA's sign and fraction with the exponent from bits 49:63 of VRB. */
export const xsiexpqp: Handler = (c: Cpu, w: number): number => {
  readVsr(c.r, VR(fVRA(w)), qa); readVsr(c.r, VR(fVRB(w)), qb);
  q[0] = (qa[0]! & 0x8000ffff) | ((qb[1]! & 0x7fff) << 16); q[1] = qa[1]!; q[2] = qa[2]!; q[3] = qa[3]!;
  writeVsr(c.r, VR(fVRT(w)), q);
  return Flow.Next;
};
