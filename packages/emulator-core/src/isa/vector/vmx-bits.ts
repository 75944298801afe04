import type { Cpu } from '../../cpu/cpu.js';
import { Flow, type Handler } from '../../decode/instruction.js';
import { W_GPR } from '../../state/layout.js';
import { fRT, fVRA, fVRB, fVRT } from '../fields.js';
import { illegal } from '../system.js';
import { VR, q, qa, qb, readVsr, writeVsr, qByte, setQByte, qHalf, setQHalf } from './vsr.js';
import { EB, ER, unpack, pack, popcnt } from './vmx-elem.js';

/*
 * VMX bit operations (Power ISA 3.0B Book I 6.9.6, 6.10): count leading/trailing
 * zeros and population count per element, gather bits (vgbbd), bit permutes
 * (vbpermq, vbpermd), the polynomial multiply-sums (vpmsum[bhwd]) and the row of
 * VX xo 1538 whose VRA field selects the operation (vclzlsbb, vctzlsbb, vneg[wd],
 * vprtyb[wdq], vexts*, vctz[bhwd]); QEMU 7.2's VGENERIC_DO, trans_vgbbd, helper_vbperm*,
 * PMSUM, helper_vpmsumd, VNEG, VEXT_SIGNED, helper_vprtyb*, helper_vc[lt]zlsbb.
 */

const enum Count { Clz, Ctz, Pop }

function count1(kind: Count, x: number, bits: number): number {
  switch (kind) {
    case Count.Clz: return x === 0 ? bits : Math.clz32(x) - (32 - bits);
    case Count.Ctz: return x === 0 ? bits : 31 - Math.clz32(x & -x);
    default: return popcnt(x);
  }
}

// vclz[bhwd] vctz[bhwd] vpopcnt[bhwd] VRT,VRB
function counts(kind: Count, size: number): Handler {
  const n = 16 / size, bits = 8 * size;
  return (c: Cpu, w: number): number => {
    readVsr(c.r, VR(fVRB(w)), qb);
    if (size === 8) {
      for (let d = 0; d < 4; d += 2) {
        const hi = qb[d]!, lo = qb[d + 1]!;
        let r: number;
        if (kind === Count.Pop) r = popcnt(hi) + popcnt(lo);
        else if (kind === Count.Clz) r = hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(lo);
        else r = lo !== 0 ? count1(Count.Ctz, lo, 32) : 32 + count1(Count.Ctz, hi, 32);
        q[d] = 0; q[d + 1] = r;
      }
    } else {
      unpack(qb, size, false, EB);
      for (let i = 0; i < n; i++) ER[i] = count1(kind, EB[i]! | 0, bits);
      pack(ER, size, q);
    }
    writeVsr(c.r, VR(fVRT(w)), q);
    return Flow.Next;
  };
}
export const vclzb = counts(Count.Clz, 1), vclzh = counts(Count.Clz, 2), vclzw = counts(Count.Clz, 4), vclzd = counts(Count.Clz, 8);
export const vpopcntb = counts(Count.Pop, 1), vpopcnth = counts(Count.Pop, 2), vpopcntw = counts(Count.Pop, 4), vpopcntd = counts(Count.Pop, 8);
const vctzb = counts(Count.Ctz, 1), vctzh = counts(Count.Ctz, 2), vctzw = counts(Count.Ctz, 4), vctzd = counts(Count.Ctz, 8);

// vgbbd VRT,VRB: in each doubleword, bit k of byte j = bit j of byte k (an 8x8 bit transpose)
export function vgbbd(c: Cpu, w: number): number {
  readVsr(c.r, VR(fVRB(w)), qb);
  for (let d = 0; d < 16; d += 8) {
    for (let j = 0; j < 8; j++) {
      let v = 0;
      for (let k = 0; k < 8; k++) v |= ((qByte(qb, d + k) >>> (7 - j)) & 1) << (7 - k);
      setQByte(q, d + j, v);
    }
  }
  writeVsr(c.r, VR(fVRT(w)), q);
  return Flow.Next;
}

/** Bit `idx` (0 = the most significant) of the quadword scratch s. */
const bitAt = (s: Int32Array, idx: number): number => (s[idx >> 5]! >>> (31 - (idx & 31))) & 1;

// vbpermq VRT,VRA,VRB: bit 48+i of VRT = VRA bit VRB.byte[i] (0 if the index is >= 128)
export function vbpermq(c: Cpu, w: number): number {
  readVsr(c.r, VR(fVRA(w)), qa); readVsr(c.r, VR(fVRB(w)), qb);
  let perm = 0;
  for (let i = 0; i < 16; i++) {
    const idx = qByte(qb, i);
    if (idx < 128 && bitAt(qa, idx)) perm |= 0x8000 >>> i;
  }
  q[0] = 0; q[1] = perm; q[2] = 0; q[3] = 0;
  writeVsr(c.r, VR(fVRT(w)), q);
  return Flow.Next;
}

