import type { Cpu } from '../../cpu/cpu.js';
import { Flow, type Handler } from '../../decode/instruction.js';
import { mulu128, muls128, result } from '../../cpu/int64.js';
import { fVRA, fVRB, fVRC, fVRT } from '../fields.js';
import { VR, q, qa, qb, qc, readVsr, writeVsr } from './vsr.js';
import { EA, EB, EC, ER, unpack, pack, setSat, minOf, maxOf, clamp, satFlag } from './vmx-elem.js';

/*
 * VMX integer arithmetic (Power ISA 3.0B Book I 6.9.1): modulo, carry, extended and
 * saturating add/subtract, average, maximum/minimum, multiply, multiply-sum and sum
 * across, multiply by 10; QEMU 7.2's helper_vaddcuw, VARITHSAT_*, VAVG_*, VMUL_*,
 * helper_vmsum*, helper_vsum*, helper_vadduqm..., GEN_VX_VMUL10 (target/ppc/int_helper.c,
 * translate/vmx-impl.c.inc). Saturating forms set VSCR[SAT]. Handlers are made once,
 * at module load, by the factories below.
 */

const TWO32 = 4294967296;

/** Element-wise operations on byte, halfword and word elements. */
const enum Op { Add, Sub, AddS, SubS, Max, Min, Avg, AbsDiff, CarryW, BorrowW, MulW }

/** VRT = op(VRA, VRB) on elements of `size` bytes (1, 2, 4), signed or not. */
function elementwise(op: Op, size: number, signed: boolean): Handler {
  const n = 16 / size, lo = minOf(8 * size, signed), hi = maxOf(8 * size, signed);
  return (c: Cpu, w: number): number => {
    readVsr(c.r, VR(fVRA(w)), qa); readVsr(c.r, VR(fVRB(w)), qb);
    unpack(qa, size, signed, EA); unpack(qb, size, signed, EB);
    satFlag.v = 0;
    for (let i = 0; i < n; i++) {
      const a = EA[i]!, b = EB[i]!;
      let r: number;
      switch (op) {
        case Op.Add: r = a + b; break;
        case Op.Sub: r = a - b; break;
        case Op.AddS: r = clamp(a + b, lo, hi); break;
        case Op.SubS: r = clamp(a - b, lo, hi); break;
        case Op.Max: r = a > b ? a : b; break;
        case Op.Min: r = a < b ? a : b; break;
        case Op.Avg: r = Math.floor((a + b + 1) / 2); break;
        case Op.AbsDiff: r = a > b ? a - b : b - a; break;
        case Op.CarryW: r = a + b >= TWO32 ? 1 : 0; break;
        case Op.BorrowW: r = a >= b ? 1 : 0; break;
        default: r = Math.imul(a, b); break;
      }
      ER[i] = r;
    }
    pack(ER, size, q);
    writeVsr(c.r, VR(fVRT(w)), q);
    if (satFlag.v) setSat(c);
    return Flow.Next;
  };
}

export const vaddubm = elementwise(Op.Add, 1, false), vadduhm = elementwise(Op.Add, 2, false), vadduwm = elementwise(Op.Add, 4, false);
export const vsububm = elementwise(Op.Sub, 1, false), vsubuhm = elementwise(Op.Sub, 2, false), vsubuwm = elementwise(Op.Sub, 4, false);
export const vaddubs = elementwise(Op.AddS, 1, false), vadduhs = elementwise(Op.AddS, 2, false), vadduws = elementwise(Op.AddS, 4, false);
export const vaddsbs = elementwise(Op.AddS, 1, true), vaddshs = elementwise(Op.AddS, 2, true), vaddsws = elementwise(Op.AddS, 4, true);
export const vsububs = elementwise(Op.SubS, 1, false), vsubuhs = elementwise(Op.SubS, 2, false), vsubuws = elementwise(Op.SubS, 4, false);
export const vsubsbs = elementwise(Op.SubS, 1, true), vsubshs = elementwise(Op.SubS, 2, true), vsubsws = elementwise(Op.SubS, 4, true);
export const vmaxub = elementwise(Op.Max, 1, false), vmaxuh = elementwise(Op.Max, 2, false), vmaxuw = elementwise(Op.Max, 4, false);
export const vmaxsb = elementwise(Op.Max, 1, true), vmaxsh = elementwise(Op.Max, 2, true), vmaxsw = elementwise(Op.Max, 4, true);
export const vminub = elementwise(Op.Min, 1, false), vminuh = elementwise(Op.Min, 2, false), vminuw = elementwise(Op.Min, 4, false);
export const vminsb = elementwise(Op.Min, 1, true), vminsh = elementwise(Op.Min, 2, true), vminsw = elementwise(Op.Min, 4, true);
export const vavgub = elementwise(Op.Avg, 1, false), vavguh = elementwise(Op.Avg, 2, false), vavguw = elementwise(Op.Avg, 4, false);
export const vavgsb = elementwise(Op.Avg, 1, true), vavgsh = elementwise(Op.Avg, 2, true), vavgsw = elementwise(Op.Avg, 4, true);
export const vabsdub = elementwise(Op.AbsDiff, 1, false), vabsduh = elementwise(Op.AbsDiff, 2, false), vabsduw = elementwise(Op.AbsDiff, 4, false);
export const vaddcuw = elementwise(Op.CarryW, 4, false), vsubcuw = elementwise(Op.BorrowW, 4, false);
export const vmuluwm = elementwise(Op.MulW, 4, false);

