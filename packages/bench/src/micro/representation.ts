import { TWO32 } from './mini-isa.js';

/*
 * 64-bit register representations, raced on the same add/xor/compare chain over
 * 32 registers: Int32 halves (the production choice), BigInt64Array (exact but
 * allocates on every arithmetic result), and Float64Array (fast but inexact above
 * 2^53, so unusable: listed to show what exactness costs).
 */

const halves = new Int32Array(64);
export function int32Halves(count: number): number {
  halves.fill(0); halves[2] = 1;
  for (let i = 0; i < count; i++) {
    const a = (i & 15) * 2, b = ((i + 1) & 15) * 2, t = ((i + 2) & 15) * 2 + 32;
    const s = (halves[a]! >>> 0) + (halves[b]! >>> 0);
    halves[t + 1] = (halves[a + 1]! + halves[b + 1]! + (s >= TWO32 ? 1 : 0)) | 0;
    halves[t] = (s | 0) ^ halves[t]!;
  }
  return halves[40]!;
}

const bigs = new BigInt64Array(32);
export function bigInt64(count: number): number {
  bigs.fill(0n); bigs[1] = 1n;
  for (let i = 0; i < count; i++) {
    const a = i & 15, b = (i + 1) & 15, t = ((i + 2) & 15) + 16;
    bigs[t] = BigInt.asIntN(64, bigs[a]! + bigs[b]!) ^ bigs[t]!;
  }
  return Number(bigs[20]! & 0xffffn);
}

const doubles = new Float64Array(32);
export function float64Inexact(count: number): number {
  doubles.fill(0); doubles[1] = 1;
  for (let i = 0; i < count; i++) {
    const a = i & 15, b = (i + 1) & 15, t = ((i + 2) & 15) + 16;
    doubles[t] = (doubles[a]! + doubles[b]!) % 18446744073709551616;
  }
  return doubles[20]!;
}
