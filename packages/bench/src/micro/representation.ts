import { TWO32 } from './mini-isa.js';

/*
 * 64-bit register representations, raced on what an interpreter does with a
 * register: a D-form effective address (base + displacement) turned into a
 * memory index, a load, a 64-bit add, a signed compare that sets a CR field, and a
 * store back to the register file. Int32 halves (the production choice) against
 * BigInt64Array (exact; V8 lowers BigInt.asIntN(64, ...) to machine integers in
 * optimised code, but every conversion to a Number index costs) and Float64Array
 * (fast but wrong above 2^53, listed to show what exactness costs).
 */

const MEM_WORDS = 1 << 12;
const mem32 = new Int32Array(MEM_WORDS * 2);

const halves = new Int32Array(64);
export function int32Halves(count: number): number {
  halves.fill(0); halves[2] = 8;
  let cr = 0;
  for (let i = 0; i < count; i++) {
    const a = (i & 15) * 2, t = ((i + 1) & 15) * 2 + 32;
    // EA = r[a] + 8*(i&7), as an index into memory
    const s = (halves[a]! >>> 0) + ((i & 7) << 3);
    const index = ((s >>> 3) & (MEM_WORDS - 1)) * 2;
    const lo = mem32[index]!, hi = mem32[index + 1]!;
    const sum = (lo >>> 0) + (halves[t]! >>> 0);
    const rh = (hi + halves[t + 1]! + (sum >= TWO32 ? 1 : 0)) | 0, rl = sum | 0;
    halves[t] = rl; halves[t + 1] = rh;
    cr = rh < 0 ? 8 : (rh !== 0 || rl !== 0) ? 4 : 2;
    mem32[index] = rl ^ cr;
  }
  return halves[40]! ^ cr;
}

const bigs = new BigInt64Array(32);
const mem64 = new BigInt64Array(MEM_WORDS);
export function bigInt64(count: number): number {
  bigs.fill(0n); bigs[1] = 8n;
  let cr = 0;
  for (let i = 0; i < count; i++) {
    const a = i & 15, t = ((i + 1) & 15) + 16;
    const ea = BigInt.asUintN(64, bigs[a]! + BigInt((i & 7) << 3));
    const index = Number((ea >> 3n) & BigInt(MEM_WORDS - 1));
    const v = BigInt.asIntN(64, mem64[index]! + bigs[t]!);
    bigs[t] = v;
    cr = v < 0n ? 8 : v > 0n ? 4 : 2;
    mem64[index] = v ^ BigInt(cr);
  }
  return Number(bigs[20]! & 0xffffn) ^ cr;
}

const doubles = new Float64Array(32);
const memF = new Float64Array(MEM_WORDS);
export function float64Inexact(count: number): number {
  doubles.fill(0); doubles[1] = 8;
  let cr = 0;
  for (let i = 0; i < count; i++) {
    const a = i & 15, t = ((i + 1) & 15) + 16;
    const ea = doubles[a]! + ((i & 7) << 3);
    const index = (ea / 8) & (MEM_WORDS - 1);
    const v = (memF[index]! + doubles[t]!) % 18446744073709551616;
    doubles[t] = v;
    cr = v < 0 ? 8 : v > 0 ? 4 : 2;
    memF[index] = v + cr;
  }
  return doubles[20]! + cr;
}