/** Doubleword operations: (hi, lo) int32 halves, words 2d and 2d+1 of the scratch. */
const enum DOp { Add, Sub, Max, Min }

function doubleword(op: DOp, signed: boolean): Handler {
  return (c: Cpu, w: number): number => {
    readVsr(c.r, VR(fVRA(w)), qa); readVsr(c.r, VR(fVRB(w)), qb);
    for (let d = 0; d < 4; d += 2) {
      const ah = qa[d]!, al = qa[d + 1]!, bh = qb[d]!, bl = qb[d + 1]!;
      if (op === DOp.Add || op === DOp.Sub) {
        const s = op === DOp.Add ? (al >>> 0) + (bl >>> 0) : (al >>> 0) - (bl >>> 0);
        const carry = op === DOp.Add ? (s >= TWO32 ? 1 : 0) : (s < 0 ? -1 : 0);
        q[d] = (op === DOp.Add ? ah + bh : ah - bh) + carry | 0;
        q[d + 1] = s | 0;
      } else {
        let aGreater: boolean;
        if (ah !== bh) aGreater = signed ? ah > bh : (ah >>> 0) > (bh >>> 0);
        else aGreater = (al >>> 0) > (bl >>> 0);
        const takeA = op === DOp.Max ? aGreater : !aGreater;
        q[d] = takeA ? ah : bh; q[d + 1] = takeA ? al : bl;
      }
    }
    writeVsr(c.r, VR(fVRT(w)), q);
    return Flow.Next;
  };
}
export const vaddudm = doubleword(DOp.Add, false), vsubudm = doubleword(DOp.Sub, false);
export const vmaxud = doubleword(DOp.Max, false), vmaxsd = doubleword(DOp.Max, true);
export const vminud = doubleword(DOp.Min, false), vminsd = doubleword(DOp.Min, true);

/**
 * q = qa + (qb or ~qb) + cin as 128-bit numbers; returns the carry out.
 */
function add128(invertB: boolean, cin: number): number {
  let carry = cin;
  for (let i = 3; i >= 0; i--) {
    const b = invertB ? ~qb[i]! : qb[i]!;
    const s = (qa[i]! >>> 0) + (b >>> 0) + carry;
    q[i] = s | 0;
    carry = s >= TWO32 ? 1 : 0;
  }
  return carry;
}

/*
 * vadduqm vaddcuq vsubuqm vsubcuq VRT,VRA,VRB and the VA-form extended forms
 * vaddeuqm vaddecuq vsubeuqm vsubecuq VRT,VRA,VRB,VRC (carry in: VRC bit 127).
 * `carryOut` writes the carry as the 128-bit result instead of the sum.
 */
function quad(sub: boolean, extended: boolean, carryOut: boolean): Handler {
  return (c: Cpu, w: number): number => {
    readVsr(c.r, VR(fVRA(w)), qa); readVsr(c.r, VR(fVRB(w)), qb);
    let cin = sub ? 1 : 0;
    if (extended) { readVsr(c.r, VR(fVRC(w)), qc); cin = qc[3]! & 1; }
    const co = add128(sub, cin);
    if (carryOut) { q[0] = 0; q[1] = 0; q[2] = 0; q[3] = co; }
    writeVsr(c.r, VR(fVRT(w)), q);
    return Flow.Next;
  };
}
export const vadduqm = quad(false, false, false), vaddcuq = quad(false, false, true);
export const vsubuqm = quad(true, false, false), vsubcuq = quad(true, false, true);
export const vaddeuqm = quad(false, true, false), vaddecuq = quad(false, true, true);
export const vsubeuqm = quad(true, true, false), vsubecuq = quad(true, true, true);

