import type { Cpu } from '../../cpu/cpu.js';
import { Flow, type Handler } from '../../decode/instruction.js';
import { fVRA, fVRB, fVRT } from '../fields.js';
import { VR, q, qa, qb, readVsr, writeVsr, qByte, setQByte } from './vsr.js';
import { EA, EB, ER, unpack, pack } from './vmx-elem.js';

/*
 * VMX shifts and rotates (Power ISA 3.0B Book I 6.9.5, 6.8.3): element shifts by the
 * low log2(bits) bits of the matching element of VRB (QEMU 7.2: tcg_gen_gvec_shlv...),
 * the rotate-and-mask forms vrlwmi/vrlwnm/vrldmi/vrldnm (helper VRLMI), the whole-
 * register bit shifts vsl/vsr (shift count from VRB bits 125:127: trans_vsl), the octet
 * shifts vslo/vsro (VRB bits 121:124) and the per-byte variable shifts vslv/vsrv.
 */

const enum Sh { Left, Right, Arith, Rotate }

/** vsl[bhw] vsr[bhw] vsra[bhw] vrl[bhw] VRT,VRA,VRB on elements of `size` bytes (1, 2, 4). */
function shift(kind: Sh, size: number): Handler {
  const n = 16 / size, bits = 8 * size, mask = bits === 32 ? -1 : (1 << bits) - 1, ext = 32 - bits;
  return (c: Cpu, w: number): number => {
    readVsr(c.r, VR(fVRA(w)), qa); readVsr(c.r, VR(fVRB(w)), qb);
    unpack(qa, size, false, EA); unpack(qb, size, false, EB);
    for (let i = 0; i < n; i++) {
      const a = EA[i]! | 0, s = EB[i]! & (bits - 1);
      let r: number;
      switch (kind) {
        case Sh.Left: r = a << s; break;
        case Sh.Right: r = a >>> s; break;
        case Sh.Arith: r = ((a << ext) >> ext) >> s; break;
        default: r = s === 0 ? a : (a << s) | (a >>> (bits - s)); break;
      }
      ER[i] = r & mask;
    }
    pack(ER, size, q);
    writeVsr(c.r, VR(fVRT(w)), q);
    return Flow.Next;
  };
}
export const vslb = shift(Sh.Left, 1), vslh = shift(Sh.Left, 2), vslw = shift(Sh.Left, 4);
export const vsrb = shift(Sh.Right, 1), vsrh = shift(Sh.Right, 2), vsrw = shift(Sh.Right, 4);
export const vsrab = shift(Sh.Arith, 1), vsrah = shift(Sh.Arith, 2), vsraw = shift(Sh.Arith, 4);
export const vrlb = shift(Sh.Rotate, 1), vrlh = shift(Sh.Rotate, 2), vrlw = shift(Sh.Rotate, 4);

/** A 64-bit (hi, lo) result. */
const r64 = { hi: 0, lo: 0 };

/** r64 = (hi, lo) shifted or rotated by s (0..63). */
function shift64(kind: Sh, hi: number, lo: number, s: number): void {
  if (s === 0) { r64.hi = hi; r64.lo = lo; return; }
  switch (kind) {
    case Sh.Left:
      if (s < 32) { r64.hi = (hi << s) | (lo >>> (32 - s)); r64.lo = lo << s; } else { r64.hi = lo << (s - 32); r64.lo = 0; }
      return;
    case Sh.Right:
      if (s < 32) { r64.lo = (lo >>> s) | (hi << (32 - s)); r64.hi = hi >>> s; } else { r64.lo = hi >>> (s - 32); r64.hi = 0; }
      return;
    case Sh.Arith:
      if (s < 32) { r64.lo = (lo >>> s) | (hi << (32 - s)); r64.hi = hi >> s; } else { r64.lo = hi >> (s - 32); r64.hi = hi >> 31; }
      return;
    default: // rotate left
      if (s === 32) { r64.hi = lo; r64.lo = hi; return; }
      if (s < 32) { r64.hi = (hi << s) | (lo >>> (32 - s)); r64.lo = (lo << s) | (hi >>> (32 - s)); }
      else { const t = s - 32; r64.hi = (lo << t) | (hi >>> (32 - t)); r64.lo = (hi << t) | (lo >>> (32 - t)); }
  }
}

