import type { Cpu } from '../../cpu/cpu.js';
import { Flow } from '../../decode/instruction.js';
import { fSIX, fST, fVRA, fVRB, fVRC, fVRT } from '../fields.js';
import { VR, q, qa, qb, qc, readVsr, writeVsr, qByte, setQByte } from './vsr.js';

/*
 * The VMX crypto instructions (Power ISA 3.0B Book I 6.11.x, "Vector AES" and "Vector
 * SHA-256/512 Sigma"): vcipher, vcipherlast, vncipher, vncipherlast, vsbox (one AES
 * round on the state in VRA, bytes in ISA order = the AES state column by column;
 * round key VRB), vshasigmaw, vshasigmad; QEMU 7.2's helper_vcipher... (with the
 * V2.07B vncipher order: InvShiftRows, InvSubBytes, AddRoundKey, InvMixColumns) and
 * helper_vshasigma[wd]. The S-boxes are computed once, at module load.
 */

/** GF(2^8) multiply modulo x^8 + x^4 + x^3 + x + 1. */
function gmul(a: number, b: number): number {
  let r = 0;
  for (let i = 0; i < 8; i++) {
    if (b & 1) r ^= a;
    const hi = a & 0x80;
    a = (a << 1) & 0xff;
    if (hi) a ^= 0x1b;
    b >>= 1;
  }
  return r;
}

const SBOX = new Uint8Array(256);
const INV_SBOX = new Uint8Array(256);
{
  for (let x = 0; x < 256; x++) {
    let inv = 0;
    if (x !== 0) for (let y = 1; y < 256; y++) if (gmul(x, y) === 1) { inv = y; break; }
    let s = inv;
    for (let k = 1; k <= 4; k++) s ^= ((inv << k) | (inv >> (8 - k))) & 0xff;
    s ^= 0x63;
    SBOX[x] = s; INV_SBOX[s] = x;
  }
}

/** ShiftRows and InvShiftRows as byte sources: byte i of the result is byte SHIFT[i] of the state. */
const SHIFT = [0, 5, 10, 15, 4, 9, 14, 3, 8, 13, 2, 7, 12, 1, 6, 11];
const INV_SHIFT = [0, 13, 10, 7, 4, 1, 14, 11, 8, 5, 2, 15, 12, 9, 6, 3];

/** Working state bytes. */
const st = new Uint8Array(16);

/** MixColumns (or InvMixColumns) of `st`, column by column, into q. */
function mix(inverse: boolean): void {
  for (let col = 0; col < 16; col += 4) {
    const a0 = st[col]!, a1 = st[col + 1]!, a2 = st[col + 2]!, a3 = st[col + 3]!;
    if (!inverse) {
      setQByte(q, col, gmul(a0, 2) ^ gmul(a1, 3) ^ a2 ^ a3);
      setQByte(q, col + 1, a0 ^ gmul(a1, 2) ^ gmul(a2, 3) ^ a3);
      setQByte(q, col + 2, a0 ^ a1 ^ gmul(a2, 2) ^ gmul(a3, 3));
      setQByte(q, col + 3, gmul(a0, 3) ^ a1 ^ a2 ^ gmul(a3, 2));
    } else {
      setQByte(q, col, gmul(a0, 14) ^ gmul(a1, 11) ^ gmul(a2, 13) ^ gmul(a3, 9));
      setQByte(q, col + 1, gmul(a0, 9) ^ gmul(a1, 14) ^ gmul(a2, 11) ^ gmul(a3, 13));
      setQByte(q, col + 2, gmul(a0, 13) ^ gmul(a1, 9) ^ gmul(a2, 14) ^ gmul(a3, 11));
      setQByte(q, col + 3, gmul(a0, 11) ^ gmul(a1, 13) ^ gmul(a2, 9) ^ gmul(a3, 14));
    }
  }
}

// vcipher VRT,VRA,VRB: MixColumns(ShiftRows(SubBytes(VRA))) ^ VRB
export function vcipher(c: Cpu, w: number): number {
  readVsr(c.r, VR(fVRA(w)), qa); readVsr(c.r, VR(fVRB(w)), qb);
  for (let i = 0; i < 16; i++) st[i] = SBOX[qByte(qa, SHIFT[i]!)]!;
  mix(false);
  for (let i = 0; i < 4; i++) q[i] = q[i]! ^ qb[i]!;
  writeVsr(c.r, VR(fVRT(w)), q);
  return Flow.Next;
}

// vcipherlast VRT,VRA,VRB: ShiftRows(SubBytes(VRA)) ^ VRB
export function vcipherlast(c: Cpu, w: number): number {
  readVsr(c.r, VR(fVRA(w)), qa); readVsr(c.r, VR(fVRB(w)), qb);
  for (let i = 0; i < 16; i++) setQByte(q, i, SBOX[qByte(qa, SHIFT[i]!)]! ^ qByte(qb, i));
  writeVsr(c.r, VR(fVRT(w)), q);
  return Flow.Next;
}

