import type { Cpu } from '../../cpu/cpu.js';
import { ACCESS_READ, ACCESS_WRITE } from '../../mmu/translation.js';
import { ea } from '../registers.js';

/**
 * Quadword accesses of the vector loads and stores (Power ISA 3.0B Book I 6.7, 7.6):
 * 16 bytes at `ea` (isa/registers.ts), translated once, so that a fault leaves the
 * target register or memory untouched.
 *
 * Element order: the quadword is a vector of elements of `size` bytes (1, 2, 4, 8 or
 * 16); element k is at EA + size*k and, in ISA element order, takes bytes
 * size*k .. size*k + size-1 of the register. In little-endian mode the bytes of each
 * element are reversed. So lxvd2x is size 8, lxvw4x 4, lxvh8x 2, lxvb16x 1, and
 * lvx/lxvx/lxv (the whole quadword one element: byte-reversed in LE mode) 16. As a
 * formula: register byte i is memory byte EA + (le ? i ^ (size - 1) : i).
 */
export function loadQuad(c: Cpu, size: number, le: boolean, to: Int32Array): void {
  const pa = c.translate(ea.hi, ea.lo, 16, ACCESS_READ);
  const u8 = c.u8, flip = le ? size - 1 : 0;
  for (let k = 0; k < 4; k++) {
    const i = 4 * k;
    to[k] = (u8[pa + (i ^ flip)]! << 24) | (u8[pa + ((i + 1) ^ flip)]! << 16)
      | (u8[pa + ((i + 2) ^ flip)]! << 8) | u8[pa + ((i + 3) ^ flip)]!;
  }
}

/** The store of loadQuad: register byte i goes to EA + (le ? i ^ (size - 1) : i). */
export function storeQuad(c: Cpu, size: number, le: boolean, from: Int32Array): void {
  const pa = c.translate(ea.hi, ea.lo, 16, ACCESS_WRITE);
  const u8 = c.u8, flip = le ? size - 1 : 0;
  for (let i = 0; i < 16; i++) u8[pa + (i ^ flip)] = from[i >> 2]! >>> (24 - 8 * (i & 3));
}

/**
 * The first `n` (0..16) bytes at EA into bytes of the register: byte i of memory to
 * register byte `reversed ? 15 - i : i`; the other register bytes are zero (lxvl,
 * lxvll, Book I 7.6.3). No access when n is 0.
 */
export function loadBytes(c: Cpu, n: number, reversed: boolean, to: Int32Array): void {
  to[0] = 0; to[1] = 0; to[2] = 0; to[3] = 0;
  if (n === 0) return;
  const pa = c.translate(ea.hi, ea.lo, n, ACCESS_READ);
  for (let i = 0; i < n; i++) {
    const b = reversed ? 15 - i : i;
    to[b >> 2] = to[b >> 2]! | (c.u8[pa + i]! << (24 - 8 * (b & 3)));
  }
}

/** The store of loadBytes (stxvl, stxvll): `n` bytes to EA from register bytes i or 15 - i. */
export function storeBytes(c: Cpu, n: number, reversed: boolean, from: Int32Array): void {
  if (n === 0) return;
  const pa = c.translate(ea.hi, ea.lo, n, ACCESS_WRITE);
  for (let i = 0; i < n; i++) {
    const b = reversed ? 15 - i : i;
    c.u8[pa + i] = from[b >> 2]! >>> (24 - 8 * (b & 3));
  }
}