// vsld vsrd vsrad vrld VRT,VRA,VRB: doubleword elements, count = VRB.dword[i] & 63
const shiftDw = (kind: Sh): Handler => (c: Cpu, w: number): number => {
  readVsr(c.r, VR(fVRA(w)), qa); readVsr(c.r, VR(fVRB(w)), qb);
  for (let d = 0; d < 4; d += 2) {
    shift64(kind, qa[d]!, qa[d + 1]!, qb[d + 1]! & 63);
    q[d] = r64.hi; q[d + 1] = r64.lo;
  }
  writeVsr(c.r, VR(fVRT(w)), q);
  return Flow.Next;
};
export const vsld = shiftDw(Sh.Left), vsrd = shiftDw(Sh.Right), vsrad = shiftDw(Sh.Arith), vrld = shiftDw(Sh.Rotate);

/*
 * vrlwmi vrlwnm VRT,VRA,VRB: word i of VRA rotated left by VRB.word[i] bits 27:31 and
 * ANDed with MASK(mb, me), mb = bits 11:15, me = bits 19:23 (QEMU 7.2's gen_vrlnm_vec,
 * gen_vrlmi_vec: (~0 >> mb) ^ ((~0 >> me) >> 1), complemented when mb > me).
 */
const rlwm = (insert: boolean): Handler => (c: Cpu, w: number): number => {
  const t = VR(fVRT(w));
  readVsr(c.r, VR(fVRA(w)), qa); readVsr(c.r, VR(fVRB(w)), qb); readVsr(c.r, t, q);
  for (let i = 0; i < 4; i++) {
    const a = qa[i]!, b = qb[i]!, s = b & 31, mb = (b >>> 16) & 31, me = (b >>> 8) & 31;
    const rot = s === 0 ? a : (a << s) | (a >>> (32 - s));
    let m = (-1 >>> mb) ^ ((-1 >>> me) >>> 1);
    if (mb > me) m = ~m;
    q[i] = insert ? (rot & m) | (q[i]! & ~m) : rot & m;
  }
  writeVsr(c.r, t, q);
  return Flow.Next;
};
export const vrlwmi = rlwm(true), vrlwnm = rlwm(false);

/** r64 = the mask of ISA bits start..end, wrapping when start > end. */
function mask64(start: number, end: number): void {
  // ~0 >> start
  shift64(Sh.Right, -1, -1, start);
  const aHi = r64.hi, aLo = r64.lo;
  // (~0 >> end) >> 1
  shift64(Sh.Right, -1, -1, end);
  shift64(Sh.Right, r64.hi, r64.lo, 1);
  let hi = aHi ^ r64.hi, lo = aLo ^ r64.lo;
  if (start > end) { hi = ~hi; lo = ~lo; }
  r64.hi = hi; r64.lo = lo;
}

/*
 * vrldmi vrldnm VRT,VRA,VRB: the doubleword forms (shift VRB bits 58:63, me 50:55,
 * mb 42:47 of each dword). vrldmi inserts under the mask, keeping VRT's other bits,
 * as the ISA (6.9.3) defines it. QEMU 7.2 runs vrldmi with gen_vrlnm_vec, its vrldnm
 * expansion (do_vrlmi's MO_64 entry), on hosts with vector rotates such as x86-64, and
 * clears those bits: a QEMU bug, listed in packages/difftest/src/quirks.ts.
 */
