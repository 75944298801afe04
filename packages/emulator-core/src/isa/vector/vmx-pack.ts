import type { Cpu } from '../../cpu/cpu.js';
import { Flow, type Handler } from '../../decode/instruction.js';
import { W_GPR } from '../../state/layout.js';
import { fRA, fRT, fUIM4, fVRA, fVRB, fVRT } from '../fields.js';
import { VR, q, qa, qb, readVsr, writeVsr, qByte, setQByte, qHalf, setQHalf } from './vsr.js';
import { EA, EB, unpack, setSat, minOf, maxOf, clamp, satFlag } from './vmx-elem.js';

/*
 * VMX pack and unpack (Power ISA 3.0B Book I 6.8.1-6.8.2) and the ISA 3.0 element
 * extracts and inserts (6.8.5-6.8.6: vextractu[bhw]/vextractd, vinsert[bhwd],
 * vextu[bhw][lr]x); QEMU 7.2's VPK, helper_vpkpx, VUPK, VUPKPX, VEXTRACT,
 * GEN_VXFORM_UIMM_SPLAT (an out-of-range UIM is taken as 0), trans_VINSERT* and
 * VEXTU_X_DO.
 */

/*
 * vpku[hw]um vpku[hw]us vpks[hw]us vpks[hw]ss VRT,VRA,VRB: the elements of VRA then
 * VRB narrowed to half their size, modulo or saturated (to unsigned or signed).
 */
function packN(size: number, signedIn: boolean, signedOut: boolean, saturate: boolean): Handler {
  const n = 16 / size, out = size / 2, lo = minOf(8 * out, signedOut), hi = maxOf(8 * out, signedOut);
  return (c: Cpu, w: number): number => {
    readVsr(c.r, VR(fVRA(w)), qa); readVsr(c.r, VR(fVRB(w)), qb);
    unpack(qa, size, signedIn, EA); unpack(qb, size, signedIn, EB);
    satFlag.v = 0;
    for (let i = 0; i < 2 * n; i++) {
      const x = i < n ? EA[i]! : EB[i - n]!;
      const v = saturate ? clamp(x, lo, hi) : x;
      if (out === 1) setQByte(q, i, v); else setQHalf(q, i, v);
    }
    writeVsr(c.r, VR(fVRT(w)), q);
    if (satFlag.v) setSat(c);
    return Flow.Next;
  };
}
export const vpkuhum = packN(2, false, false, false), vpkuwum = packN(4, false, false, false);
export const vpkuhus = packN(2, false, false, true), vpkuwus = packN(4, false, false, true);
export const vpkshus = packN(2, true, false, true), vpkswus = packN(4, true, false, true);
export const vpkshss = packN(2, true, true, true), vpkswss = packN(4, true, true, true);

const enum Dw { Modulo, UnsignedSat, SignedToUnsigned, SignedSat }

// vpkudum vpkudus vpksdus vpksdss VRT,VRA,VRB: doublewords of VRA then VRB to words
const packDw = (kind: Dw): Handler => (c: Cpu, w: number): number => {
  readVsr(c.r, VR(fVRA(w)), qa); readVsr(c.r, VR(fVRB(w)), qb);
  let sat = false;
  for (let i = 0; i < 4; i++) {
    const s = i < 2 ? qa : qb, d = 2 * (i & 1);
    const hi = s[d]!, lo = s[d + 1]!;
    let v = lo;
    switch (kind) {
      case Dw.UnsignedSat: if (hi !== 0) { v = -1; sat = true; } break;
      case Dw.SignedToUnsigned:
        if (hi < 0) { v = 0; sat = true; } else if (hi !== 0) { v = -1; sat = true; }
        break;
      case Dw.SignedSat: if (hi !== lo >> 31) { v = hi < 0 ? -2147483648 : 2147483647; sat = true; } break;
      default: break;
    }
    q[i] = v;
  }
  writeVsr(c.r, VR(fVRT(w)), q);
  if (sat) setSat(c);
  return Flow.Next;
};
export const vpkudum = packDw(Dw.Modulo), vpkudus = packDw(Dw.UnsignedSat);
export const vpksdus = packDw(Dw.SignedToUnsigned), vpksdss = packDw(Dw.SignedSat);

// vpkpx VRT,VRA,VRB: each word of VRA then VRB to a 1:5:5:5 pixel halfword
export function vpkpx(c: Cpu, w: number): number {
  readVsr(c.r, VR(fVRA(w)), qa); readVsr(c.r, VR(fVRB(w)), qb);
  for (let i = 0; i < 8; i++) {
    const e = i < 4 ? qa[i]! : qb[i - 4]!;
    setQHalf(q, i, ((e >>> 9) & 0xfc00) | ((e >>> 6) & 0x3e0) | ((e >>> 3) & 0x1f));
  }
  writeVsr(c.r, VR(fVRT(w)), q);
  return Flow.Next;
}

