import { W_FPR, W_VSR_LOW, W_VR } from '../../state/layout.js';

/**
 * The one accessor of the vector-scalar registers (Power ISA 3.0B Book I 7.2.1),
 * over the register file's Int32Array. The layout and the element order are
 * documented in state/layout.ts: dw0 is ISA bits 0:63, dw1 bits 64:127, and word,
 * halfword and byte elements are numbered in ISA order (element 0 = the most
 * significant), independent of the guest byte order.
 *
 * Everything here is index arithmetic or reads/writes of the array: nothing is
 * allocated per call. Whole-register operations go through the module-level
 * quadword scratch `q` (four words in ISA order), like int64.ts's `result`.
 */

/** Register-file word index of the low half of VSR n's doubleword 0 (the high half is at +1). */
export const dw0At = (n: number): number => (n < 32 ? W_FPR + 2 * n : W_VR + 4 * (n - 32) + 2);
/** Register-file word index of the low half of VSR n's doubleword 1 (the high half is at +1). */
export const dw1At = (n: number): number => (n < 32 ? W_VSR_LOW + 2 * n : W_VR + 4 * (n - 32));
/** Register-file word index of word element i (0..3, ISA order) of VSR n. */
export const wordAt = (n: number, i: number): number => (i < 2 ? dw0At(n) : dw1At(n)) + 1 - (i & 1);

/** Word element i of VSR n. */
export const getWord = (r: Int32Array, n: number, i: number): number => r[wordAt(n, i)]!;
export function setWord(r: Int32Array, n: number, i: number, v: number): void { r[wordAt(n, i)] = v; }

/** Doubleword d (0 or 1) of VSR n as int32 halves. */
export const getDwHi = (r: Int32Array, n: number, d: number): number => r[(d === 0 ? dw0At(n) : dw1At(n)) + 1]!;
export const getDwLo = (r: Int32Array, n: number, d: number): number => r[d === 0 ? dw0At(n) : dw1At(n)]!;
export function setDw(r: Int32Array, n: number, d: number, hi: number, lo: number): void {
  const at = d === 0 ? dw0At(n) : dw1At(n);
  r[at] = lo; r[at + 1] = hi;
}

/** Byte element i (0..15, ISA order) of VSR n, 0..255. */
export const getByte = (r: Int32Array, n: number, i: number): number => (r[wordAt(n, i >> 2)]! >>> (24 - 8 * (i & 3))) & 0xff;
export function setByte(r: Int32Array, n: number, i: number, v: number): void {
  const at = wordAt(n, i >> 2), sh = 24 - 8 * (i & 3);
  r[at] = (r[at]! & ~(0xff << sh)) | ((v & 0xff) << sh);
}
/** Halfword element i (0..7, ISA order) of VSR n, 0..65535. */
export const getHalf = (r: Int32Array, n: number, i: number): number => (r[wordAt(n, i >> 1)]! >>> (16 - 16 * (i & 1))) & 0xffff;
export function setHalf(r: Int32Array, n: number, i: number, v: number): void {
  const at = wordAt(n, i >> 1), sh = 16 - 16 * (i & 1);
  r[at] = (r[at]! & ~(0xffff << sh)) | ((v & 0xffff) << sh);
}

/**
 * Quadword scratch: four words in ISA order (q[0] = bits 0:31). `load`/`store` move a
 * whole VSR through it, so that an instruction whose target is also a source (vperm
 * v1,v1,v2,v3) reads all its sources before writing.
 */
export const q = new Int32Array(4);
/** A second and third scratch, for two- and three-source operations. */
export const qa = new Int32Array(4);
export const qb = new Int32Array(4);
export const qc = new Int32Array(4);

/** A quadword scratch (ISA word order: word 0 most significant) as one 128-bit integer, for the binary128 code (BigInt: not the hot loop). */
export const quadToBig = (w: Int32Array): bigint =>
  (BigInt(w[0]! >>> 0) << 96n) | (BigInt(w[1]! >>> 0) << 64n) | (BigInt(w[2]! >>> 0) << 32n) | BigInt(w[3]! >>> 0);

/** A 128-bit integer into the `q` scratch, word 0 most significant. */
export function bigToQuad(x: bigint): void {
  q[0] = Number((x >> 96n) & 0xffffffffn) | 0; q[1] = Number((x >> 64n) & 0xffffffffn) | 0;
  q[2] = Number((x >> 32n) & 0xffffffffn) | 0; q[3] = Number(x & 0xffffffffn) | 0;
}

/** Copies VSR n into `to` (ISA word order). */
export function readVsr(r: Int32Array, n: number, to: Int32Array): void {
  const d0 = dw0At(n), d1 = dw1At(n);
  to[0] = r[d0 + 1]!; to[1] = r[d0]!; to[2] = r[d1 + 1]!; to[3] = r[d1]!;
}
/** Writes `from` (ISA word order) to VSR n. */
export function writeVsr(r: Int32Array, n: number, from: Int32Array): void {
  const d0 = dw0At(n), d1 = dw1At(n);
  r[d0 + 1] = from[0]!; r[d0] = from[1]!; r[d1 + 1] = from[2]!; r[d1] = from[3]!;
}
/** Byte i (ISA order) of a quadword scratch. */
export const qByte = (s: Int32Array, i: number): number => (s[i >> 2]! >>> (24 - 8 * (i & 3))) & 0xff;
/** Sets byte i of a quadword scratch. */
export function setQByte(s: Int32Array, i: number, v: number): void {
  const sh = 24 - 8 * (i & 3);
  s[i >> 2] = (s[i >> 2]! & ~(0xff << sh)) | ((v & 0xff) << sh);
}
/** Halfword i (ISA order) of a quadword scratch. */
export const qHalf = (s: Int32Array, i: number): number => (s[i >> 1]! >>> (16 - 16 * (i & 1))) & 0xffff;
export function setQHalf(s: Int32Array, i: number, v: number): void {
  const sh = 16 - 16 * (i & 1);
  s[i >> 1] = (s[i >> 1]! & ~(0xffff << sh)) | ((v & 0xffff) << sh);
}

/** VR n (0..31) is VSR 32 + n. */
export const VR = (n: number): number => 32 + n;

/**
 * Clears doubleword 1 of VSR n (n < 32) after a scalar FP instruction wrote FPR n:
 * ISA 3.0B leaves it undefined, ISA 3.1 and QEMU 7.2 (set_fpr in
 * target/ppc/translate.c) make it zero, as POWER9 hardware does.
 */
export function clearDw1(r: Int32Array, n: number): void {
  r[W_VSR_LOW + 2 * n] = 0; r[W_VSR_LOW + 2 * n + 1] = 0;
}
