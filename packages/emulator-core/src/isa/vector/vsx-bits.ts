import type { Cpu } from '../../cpu/cpu.js';
import { Flow, type Handler } from '../../decode/instruction.js';
import { W_GPR } from '../../state/layout.js';
import { fEO, fRA, fRB, fRT, fXA, fXB, fXT } from '../fields.js';
import { illegal } from '../system.js';
import { q, qa, qb, readVsr, writeVsr } from './vsr.js';
import { xscvhpdp, xscvdphp, xvcvhpsp, xvcvsphp } from './vsx-half.js';

/*
 * VSX bit operations that raise no exception and leave the FPSCR alone (Power ISA
 * 3.0B Book I 7.6.1): the byte reversals xxbr[hwdq], and taking a binary64/binary32
 * value apart or putting it together: xsxexpdp, xsxsigdp, xsiexpdp, xvxexp[ds]p,
 * xvxsig[ds]p, xviexp[ds]p, as QEMU 7.2's gen_xxbrh..., gen_xsxexpdp, gen_xsiexpdp,
 * gen_xvxexpdp... (translate/vsx-impl.c.inc) and helper_XVXSIGSP. The scratch
 * quadwords hold words in ISA order (word 0 is bits 0:31).
 */

const bswap32 = (x: number): number => ((x << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24)) | 0;
const bswapHalves = (x: number): number => (((x & 0x00ff00ff) << 8) | ((x >>> 8) & 0x00ff00ff)) | 0;

/** Significand of a binary64 whose high word is hi: the implicit bit unless the exponent is 0 or all ones. */
const implicitDp = (hi: number): number => {
  const e = (hi >>> 20) & 0x7ff;
  return e !== 0 && e !== 0x7ff ? 0x100000 : 0;
};
const implicitSp = (x: number): number => {
  const e = (x >>> 23) & 0xff;
  return e !== 0 && e !== 0xff ? 0x800000 : 0;
};

/** The XX2 row xo 475: each form by its EO field (ISA bits 11:15). */
export const xx2Eo475Forms: Readonly<Record<number, string>> = {
  0: 'xvxexpdp', 1: 'xvxsigdp', 7: 'xxbrh', 8: 'xvxexpsp', 9: 'xvxsigsp', 15: 'xxbrw',
  23: 'xxbrd', 24: 'xvcvhpsp', 25: 'xvcvsphp', 31: 'xxbrq',
};

export function xx2Eo475(c: Cpu, w: number): number {
  const sel = fEO(w);
  if (sel === 24) return xvcvhpsp(c, w);
  if (sel === 25) return xvcvsphp(c, w);
  readVsr(c.r, fXB(w), qb);
  switch (sel) {
    case 0: // xvxexpdp: the biased exponent of each doubleword
      q[0] = 0; q[1] = (qb[0]! >>> 20) & 0x7ff; q[2] = 0; q[3] = (qb[2]! >>> 20) & 0x7ff; break;
    case 1: // xvxsigdp: the fraction with the implicit bit of each doubleword
      q[0] = (qb[0]! & 0xfffff) | implicitDp(qb[0]!); q[1] = qb[1]!;
      q[2] = (qb[2]! & 0xfffff) | implicitDp(qb[2]!); q[3] = qb[3]!;
      break;
    case 8: for (let i = 0; i < 4; i++) q[i] = (qb[i]! >>> 23) & 0xff; break; // xvxexpsp
    case 9: for (let i = 0; i < 4; i++) q[i] = (qb[i]! & 0x7fffff) | implicitSp(qb[i]!); break; // xvxsigsp
    case 7: for (let i = 0; i < 4; i++) q[i] = bswapHalves(qb[i]!); break; // xxbrh
    case 15: for (let i = 0; i < 4; i++) q[i] = bswap32(qb[i]!); break; // xxbrw
    case 23: // xxbrd: each doubleword reversed: its words swap and each reverses
      q[0] = bswap32(qb[1]!); q[1] = bswap32(qb[0]!); q[2] = bswap32(qb[3]!); q[3] = bswap32(qb[2]!); break;
    case 31: // xxbrq: the whole quadword reversed
      q[0] = bswap32(qb[3]!); q[1] = bswap32(qb[2]!); q[2] = bswap32(qb[1]!); q[3] = bswap32(qb[0]!); break;
    default: return illegal(c, w);
  }
  writeVsr(c.r, fXT(w), q);
  return Flow.Next;
}

/** The XX2 row xo 347: each form by its EO field (ISA bits 11:15). */
export const xx2Eo347Forms: Readonly<Record<number, string>> = {
  0: 'xsxexpdp', 1: 'xsxsigdp', 16: 'xscvhpdp', 17: 'xscvdphp',
};

export function xx2Eo347(c: Cpu, w: number): number {
  switch (fEO(w)) {
    case 0: case 1: break;
    case 16: return xscvhpdp(c, w);
    case 17: return xscvdphp(c, w);
    default: return illegal(c, w);
  }
  // xsxexpdp / xsxsigdp RT,XB: doubleword 0 of XB taken apart into GPR RT
  readVsr(c.r, fXB(w), qb);
  const hi = qb[0]!, at = W_GPR + 2 * fRT(w);
  if (fEO(w) === 0) { c.r[at] = (hi >>> 20) & 0x7ff; c.r[at + 1] = 0; } else { c.r[at] = qb[1]!; c.r[at + 1] = (hi & 0xfffff) | implicitDp(hi); }
  return Flow.Next;
}

/** xsiexpdp XT,RA,RB: sign and fraction of GPR RA, exponent from the low 11 bits of GPR RB; doubleword 1 zero. */
export const xsiexpdp: Handler = (c: Cpu, w: number): number => {
  const a = W_GPR + 2 * fRA(w), b = W_GPR + 2 * fRB(w);
  q[0] = (c.r[a + 1]! & 0x800fffff) | ((c.r[b]! & 0x7ff) << 20); q[1] = c.r[a]!; q[2] = 0; q[3] = 0;
  writeVsr(c.r, fXT(w), q);
  return Flow.Next;
};

/** xviexpdp XT,XA,XB: each doubleword of XA with the exponent from the low 11 bits of XB's. */
export const xviexpdp: Handler = (c: Cpu, w: number): number => {
  readVsr(c.r, fXA(w), qa); readVsr(c.r, fXB(w), qb);
  q[0] = (qa[0]! & 0x800fffff) | ((qb[1]! & 0x7ff) << 20); q[1] = qa[1]!;
  q[2] = (qa[2]! & 0x800fffff) | ((qb[3]! & 0x7ff) << 20); q[3] = qa[3]!;
  writeVsr(c.r, fXT(w), q);
  return Flow.Next;
};

/** xviexpsp XT,XA,XB: each word of XA with the exponent from the low 8 bits of XB's. */
export const xviexpsp: Handler = (c: Cpu, w: number): number => {
  readVsr(c.r, fXA(w), qa); readVsr(c.r, fXB(w), qb);
  for (let i = 0; i < 4; i++) q[i] = (qa[i]! & 0x807fffff) | ((qb[i]! & 0xff) << 23);
  writeVsr(c.r, fXT(w), q);
  return Flow.Next;
};