// vbpermd VRT,VRA,VRB: per doubleword i, bit 56+j = VRA.dword[i] bit VRB.byte[8i+j] (0 if >= 64)
export function vbpermd(c: Cpu, w: number): number {
  readVsr(c.r, VR(fVRA(w)), qa); readVsr(c.r, VR(fVRB(w)), qb);
  for (let d = 0; d < 2; d++) {
    let v = 0;
    for (let j = 0; j < 8; j++) {
      const idx = qByte(qb, 8 * d + j);
      if (idx < 64 && bitAt(qa, 64 * d + idx)) v |= 0x80 >>> j;
    }
    q[2 * d] = 0; q[2 * d + 1] = v;
  }
  writeVsr(c.r, VR(fVRT(w)), q);
  return Flow.Next;
}

/** Carry-less 32x32 product: (pHi, pLo). */
const clm = { hi: 0, lo: 0 };
function clmul32(a: number, b: number): void {
  let hi = 0, lo = 0;
  for (let j = 0; j < 32; j++) {
    if ((a >>> j) & 1) { lo ^= b << j; if (j !== 0) hi ^= b >>> (32 - j); }
  }
  clm.hi = hi; clm.lo = lo;
}
/** Carry-less product of two values of at most 16 bits (fits 31 bits). */
function clmulSmall(a: number, b: number): number {
  let r = 0;
  for (let j = 0; a >>> j; j++) if ((a >>> j) & 1) r ^= b << j;
  return r;
}

// vpmsumb vpmsumh: element i of the double-size result = pmul(A[2i], B[2i]) ^ pmul(A[2i+1], B[2i+1])
export function vpmsumb(c: Cpu, w: number): number {
  readVsr(c.r, VR(fVRA(w)), qa); readVsr(c.r, VR(fVRB(w)), qb);
  for (let i = 0; i < 8; i++) {
    setQHalf(q, i, clmulSmall(qByte(qa, 2 * i), qByte(qb, 2 * i)) ^ clmulSmall(qByte(qa, 2 * i + 1), qByte(qb, 2 * i + 1)));
  }
  writeVsr(c.r, VR(fVRT(w)), q);
  return Flow.Next;
}
export function vpmsumh(c: Cpu, w: number): number {
  readVsr(c.r, VR(fVRA(w)), qa); readVsr(c.r, VR(fVRB(w)), qb);
  for (let i = 0; i < 4; i++) {
    q[i] = clmulSmall(qHalf(qa, 2 * i), qHalf(qb, 2 * i)) ^ clmulSmall(qHalf(qa, 2 * i + 1), qHalf(qb, 2 * i + 1));
  }
  writeVsr(c.r, VR(fVRT(w)), q);
  return Flow.Next;
}
// vpmsumw: doubleword i = pmul(A.word[2i], B.word[2i]) ^ pmul(A.word[2i+1], B.word[2i+1])
export function vpmsumw(c: Cpu, w: number): number {
  readVsr(c.r, VR(fVRA(w)), qa); readVsr(c.r, VR(fVRB(w)), qb);
  for (let d = 0; d < 4; d += 2) {
    clmul32(qa[d]!, qb[d]!);
    const hi = clm.hi, lo = clm.lo;
    clmul32(qa[d + 1]!, qb[d + 1]!);
    q[d] = hi ^ clm.hi; q[d + 1] = lo ^ clm.lo;
  }
  writeVsr(c.r, VR(fVRT(w)), q);
  return Flow.Next;
}
// vpmsumd: VRT = pmul(A.dword[0], B.dword[0]) ^ pmul(A.dword[1], B.dword[1]) (128 bits)
export function vpmsumd(c: Cpu, w: number): number {
  readVsr(c.r, VR(fVRA(w)), qa); readVsr(c.r, VR(fVRB(w)), qb);
  let r0 = 0, r1 = 0, r2 = 0, r3 = 0;
  for (let d = 0; d < 4; d += 2) {
    const ah = qa[d]!, al = qa[d + 1]!, bh = qb[d]!, bl = qb[d + 1]!;
    clmul32(al, bl); r3 ^= clm.lo; r2 ^= clm.hi;
    clmul32(ah, bl); r2 ^= clm.lo; r1 ^= clm.hi;
    clmul32(al, bh); r2 ^= clm.lo; r1 ^= clm.hi;
    clmul32(ah, bh); r1 ^= clm.lo; r0 ^= clm.hi;
  }
  q[0] = r0; q[1] = r1; q[2] = r2; q[3] = r3;
  writeVsr(c.r, VR(fVRT(w)), q);
  return Flow.Next;
}