/*
 * vmule[us][bhw] vmulo[us][bhw] VRT,VRA,VRB: the even (odd) elements of VRA and VRB
 * multiplied into double-width products.
 */
function mulEvenOdd(size: number, signed: boolean, odd: boolean): Handler {
  const n = 8 / size, k = odd ? 1 : 0;
  return (c: Cpu, w: number): number => {
    readVsr(c.r, VR(fVRA(w)), qa); readVsr(c.r, VR(fVRB(w)), qb);
    if (size === 4) {
      for (let i = 0; i < 2; i++) {
        const a = qa[2 * i + k]!, b = qb[2 * i + k]!;
        if (signed) muls128(a >> 31, a, b >> 31, b); else mulu128(0, a, 0, b);
        q[2 * i] = result.hi; q[2 * i + 1] = result.lo;
      }
    } else {
      unpack(qa, size, signed, EA); unpack(qb, size, signed, EB);
      for (let i = 0; i < n; i++) ER[i] = EA[2 * i + k]! * EB[2 * i + k]!;
      pack(ER, 2 * size, q);
    }
    writeVsr(c.r, VR(fVRT(w)), q);
    return Flow.Next;
  };
}
export const vmuleub = mulEvenOdd(1, false, false), vmuleuh = mulEvenOdd(2, false, false), vmuleuw = mulEvenOdd(4, false, false);
export const vmulesb = mulEvenOdd(1, true, false), vmulesh = mulEvenOdd(2, true, false), vmulesw = mulEvenOdd(4, true, false);
export const vmuloub = mulEvenOdd(1, false, true), vmulouh = mulEvenOdd(2, false, true), vmulouw = mulEvenOdd(4, false, true);
export const vmulosb = mulEvenOdd(1, true, true), vmulosh = mulEvenOdd(2, true, true), vmulosw = mulEvenOdd(4, true, true);

/*
 * vmsumubm vmsummbm vmsumuhm vmsumuhs vmsumshm vmsumshs VRT,VRA,VRB,VRC (VA-form):
 * word i = VRC.word[i] + the products of the byte (halfword) elements of VRA and VRB
 * in word i; the "s" forms saturate, the "m" forms are modulo 2^32.
 */
function msum(size: number, signedA: boolean, signedB: boolean, saturate: boolean): Handler {
  const per = 4 / size, signedC = signedA || signedB;
  return (c: Cpu, w: number): number => {
    readVsr(c.r, VR(fVRA(w)), qa); readVsr(c.r, VR(fVRB(w)), qb); readVsr(c.r, VR(fVRC(w)), qc);
    unpack(qa, size, signedA, EA); unpack(qb, size, signedB, EB);
    satFlag.v = 0;
    for (let i = 0; i < 4; i++) {
      let t = signedC ? qc[i]! : qc[i]! >>> 0;
      for (let j = 0; j < per; j++) t += EA[per * i + j]! * EB[per * i + j]!;
      q[i] = saturate ? clamp(t, minOf(32, signedC), maxOf(32, signedC)) | 0 : t | 0;
    }
    writeVsr(c.r, VR(fVRT(w)), q);
    if (satFlag.v) setSat(c);
    return Flow.Next;
  };
}
export const vmsumubm = msum(1, false, false, false), vmsummbm = msum(1, true, false, false);
export const vmsumuhm = msum(2, false, false, false), vmsumuhs = msum(2, false, false, true);
export const vmsumshm = msum(2, true, true, false), vmsumshs = msum(2, true, true, true);

/*
 * vmhaddshs vmhraddshs vmladduhm VRT,VRA,VRB,VRC (VA-form) on halfwords: VRC + the
 * product's bits 0:16 (>> 15, rounded with + 0x4000 for vmhraddshs), saturated; or the
 * low 16 bits of product + VRC (vmladduhm).
 */