/* vupk[hl]s[bhw] VRT,VRB: the high (low) half's elements of VRB sign-extended to double size. */
function unpackN(size: number, low: boolean): Handler {
  const n = 8 / size, base = low ? n : 0;
  return (c: Cpu, w: number): number => {
    readVsr(c.r, VR(fVRB(w)), qb);
    unpack(qb, size, true, EB);
    for (let i = 0; i < n; i++) {
      const v = EB[base + i]!;
      if (size === 1) setQHalf(q, i, v);
      else if (size === 2) q[i] = v;
      else { q[2 * i] = v < 0 ? -1 : 0; q[2 * i + 1] = v; }
    }
    writeVsr(c.r, VR(fVRT(w)), q);
    return Flow.Next;
  };
}
export const vupkhsb = unpackN(1, false), vupklsb = unpackN(1, true);
export const vupkhsh = unpackN(2, false), vupklsh = unpackN(2, true);
export const vupkhsw = unpackN(4, false), vupklsw = unpackN(4, true);

// vupkhpx vupklpx VRT,VRB: 1:5:5:5 pixels of the high (low) half to 8:8:8:8 words
const unpackPx = (low: boolean): Handler => (c: Cpu, w: number): number => {
  readVsr(c.r, VR(fVRB(w)), qb);
  for (let i = 0; i < 4; i++) {
    const e = qHalf(qb, (low ? 4 : 0) + i);
    q[i] = ((e >>> 15) !== 0 ? 0xff000000 : 0) | (((e >>> 10) & 0x1f) << 16) | (((e >>> 5) & 0x1f) << 8) | (e & 0x1f);
  }
  writeVsr(c.r, VR(fVRT(w)), q);
  return Flow.Next;
};
export const vupkhpx = unpackPx(false), vupklpx = unpackPx(true);

/*
 * vextractub vextractuh vextractuw vextractd VRT,VRB,UIM: bytes UIM..UIM+size-1 of VRB,
 * right-justified in doubleword 0 of VRT; doubleword 1 = 0. A UIM past 16-size is 0.
 */
const extract = (size: number): Handler => (c: Cpu, w: number): number => {
  readVsr(c.r, VR(fVRB(w)), qb);
  let u = fUIM4(w);
  if (u > 16 - size) u = 0;
  q.fill(0);
  for (let k = 0; k < size; k++) setQByte(q, 8 - size + k, qByte(qb, u + k));
  writeVsr(c.r, VR(fVRT(w)), q);
  return Flow.Next;
};
export const vextractub = extract(1), vextractuh = extract(2), vextractuw = extract(4), vextractd = extract(8);

/*
 * vinsertb vinserth vinsertw vinsertd VRT,VRB,UIM: the low `size` bytes of VRB's
 * doubleword 0 into bytes UIM..UIM+size-1 of VRT; the rest of VRT is kept. A UIM
 * past 16-size leaves VRT unchanged (QEMU 7.2's helper_VINS*LX with an invalid index).
 */
const insert = (size: number): Handler => (c: Cpu, w: number): number => {
  const t = VR(fVRT(w));
  const u = fUIM4(w);
  if (u > 16 - size) return Flow.Next;
  readVsr(c.r, VR(fVRB(w)), qb); readVsr(c.r, t, q);
  for (let k = 0; k < size; k++) setQByte(q, u + k, qByte(qb, 8 - size + k));
  writeVsr(c.r, t, q);
  return Flow.Next;
};
export const vinsertb = insert(1), vinserth = insert(2), vinsertw = insert(4), vinsertd = insert(8);

/*
 * vextu[bhw]lx vextu[bhw]rx RT,RA,VRB: the element of `size` bytes at byte index
 * RA & 15 of VRB counted from the left (right), zero-extended into RT. QEMU 7.2 shifts
 * VRB right as a signed 128-bit value by 8*(RA & 15) (rx) or 128 - 8*(RA & 15) - 8*size
 * (lx, modulo 128 on x86 hosts), so the bits past either end are VRB's sign.
 */
const extractX = (size: number, left: boolean): Handler => (c: Cpu, w: number): number => {
  readVsr(c.r, VR(fVRB(w)), qb);
  const k = c.r[W_GPR + 2 * fRA(w)]! & 15;
  let index = 8 * k;
  if (left) index = (128 - index - 8 * size) & 127;
  // bits index .. index+8*size-1 counted from bit 127 (the right); past bit 127 the sign
  const sign = qb[0]! < 0 ? 1 : 0;
  let v = 0;
  for (let b = 8 * size - 1; b >= 0; b--) {
    const pos = index + b; // from the right
    const bit = pos > 127 ? sign : (qb[3 - (pos >> 5)]! >>> (pos & 31)) & 1;
    v = v * 2 + bit;
  }
  const t = fRT(w);
  c.r[W_GPR + 2 * t] = v | 0; c.r[W_GPR + 2 * t + 1] = 0;
  return Flow.Next;
};
export const vextublx = extractX(1, true), vextuhlx = extractX(2, true), vextuwlx = extractX(4, true);
export const vextubrx = extractX(1, false), vextuhrx = extractX(2, false), vextuwrx = extractX(4, false);

// vmrgew vmrgow VRT,VRA,VRB: the even (odd) words of VRA and VRB interleaved, VRA's first
const mergeWords = (odd: boolean): Handler => (c: Cpu, w: number): number => {
  readVsr(c.r, VR(fVRA(w)), qa); readVsr(c.r, VR(fVRB(w)), qb);
  const k = odd ? 1 : 0;
  q[0] = qa[k]!; q[1] = qb[k]!; q[2] = qa[2 + k]!; q[3] = qb[2 + k]!;
  writeVsr(c.r, VR(fVRT(w)), q);
  return Flow.Next;
};
export const vmrgew = mergeWords(false), vmrgow = mergeWords(true);