// vnegw vnegd VRT,VRB
function vnegw(c: Cpu, w: number): void {
  readVsr(c.r, VR(fVRB(w)), qb);
  for (let i = 0; i < 4; i++) q[i] = -qb[i]! | 0;
}
function vnegd(c: Cpu, w: number): void {
  readVsr(c.r, VR(fVRB(w)), qb);
  for (let d = 0; d < 4; d += 2) {
    const lo = -qb[d + 1]! | 0;
    q[d + 1] = lo; q[d] = (~qb[d]! + (lo === 0 ? 1 : 0)) | 0;
  }
}

// vprtybw vprtybd vprtybq VRT,VRB: parity of the low bits of the bytes of each element
function vprtyb(c: Cpu, w: number, size: number): void {
  readVsr(c.r, VR(fVRB(w)), qb);
  if (size === 4) {
    for (let i = 0; i < 4; i++) q[i] = popcnt(qb[i]! & 0x01010101) & 1;
  } else if (size === 8) {
    for (let d = 0; d < 4; d += 2) { q[d] = 0; q[d + 1] = popcnt((qb[d]! ^ qb[d + 1]!) & 0x01010101) & 1; }
  } else {
    q[0] = 0; q[1] = 0; q[2] = 0; q[3] = popcnt((qb[0]! ^ qb[1]! ^ qb[2]! ^ qb[3]!) & 0x01010101) & 1;
  }
}

// vextsb2w vextsh2w vextsb2d vextsh2d vextsw2d VRT,VRB: the low byte/halfword/word of each element sign-extended
function vexts(c: Cpu, w: number, from: number, to: number): void {
  readVsr(c.r, VR(fVRB(w)), qb);
  const sh = 32 - 8 * from;
  if (to === 4) {
    for (let i = 0; i < 4; i++) q[i] = (qb[i]! << sh) >> sh;
  } else {
    for (let d = 0; d < 4; d += 2) { const v = (qb[d + 1]! << sh) >> sh; q[d] = v >> 31; q[d + 1] = v; }
  }
}

// vclzlsbb vctzlsbb RT,VRB: the number of leading (trailing) bytes of VRB whose low bit is 0
function lsbb(c: Cpu, w: number, trailing: boolean): number {
  readVsr(c.r, VR(fVRB(w)), qb);
  let n = 0;
  for (let i = 0; i < 16; i++) {
    if (qByte(qb, trailing ? 15 - i : i) & 1) break;
    n++;
  }
  const t = fRT(w);
  c.r[W_GPR + 2 * t] = n; c.r[W_GPR + 2 * t + 1] = 0;
  return Flow.Next;
}

/*
 * The VX xo 1538 row: VRA selects the operation (ISA 3.0B: 0 vclzlsbb, 1 vctzlsbb,
 * 6 vnegw, 7 vnegd, 8-10 vprtyb[wdq], 16/17/24/25/26 vexts*, 28-31 vctz[bhwd]);
 * other values are illegal, as in QEMU 7.2.
 */
export function vx1538(c: Cpu, w: number): number {
  switch (fVRA(w)) {
    case 0: return lsbb(c, w, false);
    case 1: return lsbb(c, w, true);
    case 6: vnegw(c, w); break;
    case 7: vnegd(c, w); break;
    case 8: vprtyb(c, w, 4); break;
    case 9: vprtyb(c, w, 8); break;
    case 10: vprtyb(c, w, 16); break;
    case 16: vexts(c, w, 1, 4); break;
    case 17: vexts(c, w, 2, 4); break;
    case 24: vexts(c, w, 1, 8); break;
    case 25: vexts(c, w, 2, 8); break;
    case 26: vexts(c, w, 4, 8); break;
    case 28: return vctzb(c, w);
    case 29: return vctzh(c, w);
    case 30: return vctzw(c, w);
    case 31: return vctzd(c, w);
    default: return illegal(c, w);
  }
  writeVsr(c.r, VR(fVRT(w)), q);
  return Flow.Next;
}

/** The forms that share the vx1538 row, by the value of its VRA field. */
export const vx1538Forms: Readonly<Record<number, string>> = {
  0: 'vclzlsbb', 1: 'vctzlsbb', 6: 'vnegw', 7: 'vnegd', 8: 'vprtybw', 9: 'vprtybd', 10: 'vprtybq',
  16: 'vextsb2w', 17: 'vextsh2w', 24: 'vextsb2d', 25: 'vextsh2d', 26: 'vextsw2d',
  28: 'vctzb', 29: 'vctzh', 30: 'vctzw', 31: 'vctzd',
};