const enum Mh { High, HighRound, Low }
function mhadd(kind: Mh): Handler {
  return (c: Cpu, w: number): number => {
    readVsr(c.r, VR(fVRA(w)), qa); readVsr(c.r, VR(fVRB(w)), qb); readVsr(c.r, VR(fVRC(w)), qc);
    unpack(qa, 2, true, EA); unpack(qb, 2, true, EB); unpack(qc, 2, true, EC);
    satFlag.v = 0;
    for (let i = 0; i < 8; i++) {
      const prod = EA[i]! * EB[i]!;
      ER[i] = kind === Mh.Low ? prod + EC[i]! : clamp(EC[i]! + ((prod + (kind === Mh.HighRound ? 0x4000 : 0)) >> 15), -32768, 32767);
    }
    pack(ER, 2, q);
    writeVsr(c.r, VR(fVRT(w)), q);
    if (satFlag.v) setSat(c);
    return Flow.Next;
  };
}
export const vmhaddshs = mhadd(Mh.High), vmhraddshs = mhadd(Mh.HighRound), vmladduhm = mhadd(Mh.Low);

/*
 * vsum4ubs vsum4sbs vsum4shs VRT,VRA,VRB: word i = sat(VRB.word[i] + the elements of
 * VRA in word i).
 */
function sum4(size: number, signed: boolean): Handler {
  const per = 4 / size, lo = minOf(32, signed), hi = maxOf(32, signed);
  return (c: Cpu, w: number): number => {
    readVsr(c.r, VR(fVRA(w)), qa); readVsr(c.r, VR(fVRB(w)), qb);
    unpack(qa, size, signed, EA);
    satFlag.v = 0;
    for (let i = 0; i < 4; i++) {
      let t = signed ? qb[i]! : qb[i]! >>> 0;
      for (let j = 0; j < per; j++) t += EA[per * i + j]!;
      q[i] = clamp(t, lo, hi) | 0;
    }
    writeVsr(c.r, VR(fVRT(w)), q);
    if (satFlag.v) setSat(c);
    return Flow.Next;
  };
}
export const vsum4ubs = sum4(1, false), vsum4sbs = sum4(1, true), vsum4shs = sum4(2, true);

const S32_MIN = -2147483648, S32_MAX = 2147483647;

// vsum2sws VRT,VRA,VRB: word 2i+1 = sat(VRB.word[2i+1] + VRA.word[2i] + VRA.word[2i+1]), word 2i = 0
export function vsum2sws(c: Cpu, w: number): number {
  readVsr(c.r, VR(fVRA(w)), qa); readVsr(c.r, VR(fVRB(w)), qb);
  satFlag.v = 0;
  for (let i = 0; i < 2; i++) {
    q[2 * i + 1] = clamp(qb[2 * i + 1]! + qa[2 * i]! + qa[2 * i + 1]!, S32_MIN, S32_MAX) | 0;
    q[2 * i] = 0;
  }
  writeVsr(c.r, VR(fVRT(w)), q);
  if (satFlag.v) setSat(c);
  return Flow.Next;
}

// vsumsws VRT,VRA,VRB: word 3 = sat(VRB.word[3] + the four words of VRA), words 0..2 = 0
export function vsumsws(c: Cpu, w: number): number {
  readVsr(c.r, VR(fVRA(w)), qa); readVsr(c.r, VR(fVRB(w)), qb);
  satFlag.v = 0;
  const t = qb[3]! + qa[0]! + qa[1]! + qa[2]! + qa[3]!;
  q[0] = 0; q[1] = 0; q[2] = 0; q[3] = clamp(t, S32_MIN, S32_MAX) | 0;
  writeVsr(c.r, VR(fVRT(w)), q);
  if (satFlag.v) setSat(c);
  return Flow.Next;
}

/*
 * vmul10uq vmul10cuq VRT,VRA and vmul10euq vmul10ecuq VRT,VRA,VRB: VRA x 10 (+ the
 * low four bits of VRB, as QEMU adds them, for the "e" forms); the "c" forms return
 * the carry out of the 128-bit product (0..10) instead of its low 128 bits.
 */
function mul10(extended: boolean, carryOut: boolean): Handler {
  return (c: Cpu, w: number): number => {
    readVsr(c.r, VR(fVRA(w)), qa);
    let carry = 0;
    if (extended) { readVsr(c.r, VR(fVRB(w)), qb); carry = qb[3]! & 0xf; }
    for (let i = 3; i >= 0; i--) {
      const p = (qa[i]! >>> 0) * 10 + carry;
      q[i] = p % TWO32 | 0;
      carry = Math.floor(p / TWO32);
    }
    if (carryOut) { q[0] = 0; q[1] = 0; q[2] = 0; q[3] = carry; }
    writeVsr(c.r, VR(fVRT(w)), q);
    return Flow.Next;
  };
}
export const vmul10uq = mul10(false, false), vmul10cuq = mul10(false, true);
export const vmul10euq = mul10(true, false), vmul10ecuq = mul10(true, true);
