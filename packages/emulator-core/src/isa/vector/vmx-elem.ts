import type { Cpu } from '../../cpu/cpu.js';
import { W_VSCR } from '../../state/layout.js';
import { qByte, qHalf, setQByte, setQHalf } from './vsr.js';

/*
 * Element access shared by the VMX integer instructions (Power ISA 3.0B Book I
 * chapter 6): the byte, halfword and word elements of a quadword scratch (vsr.ts,
 * ISA order) unpacked into module-level Float64Arrays as numbers, so that sums,
 * products of halfwords and saturation tests are exact, and packed back modulo
 * 2^bits. Nothing is allocated per call.
 */

/** Unpacked elements of the A, B and C operands and the result (at most 16). */
export const EA = new Float64Array(16);
export const EB = new Float64Array(16);
export const EC = new Float64Array(16);
export const ER = new Float64Array(16);

/** Unpacks the 16/size elements of `s` (size 1, 2 or 4 bytes) into `out`, signed or unsigned. */
export function unpack(s: Int32Array, size: number, signed: boolean, out: Float64Array): void {
  if (size === 1) {
    for (let i = 0; i < 16; i++) { const v = qByte(s, i); out[i] = signed ? (v << 24) >> 24 : v; }
  } else if (size === 2) {
    for (let i = 0; i < 8; i++) { const v = qHalf(s, i); out[i] = signed ? (v << 16) >> 16 : v; }
  } else {
    for (let i = 0; i < 4; i++) out[i] = signed ? s[i]! : s[i]! >>> 0;
  }
}

/** Packs the 16/size elements of `inp` into `s`, each modulo 2^(8*size). */
export function pack(inp: Float64Array, size: number, s: Int32Array): void {
  if (size === 1) for (let i = 0; i < 16; i++) setQByte(s, i, inp[i]! | 0);
  else if (size === 2) for (let i = 0; i < 8; i++) setQHalf(s, i, inp[i]! | 0);
  else for (let i = 0; i < 4; i++) s[i] = inp[i]! | 0;
}

/** Sets VSCR[SAT] (bit 0 of the register-file word; QEMU's vscr_sat). */
export function setSat(c: Cpu): void { c.r[W_VSCR] = c.r[W_VSCR]! | 1; }

/** The smallest and largest value of an element of `bits` bits. */
export const minOf = (bits: number, signed: boolean): number => (signed ? -(2 ** (bits - 1)) : 0);
export const maxOf = (bits: number, signed: boolean): number => (signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1);

/** Saturation flag of the last `clamp` calls: cleared by the handler, read after its loop. */
export const satFlag = { v: 0 };
/** x clamped to [lo, hi]; sets satFlag.v when it had to. */
export function clamp(x: number, lo: number, hi: number): number {
  if (x > hi) { satFlag.v = 1; return hi; }
  if (x < lo) { satFlag.v = 1; return lo; }
  return x;
}

/** Number of 1 bits of a 32-bit value. */
export function popcnt(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}