const rldm = (insert: boolean): Handler => (c: Cpu, w: number): number => {
  const t = VR(fVRT(w));
  readVsr(c.r, VR(fVRA(w)), qa); readVsr(c.r, VR(fVRB(w)), qb); readVsr(c.r, t, q);
  for (let d = 0; d < 4; d += 2) {
    const b = qb[d + 1]!;
    mask64((b >>> 16) & 63, (b >>> 8) & 63);
    const mHi = r64.hi, mLo = r64.lo;
    shift64(Sh.Rotate, qa[d]!, qa[d + 1]!, b & 63);
    q[d] = insert ? (r64.hi & mHi) | (q[d]! & ~mHi) : r64.hi & mHi;
    q[d + 1] = insert ? (r64.lo & mLo) | (q[d + 1]! & ~mLo) : r64.lo & mLo;
  }
  writeVsr(c.r, t, q);
  return Flow.Next;
};
export const vrldmi = rldm(true), vrldnm = rldm(false);

// vsl VRT,VRA,VRB: VRA shifted left by VRB bits 125:127 as a 128-bit value
export function vsl(c: Cpu, w: number): number {
  readVsr(c.r, VR(fVRA(w)), qa); readVsr(c.r, VR(fVRB(w)), qb);
  const s = qb[3]! & 7;
  for (let i = 0; i < 4; i++) q[i] = s === 0 ? qa[i]! : (qa[i]! << s) | (i < 3 ? qa[i + 1]! >>> (32 - s) : 0);
  writeVsr(c.r, VR(fVRT(w)), q);
  return Flow.Next;
}

// vsr VRT,VRA,VRB: VRA shifted right by VRB bits 125:127
export function vsr(c: Cpu, w: number): number {
  readVsr(c.r, VR(fVRA(w)), qa); readVsr(c.r, VR(fVRB(w)), qb);
  const s = qb[3]! & 7;
  for (let i = 0; i < 4; i++) q[i] = s === 0 ? qa[i]! : (qa[i]! >>> s) | (i > 0 ? qa[i - 1]! << (32 - s) : 0);
  writeVsr(c.r, VR(fVRT(w)), q);
  return Flow.Next;
}

// vslo vsro VRT,VRA,VRB: VRA shifted by VRB bits 121:124 octets
const octets = (left: boolean): Handler => (c: Cpu, w: number): number => {
  readVsr(c.r, VR(fVRA(w)), qa); readVsr(c.r, VR(fVRB(w)), qb);
  const s = (qByte(qb, 15) >> 3) & 15;
  for (let i = 0; i < 16; i++) {
    const k = left ? i + s : i - s;
    setQByte(q, i, k >= 0 && k < 16 ? qByte(qa, k) : 0);
  }
  writeVsr(c.r, VR(fVRT(w)), q);
  return Flow.Next;
};
export const vslo = octets(true), vsro = octets(false);

// vslv vsrv VRT,VRA,VRB: byte i of VRA||next (prev||VRA) shifted by VRB.byte[i] & 7
export function vslv(c: Cpu, w: number): number {
  readVsr(c.r, VR(fVRA(w)), qa); readVsr(c.r, VR(fVRB(w)), qb);
  for (let i = 0; i < 16; i++) {
    const bytes = (qByte(qa, i) << 8) | (i < 15 ? qByte(qa, i + 1) : 0);
    setQByte(q, i, (bytes << (qByte(qb, i) & 7)) >>> 8);
  }
  writeVsr(c.r, VR(fVRT(w)), q);
  return Flow.Next;
}
export function vsrv(c: Cpu, w: number): number {
  readVsr(c.r, VR(fVRA(w)), qa); readVsr(c.r, VR(fVRB(w)), qb);
  for (let i = 0; i < 16; i++) {
    const bytes = ((i > 0 ? qByte(qa, i - 1) : 0) << 8) | qByte(qa, i);
    setQByte(q, i, bytes >>> (qByte(qb, i) & 7));
  }
  writeVsr(c.r, VR(fVRT(w)), q);
  return Flow.Next;
}
