import type { Cpu } from '../../cpu/cpu.js';
import { Flow, type Handler } from '../../decode/instruction.js';
import {
  fXA, fXB, fXT, fDM, fSHW, fUIM2, fUIM3, fUIM4, fIMM8, fSIM, fSHB, fVRA, fVRB, fVRC, fVRT,
} from '../fields.js';
import { VR, q, qa, qb, qc, readVsr, writeVsr, qByte, setQByte, qHalf, setQHalf } from './vsr.js';

/*
 * Permutes, merges, splats and shifts of whole registers: VSX (Power ISA 3.0B Book I
 * 7.6.1.16-19: xxpermdi, xxmrghw, xxsldwi, xxspltw, xxspltib) and vector (6.8:
 * vperm, vpermr, vsldoi, vsplt*, vspltis*, vmrg*); QEMU 7.2's gen_xxpermdi,
 * helper_vperm, helper_vpermr, gen_vsldoi... Elements in ISA order (isa/vector/vsr.ts).
 */

// xxpermdi XT,XA,XB,DM: XT = XA.dword[DM bit 0] || XB.dword[DM bit 1]
export function xxpermdi(c: Cpu, w: number): number {
  readVsr(c.r, fXA(w), qa); readVsr(c.r, fXB(w), qb);
  const dm = fDM(w), a = (dm >> 1) * 2, b = (dm & 1) * 2;
  q[0] = qa[a]!; q[1] = qa[a + 1]!; q[2] = qb[b]!; q[3] = qb[b + 1]!;
  writeVsr(c.r, fXT(w), q);
  return Flow.Next;
}

// xxmrghw xxmrglw XT,XA,XB: words A[h], B[h], A[h+1], B[h+1] (h = 0 or 2)
const xxmrgw = (h: number): Handler => (c: Cpu, w: number): number => {
  readVsr(c.r, fXA(w), qa); readVsr(c.r, fXB(w), qb);
  q[0] = qa[h]!; q[1] = qb[h]!; q[2] = qa[h + 1]!; q[3] = qb[h + 1]!;
  writeVsr(c.r, fXT(w), q);
  return Flow.Next;
};
export const xxmrghw = xxmrgw(0), xxmrglw = xxmrgw(2);

// xxsldwi XT,XA,XB,SHW: words SHW..SHW+3 of XA || XB
export function xxsldwi(c: Cpu, w: number): number {
  readVsr(c.r, fXA(w), qa); readVsr(c.r, fXB(w), qb);
  const sh = fSHW(w);
  for (let i = 0; i < 4; i++) { const k = sh + i; q[i] = k < 4 ? qa[k]! : qb[k - 4]!; }
  writeVsr(c.r, fXT(w), q);
  return Flow.Next;
}

// xxspltw XT,XB,UIM: every word = XB.word[UIM]
export function xxspltw(c: Cpu, w: number): number {
  readVsr(c.r, fXB(w), qb);
  q.fill(qb[fUIM2(w)]!);
  writeVsr(c.r, fXT(w), q);
  return Flow.Next;
}

// xxspltib XT,IMM8: every byte = IMM8
export function xxspltib(c: Cpu, w: number): number {
  q.fill(Math.imul(fIMM8(w), 0x01010101));
  writeVsr(c.r, fXT(w), q);
  return Flow.Next;
}

/*
 * xxperm xxpermr XT,XA,XB (ISA 3.0B 7.6.1.x): byte i = byte k of XA || XT (the target's
 * own old value is the second source), k = XB.byte[i] & 31 (xxperm) or 31 - that
 * (xxpermr); QEMU 7.2 helper_xxperm/helper_xxpermr.
 */
const xxpermX = (reversed: boolean): Handler => (c: Cpu, w: number): number => {
  const t = fXT(w);
  readVsr(c.r, fXA(w), qa); readVsr(c.r, t, qb); readVsr(c.r, fXB(w), qc);
  for (let i = 0; i < 16; i++) {
    let k = qByte(qc, i) & 31;
    if (reversed) k = 31 - k;
    setQByte(q, i, k < 16 ? qByte(qa, k) : qByte(qb, k - 16));
  }
  writeVsr(c.r, t, q);
  return Flow.Next;
};
export const xxperm = xxpermX(false), xxpermr = xxpermX(true);

/*
 * xxextractuw XT,XB,UIM: XT = the word of XB at byte UIM, zero-extended into doubleword
 * 0, doubleword 1 zero. Past byte 12 the word takes bytes from the start of XB again
 * (QEMU 7.2 helper_xxextractuw indexes modulo 16; the ISA leaves UIM > 12 undefined).
 */
export function xxextractuw(c: Cpu, w: number): number {
  readVsr(c.r, fXB(w), qb);
  const uim = fUIM4(w);
  q.fill(0);
  for (let i = 0; i < 4; i++) setQByte(q, 4 + i, qByte(qb, (uim + i) & 15));
  writeVsr(c.r, fXT(w), q);
  return Flow.Next;
}