// vncipher VRT,VRA,VRB: InvMixColumns(InvSubBytes(InvShiftRows(VRA)) ^ VRB)
export function vncipher(c: Cpu, w: number): number {
  readVsr(c.r, VR(fVRA(w)), qa); readVsr(c.r, VR(fVRB(w)), qb);
  for (let i = 0; i < 16; i++) st[i] = INV_SBOX[qByte(qa, INV_SHIFT[i]!)]! ^ qByte(qb, i);
  mix(true);
  writeVsr(c.r, VR(fVRT(w)), q);
  return Flow.Next;
}

// vncipherlast VRT,VRA,VRB: InvSubBytes(InvShiftRows(VRA)) ^ VRB
export function vncipherlast(c: Cpu, w: number): number {
  readVsr(c.r, VR(fVRA(w)), qa); readVsr(c.r, VR(fVRB(w)), qb);
  for (let i = 0; i < 16; i++) setQByte(q, i, INV_SBOX[qByte(qa, INV_SHIFT[i]!)]! ^ qByte(qb, i));
  writeVsr(c.r, VR(fVRT(w)), q);
  return Flow.Next;
}

// vsbox VRT,VRA: SubBytes(VRA)
export function vsbox(c: Cpu, w: number): number {
  readVsr(c.r, VR(fVRA(w)), qa);
  for (let i = 0; i < 16; i++) setQByte(q, i, SBOX[qByte(qa, i)]!);
  writeVsr(c.r, VR(fVRT(w)), q);
  return Flow.Next;
}

const ror32 = (x: number, n: number): number => (x >>> n) | (x << (32 - n));

// vshasigmaw VRT,VRA,ST,SIX: SHA-256 sigma functions per word (ST: the capital Sigmas; SIX bit i: 1 for sigma1)
export function vshasigmaw(c: Cpu, w: number): number {
  readVsr(c.r, VR(fVRA(w)), qa);
  const st6 = fST(w), six = fSIX(w);
  for (let i = 0; i < 4; i++) {
    const a = qa[i]!, one = (six & (8 >> i)) !== 0;
    if (st6 === 0) q[i] = one ? ror32(a, 17) ^ ror32(a, 19) ^ (a >>> 10) : ror32(a, 7) ^ ror32(a, 18) ^ (a >>> 3);
    else q[i] = one ? ror32(a, 6) ^ ror32(a, 11) ^ ror32(a, 25) : ror32(a, 2) ^ ror32(a, 13) ^ ror32(a, 22);
  }
  writeVsr(c.r, VR(fVRT(w)), q);
  return Flow.Next;
}

/** 64-bit rotate right / shift right of (hi, lo), XORed into (xh, xl). */
const x64 = { hi: 0, lo: 0 };
function rorInto(hi: number, lo: number, n: number): void {
  let h: number, l: number;
  if (n >= 32) { const t = hi; hi = lo; lo = t; n -= 32; }
  if (n === 0) { h = hi; l = lo; } else { h = (hi >>> n) | (lo << (32 - n)); l = (lo >>> n) | (hi << (32 - n)); }
  x64.hi ^= h; x64.lo ^= l;
}
function shrInto(hi: number, lo: number, n: number): void {
  x64.hi ^= hi >>> n; x64.lo ^= (lo >>> n) | (hi << (32 - n));
}

// vshasigmad VRT,VRA,ST,SIX: SHA-512 sigma functions per doubleword (SIX bit 2i selects sigma1)
export function vshasigmad(c: Cpu, w: number): number {
  readVsr(c.r, VR(fVRA(w)), qa);
  const st6 = fST(w), six = fSIX(w);
  for (let d = 0; d < 2; d++) {
    const hi = qa[2 * d]!, lo = qa[2 * d + 1]!, one = (six & (8 >> (2 * d))) !== 0;
    x64.hi = 0; x64.lo = 0;
    if (st6 === 0) {
      if (one) { rorInto(hi, lo, 19); rorInto(hi, lo, 61); shrInto(hi, lo, 6); }
      else { rorInto(hi, lo, 1); rorInto(hi, lo, 8); shrInto(hi, lo, 7); }
    } else if (one) { rorInto(hi, lo, 14); rorInto(hi, lo, 18); rorInto(hi, lo, 41); }
    else { rorInto(hi, lo, 28); rorInto(hi, lo, 34); rorInto(hi, lo, 39); }
    q[2 * d] = x64.hi; q[2 * d + 1] = x64.lo;
  }
  writeVsr(c.r, VR(fVRT(w)), q);
  return Flow.Next;
}

// vpermxor VRT,VRA,VRB,VRC (VA-form): byte i = VRA.byte[VRC.byte[i] >> 4] ^ VRB.byte[VRC.byte[i] & 15]
export function vpermxor(c: Cpu, w: number): number {
  readVsr(c.r, VR(fVRA(w)), qa); readVsr(c.r, VR(fVRB(w)), qb); readVsr(c.r, VR(fVRC(w)), qc);
  for (let i = 0; i < 16; i++) {
    const k = qByte(qc, i);
    setQByte(q, i, qByte(qa, k >> 4) ^ qByte(qb, k & 15));
  }
  writeVsr(c.r, VR(fVRT(w)), q);
  return Flow.Next;
}