/*
 * xxinsertw XT,XB,UIM: word 1 of XB (bytes 4:7) replaces bytes UIM..UIM+3 of XT, the rest of
 * XT kept; bytes that would fall past byte 15 are dropped (QEMU 7.2 helper_xxinsertw; the
 * ISA leaves UIM > 12 undefined).
 */
export function xxinsertw(c: Cpu, w: number): number {
  const t = fXT(w);
  readVsr(c.r, fXB(w), qb); readVsr(c.r, t, q);
  const uim = fUIM4(w);
  for (let i = 0; i < 4 && uim + i < 16; i++) setQByte(q, uim + i, qByte(qb, 4 + i));
  writeVsr(c.r, t, q);
  return Flow.Next;
}

/*
 * vperm vpermr VRT,VRA,VRB,VRC: byte i = byte k of VRA || VRB, k = VRC.byte[i] & 31
 * (vperm) or 31 - that (vpermr).
 */
const vpermX = (reversed: boolean): Handler => (c: Cpu, w: number): number => {
  readVsr(c.r, VR(fVRA(w)), qa); readVsr(c.r, VR(fVRB(w)), qb); readVsr(c.r, VR(fVRC(w)), qc);
  for (let i = 0; i < 16; i++) {
    let k = qByte(qc, i) & 31;
    if (reversed) k = 31 - k;
    setQByte(q, i, k < 16 ? qByte(qa, k) : qByte(qb, k - 16));
  }
  writeVsr(c.r, VR(fVRT(w)), q);
  return Flow.Next;
};
export const vperm = vpermX(false), vpermr = vpermX(true);

// vsldoi VRT,VRA,VRB,SHB: bytes SHB..SHB+15 of VRA || VRB
export function vsldoi(c: Cpu, w: number): number {
  readVsr(c.r, VR(fVRA(w)), qa); readVsr(c.r, VR(fVRB(w)), qb);
  const sh = fSHB(w);
  for (let i = 0; i < 16; i++) { const k = sh + i; setQByte(q, i, k < 16 ? qByte(qa, k) : qByte(qb, k - 16)); }
  writeVsr(c.r, VR(fVRT(w)), q);
  return Flow.Next;
}

// vspltb vsplth vspltw VRT,VRB,UIM: every element = VRB's element UIM
export function vspltb(c: Cpu, w: number): number {
  readVsr(c.r, VR(fVRB(w)), qb);
  q.fill(Math.imul(qByte(qb, fUIM4(w)), 0x01010101));
  writeVsr(c.r, VR(fVRT(w)), q);
  return Flow.Next;
}
export function vsplth(c: Cpu, w: number): number {
  readVsr(c.r, VR(fVRB(w)), qb);
  q.fill(Math.imul(qHalf(qb, fUIM3(w)), 0x00010001));
  writeVsr(c.r, VR(fVRT(w)), q);
  return Flow.Next;
}
export function vspltw(c: Cpu, w: number): number {
  readVsr(c.r, VR(fVRB(w)), qb);
  q.fill(qb[fUIM2(w)]!);
  writeVsr(c.r, VR(fVRT(w)), q);
  return Flow.Next;
}

// vspltisb vspltish vspltisw VRT,SIM: every element = EXTS(SIM)
export function vspltisb(c: Cpu, w: number): number {
  q.fill(Math.imul(fSIM(w) & 0xff, 0x01010101));
  writeVsr(c.r, VR(fVRT(w)), q);
  return Flow.Next;
}
export function vspltish(c: Cpu, w: number): number {
  q.fill(Math.imul(fSIM(w) & 0xffff, 0x00010001));
  writeVsr(c.r, VR(fVRT(w)), q);
  return Flow.Next;
}
export function vspltisw(c: Cpu, w: number): number {
  q.fill(fSIM(w));
  writeVsr(c.r, VR(fVRT(w)), q);
  return Flow.Next;
}

/*
 * vmrghb vmrghh vmrghw vmrglb vmrglh vmrglw VRT,VRA,VRB: elements of the high (h) or
 * low half of VRA and VRB interleaved, VRA's first. Made once per row.
 */
const vmrg = (size: number, low: boolean): Handler => (c: Cpu, w: number): number => {
  readVsr(c.r, VR(fVRA(w)), qa); readVsr(c.r, VR(fVRB(w)), qb);
  const n = 8 / size, base = low ? n : 0;
  for (let i = 0; i < n; i++) {
    const k = base + i;
    if (size === 1) { setQByte(q, 2 * i, qByte(qa, k)); setQByte(q, 2 * i + 1, qByte(qb, k)); }
    else if (size === 2) { setQHalf(q, 2 * i, qHalf(qa, k)); setQHalf(q, 2 * i + 1, qHalf(qb, k)); }
    else { q[2 * i] = qa[k]!; q[2 * i + 1] = qb[k]!; }
  }
  writeVsr(c.r, VR(fVRT(w)), q);
  return Flow.Next;
};
export const vmrghb = vmrg(1, false), vmrghh = vmrg(2, false), vmrghw = vmrg(4, false);
export const vmrglb = vmrg(1, true), vmrglh = vmrg(2, true), vmrglw = vmrg(4, true);
